package io.stablerail.messaging.deadletter;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import io.stablerail.events.Topics;
import io.stablerail.messaging.TopicNames;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * Inspect and replay dead-letter topics. Replay sends the record back to its original topic with the same key and
 * value; that is safe because every consumer is idempotent through its inbox (a replayed event whose effect already
 * happened changes nothing). Reads never commit offsets and never join a consumer group.
 */
public class DeadLetters {

    public static final String HEADER_REPLAYED_FROM = "stablerail_replayed_from";
    /** Upper bound of records one inspection returns (DESIGN rule 11). */
    public static final int LIST_LIMIT_MAX = 500;
    private static final Duration READ_DEADLINE = Duration.ofSeconds(10);

    private final ConsumerFactory<String, String> consumers;
    private final KafkaTemplate<String, String> kafka;
    private final TopicNames topicNames;

    public DeadLetters(ConsumerFactory<String, String> consumers, KafkaTemplate<String, String> kafka,
                       TopicNames topicNames) {
        this.consumers = consumers;
        this.kafka = kafka;
        this.topicNames = topicNames;
    }

    /** Up to {@code limit} (≤ {@value #LIST_LIMIT_MAX}) records of the DLT of {@code baseTopic}, oldest first. */
    public List<DeadLetter> list(String baseTopic, int limit) {
        if (limit < 1 || limit > LIST_LIMIT_MAX) {
            throw new IllegalArgumentException("limit must be between 1 and " + LIST_LIMIT_MAX);
        }
        String deadLetterTopic = topicNames.of(Topics.deadLetterOf(baseTopic));
        List<DeadLetter> found = new ArrayList<>();
        try (Consumer<String, String> consumer = newReader()) {
            List<TopicPartition> partitions = consumer.partitionsFor(deadLetterTopic).stream()
                    .map(info -> new TopicPartition(deadLetterTopic, info.partition())).toList();
            if (partitions.isEmpty()) {
                return List.of();
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + READ_DEADLINE.toNanos();
            while (found.size() < limit && !reachedEnd(consumer, end) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (found.size() < limit) {
                        found.add(toDeadLetter(record, baseTopic));
                    }
                }
            }
        }
        found.sort(Comparator.comparing(DeadLetter::timestamp).thenComparing(DeadLetter::offset));
        return found;
    }

    /**
     * Records in the DLT of each base topic ({@link Topics#all()}): end minus beginning offsets, so within the topic's
     * retention. Replaying a record does not remove it (a Kafka log is append-only): this counts what was
     * dead-lettered, and an alert watches its increase.
     */
    public Map<String, Long> sizes() {
        Map<String, List<TopicPartition>> partitionsByTopic = new java.util.LinkedHashMap<>();
        try (Consumer<String, String> consumer = newReader()) {
            for (String baseTopic : Topics.all()) {
                String deadLetterTopic = topicNames.of(Topics.deadLetterOf(baseTopic));
                partitionsByTopic.put(baseTopic, consumer.partitionsFor(deadLetterTopic, READ_DEADLINE).stream()
                        .map(info -> new TopicPartition(deadLetterTopic, info.partition())).toList());
            }
            List<TopicPartition> all = partitionsByTopic.values().stream().flatMap(List::stream).toList();
            // Assigned first: the consumer logs a WARN per partition when it gets offsets of one it is not assigned
            // ("Not updating high watermark ... no longer assigned"), every refresh.
            consumer.assign(all);
            Map<TopicPartition, Long> end = consumer.endOffsets(all, READ_DEADLINE);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(all, READ_DEADLINE);
            Map<String, Long> sizes = new java.util.LinkedHashMap<>();
            partitionsByTopic.forEach((baseTopic, partitions) -> sizes.put(baseTopic,
                    partitions.stream().mapToLong(p -> end.get(p) - begin.get(p)).sum()));
            return sizes;
        }
    }

    /** True when {@code baseTopic} is one of the published language's topics ({@link Topics#all()}). */
    public static boolean isKnownTopic(String baseTopic) {
        return Topics.all().contains(baseTopic);
    }

    /**
     * Sends the DLT record at {@code partition}/{@code offset} back to its original topic and waits for the broker.
     *
     * @return the record that was replayed
     * @throws IllegalArgumentException when there is no record at that address
     */
    public DeadLetter replay(String baseTopic, int partition, long offset) {
        String deadLetterTopic = topicNames.of(Topics.deadLetterOf(baseTopic));
        DeadLetter deadLetter = read(deadLetterTopic, partition, offset, baseTopic);
        ProducerRecord<String, String> record = new ProducerRecord<>(deadLetter.originalTopic(), deadLetter.key(),
                deadLetter.value());
        record.headers().add(HEADER_REPLAYED_FROM,
                (deadLetterTopic + "/" + partition + "/" + offset).getBytes(StandardCharsets.UTF_8));
        try {
            kafka.send(record).get(READ_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("replay of " + deadLetterTopic + "/" + partition + "/" + offset
                    + " was not acknowledged", e);
        }
        return deadLetter;
    }

    private DeadLetter read(String deadLetterTopic, int partition, long offset, String baseTopic) {
        TopicPartition topicPartition = new TopicPartition(deadLetterTopic, partition);
        try (Consumer<String, String> consumer = newReader()) {
            consumer.assign(List.of(topicPartition));
            long endOffset = consumer.endOffsets(List.of(topicPartition)).get(topicPartition);
            if (offset < 0 || offset >= endOffset) {
                throw new IllegalArgumentException("no dead letter at " + deadLetterTopic + "/" + partition + "/"
                        + offset);
            }
            consumer.seek(topicPartition, offset);
            long deadline = System.nanoTime() + READ_DEADLINE.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() == offset) {
                        return toDeadLetter(record, baseTopic);
                    }
                }
            }
        }
        throw new IllegalStateException("dead letter " + deadLetterTopic + "/" + partition + "/" + offset
                + " could not be read in " + READ_DEADLINE);
    }

    private Consumer<String, String> newReader() {
        Properties overrides = new Properties();
        overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        overrides.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        overrides.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(LIST_LIMIT_MAX));
        return consumers.createConsumer("stablerail-dlq-reader", "dlq-reader", null, overrides);
    }

    private static boolean reachedEnd(Consumer<String, String> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private DeadLetter toDeadLetter(ConsumerRecord<String, String> record, String baseTopic) {
        Headers headers = record.headers();
        return new DeadLetter(record.topic(), record.partition(), record.offset(), topicNames.of(baseTopic),
                record.key(), record.value(), exceptionClass(headers),
                header(headers, KafkaHeaders.DLT_EXCEPTION_MESSAGE), Instant.ofEpochMilli(record.timestamp()));
    }

    /** The root failure's class: the listener wraps it, and the wrapper says nothing to ops. */
    private static String exceptionClass(Headers headers) {
        String cause = header(headers, KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN);
        return cause != null ? cause : header(headers, KafkaHeaders.DLT_EXCEPTION_FQCN);
    }

    private static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
