package io.stablerail.confirmation;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** confirmation-worker: tracks transactions to finality and reconciles. Port 8083, schema {@code confirmation}. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ConfirmationApplication {

    public static void main(String[] args) {
        SpringApplication.run(ConfirmationApplication.class, args);
    }
}
