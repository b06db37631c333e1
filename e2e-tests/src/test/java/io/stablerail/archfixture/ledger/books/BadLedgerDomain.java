package io.stablerail.archfixture.ledger.books;

import io.stablerail.archfixture.deposit.addresses.DepositAddressFixture;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.web.bind.annotation.RestController;

/**
 * Deliberately breaks both rules, so the architecture test can show its rules catch a violation: a ledger domain
 * class that uses another service's class, a web annotation and a Kafka type.
 */
@RestController
public class BadLedgerDomain {

    private final DepositAddressFixture otherService = new DepositAddressFixture();
    private KafkaTemplate<String, String> kafka;

    public DepositAddressFixture otherService() {
        return otherService;
    }

    public KafkaTemplate<String, String> kafka() {
        return kafka;
    }
}
