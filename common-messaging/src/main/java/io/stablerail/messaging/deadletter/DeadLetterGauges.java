package io.stablerail.messaging.deadletter;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.stablerail.events.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code stablerail.messaging.dead_letters{topic}}: records in each base topic's DLT, refreshed by a periodic task (a
 * scrape never waits on Kafka). Replays do not lower it; alert on its increase.
 */
public class DeadLetterGauges {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterGauges.class);

    private final DeadLetters deadLetters;
    private final Map<String, AtomicLong> sizes = new ConcurrentHashMap<>();

    public DeadLetterGauges(DeadLetters deadLetters, MeterRegistry meters) {
        this.deadLetters = deadLetters;
        for (String topic : Topics.all()) {
            AtomicLong size = new AtomicLong();
            sizes.put(topic, size);
            Gauge.builder("stablerail.messaging.dead_letters", size, AtomicLong::get).tag("topic", topic)
                    .description("records in the topic's dead-letter topic (within retention)").register(meters);
        }
    }

    public void refresh() {
        try {
            deadLetters.sizes().forEach((topic, size) -> sizes.get(topic).set(size));
        } catch (RuntimeException e) {
            log.warn("dead-letter sizes not refreshed: {}", e.toString());
        }
    }
}
