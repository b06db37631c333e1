package io.stablerail.withdrawal.broadcast.chains;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;

import io.stablerail.chain.address.EvmAddress;
import io.stablerail.chain.address.TronAddress;
import io.stablerail.chain.signer.LocalKeySigner;
import io.stablerail.chain.tron.TronClient;
import io.stablerail.chain.tron.TronClientSettings;
import io.stablerail.devnet.evm.HardhatDevnet;
import io.stablerail.devnet.tron.TronDevnet;
import io.stablerail.withdrawal.broadcast.ChainSender;
import org.web3j.crypto.Bip32ECKeyPair;
import org.web3j.crypto.MnemonicUtils;
import org.web3j.utils.Numeric;

/** Small helpers of the devnet tests that start no devnet themselves. */
final class DevnetFixtures {

    private DevnetFixtures() {
    }

    /** Hardhat's development key {@code m/44'/60'/0'/0/index} of its public mnemonic (never real value). */
    static String hardhatKeyHex(int index) {
        byte[] seed = MnemonicUtils.generateSeed(HardhatDevnet.DEVNET_MNEMONIC, "");
        Bip32ECKeyPair master = Bip32ECKeyPair.generateKeyPair(seed);
        int hardened = Bip32ECKeyPair.HARDENED_BIT;
        return Numeric.toHexStringNoPrefixZeroPadded(Bip32ECKeyPair.deriveKeyPair(master,
                new int[] {44 | hardened, 60 | hardened, hardened, 0, index}).getPrivateKey(), 64);
    }

    /** A random destination nobody holds the key of after the test. */
    static EvmAddress freshEvmAddress() {
        return LocalKeySigner.ofPrivateKey("destination", new BigInteger(1, randomKey())).evmAddress();
    }

    static TronAddress freshTronAddress() {
        return LocalKeySigner.ofPrivateKey("destination", new BigInteger(1, randomKey())).tronAddress();
    }

    /** 32 random bytes that are a valid secp256k1 private key (below the order, not zero). */
    static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        key[0] &= 0x7f;
        key[31] |= 1;
        return key;
    }

    /** A TRON client on both of the devnet's nodes (5 s calls). */
    static TronClient tronClient(TronDevnet devnet) {
        return new TronClient(devnet.endpoint(), devnet.endpoint(),
                new TronClientSettings(Duration.ofSeconds(5), 130, 100_000_000L));
    }

    /** Token units with 6 decimals as base units. */
    static BigInteger usd(String amount) {
        return new BigDecimal(amount).movePointRight(6).toBigIntegerExact();
    }

    static ChainSender.AttemptView view(ChainSender.SignedTransaction signed, LocalKeySigner wallet, long nonce) {
        return new ChainSender.AttemptView(java.util.UUID.randomUUID(), signed.txid(),
                wallet.evmAddress().checksummed(), nonce, null, null, signed.rawTransaction());
    }
}
