package io.stablerail.withdrawal.onboarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import io.stablerail.chain.keys.CoinType;
import io.stablerail.chain.keys.HdKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading the deposit seed fails with a reason that never repeats the secret; the seed gives out public keys only. */
class DepositSeedTest {

    /** The BIP-39 reference test vector mnemonic (public; never a real wallet). */
    static final String MNEMONIC = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon "
            + "abandon about";

    @TempDir Path directory;

    @Test
    void aMnemonicFileGivesTheAccountXpubsOfHdKeys() throws Exception {
        Path file = Files.writeString(directory.resolve("seed"), "  " + MNEMONIC.replace(" abandon about",
                "\nabandon  about") + "\n");

        DepositSeed seed = DepositSeed.load(file.toString());

        byte[] expected = HdKeys.seed(MNEMONIC, "");
        DepositSeed.AccountXpubs xpubs = seed.accountXpubs(7);
        assertThat(xpubs.tronXpub()).isEqualTo(HdKeys.accountPublicKey(expected, CoinType.TRON, 7).serialize());
        assertThat(xpubs.evmXpub()).isEqualTo(HdKeys.accountPublicKey(expected, CoinType.ETHEREUM, 7).serialize());
        assertThat(xpubs.tronXpub()).startsWith("xpub");
        assertThat(xpubs.evmXpub()).startsWith("xpub").isNotEqualTo(xpubs.tronXpub());
        assertThat(seed.toString()).doesNotContain("abandon").contains("redacted");
    }

    @Test
    void noSettingIsAClearRefusal() {
        assertThatThrownBy(() -> DepositSeed.load(null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("stablerail.keys.deposit-seed-file").hasMessageContaining("does not start");
        assertThatThrownBy(() -> DepositSeed.load("  ")).hasMessageContaining("STABLERAIL_DEPOSIT_SEED_FILE");
    }

    @Test
    void anUnreadableFileOrABadMnemonicIsRefusedWithoutRepeatingTheContent() throws Exception {
        assertThatThrownBy(() -> DepositSeed.load(directory.resolve("missing").toString()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot be read");
        Path huge = Files.writeString(directory.resolve("huge"), (MNEMONIC + "\n").repeat(100));
        assertThatThrownBy(() -> DepositSeed.load(huge.toString())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("larger than 4096 bytes").hasMessageNotContaining("abandon");
        String badChecksum = MNEMONIC.replace("about", "abandon");
        Path bad = Files.writeString(directory.resolve("bad"), badChecksum);
        assertThatThrownBy(() -> DepositSeed.load(bad.toString())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not a valid BIP-39 mnemonic").hasMessageNotContaining("abandon");
    }

    @Test
    void aNegativeAccountIsRefused() {
        DepositSeed seed = DepositSeed.fromMnemonic(MNEMONIC, "test");
        assertThatThrownBy(() -> seed.accountXpubs(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
