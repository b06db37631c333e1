package io.stablerail.gateway;

import java.time.Clock;
import java.time.Duration;

import io.stablerail.gateway.idempotency.IdempotencyCleanup;
import io.stablerail.gateway.ops.GatewayStatus;
import io.stablerail.gateway.webhooks.WebhookDispatcher;
import io.stablerail.gateway.webhooks.WebhookProperties;
import io.stablerail.messaging.PeriodicTask;
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
    PeriodicTask idempotencyCleanupSchedule(IdempotencyCleanup cleanup) {
        return new PeriodicTask("idempotency-cleanup", Duration.ofMinutes(10), cleanup::runOnce);
    }

    @Bean
    PeriodicTask webhookDispatchSchedule(WebhookDispatcher dispatcher, WebhookProperties properties) {
        return new PeriodicTask("webhook-dispatcher", properties.dispatchInterval(), dispatcher::dispatchOnce);
    }

    @Bean
    GatewayStatus gatewayStatus(HealthEndpoint healthEndpoint) {
        return () -> healthEndpoint.health().getStatus().getCode();
    }
}
