package io.stablerail.messaging;

/**
 * Resolves a base topic name from {@code io.stablerail.events.Topics} to the name used on the broker (the configured
 * prefix, empty in production). Listeners use it in SpEL: {@code topics = "#{@topicNames.of('stablerail.ledger.v1')}"}.
 */
public final class TopicNames {

    private final String prefix;

    public TopicNames(String prefix) {
        this.prefix = prefix == null ? "" : prefix;
    }

    public String of(String baseTopic) {
        return prefix + baseTopic;
    }

    public String prefix() {
        return prefix;
    }
}
