package io.stablerail.testsupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one PostgreSQL server and the one Kafka broker of a test JVM, started on first use and stopped at JVM exit. */
public final class SharedInfra {

    private static final Logger log = LoggerFactory.getLogger(SharedInfra.class);
    private static SharedInfra instance;

    private final EmbeddedPostgresServer postgres;
    private final EmbeddedKafkaServer kafka;

    private SharedInfra(EmbeddedPostgresServer postgres, EmbeddedKafkaServer kafka) {
        this.postgres = postgres;
        this.kafka = kafka;
    }

    public static synchronized SharedInfra get() {
        if (instance == null) {
            long started = System.nanoTime();
            EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(EmbeddedPostgresServer.Options.forTests());
            EmbeddedKafkaServer kafka = EmbeddedKafkaServer.startForTests();
            instance = new SharedInfra(postgres, kafka);
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "shared-infra-stop"));
            log.info("Shared test infrastructure up in {} ms: PostgreSQL {} , Kafka {}",
                    (System.nanoTime() - started) / 1_000_000, postgres.jdbcUrl(), kafka.bootstrapServers());
        }
        return instance;
    }

    public EmbeddedPostgresServer postgres() {
        return postgres;
    }

    public EmbeddedKafkaServer kafka() {
        return kafka;
    }

    /** A fresh namespace (schema and topic prefix) for {@code testClass}, created on first use. */
    public TestInfra namespaceFor(Class<?> testClass) {
        TestInfra infra = new TestInfra(this, TestInfra.namespaceOf(testClass));
        postgres.createSchema(infra.schema());
        return infra;
    }

    private void stop() {
        try {
            kafka.close();
        } finally {
            postgres.close();
        }
    }
}
