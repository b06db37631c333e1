package io.stablerail.confirmation;

import java.time.Clock;

import io.stablerail.confirmation.tracking.ConfirmationProperties;
import io.stablerail.confirmation.tracking.Tracker;
import io.stablerail.messaging.PeriodicTask;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Infrastructure beans of confirmation-worker: the clock and the checker's schedule. */
@Configuration(proxyBeanMethods = false)
class ConfirmationConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    PeriodicTask confirmationChecker(Tracker tracker, ConfirmationProperties properties) {
        return new PeriodicTask("confirmation-checker", properties.checkInterval(), tracker::checkDue);
    }
}
