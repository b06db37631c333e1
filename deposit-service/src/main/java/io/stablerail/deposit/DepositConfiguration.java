package io.stablerail.deposit;

import java.time.Clock;

import io.stablerail.deposit.deposits.DepositProperties;
import io.stablerail.deposit.deposits.TokenCatalog;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Infrastructure beans of deposit-service. */
@Configuration(proxyBeanMethods = false)
class DepositConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    TokenCatalog tokenCatalog(DepositProperties properties) {
        return properties.catalog();
    }
}
