package io.stablerail.confirmation.tracking.chain;

import java.io.IOException;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import io.stablerail.chain.address.EvmAddress;
import io.stablerail.chain.evm.EvmClient;
import io.stablerail.chain.failure.ChainException;
import io.stablerail.chain.failure.FailureClass;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code eth_getTransactionCount(address, block)} at a given height, which {@link EvmClient} does not offer (it reads
 * only the latest and pending counts). Sent to the same endpoint as the client, within its call timeout; any failure
 * is RETRY, so the endpoint pool retries and fails over as for every other call.
 */
final class EvmNonces {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private EvmNonces() {
    }

    static BigInteger transactionCount(EvmClient client, EvmAddress address, long blockNumber) {
        String body = JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", 1, "method", "eth_getTransactionCount",
                "params", java.util.List.of(address.checksummed(), "0x" + Long.toHexString(blockNumber))));
        HttpRequest request = HttpRequest.newBuilder(client.settings().rpcUrl())
                .timeout(client.settings().callTimeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new ChainException(FailureClass.RETRY, "HTTP_" + response.statusCode(),
                        "eth_getTransactionCount answered HTTP " + response.statusCode());
            }
            JsonNode result = JSON.readTree(response.body()).get("result");
            if (result == null || !result.isString() || !result.asString().startsWith("0x")) {
                throw new ChainException(FailureClass.RETRY, "NO_RESULT", "eth_getTransactionCount gave no result");
            }
            return new BigInteger(result.asString().substring(2), 16);
        } catch (IOException e) {
            throw new ChainException(FailureClass.RETRY, "IO", "eth_getTransactionCount failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChainException(FailureClass.RETRY, "INTERRUPTED", "eth_getTransactionCount interrupted", e);
        }
    }
}
