package io.stablerail.withdrawal.broadcast.chains;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.security.SecureRandom;

import io.stablerail.chain.address.EvmAddress;
import io.stablerail.chain.signer.LocalKeySigner;
import io.stablerail.devnet.evm.HardhatDevnet;
import io.stablerail.withdrawal.broadcast.ChainSender;
import org.web3j.crypto.Bip32ECKeyPair;
import org.web3j.crypto.MnemonicUtils;
import org.web3j.utils.Numeric;

/** Small helpers of the devnet tests that need no running devnet (so using them starts none). */
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

    static EvmAddress freshEvmAddress() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        key[0] &= 0x7f;
        key[31] |= 1;
        return LocalKeySigner.ofPrivateKey("destination", new BigInteger(1, key)).evmAddress();
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
