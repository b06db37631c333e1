package io.stablerail.gateway.ops;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the gateway finds the other services ({@code stablerail.gateway.ops-health.*}): their health pages, and the
 * base URLs the merchant API routes to.
 *
 * @param services base URL of each service other than the gateway, by service name
 * @param timeout  how long one service may take to answer before it counts as DOWN
 */
@Validated
@ConfigurationProperties("stablerail.gateway.ops-health")
public record OpsHealthProperties(@NotEmpty Map<String, URI> services,
                                  @NotNull @DefaultValue("2s") Duration timeout) {
}
