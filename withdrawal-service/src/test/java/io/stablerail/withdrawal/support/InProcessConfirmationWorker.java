package io.stablerail.withdrawal.support;

import java.util.HashMap;
import java.util.Map;

import io.stablerail.confirmation.ConfirmationApplication;
import io.stablerail.testsupport.TestInfra;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real confirmation-worker (its plain jar, test scope only) started in-process on a random port with its own
 * schema, on the topic prefix of the stack it is part of. As for {@link InProcessLedger}, its configuration is given
 * here in full (the classpath's {@code application.yml} is withdrawal-service's); {@code chains} adds the
 * {@code stablerail.confirmation.*} settings of the chains it follows.
 */
public final class InProcessConfirmationWorker {

    private InProcessConfirmationWorker() {
    }

    public static ConfigurableApplicationContext start(TestInfra infra, String topicPrefix,
                                                       Map<String, Object> confirmationSettings) {
        Map<String, Object> p = new HashMap<>();
        p.put("spring.config.name", "in-process-confirmation-worker-has-no-config-file");
        p.put("spring.application.name", "confirmation-worker");
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
        p.put("spring.flyway.locations", "classpath:db/confirmation");
        p.put("spring.kafka.bootstrap-servers", infra.bootstrapServers());
        p.put("spring.kafka.client-id", "confirmation-worker");
        p.put("spring.kafka.consumer.group-id", "confirmation-worker");
        p.put("stablerail.database.schema", infra.schema());
        p.put("stablerail.messaging.topic-prefix", topicPrefix);
        p.put("management.endpoints.web.exposure.include", "health");
        p.putAll(confirmationSettings);
        return new SpringApplicationBuilder(ConfirmationApplication.class).properties(p).run();
    }
}
