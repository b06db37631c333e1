package io.stablerail.chain.failure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The classification table (docs/chain-errors.md is the same table). Unknown failures are RETRY — the same signed
 * transaction is safe to send again (same txid / same nonce), and the retry budget is bounded by the caller — never
 * REBUILD, which could create a second transfer.
 */
public final class FailureClassifier {

    /** java-tron {@code Return.response_code} names. */
    static final Map<String, FailureClass> TRON = Map.ofEntries(
            Map.entry("SIGERROR", FailureClass.FAIL_FAST),
            Map.entry("CONTRACT_VALIDATE_ERROR", FailureClass.FAIL_FAST),
            Map.entry("CONTRACT_EXE_ERROR", FailureClass.FAIL_FAST),
            Map.entry("TOO_BIG_TRANSACTION_ERROR", FailureClass.FAIL_FAST),
            Map.entry("BANDWITH_ERROR", FailureClass.RETRY),
            Map.entry("DUP_TRANSACTION_ERROR", FailureClass.ALREADY_KNOWN),
            Map.entry("TAPOS_ERROR", FailureClass.REBUILD),
            Map.entry("TRANSACTION_EXPIRATION_ERROR", FailureClass.REBUILD),
            Map.entry("SERVER_BUSY", FailureClass.RETRY),
            Map.entry("NO_CONNECTION", FailureClass.RETRY),
            Map.entry("NOT_ENOUGH_EFFECTIVE_CONNECTION", FailureClass.RETRY),
            Map.entry("BLOCK_UNSOLIDIFIED", FailureClass.RETRY),
            Map.entry("OTHER_ERROR", FailureClass.RETRY));

    /** Lower-case fragments of EVM node error messages (geth, erigon, nethermind, besu, hardhat), first match wins. */
    static final Map<String, FailureClass> EVM = evmTable();

    /**
     * Lower-case fragments of the messages providers use to refuse an {@code eth_getLogs} range as too large
     * (Infura/geth-style result caps, Alchemy, QuickNode, Ankr, bor/BSC, Besu, Nethermind). The log scanner halves the
     * range and asks again; the class of such a failure stays RETRY.
     */
    static final List<String> LOG_RANGE_TOO_LARGE = List.of("query returned more than", "block range is too large",
            "block range too large", "exceed maximum block range", "exceeds maximum block range",
            "block range is too wide", "range exceeds maximum", "exceeds max range", "response size exceeded",
            "response size should not greater than", "is limited to a 10,000 range", "too many blocks",
            "log response size exceeded", "query exceeds max results");

    private FailureClassifier() {
    }

    /** Whether a node's message refuses an {@code eth_getLogs} block range as too large (split it and ask again). */
    public static boolean logRangeTooLarge(String message) {
        String normalized = message == null ? "" : message.toLowerCase(Locale.ROOT);
        return LOG_RANGE_TOO_LARGE.stream().anyMatch(normalized::contains);
    }

    /** HTTP 413 (Content Too Large): some gateways refuse big log answers this way, with no JSON-RPC error. */
    public static boolean logRangeTooLarge(int httpStatus) {
        return httpStatus == 413;
    }

    private static Map<String, FailureClass> evmTable() {
        Map<String, FailureClass> table = new LinkedHashMap<>();
        for (String known : List.of("already known", "known transaction", "already imported", "already exists",
                "nonce too low", "nonce has already been used")) {
            table.put(known, FailureClass.ALREADY_KNOWN);
        }
        for (String rebuild : List.of("replacement transaction underpriced", "max fee per gas less than block base fee",
                "transaction underpriced", "fee cap less than block base fee")) {
            table.put(rebuild, FailureClass.REBUILD);
        }
        for (String stop : List.of("execution reverted", "intrinsic gas too low", "exceeds block gas limit",
                "invalid sender", "invalid signature", "transaction type not supported", "invalid chain id",
                "invalid chainid", "signed for another chain",
                "only replay-protected", "nonce too high", "gas limit reached",
                // Hardhat's wording of a revert (eth_estimateGas, eth_call, automined sends)
                "vm exception while processing transaction", "transaction reverted")) {
            table.put(stop, FailureClass.FAIL_FAST);
        }
        // the hot wallet lacks native coin for gas: the withdrawal waits for liquidity, then the same tx is retried
        table.put("insufficient funds", FailureClass.RETRY);
        for (String transientFailure : List.of("timeout", "timed out", "rate limit", "too many requests",
                "header not found", "connection refused", "service unavailable", "bad gateway")) {
            table.put(transientFailure, FailureClass.RETRY);
        }
        return table;
    }

    public static FailureClass tron(String responseCode) {
        if (responseCode == null || responseCode.equals("SUCCESS")) {
            throw new IllegalArgumentException("not a failure: " + responseCode);
        }
        return TRON.getOrDefault(responseCode, FailureClass.RETRY);
    }

    public static FailureClass evm(String message) {
        String normalized = message == null ? "" : message.toLowerCase(Locale.ROOT);
        return EVM.entrySet().stream().filter(entry -> normalized.contains(entry.getKey()))
                .map(Map.Entry::getValue).findFirst().orElse(FailureClass.RETRY);
    }

    /** An HTTP-level answer from an RPC endpoint (no JSON-RPC error to read). */
    public static FailureClass http(int status) {
        if (status == 429 || status == 408 || status >= 500) {
            return FailureClass.RETRY;
        }
        if (status >= 400) {
            return FailureClass.FAIL_FAST;
        }
        throw new IllegalArgumentException("not a failure: HTTP " + status);
    }
}
