package io.stablerail.messaging.config;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Reports whether the Kafka cluster answers a describe-cluster call within a short timeout. Part of the health page
 * (ops see "kafka DOWN"), not of readiness: a service whose broker is away still takes requests and keeps its events
 * in the outbox until the broker is back.
 */
public class KafkaHealthIndicator extends AbstractHealthIndicator {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private final Map<String, Object> adminConfig;

    public KafkaHealthIndicator(KafkaAdmin admin) {
        super("Kafka health check failed");
        this.adminConfig = admin.getConfigurationProperties();
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        try (AdminClient client = AdminClient.create(adminConfig)) {
            int nodes = client.describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()))
                    .nodes().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).size();
            builder.status(nodes > 0 ? "UP" : "DOWN").withDetail("nodes", nodes);
        }
    }
}
