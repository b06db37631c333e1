package io.stablerail.bench;

import java.math.BigInteger;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.stablerail.chain.address.EvmAddress;
import io.stablerail.chain.address.TronAddress;
import io.stablerail.chain.keys.CoinType;
import io.stablerail.chain.keys.DepositAddresses;
import io.stablerail.chain.keys.ExtendedPublicKey;
import io.stablerail.chain.keys.HdKeys;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Deposit addresses derived per second from a merchant's account xpub, watch-only (goal ≥ 10,000/s), against the
 * baseline of one bare secp256k1 fixed-base point multiplication — the floor of any public derivation, measured in the
 * same run. A full derivation {@code account/0/i} does two of them (one per level) plus HMAC-SHA512, a point addition
 * and Keccak-256; the "external chain" variant reuses {@code account/0} and does one.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AddressDerivationBenchmark {

    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
    private static final FixedPointCombMultiplier MULTIPLIER = new FixedPointCombMultiplier();

    ExtendedPublicKey evmAccount;
    ExtendedPublicKey tronAccount;
    ExtendedPublicKey evmExternalChain;
    final AtomicInteger index = new AtomicInteger();
    BigInteger scalar;

    @Setup(Level.Trial)
    public void keys() {
        byte[] seed = HdKeys.seed("abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon "
                + "abandon about", "");
        evmAccount = HdKeys.accountPublicKey(seed, CoinType.ETHEREUM, 42);
        tronAccount = HdKeys.accountPublicKey(seed, CoinType.TRON, 42);
        evmExternalChain = DepositAddresses.externalChain(evmAccount);
        scalar = new BigInteger("7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0", 16);
    }

    /** Baseline: one fixed-base point multiplication G·k. */
    @Benchmark
    public ECPoint baselinePointMultiplication() {
        return MULTIPLIER.multiply(CURVE.getG(), scalar.add(BigInteger.valueOf(index.incrementAndGet()))).normalize();
    }

    /** {@code m/44'/60'/merchant'/0/i} from the account xpub alone. */
    @Benchmark
    public EvmAddress evmAddressFromAccountXpub() {
        return DepositAddresses.evm(evmAccount, index.incrementAndGet() & 0x7fffffff);
    }

    /** {@code m/44'/195'/merchant'/0/i} from the account xpub alone. */
    @Benchmark
    public TronAddress tronAddressFromAccountXpub() {
        return DepositAddresses.tron(tronAccount, index.incrementAndGet() & 0x7fffffff);
    }

    /** Batch issuance: the external chain key {@code /0} computed once, one derivation per address. */
    @Benchmark
    public EvmAddress evmAddressFromExternalChain() {
        return EvmAddress.ofPublicKey(evmExternalChain.derive(index.incrementAndGet() & 0x7fffffff).publicKey64());
    }

    /** The baseline on both cores: what the machine can do at most (the key is thread-safe and immutable). */
    @Benchmark
    @Threads(2)
    public ECPoint baselinePointMultiplicationTwoThreads() {
        return baselinePointMultiplication();
    }

    /** Batch issuance on both cores, as deposit-service can derive (derivation is pure and thread-safe). */
    @Benchmark
    @Threads(2)
    public EvmAddress evmAddressFromExternalChainTwoThreads() {
        return evmAddressFromExternalChain();
    }
}
