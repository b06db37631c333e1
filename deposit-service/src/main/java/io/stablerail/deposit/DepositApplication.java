package io.stablerail.deposit;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** deposit-service: deposit addresses, chain scanning and deposits. Port 8081, schema {@code deposit}. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class DepositApplication {

    public static void main(String[] args) {
        SpringApplication.run(DepositApplication.class, args);
    }
}
