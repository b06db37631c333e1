package io.stablerail.devnet.tron;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import com.google.protobuf.ByteString;

/**
 * Balances at one height: TRX per 21-byte account address, and the devnet USDT's storage (balances, allowances,
 * blacklist) keyed by 20-byte EVM-style addresses, as the TVM sees them. Mutable; the chain keeps a copy per block
 * so the solidity node and forks can read or return to an older height.
 */
final class LedgerState {

    final Map<ByteString, Long> trxSun;
    final Map<ByteString, BigInteger> usdtBalances;
    final Map<ByteString, Map<ByteString, BigInteger>> usdtAllowances;
    final Set<ByteString> usdtBlacklist;

    LedgerState() {
        this(new HashMap<>(), new HashMap<>(), new HashMap<>(), new HashSet<>());
    }

    private LedgerState(Map<ByteString, Long> trxSun, Map<ByteString, BigInteger> usdtBalances,
            Map<ByteString, Map<ByteString, BigInteger>> usdtAllowances, Set<ByteString> usdtBlacklist) {
        this.trxSun = trxSun;
        this.usdtBalances = usdtBalances;
        this.usdtAllowances = usdtAllowances;
        this.usdtBlacklist = usdtBlacklist;
    }

    LedgerState copy() {
        Map<ByteString, Map<ByteString, BigInteger>> allowances = new HashMap<>();
        usdtAllowances.forEach((owner, spenders) -> allowances.put(owner, new HashMap<>(spenders)));
        return new LedgerState(new HashMap<>(trxSun), new HashMap<>(usdtBalances), allowances,
                new HashSet<>(usdtBlacklist));
    }

    /** Takes over another state's contents (a call that succeeded on a scratch copy). */
    void replaceWith(LedgerState other) {
        trxSun.clear();
        trxSun.putAll(other.trxSun);
        usdtBalances.clear();
        usdtBalances.putAll(other.usdtBalances);
        usdtAllowances.clear();
        usdtAllowances.putAll(other.copy().usdtAllowances);
        usdtBlacklist.clear();
        usdtBlacklist.addAll(other.usdtBlacklist);
    }

    long trx(ByteString address21) {
        return trxSun.getOrDefault(address21, 0L);
    }

    boolean accountExists(ByteString address21) {
        return trxSun.containsKey(address21);
    }

    void addTrx(ByteString address21, long sun) {
        long updated = Math.addExact(trx(address21), sun);
        if (updated < 0) {
            throw new IllegalStateException("TRX balance would go negative");
        }
        trxSun.put(address21, updated);
    }

    BigInteger usdt(ByteString address20) {
        return usdtBalances.getOrDefault(address20, BigInteger.ZERO);
    }

    BigInteger allowance(ByteString owner20, ByteString spender20) {
        return usdtAllowances.getOrDefault(owner20, Map.of()).getOrDefault(spender20, BigInteger.ZERO);
    }
}
