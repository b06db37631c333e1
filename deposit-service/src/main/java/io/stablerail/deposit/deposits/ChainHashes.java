package io.stablerail.deposit.deposits;

import java.util.Locale;

import io.stablerail.chain.registry.ChainFamily;
import io.stablerail.chain.registry.ChainRegistry;

/**
 * The one stored form of transaction and block hashes, so that the same fact reported by different sources (a scanner
 * adapter, a provider webhook, the confirmation worker) has the same key: lower-case hex, with {@code 0x} on EVM and
 * without it on TRON (whose ids are bare hex).
 */
public final class ChainHashes {

    private ChainHashes() {
    }

    public static String normalize(String chain, String hash) {
        return normalize(ChainRegistry.knownChain(chain).family(), hash);
    }

    public static String normalize(ChainFamily family, String hash) {
        String bare = hash.strip().toLowerCase(Locale.ROOT);
        if (bare.startsWith("0x")) {
            bare = bare.substring(2);
        }
        return family == ChainFamily.EVM ? "0x" + bare : bare;
    }
}
