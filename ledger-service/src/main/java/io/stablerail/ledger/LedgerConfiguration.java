package io.stablerail.ledger;

import java.time.Clock;

import io.stablerail.ledger.books.HoldExpiryJob;
import io.stablerail.ledger.books.HoldExpiryProperties;
import io.stablerail.messaging.PeriodicTask;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Infrastructure beans of the ledger. */
@Configuration(proxyBeanMethods = false)
class LedgerConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    PeriodicTask holdExpirySchedule(HoldExpiryJob job, HoldExpiryProperties properties) {
        return new PeriodicTask("hold-expiry", properties.interval(), job::runOnce);
    }
}
