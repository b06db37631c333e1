package io.stablerail.withdrawal.onboarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.stablerail.chain.keys.CoinType;
import io.stablerail.chain.keys.ExtendedPublicKey;
import io.stablerail.chain.keys.HdKeys;
import io.stablerail.events.EventEnvelope;
import io.stablerail.events.EventJson;
import io.stablerail.events.Topics;
import io.stablerail.events.merchant.MerchantDepositKeysDerived;
import io.stablerail.events.merchant.MerchantOnboarded;
import io.stablerail.messaging.TopicNames;
import io.stablerail.messaging.deadletter.DeadLetters;
import io.stablerail.testsupport.EmbeddedInfra;
import io.stablerail.testsupport.TestInfra;
import io.stablerail.withdrawal.WithdrawalApplication;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The key side of onboarding on the real broker and database: {@code merchant.onboarded} delivered twice becomes one
 * {@code merchant.deposit-keys} whose xpubs are exactly {@code HdKeys.accountPublicKey} of the configured seed at the
 * merchant's index, with no private key anywhere in it; an event that can never be handed over goes to the DLT and
 * hands nothing over; without a seed the service does not start.
 */
@EmbeddedInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DepositKeyHandOverIT {

    /** The seed configured for the tests (src/test/resources/test-only-deposit-seed.txt): the BIP-39 test vector. */
    static final byte[] TEST_SEED = HdKeys.seed("abandon abandon abandon abandon abandon abandon abandon abandon "
            + "abandon abandon abandon about", "");

    @Autowired KafkaTemplate<String, String> kafka;
    @Autowired TopicNames topicNames;
    @Autowired JdbcTemplate jdbc;
    @Autowired MeterRegistry meters;
    @Autowired DeadLetters deadLetters;

    double duplicates() {
        var counter = meters.find("stablerail.inbox.duplicates").tag("consumer", "withdrawal.merchant-onboarding")
                .counter();
        return counter == null ? 0 : counter.count();
    }

    List<String> outboxPayloads(String merchantId) {
        return jdbc.queryForList("SELECT payload FROM outbox_event WHERE event_type = 'merchant.deposit-keys' "
                + "AND message_key = ?", String.class, merchantId);
    }

    void deliver(EventEnvelope envelope, int times) throws Exception {
        for (int i = 0; i < times; i++) {
            kafka.send(topicNames.of(Topics.MERCHANTS), envelope.aggregateId(), EventJson.write(envelope)).get();
        }
    }

    @Test
    void merchantOnboardedDeliveredTwiceHandsOverTheAccountXpubsOfTheSeedOnce() throws Exception {
        String merchant = "mer_HandOver0000001";
        int account = 42;
        double duplicatesBefore = duplicates();

        deliver(EventEnvelope.of(new MerchantOnboarded(merchant, account), Instant.now()), 2);

        await().atMost(Duration.ofSeconds(30)).until(() -> duplicates() >= duplicatesBefore + 1);
        List<String> payloads = outboxPayloads(merchant);
        assertThat(payloads).as("one hand-over for one onboarding").hasSize(1);
        EventEnvelope handedOver = EventJson.read(payloads.getFirst());
        assertThat(handedOver.type()).isEqualTo("merchant.deposit-keys");
        assertThat(handedOver.aggregateId()).isEqualTo(merchant);
        MerchantDepositKeysDerived keys = handedOver.payloadAs(MerchantDepositKeysDerived.class);
        assertThat(keys.merchantId()).isEqualTo(merchant);
        assertThat(keys.accountIndex()).isEqualTo(account);
        assertThat(keys.tronXpub()).isEqualTo(HdKeys.accountPublicKey(TEST_SEED, CoinType.TRON, account).serialize());
        assertThat(keys.evmXpub())
                .isEqualTo(HdKeys.accountPublicKey(TEST_SEED, CoinType.ETHEREUM, account).serialize());
        assertThat(keys.tronXpub()).isNotEqualTo(HdKeys.accountPublicKey(TEST_SEED, CoinType.TRON, account + 1)
                .serialize());
        assertThat(ExtendedPublicKey.parse(keys.tronXpub()).depth()).isEqualTo(3);
        assertThat(ExtendedPublicKey.parse(keys.evmXpub()).depth()).isEqualTo(3);
        // public keys only: no extended private key, no seed, nothing but the four fields
        assertThat(payloads.getFirst()).doesNotContain("xprv").doesNotContain("abandon");
        assertThat(handedOver.payload().propertyNames())
                .containsExactlyInAnyOrder("merchant_id", "account_index", "tron_xpub", "evm_xpub");

        // and the relay publishes exactly that one event on the merchants topic
        await().atMost(Duration.ofSeconds(30)).until(() -> onMerchantsTopic(merchant, "merchant.deposit-keys") == 1);
        assertThat(onMerchantsTopic(merchant, "merchant.deposit-keys")).isEqualTo(1);
    }

    @Test
    void anOnboardingThatCanNeverBeHandedOverGoesToTheDeadLetterTopicAndHandsNothingOver() throws Exception {
        String merchant = "mer_IndexZero000001";
        String noIndex = "mer_NoIndex00000001";
        // account 0 is never allocated by gateway-api; an event without account_index is not a MerchantOnboarded
        deliver(EventEnvelope.of(new MerchantOnboarded(merchant, 0), Instant.now()), 1);
        deliver(new EventEnvelope(java.util.UUID.randomUUID(), "merchant.onboarded", 1, Instant.now(), noIndex,
                EventJson.mapper().readTree("{\"merchant_id\":\"" + noIndex + "\"}")), 1);

        await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters.list(Topics.MERCHANTS, 100).stream()
                .filter(letter -> merchant.equals(letter.key()) || noIndex.equals(letter.key())).count() == 2);
        assertThat(deadLetters.list(Topics.MERCHANTS, 100).stream().filter(l -> merchant.equals(l.key())).findFirst()
                .orElseThrow().exceptionMessage()).contains("account index must be 1 to 2^31-1, was 0");
        assertThat(deadLetters.list(Topics.MERCHANTS, 100).stream().filter(l -> noIndex.equals(l.key())).findFirst()
                .orElseThrow().exceptionMessage()).contains("not a valid MerchantOnboarded");
        assertThat(outboxPayloads(merchant)).isEmpty();
        assertThat(outboxPayloads(noIndex)).isEmpty();
    }

    @Test
    void withoutADepositSeedTheServiceDoesNotStart(TestInfra infra) {
        // command-line arguments: they outrank application.yml and the test-only config/application.yml
        String[] arguments = {"--spring.datasource.url=" + infra.jdbcUrl(),
                "--spring.datasource.username=" + infra.user(), "--spring.datasource.password=" + infra.password(),
                "--stablerail.database.schema=" + infra.schema(),
                "--spring.kafka.bootstrap-servers=" + infra.bootstrapServers(),
                "--stablerail.messaging.topic-prefix=" + infra.topicPrefix() + "noseed-", "--server.port=0",
                "--stablerail.keys.deposit-seed-file="};

        assertThatThrownBy(() -> new SpringApplicationBuilder(WithdrawalApplication.class).run(arguments).close())
                .rootCause().hasMessageContaining("stablerail.keys.deposit-seed-file")
                .hasMessageContaining("does not start");
    }

    private long onMerchantsTopic(String key, String type) {
        String topic = topicNames.of(Topics.MERCHANTS);
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.getProducerFactory().getConfigurationProperties().get("bootstrap.servers"),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<EventEnvelope> events = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline
                    && !end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    events.add(EventJson.read(record.value()));
                }
            }
        }
        return events.stream().filter(e -> key.equals(e.aggregateId()) && type.equals(e.type())).count();
    }
}
