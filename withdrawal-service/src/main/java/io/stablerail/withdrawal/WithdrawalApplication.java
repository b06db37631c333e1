package io.stablerail.withdrawal;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** withdrawal-service: withdrawals, approvals, signing and broadcast. Port 8082, schema {@code withdrawal}. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class WithdrawalApplication {

    public static void main(String[] args) {
        SpringApplication.run(WithdrawalApplication.class, args);
    }
}
