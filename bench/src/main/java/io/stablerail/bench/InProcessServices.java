package io.stablerail.bench;

import java.util.HashMap;
import java.util.Map;

import io.stablerail.testsupport.EmbeddedKafkaServer;
import io.stablerail.testsupport.EmbeddedPostgresServer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The real services as the benchmarks run them: in this JVM, each on its own schema of one PostgreSQL. */
final class InProcessServices {

    private InProcessServices() {
    }

    static ConfigurableApplicationContext start(Class<?> application, Map<String, Object> properties) {
        return new SpringApplicationBuilder(application).properties(properties).run();
    }

    static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    /** What every service shares; {@code spring.config.name} points nowhere: every setting is given here. */
    static Map<String, Object> common(String name, String schema, EmbeddedPostgresServer postgres,
                                      EmbeddedKafkaServer kafka) {
        Map<String, Object> p = new HashMap<>();
        p.put("spring.config.name", "bench-has-no-config-file");
        p.put("spring.application.name", name);
        p.put("server.port", "0");
        p.put("server.address", "127.0.0.1");
        p.put("spring.threads.virtual.enabled", "true");
        p.put("spring.main.banner-mode", "off");
        p.put("logging.level.root", "WARN");
        p.put("spring.datasource.url", postgres.jdbcUrl());
        p.put("spring.datasource.username", EmbeddedPostgresServer.USER);
        p.put("spring.datasource.password", EmbeddedPostgresServer.USER);
        p.put("spring.datasource.hikari.schema", schema);
        // names the service's sessions in pg_stat_activity, so the benches can tell whose backend spent what
        p.put("spring.datasource.hikari.data-source-properties.ApplicationName", name);
        p.put("spring.datasource.hikari.maximum-pool-size", "10");
        p.put("spring.flyway.schemas", schema);
        p.put("spring.flyway.default-schema", schema);
        p.put("spring.jackson.property-naming-strategy", "SNAKE_CASE");
        p.put("spring.jackson.deserialization.fail-on-unknown-properties", "true");
        p.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
        p.put("spring.kafka.client-id", name);
        p.put("spring.kafka.consumer.group-id", name);
        p.put("stablerail.database.schema", schema);
        p.put("management.endpoints.web.exposure.include", "health");
        return p;
    }

    /** ledger-service on schema {@code ledger}. */
    static Map<String, Object> ledger(EmbeddedPostgresServer postgres, EmbeddedKafkaServer kafka) {
        Map<String, Object> p = common("ledger-service", "ledger", postgres, kafka);
        p.put("spring.flyway.locations", "classpath:db/migration");
        p.put("stablerail.ledger.hold-expiry.interval", "1m");
        p.put("stablerail.ledger.hold-expiry.batch-max", "200");
        return p;
    }
}
