package io.stablerail.withdrawal.support;

import java.util.Map;

import io.stablerail.ledger.LedgerApplication;
import io.stablerail.testsupport.SharedInfra;
import io.stablerail.testsupport.TestInfra;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real ledger-service (its plain jar, test scope only), started once per test JVM in-process on a random port
 * with its own schema and topic prefix on the shared embedded PostgreSQL and Kafka. Its configuration is given here
 * in full ({@code spring.config.name} points nowhere) because the classpath's {@code application.yml} is ours.
 * {@link #start(TestInfra, String)} starts another one, e.g. on the topic prefix of a whole in-process stack.
 */
public final class InProcessLedger {

    private static ConfigurableApplicationContext context;
    private static String baseUrl;
    private static String topicPrefix;

    private InProcessLedger() {
    }

    public static synchronized String baseUrl() {
        if (context == null) {
            TestInfra infra = SharedInfra.get().namespaceFor(InProcessLedger.class);
            context = start(infra, infra.topicPrefix());
            baseUrl = baseUrlOf(context);
            topicPrefix = infra.topicPrefix();
        }
        return baseUrl;
    }

    /** The ledger's own topic prefix: a test hands it our events when it wants the ledger to consume them. */
    public static synchronized String topicPrefix() {
        baseUrl();
        return topicPrefix;
    }

    /** A new ledger-service on {@code infra}'s schema, consuming and producing under {@code topicPrefix}. */
    public static ConfigurableApplicationContext start(TestInfra infra, String topicPrefix) {
        Map<String, Object> p = InProcessServices.properties(infra, "ledger-service", "classpath:db/migration",
                topicPrefix);
        p.put("spring.jackson.property-naming-strategy", "SNAKE_CASE"); // as the ledger's application.yml
        p.put("spring.jackson.deserialization.fail-on-unknown-properties", "true");
        p.put("stablerail.ledger.hold-expiry.interval", "10s");
        p.put("stablerail.ledger.hold-expiry.batch-max", "200");
        return new SpringApplicationBuilder(LedgerApplication.class).properties(p).run();
    }

    public static String baseUrlOf(ConfigurableApplicationContext ledger) {
        return "http://127.0.0.1:" + ledger.getEnvironment().getProperty("local.server.port");
    }
}
