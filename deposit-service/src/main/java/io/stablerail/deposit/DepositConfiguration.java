package io.stablerail.deposit;

import java.time.Clock;

import io.stablerail.deposit.deposits.DepositProperties;
import io.stablerail.deposit.deposits.TokenCatalog;
import io.stablerail.deposit.scanning.chains.LocalDevnets;
import io.stablerail.deposit.webhooks.ProviderEvents;
import io.stablerail.deposit.webhooks.WebhookProperties;
import io.stablerail.messaging.PeriodicTask;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Infrastructure beans of deposit-service. */
@Configuration(proxyBeanMethods = false)
class DepositConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Replays raw provider events not yet processed (a crash, or a database error after the raw event was stored). */
    @Bean
    PeriodicTask providerEventReplay(ProviderEvents events, WebhookProperties properties) {
        return new PeriodicTask("provider-event-replay", properties.replayInterval(), events::replayPending);
    }

    @Bean
    TokenCatalog tokenCatalog(DepositProperties properties, LocalDevnets devnets) {
        return properties.withTokens(devnets.tokens()).catalog();
    }
}
