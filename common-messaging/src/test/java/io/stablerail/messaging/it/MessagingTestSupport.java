package io.stablerail.messaging.it;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.jdbc.core.JdbcTemplate;

/** Counting helpers: rows of the effect table, records on a topic. */
final class MessagingTestSupport {

    private MessagingTestSupport() {
    }

    static int effectsOf(JdbcTemplate jdbc, UUID eventId) {
        Integer count = jdbc.queryForObject("SELECT count(*) FROM test_effect WHERE event_id = ?", Integer.class,
                eventId);
        return count == null ? 0 : count;
    }

    /** Reads the whole topic (to its current end) and counts the records that carry {@code eventId}. */
    static int recordsOnTopicWithEventId(String bootstrapServers, String topic, UUID eventId) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            int count = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end");
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    Header header = record.headers().lastHeader("stablerail_event_id");
                    if (header != null && new String(header.value(), StandardCharsets.UTF_8).equals(eventId.toString())) {
                        count++;
                    }
                }
            }
            return count;
        }
    }
}
