package io.stablerail.deposit.addresses;

import static io.stablerail.deposit.support.Http.json;
import static io.stablerail.deposit.support.Http.problem;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.stablerail.chain.keys.DepositAddresses;
import io.stablerail.chain.keys.ExtendedPublicKey;
import io.stablerail.deposit.support.Http;
import io.stablerail.deposit.support.TestKeys;
import io.stablerail.testsupport.EmbeddedInfra;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** Onboarding and address derivation through the internal HTTP API, with problems for every refusal. */
@EmbeddedInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AddressApiIT {

    @LocalServerPort int port;
    @Autowired JdbcTemplate jdbc;

    Http http() {
        return new Http(port);
    }

    static String xpubs(String tron, String evm) {
        return "{\"tron_xpub\":\"" + tron + "\",\"evm_xpub\":\"" + evm + "\"}";
    }

    HttpResponse<String> onboard(String merchant, int account) {
        return http().send("PUT", "/internal/v1/merchants/" + merchant + "/xpubs",
                xpubs(TestKeys.tronXpub(account), TestKeys.evmXpub(account)));
    }

    HttpResponse<String> newAddress(String merchant, String chain, String reference) {
        return http().send("POST", "/internal/v1/merchants/" + merchant + "/deposit-addresses",
                "{\"chain\":\"" + chain + "\"" + (reference == null ? "" : ",\"customer_reference\":\"" + reference
                        + "\"") + "}");
    }

    @Test
    void xpubRegistrationIsIdempotentAndNeverReplaced() {
        HttpResponse<String> created = onboard("m-onboard", 1);
        HttpResponse<String> again = onboard("m-onboard", 1);
        HttpResponse<String> different = onboard("m-onboard", 2);

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(problem(different)).isEqualTo("409 xpub_conflict");
        assertThat(different.body()).doesNotContain(TestKeys.tronXpub(2)).doesNotContain(TestKeys.evmXpub(2));
        assertThat(jdbc.queryForList("SELECT xpub FROM merchant_xpub WHERE merchant_id = 'm-onboard' ORDER BY coin",
                String.class)).containsExactly(TestKeys.evmXpub(1), TestKeys.tronXpub(1));
    }

    @Test
    void anXpubBelongsToOneMerchantOnly() {
        assertThat(onboard("m-owner", 5).statusCode()).isEqualTo(201);

        HttpResponse<String> sameKeys = onboard("m-copycat", 5);
        HttpResponse<String> oneKeyShared = http().send("PUT", "/internal/v1/merchants/m-copycat/xpubs",
                xpubs(TestKeys.tronXpub(6), TestKeys.evmXpub(5)));

        assertThat(problem(sameKeys)).isEqualTo("409 xpub_in_use");
        assertThat(problem(oneKeyShared)).isEqualTo("409 xpub_in_use");
        assertThat(sameKeys.body()).doesNotContain(TestKeys.tronXpub(5)).doesNotContain("m-owner");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM merchant_xpub WHERE merchant_id = 'm-copycat'",
                Integer.class)).isZero();
        assertThat(problem(newAddress("m-copycat", "tron", null))).isEqualTo("409 merchant_not_onboarded");
        assertThat(newAddress("m-owner", "tron", null).statusCode()).isEqualTo(201);
    }

    @Test
    void badXpubsAreRefusedAndStoreNothing() {
        ExtendedPublicKey account = ExtendedPublicKey.parse(TestKeys.tronXpub(3));
        String depth4 = DepositAddresses.externalChain(account).serialize();
        String corrupted = TestKeys.tronXpub(3).substring(0, 100) + "zzzz" + TestKeys.tronXpub(3).substring(104);

        assertThat(problem(http().send("PUT", "/internal/v1/merchants/m-bad/xpubs",
                xpubs(depth4, TestKeys.evmXpub(3))))).isEqualTo("400 invalid_xpub");
        assertThat(problem(http().send("PUT", "/internal/v1/merchants/m-bad/xpubs",
                xpubs(corrupted, TestKeys.evmXpub(3))))).isEqualTo("400 invalid_xpub");
        assertThat(problem(http().send("PUT", "/internal/v1/merchants/m-bad/xpubs",
                "{\"tron_xpub\":\"" + TestKeys.tronXpub(3) + "\"}"))).isEqualTo("400 invalid_xpub");
        assertThat(problem(http().send("PUT", "/internal/v1/merchants/m-bad/xpubs",
                "{\"surprise\":1}"))).isEqualTo("400 unknown_field");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM merchant_xpub WHERE merchant_id = 'm-bad'",
                Integer.class)).isZero();
    }

    @Test
    void derivesTronAndEvmAddressesFromTheXpubsAlone() {
        onboard("m-derive", 4);

        JsonNode tron = json(newAddress("m-derive", "tron", "order-17"));
        JsonNode eth = json(newAddress("m-derive", "ethereum", null));
        JsonNode base = json(newAddress("m-derive", "base", null));

        assertThat(tron.path("family").asString()).isEqualTo("TRON");
        assertThat(tron.path("index").asInt()).isZero();
        assertThat(tron.path("customer_reference").asString()).isEqualTo("order-17");
        assertThat(tron.path("address").asString()).isEqualTo(DepositAddresses.tron(
                ExtendedPublicKey.parse(TestKeys.tronXpub(4)), 0).base58());
        assertThat(eth.path("family").asString()).isEqualTo("EVM");
        assertThat(eth.path("address").asString()).isEqualTo(DepositAddresses.evm(
                ExtendedPublicKey.parse(TestKeys.evmXpub(4)), 0).checksummed());
        assertThat(base.path("index").asInt()).as("EVM indexes are shared by every EVM chain").isEqualTo(1);
        assertThat(base.path("chain").asString()).isEqualTo("base");

        JsonNode got = json(http().send("GET", "/internal/v1/merchants/m-derive/deposit-addresses/"
                + tron.path("address_id").asString(), null));
        assertThat(got.path("address").asString()).isEqualTo(tron.path("address").asString());
        assertThat(problem(http().send("GET", "/internal/v1/merchants/m-other/deposit-addresses/"
                + tron.path("address_id").asString(), null))).isEqualTo("404 address_not_found");
    }

    @Test
    void refusesUnknownChainsAndMerchantsWithoutXpubs() {
        onboard("m-refuse", 5);

        assertThat(problem(newAddress("m-refuse", "dogecoin", null))).isEqualTo("400 unknown_chain");
        assertThat(problem(newAddress("m-nobody", "tron", null))).isEqualTo("409 merchant_not_onboarded");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM deposit_address WHERE merchant_id IN ('m-refuse', "
                + "'m-nobody')", Integer.class)).isZero();
    }

    @Test
    void concurrentRequestsGetDistinctIndexes() throws Exception {
        onboard("m-race", 6);
        int requests = 24;
        List<Future<HttpResponse<String>>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < requests; i++) {
                Callable<HttpResponse<String>> call = () -> newAddress("m-race", "tron", null);
                futures.add(pool.submit(call));
            }
        }
        Set<Integer> indexes = new HashSet<>();
        Set<String> addresses = new HashSet<>();
        for (Future<HttpResponse<String>> future : futures) {
            HttpResponse<String> response = future.get();
            assertThat(response.statusCode()).isEqualTo(201);
            indexes.add(json(response).path("index").asInt());
            addresses.add(json(response).path("address").asString());
        }
        assertThat(indexes).hasSize(requests).allMatch(i -> i >= 0 && i < requests);
        assertThat(addresses).hasSize(requests);
    }

    @Test
    void listsWithACursor() {
        onboard("m-list", 7);
        for (int i = 0; i < 5; i++) {
            newAddress("m-list", "ethereum", "c-" + i);
        }
        JsonNode first = json(http().send("GET", "/internal/v1/merchants/m-list/deposit-addresses?limit=3", null));
        JsonNode second = json(http().send("GET", "/internal/v1/merchants/m-list/deposit-addresses?limit=3&cursor="
                + first.path("next_cursor").asString(), null));

        assertThat(first.path("addresses").size()).isEqualTo(3);
        assertThat(first.path("addresses").get(0).path("customer_reference").asString()).isEqualTo("c-0");
        assertThat(second.path("addresses").size()).isEqualTo(2);
        assertThat(second.path("addresses").get(1).path("customer_reference").asString()).isEqualTo("c-4");
        assertThat(second.path("next_cursor").isMissingNode() || second.path("next_cursor").isNull()).isTrue();
        assertThat(problem(http().send("GET", "/internal/v1/merchants/m-list/deposit-addresses?cursor=abc", null)))
                .isEqualTo("400 invalid_request");
    }
}
