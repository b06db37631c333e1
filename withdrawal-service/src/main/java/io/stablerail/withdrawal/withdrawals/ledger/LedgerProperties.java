package io.stablerail.withdrawal.withdrawals.ledger;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where ledger-service's internal API is ({@code stablerail.withdrawal.ledger.*}).
 *
 * @param baseUrl        e.g. {@code http://ledger-service:8085}
 * @param connectTimeout bound of a connection attempt
 * @param readTimeout    bound of one answer; a timeout leaves the withdrawal REQUESTED (retried, same hold id)
 */
@Validated
@ConfigurationProperties("stablerail.withdrawal.ledger")
public record LedgerProperties(@NotNull @DefaultValue("http://127.0.0.1:8085") URI baseUrl,
                               @NotNull @DefaultValue("2s") Duration connectTimeout,
                               @NotNull @DefaultValue("5s") Duration readTimeout) {
}
