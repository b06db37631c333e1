package io.stablerail.messaging.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stablerail.events.MalformedEventException;
import io.stablerail.events.Topics;
import io.stablerail.messaging.DatabaseProperties;
import io.stablerail.messaging.MessagingProperties;
import io.stablerail.messaging.PeriodicTask;
import io.stablerail.messaging.TopicNames;
import io.stablerail.messaging.deadletter.DeadLetterGauges;
import io.stablerail.messaging.deadletter.DeadLetters;
import io.stablerail.messaging.deadletter.web.DeadLetterOpsController;
import io.stablerail.messaging.inbox.Inbox;
import io.stablerail.messaging.outbox.Outbox;
import io.stablerail.messaging.outbox.OutboxRelay;
import io.stablerail.messaging.outbox.OutboxStore;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Wires the messaging core into every service: outbox and relay, inbox, bounded consumer retries followed by the
 * dead-letter topic, DLQ inspect/replay, topic declarations and the messaging tables' migration.
 */
@AutoConfiguration(after = {DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
        JdbcTemplateAutoConfiguration.class, KafkaAutoConfiguration.class, FlywayAutoConfiguration.class})
@EnableConfigurationProperties({MessagingProperties.class, DatabaseProperties.class})
public class MessagingAutoConfiguration {

    @Bean
    TopicNames topicNames(MessagingProperties properties) {
        return new TopicNames(properties.topicPrefix());
    }

    @Bean
    @DependsOnDatabaseInitialization
    MessagingSchemaMigration messagingSchemaMigration(DataSource dataSource, DatabaseProperties database) {
        return new MessagingSchemaMigration(dataSource, database.schema());
    }

    @Bean
    Outbox outbox(JdbcTemplate jdbc, TopicNames topicNames) {
        return new Outbox(jdbc, topicNames);
    }

    @Bean
    OutboxStore outboxStore(JdbcTemplate jdbc) {
        return new OutboxStore(jdbc);
    }

