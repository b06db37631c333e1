package io.stablerail.deposit.webhooks;

import static io.stablerail.deposit.support.Http.json;
import static io.stablerail.deposit.support.Http.problem;
import static io.stablerail.deposit.support.Merchants.ETHEREUM_USDT;
import static io.stablerail.deposit.support.Merchants.TRON_USDT;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.stablerail.deposit.addresses.AddressBook;
import io.stablerail.deposit.deposits.DepositRecorder;
import io.stablerail.deposit.deposits.DepositSource;
import io.stablerail.deposit.deposits.ObservedTransfer;
import io.stablerail.deposit.support.Http;
import io.stablerail.deposit.support.Merchants;
import io.stablerail.testsupport.EmbeddedInfra;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** Provider webhooks with real HMAC-SHA256 signatures: verify first, store raw, then the same dedup as the scanner. */
@EmbeddedInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "stablerail.deposits.webhooks.providers.alchemy.signing-key=" + WebhooksIT.ALCHEMY_KEY,
        "stablerail.deposits.webhooks.providers.tron.signing-key=" + WebhooksIT.TRON_KEY,
        "stablerail.deposits.webhooks.replay-interval=1h"})
class WebhooksIT {

    static final String ALCHEMY_KEY = "whsec_test_alchemy_0123456789";
    static final String TRON_KEY = "tron-test-signing-key-abcdef";

    @LocalServerPort int port;
    @Autowired AddressBook addressBook;
    @Autowired DepositRecorder recorder;
    @Autowired ProviderEvents events;
    @Autowired JdbcTemplate jdbc;

    static String sign(String key, String body) {
        return HexFormat.of().formatHex(WebhookSignatures.hmacSha256(key.getBytes(StandardCharsets.UTF_8),
                body.getBytes(StandardCharsets.UTF_8)));
    }

    /** An Alchemy ADDRESS_ACTIVITY payload (shape of Alchemy's Notify documentation) with one token transfer. */
    static String alchemyBody(String eventId, String to, String txHash, long logIndex, long rawValue) {
        return """
                {"webhookId":"wh_test","id":"%s","createdAt":"2026-11-21T20:00:00.000Z","type":"ADDRESS_ACTIVITY",
                 "event":{"network":"ETH_MAINNET","activity":[
                  {"blockNum":"0x12d687","hash":"%s","fromAddress":"0x1111111111111111111111111111111111111111",
                   "toAddress":"%s","value":12.5,"asset":"USDT","category":"token",
                   "rawContract":{"rawValue":"0x%x","address":"%s","decimals":6},
                   "log":{"address":"%s","topics":[],"data":"0x","blockNumber":"0x12d687","transactionHash":"%s",
                          "transactionIndex":"0x1","blockHash":"0xabc123","logIndex":"0x%x","removed":false}},
                  {"blockNum":"0x12d687","hash":"0xfeed","fromAddress":"0x1111111111111111111111111111111111111111",
                   "toAddress":"%s","value":1.0,"asset":"ETH","category":"external",
                   "rawContract":{"rawValue":"0xde0b6b3a7640000","decimals":18}}]}}"""
                .formatted(eventId, txHash, to.toLowerCase(Locale.ROOT), rawValue,
                        ETHEREUM_USDT.toLowerCase(Locale.ROOT), ETHEREUM_USDT.toLowerCase(Locale.ROOT), txHash,
                        logIndex, to);
    }

    HttpResponse<String> post(String provider, String body, String header, String signature) {
        return new Http(port).send("POST", "/webhooks/providers/" + provider, body,
                signature == null ? Map.of() : Map.of(header, signature));
    }

