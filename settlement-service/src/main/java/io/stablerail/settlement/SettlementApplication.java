package io.stablerail.settlement;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** settlement-service: payouts, sweeps, treasury limits, escrows. Port 8084, schema {@code settlement}. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SettlementApplication {

    public static void main(String[] args) {
        SpringApplication.run(SettlementApplication.class, args);
    }
}
