package io.stablerail.deposit.addresses;

import static io.stablerail.deposit.support.Http.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.stablerail.chain.keys.CoinType;
import io.stablerail.chain.keys.HdKeys;
import io.stablerail.chain.signer.LocalKeySigner;
import io.stablerail.deposit.support.Http;
import io.stablerail.deposit.support.TestKeys;
import io.stablerail.events.EventEnvelope;
import io.stablerail.events.EventJson;
import io.stablerail.events.Topics;
import io.stablerail.events.merchant.MerchantDepositKeysDerived;
import io.stablerail.messaging.TopicNames;
import io.stablerail.messaging.deadletter.DeadLetters;
import io.stablerail.testsupport.EmbeddedInfra;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Automatic onboarding from the key side's {@code merchant.deposit-keys} on the real broker and database: the merchant
 * can then get deposit addresses, equal to the addresses of the seed's own private keys at
 * {@code m/44'/coin'/account'/0/i}; the same keys again (redelivered, or a new event) change nothing; different keys
 * for an onboarded merchant never replace its xpubs and end in the dead-letter topic with a refusal counted.
 */
@EmbeddedInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DepositKeysOnboardingIT {

    static final byte[] SEED = HdKeys.seed(TestKeys.MNEMONIC, "");

    @LocalServerPort int port;
    @Autowired KafkaTemplate<String, String> kafka;
    @Autowired TopicNames topicNames;
    @Autowired JdbcTemplate jdbc;
    @Autowired MeterRegistry meters;
    @Autowired DeadLetters deadLetters;

    double counted(String name, String tag, String value) {
        var counter = meters.find(name).tag(tag, value).counter();
        return counter == null ? 0 : counter.count();
    }

    static EventEnvelope keysOf(String merchant, int account) {
        return EventEnvelope.of(new MerchantDepositKeysDerived(merchant, account, TestKeys.tronXpub(account),
                TestKeys.evmXpub(account)), Instant.now());
    }

    void deliver(EventEnvelope envelope) throws Exception {
        kafka.send(topicNames.of(Topics.MERCHANTS), envelope.aggregateId(), EventJson.write(envelope)).get();
    }

    List<Map<String, Object>> xpubRows(String merchant) {
        return jdbc.queryForList("SELECT coin, xpub, created_at FROM merchant_xpub WHERE merchant_id = ? ORDER BY coin",
                merchant);
    }

    JsonNode newAddress(String merchant, String chain) {
        HttpResponse<String> response = new Http(port).send("POST", "/internal/v1/merchants/" + merchant
                + "/deposit-addresses", "{\"chain\":\"" + chain + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response);
    }

    @Test
    void depositKeysOnboardTheMerchantOnceAndItsAddressesAreThoseOfTheSeedsKeys() throws Exception {
        String merchant = "mer_Onboarded000001";
        int account = 11;
        assertThat(new Http(port).send("POST", "/internal/v1/merchants/" + merchant + "/deposit-addresses",
                "{\"chain\":\"tron\"}").statusCode()).as("not onboarded yet").isEqualTo(409);
        double appliedBefore = counted("stablerail.inbox.applied", "consumer", "deposit.merchant-deposit-keys");
        double duplicatesBefore = counted("stablerail.inbox.duplicates", "consumer", "deposit.merchant-deposit-keys");
        EventEnvelope keys = keysOf(merchant, account);

        deliver(keys);
        deliver(keys);

        await().atMost(Duration.ofSeconds(30)).until(() -> counted("stablerail.inbox.duplicates", "consumer",
                "deposit.merchant-deposit-keys") >= duplicatesBefore + 1);
        assertThat(counted("stablerail.inbox.applied", "consumer", "deposit.merchant-deposit-keys"))
                .isEqualTo(appliedBefore + 1);
        List<Map<String, Object>> rows = xpubRows(merchant);
        assertThat(rows).extracting(r -> r.get("xpub"))
                .containsExactly(TestKeys.evmXpub(account), TestKeys.tronXpub(account));

        JsonNode tron = newAddress(merchant, "tron");
        JsonNode ethereum = newAddress(merchant, "ethereum");
        // independently: the addresses of the private keys m/44'/coin'/11'/0/i of the same seed (the key side's view)
        assertThat(tron.path("address").asString()).isEqualTo(LocalKeySigner.fromSeed(SEED, CoinType.TRON, account,
                tron.path("index").asInt()).tronAddress().base58());
        assertThat(ethereum.path("address").asString()).isEqualTo(LocalKeySigner.fromSeed(SEED, CoinType.ETHEREUM,
                account, ethereum.path("index").asInt()).evmAddress().checksummed());

        // the same keys in a new event (e.g. a replay by ops): nothing changes
        deliver(keysOf(merchant, account));
        await().atMost(Duration.ofSeconds(30)).until(() -> counted("stablerail.inbox.applied", "consumer",
                "deposit.merchant-deposit-keys") >= appliedBefore + 2);
        assertThat(xpubRows(merchant)).isEqualTo(rows);
    }

    @Test
    void differentKeysForAnOnboardedMerchantAreNeverAppliedAndGoToTheDeadLetterTopic() throws Exception {
        String merchant = "mer_Conflicted00001";
        deliver(keysOf(merchant, 21));
        await().atMost(Duration.ofSeconds(30)).until(() -> xpubRows(merchant).size() == 2);
        List<Map<String, Object>> rows = xpubRows(merchant);
        double refusedBefore = counted("stablerail.deposit.onboarding_refused", "code", "xpub_conflict");

        EventEnvelope conflicting = keysOf(merchant, 22);
        deliver(conflicting);

        await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters.list(Topics.MERCHANTS, 100).stream()
                .anyMatch(letter -> letter.value().contains(conflicting.eventId().toString())));
        var letter = deadLetters.list(Topics.MERCHANTS, 100).stream()
                .filter(l -> l.value().contains(conflicting.eventId().toString())).findFirst().orElseThrow();
        assertThat(letter.exceptionMessage()).contains("xpub_conflict");
        assertThat(xpubRows(merchant)).as("never replaced").isEqualTo(rows);
        assertThat(xpubRows(merchant)).extracting(r -> r.get("xpub"))
                .containsExactly(TestKeys.evmXpub(21), TestKeys.tronXpub(21));
        assertThat(counted("stablerail.deposit.onboarding_refused", "code", "xpub_conflict"))
                .isEqualTo(refusedBefore + 1);
        JsonNode address = newAddress(merchant, "tron");
        assertThat(address.path("address").asString()).isEqualTo(LocalKeySigner.fromSeed(SEED, CoinType.TRON, 21,
                address.path("index").asInt()).tronAddress().base58());
    }

    @Test
    void keysOfAnotherAccountThanAnnouncedAreRefusedAndNothingIsStored() throws Exception {
        String merchant = "mer_WrongAccount001";
        double refusedBefore = counted("stablerail.deposit.onboarding_refused", "code", "account_index_mismatch");
        // announced as account 31, but the TRON key is account 32's (a key-side mix-up): the merchant would be given
        // addresses the key side files under another account
        EventEnvelope mixedUp = EventEnvelope.of(new MerchantDepositKeysDerived(merchant, 31, TestKeys.tronXpub(32),
                TestKeys.evmXpub(31)), Instant.now());

        deliver(mixedUp);

        await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters.list(Topics.MERCHANTS, 100).stream()
                .anyMatch(letter -> letter.value().contains(mixedUp.eventId().toString())));
        var letter = deadLetters.list(Topics.MERCHANTS, 100).stream()
                .filter(l -> l.value().contains(mixedUp.eventId().toString())).findFirst().orElseThrow();
        assertThat(letter.exceptionMessage()).contains("account_index_mismatch").contains("32'")
                .doesNotContain(TestKeys.tronXpub(32));
        assertThat(xpubRows(merchant)).as("nothing stored").isEmpty();
        assertThat(counted("stablerail.deposit.onboarding_refused", "code", "account_index_mismatch"))
                .isEqualTo(refusedBefore + 1);

        // the right keys for the announced account onboard the merchant
        deliver(keysOf(merchant, 31));
        await().atMost(Duration.ofSeconds(30)).until(() -> xpubRows(merchant).size() == 2);
        assertThat(xpubRows(merchant)).extracting(r -> r.get("xpub"))
                .containsExactly(TestKeys.evmXpub(31), TestKeys.tronXpub(31));
    }
}
