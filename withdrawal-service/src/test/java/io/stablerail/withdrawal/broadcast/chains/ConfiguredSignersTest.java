package io.stablerail.withdrawal.broadcast.chains;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.stablerail.chain.signer.LocalKeySigner;
import io.stablerail.chain.signer.SignerException;
import io.stablerail.chain.signer.TransactionSigner;
import io.stablerail.withdrawal.withdrawals.ChainCatalog;
import io.stablerail.withdrawal.withdrawals.WithdrawalProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.WalletUtils;

/** Hot-wallet signers from configuration: one source each, the configured wallet must be the signer's address. */
class ConfiguredSignersTest {

    static final BigInteger KEY = new BigInteger("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318", 16);
    static final LocalKeySigner EXPECTED = LocalKeySigner.ofPrivateKey("expected", KEY);
    static final String KEY_HEX = KEY.toString(16);

    static ChainCatalog catalog(Map<String, String> hotWallets) {
        return new ChainCatalog(new WithdrawalProperties(hotWallets, List.of(), Map.of(),
                new WithdrawalProperties.Policy(BigInteger.TEN, BigInteger.TEN, BigInteger.ONE, BigInteger.TWO,
                        Duration.ZERO, Map.of()),
                new WithdrawalProperties.Intake(Duration.ofSeconds(1), Duration.ofSeconds(1), 1),
                new WithdrawalProperties.Broadcast(false, Duration.ofSeconds(1), 1, Duration.ofMillis(1),
                        Duration.ofMillis(2), Duration.ofSeconds(1), 1, 10, Duration.ofSeconds(1), 10, java.util.Map.of())));
    }

    static SignerProperties.Signer env(String variable) {
        return new SignerProperties.Signer(null, null, variable, null, null, null);
    }

    @Test
    void aKeyFromTheEnvironmentSignsForItsOwnAddressOnBothFamilies() {
        ChainCatalog catalog = catalog(Map.of("ethereum", EXPECTED.evmAddress().checksummed(),
                "tron", EXPECTED.tronAddress().base58()));
        ConfiguredSigners signers = ConfiguredSigners.load(new SignerProperties(Map.of("ethereum", env("HOT_KEY"),
                "tron", env("HOT_KEY"))), catalog, Map.of("HOT_KEY", KEY_HEX)::get);

        TransactionSigner evm = signers.signerFor("ethereum", EXPECTED.evmAddress().checksummed());
        assertThat(evm.evmAddress()).isEqualTo(EXPECTED.evmAddress());
        assertThat(evm.keyId()).isEqualTo("env:HOT_KEY");
        assertThat(signers.signerFor("tron", EXPECTED.tronAddress().base58()).tronAddress())
                .isEqualTo(EXPECTED.tronAddress());
        assertThat(signers.toString()).doesNotContain(KEY_HEX);
        assertThatThrownBy(() -> signers.signerFor("ethereum", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aSignerWhoseAddressIsNotTheConfiguredHotWalletFailsStartupWithoutShowingTheKey() {
        ChainCatalog catalog = catalog(Map.of("ethereum", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"));

        assertThatThrownBy(() -> ConfiguredSigners.load(new SignerProperties(Map.of("ethereum", env("HOT_KEY"))),
                catalog, Map.of("HOT_KEY", KEY_HEX)::get))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(EXPECTED.evmAddress().checksummed())
                .hasMessageContaining("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")
                .message().doesNotContain(KEY_HEX);
    }

    @Test
    void aKeystoreIsOpenedWithThePasswordFromTheEnvironmentAndAWrongPasswordFailsStartup(@TempDir Path dir)
            throws Exception {
        String file = WalletUtils.generateWalletFile("right password", ECKeyPair.create(KEY), dir.toFile(), false);
        ChainCatalog catalog = catalog(Map.of("tron", EXPECTED.tronAddress().base58()));
        SignerProperties properties = new SignerProperties(Map.of("tron", new SignerProperties.Signer(
                dir.resolve(file).toString(), "KEYSTORE_PASSWORD", null, null, null, null)));

        assertThat(ConfiguredSigners.load(properties, catalog, Map.of("KEYSTORE_PASSWORD", "right password")::get)
                .signerFor("tron", EXPECTED.tronAddress().base58()).tronAddress()).isEqualTo(EXPECTED.tronAddress());
        assertThatThrownBy(() -> ConfiguredSigners.load(properties, catalog,
                Map.of("KEYSTORE_PASSWORD", "wrong")::get)).isInstanceOf(SignerException.class);
        assertThat(Files.exists(dir.resolve(file))).isTrue();
    }

    @Test
    void everyHotWalletNeedsExactlyOneSignerSource() {
        ChainCatalog catalog = catalog(Map.of("ethereum", EXPECTED.evmAddress().checksummed()));

        assertThatThrownBy(() -> ConfiguredSigners.load(new SignerProperties(Map.of()), catalog, name -> null))
                .hasMessageContaining("no signer");
        assertThatThrownBy(() -> ConfiguredSigners.load(new SignerProperties(Map.of("ethereum",
                new SignerProperties.Signer("/k.json", "P", "HOT_KEY", null, null, null))), catalog,
                Map.of("HOT_KEY", KEY_HEX)::get)).hasMessageContaining("exactly one");
        assertThatThrownBy(() -> ConfiguredSigners.load(new SignerProperties(Map.of("ethereum", env("HOT_KEY"),
                "tron", env("HOT_KEY"))), catalog, Map.of("HOT_KEY", KEY_HEX)::get))
                .hasMessageContaining("no hot wallet");
        assertThatThrownBy(() -> ConfiguredSigners.load(new SignerProperties(Map.of("ethereum", env("UNSET"))),
                catalog, name -> null)).isInstanceOf(SignerException.class);
    }
}
