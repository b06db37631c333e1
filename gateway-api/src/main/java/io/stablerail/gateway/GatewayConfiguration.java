package io.stablerail.gateway;

import java.time.Clock;

import io.stablerail.gateway.ops.GatewayStatus;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wiring of the gateway's infrastructure beans. */
@Configuration(proxyBeanMethods = false)
class GatewayConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    GatewayStatus gatewayStatus(HealthEndpoint healthEndpoint) {
        return () -> healthEndpoint.health().getStatus().getCode();
    }
}
