package io.stablerail.withdrawal.support;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Talks to the in-process ledger as the tests' bank: funds merchants, reads holds and balances. */
public final class LedgerTestClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String baseUrl;

    public LedgerTestClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** Credits the merchant's available balance as a confirmed deposit would (DR deposit wallet, CR merchant). */
    public void fund(String merchantId, String currency, BigInteger minorUnits) {
        String wallet = "{\"kind\":\"DEPOSIT_WALLET\",\"currency\":\"" + currency + "\",\"chain\":\"tron\","
                + "\"token\":\"TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t\",\"wallet\":\"TTestDepositWallet\"}";
        String body = "{\"idempotency_key\":\"fund-" + UUID.randomUUID() + "\",\"type\":\"DEPOSIT\",\"postings\":["
                + "{\"account\":" + wallet + ",\"amount\":\"-" + minorUnits + "\"},"
                + "{\"account\":{\"kind\":\"MERCHANT_AVAILABLE\",\"currency\":\"" + currency + "\",\"merchant_id\":\""
                + merchantId + "\"},\"amount\":\"" + minorUnits + "\"}]}";
        HttpResponse<String> response = send("POST", "/internal/v1/entries", body);
        if (response.statusCode() != 201) {
            throw new IllegalStateException("funding failed: " + response.body());
        }
    }

    /**
     * Books a platform hot wallet's balance as a sweep or gas top-up would (DR HOT_WALLET, CR SUSPENSE), so that
     * posting a withdrawal and its fee against it is possible (the ledger never lets a wallet go negative).
     */
    public void bookHotWallet(String chain, String token, String wallet, String currency, BigInteger amount) {
        String body = "{\"idempotency_key\":\"hot-" + UUID.randomUUID() + "\",\"type\":\"TEST_FUNDING\",\"postings\":["
                + "{\"account\":{\"kind\":\"HOT_WALLET\",\"currency\":\"" + currency + "\",\"chain\":\"" + chain
                + "\",\"token\":\"" + token + "\",\"wallet\":\"" + wallet + "\"},\"amount\":\"-" + amount + "\"},"
                + "{\"account\":{\"kind\":\"SUSPENSE\",\"currency\":\"" + currency + "\"},\"amount\":\"" + amount
                + "\"}]}";
        HttpResponse<String> response = send("POST", "/internal/v1/entries", body);
        if (response.statusCode() != 201) {
            throw new IllegalStateException("hot wallet booking failed: " + response.body());
        }
    }

    /** A platform wallet account's balance (normal side), zero when the ledger has no such account. */
    public BigInteger walletBalance(String chain, String token, String wallet, String currency) {
        for (JsonNode row : JSON.readTree(send("GET", "/internal/v1/platform/wallet-balances", null).body())) {
            if (row.path("chain").asString().equals(chain) && row.path("token").asString().equals(token)
                    && row.path("wallet").asString().equals(wallet) && row.path("currency").asString().equals(currency)
                    && row.path("kind").asString().equals("HOT_WALLET")) {
                return new BigInteger(row.path("balance").asString());
            }
        }
        return BigInteger.ZERO;
    }

    /** The hold as JSON, or null when the ledger has none (404). */
    public JsonNode hold(UUID holdId) {
        HttpResponse<String> response = send("GET", "/internal/v1/holds/" + holdId, null);
        return response.statusCode() == 404 ? null : JSON.readTree(response.body());
    }

    public BigInteger available(String merchantId, String currency) {
        return balance(merchantId, currency, "available");
    }

    public BigInteger held(String merchantId, String currency) {
        return balance(merchantId, currency, "held");
    }

    private BigInteger balance(String merchantId, String currency, String field) {
        JsonNode balances = JSON.readTree(send("GET", "/internal/v1/merchants/" + merchantId + "/balances", null)
                .body()).path("balances");
        for (JsonNode balance : balances) {
            if (balance.path("currency").asString().equals(currency)) {
                return new BigInteger(balance.path(field).asString());
            }
        }
        return BigInteger.ZERO;
    }

    private HttpResponse<String> send(String method, String path, String body) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Content-Type",
                    "application/json").method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