    int count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Integer.class, args);
    }

    @Test
    void alchemyActivityIsVerifiedStoredAndRecordedOnceEvenFromTheScannerToo() {
        String to = new Merchants(addressBook).onboard("m-hook", 41).address("m-hook", "ethereum").address();
        String body = alchemyBody("whevt_1", to, "0xa1a1", 7, 12_500_000);

        HttpResponse<String> first = post("alchemy", body, "X-Alchemy-Signature", sign(ALCHEMY_KEY, body));
        HttpResponse<String> again = post("alchemy", body, "X-Alchemy-Signature", sign(ALCHEMY_KEY, body));
        DepositRecorder.Recorded byScanner = recorder.record(DepositSource.SCANNER, List.of(new ObservedTransfer(
                "ethereum", "0xA1A1", 7, 0x12d687, "0xabc123", ETHEREUM_USDT,
                "0x1111111111111111111111111111111111111111",
                to, BigInteger.valueOf(12_500_000))));

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(json(first).path("duplicate").asBoolean()).isFalse();
        assertThat(json(again).path("duplicate").asBoolean()).isTrue();
        assertThat(byScanner.inserted()).isEmpty();
        assertThat(count("SELECT count(*) FROM raw_provider_event WHERE provider = 'alchemy' AND "
                + "provider_event_id = 'whevt_1' AND processed_at IS NOT NULL")).isEqualTo(1);
        assertThat(jdbc.queryForMap("SELECT amount::text AS amount, source, status, count(*) OVER () AS n FROM deposit "
                + "WHERE merchant_id = 'm-hook'")).containsEntry("amount", "12500000")
                .containsEntry("source", "WEBHOOK")
                .containsEntry("status", "DETECTED").containsEntry("n", 1L);

        var listed = json(new Http(port).send("GET", "/internal/v1/merchants/m-hook/deposits?limit=10", null));
        assertThat(listed.path("deposits").size()).isEqualTo(1);
        var deposit = listed.path("deposits").get(0);
        assertThat(deposit.path("amount").asString()).isEqualTo("12.500000");
        assertThat(deposit.path("amount_base_units").asString()).isEqualTo("12500000");
        assertThat(deposit.path("currency").asString()).isEqualTo("USDT");
        assertThat(deposit.path("tx_hash").asString()).isEqualTo("0xa1a1");
        assertThat(deposit.path("status").asString()).isEqualTo("DETECTED");
        String path = "/deposits/" + deposit.path("deposit_id").asString();
        assertThat(json(new Http(port).send("GET", "/internal/v1/merchants/m-hook" + path, null)).path("to_address")
                .asString()).isEqualTo(to);
        assertThat(problem(new Http(port).send("GET", "/internal/v1/merchants/m-other" + path, null)))
                .isEqualTo("404 deposit_not_found");
    }

    @Test
    void badOrMissingSignaturesAreRefusedAndNothingIsStored() {
        String to = new Merchants(addressBook).onboard("m-forged", 42).address("m-forged", "ethereum").address();
        String body = alchemyBody("whevt_forged", to, "0xb2b2", 1, 99_000_000);
        String tampered = body.replace("0x" + Long.toHexString(99_000_000), "0x" + Long.toHexString(990_000_000));

        List<HttpResponse<String>> refused = List.of(
                post("alchemy", body, "X-Alchemy-Signature", null),
                post("alchemy", body, "X-Alchemy-Signature", "not-hex"),
                post("alchemy", body, "X-Alchemy-Signature", sign("wrong-key", body)),
                post("alchemy", tampered, "X-Alchemy-Signature", sign(ALCHEMY_KEY, body)),
                post("alchemy", body, "X-Tron-Signature", sign(ALCHEMY_KEY, body)));

        assertThat(refused).extracting(Http::problem).containsOnly("401 invalid_signature");
        assertThat(refused.getFirst().body()).doesNotContain(ALCHEMY_KEY);
        assertThat(problem(post("bitpay", body, "X-Alchemy-Signature", sign(ALCHEMY_KEY, body))))
                .isEqualTo("404 unknown_provider");
        assertThat(count("SELECT count(*) FROM raw_provider_event WHERE provider_event_id = 'whevt_forged'")).isZero();
        assertThat(count("SELECT count(*) FROM deposit WHERE merchant_id = 'm-forged'")).isZero();
    }

    @Test
    void tronEventsUseTheirOwnKeyAndShape() {
        String to = new Merchants(addressBook).onboard("m-tron", 43).address("m-tron", "tron").address();
        String body = """
                {"event_id":"tron-evt-1","network":"tron","transfers":[{"transaction_id":"C0FFEE01","log_index":0,
                 "block_number":70000001,"block_hash":"0000000004c4b401aa","contract":"%s",
                 "from":"TXYZopYRdj2D9XRtbG411XZZ3kM5VkAeBf","to":"%s","amount":"3000000"}]}"""
                .formatted(TRON_USDT, to);

        assertThat(problem(post("tron", body, "X-Tron-Signature", sign(ALCHEMY_KEY, body))))
                .isEqualTo("401 invalid_signature");
        assertThat(post("tron", body, "X-Tron-Signature", sign(TRON_KEY, body)).statusCode()).isEqualTo(200);
        assertThat(jdbc.queryForList("SELECT tx_hash || '/' || amount FROM deposit WHERE merchant_id = 'm-tron'",
                String.class)).containsExactly("c0ffee01/3000000");
    }

    @Test
    void storedButUnprocessedEventsAreReplayed() {
        String to = new Merchants(addressBook).onboard("m-replay", 44).address("m-replay", "ethereum").address();
        jdbc.update("INSERT INTO raw_provider_event (provider, provider_event_id, body) VALUES ('alchemy', ?, ?)",
                "whevt_crashed", alchemyBody("whevt_crashed", to, "0xc3c3", 2, 4_000_000));
        jdbc.update("INSERT INTO raw_provider_event (provider, provider_event_id, body) VALUES ('alchemy', ?, ?)",
                "whevt_unreadable", "{\"id\":\"whevt_unreadable\",\"event\":{\"network\":\"DOGE_MAINNET\"}}");

        events.replayPending();
        events.replayPending();

        assertThat(count("SELECT count(*) FROM deposit WHERE merchant_id = 'm-replay'")).isEqualTo(1);
        assertThat(jdbc.queryForMap("SELECT processed_at IS NULL AS pending, attempts, last_error LIKE '%DOGE%' AS why "
                + "FROM raw_provider_event WHERE provider_event_id = 'whevt_unreadable'"))
                .containsEntry("pending", true).containsEntry("attempts", 2).containsEntry("why", true);
        assertThat(count("SELECT count(*) FROM raw_provider_event WHERE provider_event_id = 'whevt_crashed' AND "
                + "processed_at IS NOT NULL")).isEqualTo(1);
    }

    @Test
    void theSigningKeyNeverAppearsInConfigurationOutput() {
        WebhookProperties.Provider provider = new WebhookProperties.Provider(ALCHEMY_KEY);
        assertThat(provider.toString()).doesNotContain(ALCHEMY_KEY).contains("redacted");
    }
}
