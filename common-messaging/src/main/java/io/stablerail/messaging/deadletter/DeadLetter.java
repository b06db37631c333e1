package io.stablerail.messaging.deadletter;

import java.time.Instant;

/**
 * One record of a dead-letter topic, as ops see it.
 *
 * @param deadLetterTopic  the DLT it sits in
 * @param partition        its partition in the DLT
 * @param offset           its offset in the DLT; with the partition, its address for replay
 * @param originalTopic    where it came from and where a replay sends it
 * @param key              the record key (aggregate id)
 * @param value            the record value (the event envelope JSON)
 * @param exceptionClass   why the consumer gave up, as recorded by the dead-letter publisher
 * @param exceptionMessage the failure's message
 * @param timestamp        when it was dead-lettered
 */
public record DeadLetter(String deadLetterTopic, int partition, long offset, String originalTopic, String key,
                         String value, String exceptionClass, String exceptionMessage, Instant timestamp) {
}