    @Bean
    OutboxRelay outboxRelay(OutboxStore store, KafkaTemplate<String, String> kafka, DataSource dataSource,
                            MessagingProperties properties, ObjectProvider<MeterRegistry> meters) {
        return new OutboxRelay(store, kafka, dataSource, properties.relay(), meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    @ConditionalOnProperty(name = "stablerail.messaging.relay.enabled", havingValue = "true", matchIfMissing = true)
    PeriodicTask outboxRelaySchedule(OutboxRelay relay, Outbox outbox, MessagingProperties properties) {
        PeriodicTask task = new PeriodicTask("outbox-relay", properties.relay().interval(), relay::relayOnce,
                properties.relay().wakeDelay());
        // events go out right after the commit that wrote them; the interval is the safety net (a wake lost to a
        // crash, another instance's rows, retries after a failed publish)
        outbox.onCommitted(task::wake);
        return task;
    }

    /** Deletes old published outbox rows, bounded per run, once a minute. */
    @Bean
    @ConditionalOnProperty(name = "stablerail.messaging.relay.enabled", havingValue = "true", matchIfMissing = true)
    PeriodicTask outboxCleanupSchedule(OutboxRelay relay) {
        return new PeriodicTask("outbox-cleanup", java.time.Duration.ofMinutes(1), relay::cleanup);
    }

    @Bean
    Inbox inbox(JdbcTemplate jdbc, PlatformTransactionManager transactionManager,
                ObjectProvider<MeterRegistry> meters) {
        return new Inbox(jdbc, new TransactionTemplate(transactionManager), meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    DeadLetters deadLetters(ConsumerFactory<String, String> consumers, KafkaTemplate<String, String> kafka,
                            TopicNames topicNames) {
        return new DeadLetters(consumers, kafka, topicNames);
    }

    @Bean
    DeadLetterGauges deadLetterGauges(DeadLetters deadLetters, ObjectProvider<MeterRegistry> meters) {
        return new DeadLetterGauges(deadLetters, meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    /** Refreshes {@code stablerail.messaging.dead_letters{topic}} every 30 s (scrapes never wait on Kafka). */
    @Bean
    PeriodicTask deadLetterGaugesSchedule(DeadLetterGauges gauges) {
        return new PeriodicTask("dead-letter-gauges", java.time.Duration.ofSeconds(30), gauges::refresh);
    }

    /**
     * DLQ inspect and replay for ops on the internal API, in every service with a servlet web server — except where
     * {@code stablerail.messaging.dead-letters.internal-endpoints=false}: gateway-api, the public edge, serves them
     * only under its authenticated ops API.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = "org.springframework.web.bind.annotation.RestController")
    @ConditionalOnProperty(name = "stablerail.messaging.dead-letters.internal-endpoints", havingValue = "true",
            matchIfMissing = true)
    static class DeadLetterOps {
        @Bean
        DeadLetterOpsController deadLetterOpsController(DeadLetters deadLetters) {
            return new DeadLetterOpsController(deadLetters);
        }
    }

    /**
     * Bounded in-place retries with exponential backoff, then the record goes to {@code <topic>.DLT}. A malformed
     * event skips the retries: no attempt can succeed.
     */
    @Bean
    @ConditionalOnMissingBean(CommonErrorHandler.class)
    DefaultErrorHandler kafkaErrorHandler(KafkaTemplate<String, String> kafka, MessagingProperties properties) {
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(kafka,
                (record, error) -> new TopicPartition(record.topic() + Topics.DEAD_LETTER_SUFFIX, -1)) {
            /** A batch listener names the failed record with a wrapper; the DLT headers carry the real cause. */
            @Override
            public void accept(ConsumerRecord<?, ?> record, Consumer<?, ?> consumer, Exception exception) {
                super.accept(record, consumer, batchCause(exception));
            }
        };
        MessagingProperties.Consumer consumer = properties.consumer();
        ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(consumer.attemptsMax() - 1);
        backOff.setInitialInterval(consumer.backoffInitial().toMillis());
        backOff.setMultiplier(2.0);
        backOff.setMaxInterval(consumer.backoffMax().toMillis());
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(MalformedEventException.class);
        return handler;
    }

    private static Exception batchCause(Exception exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof BatchListenerFailedException failed && failed.getCause() instanceof Exception cause) {
                return cause;
            }
        }
        return exception;
    }

    @Bean
    @ConditionalOnProperty(name = "stablerail.messaging.topics.create", havingValue = "true", matchIfMissing = true)
    KafkaAdmin.NewTopics stablerailTopics(MessagingProperties properties, TopicNames topicNames) {
        MessagingProperties.TopicSettings settings = properties.topics();
        List<NewTopic> topics = new ArrayList<>();
        for (String topic : Topics.all()) {
            topics.add(new NewTopic(topicNames.of(topic), settings.partitions(), settings.replicationFactor()));
            topics.add(new NewTopic(topicNames.of(Topics.deadLetterOf(topic)), settings.partitions(),
                    settings.replicationFactor()));
        }
        return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
    }

    @Bean
    @ConditionalOnMissingBean(name = "kafkaHealthIndicator")
    KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin admin) {
        return new KafkaHealthIndicator(admin);
    }

    /**
     * Durable producer: every write acknowledged by all in-sync replicas, idempotent (no duplicates on retry). Unless
     * {@code spring.kafka.producer.batch-size} says otherwise, a partition's batch holds up to 256 KiB instead of
     * Kafka's 16 KiB: a relay batch of 500 events of ~0.5–1 KiB then needs a few produce requests per partition, not
     * twenty or more queued behind the idempotent producer's five in flight.
     */
    @Bean
    DefaultKafkaProducerFactoryCustomizer stablerailProducerDefaults() {
        return factory -> {
            Map<String, Object> defaults = new java.util.HashMap<>(Map.of(
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true));
            if (!factory.getConfigurationProperties().containsKey(ProducerConfig.BATCH_SIZE_CONFIG)) {
                defaults.put(ProducerConfig.BATCH_SIZE_CONFIG, RELAY_BATCH_BYTES);
            }
            factory.updateConfigs(defaults);
        };
    }

    /** The producer's batch size per partition unless configured: 256 KiB. */
    static final int RELAY_BATCH_BYTES = 256 * 1024;

    /** A new consumer group starts from the beginning, so no fact published before it existed is missed. */
    @Bean
    DefaultKafkaConsumerFactoryCustomizer stablerailConsumerDefaults() {
        return factory -> factory.updateConfigs(Map.of(
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
    }
}
