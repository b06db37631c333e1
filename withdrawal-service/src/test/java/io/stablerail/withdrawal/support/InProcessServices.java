package io.stablerail.withdrawal.support;

import java.util.HashMap;
import java.util.Map;

import io.stablerail.testsupport.TestInfra;

/** Settings every service started in-process by these tests shares (no config file: every setting is given). */
final class InProcessServices {

    private InProcessServices() {
    }

    /** {@code name} on {@code infra}'s schema with its migrations, consuming and producing under {@code topicPrefix}. */
    static Map<String, Object> properties(TestInfra infra, String name, String migrations, String topicPrefix) {
        Map<String, Object> p = new HashMap<>();
        p.put("spring.config.name", "in-process-" + name + "-has-no-config-file");
        p.put("spring.application.name", name);
        p.put("server.port", "0");
        p.put("server.address", "127.0.0.1");
        p.put("spring.threads.virtual.enabled", "true");
        p.put("spring.datasource.url", infra.jdbcUrl());
        p.put("spring.datasource.username", infra.user());
        p.put("spring.datasource.password", infra.password());
        p.put("spring.datasource.hikari.schema", infra.schema());
        p.put("spring.datasource.hikari.maximum-pool-size", "10");
        p.put("spring.flyway.schemas", infra.schema());
        p.put("spring.flyway.default-schema", infra.schema());
        p.put("spring.flyway.locations", migrations);
        p.put("spring.kafka.bootstrap-servers", infra.bootstrapServers());
        p.put("spring.kafka.client-id", name);
        p.put("spring.kafka.consumer.group-id", name);
        p.put("stablerail.database.schema", infra.schema());
        p.put("stablerail.messaging.topic-prefix", topicPrefix);
        p.put("management.endpoints.web.exposure.include", "health");
        // the tests read what these services wrote to their outboxes after the relay published it: published rows are
        // kept (marked) for an hour, not deleted as published (the production default; docs/messaging.md)
        p.put("stablerail.messaging.relay.retention", "1h");
        return p;
    }
}
