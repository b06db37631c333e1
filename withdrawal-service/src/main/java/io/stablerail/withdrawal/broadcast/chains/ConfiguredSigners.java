package io.stablerail.withdrawal.broadcast.chains;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.stablerail.chain.registry.ChainFamily;
import io.stablerail.chain.signer.KmsSigner;
import io.stablerail.chain.signer.LocalKeySigner;
import io.stablerail.chain.signer.SignerException;
import io.stablerail.chain.signer.TransactionSigner;
import io.stablerail.withdrawal.broadcast.HotWalletSigners;
import io.stablerail.withdrawal.withdrawals.ChainCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.KmsClientBuilder;

/**
 * {@link HotWalletSigners} built once at startup from {@link SignerProperties}: one signer per chain with a hot wallet.
 * Startup fails when a configured signer's address is not the chain's configured hot wallet, when a source is
 * ambiguous or unreadable, or when a chain has a hot wallet but no signer. Only key ids and addresses are logged.
 */
public final class ConfiguredSigners implements HotWalletSigners, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConfiguredSigners.class);

    private final Map<String, TransactionSigner> byChain;
    private final Map<String, String> walletByChain;
    private final List<KmsClient> kmsClients;

    private ConfiguredSigners(Map<String, TransactionSigner> byChain, Map<String, String> walletByChain,
                              List<KmsClient> kmsClients) {
        this.byChain = Map.copyOf(byChain);
        this.walletByChain = Map.copyOf(walletByChain);
        this.kmsClients = List.copyOf(kmsClients);
    }

    /**
     * @param environment reads environment variables ({@code System::getenv} in production)
     */
    public static ConfiguredSigners load(SignerProperties properties, ChainCatalog catalog,
                                         Function<String, String> environment) {
        Map<String, TransactionSigner> signers = new HashMap<>();
        Map<String, String> wallets = new HashMap<>();
        List<KmsClient> clients = new java.util.ArrayList<>();
        try {
            catalog.hotWallets().forEach((chain, configured) -> {
                SignerProperties.Signer source = properties.signers().get(chain);
                if (source == null) {
                    throw new IllegalStateException("chain " + chain + " has a hot wallet but no signer under "
                            + "stablerail.withdrawal.signers." + chain);
                }
                TransactionSigner signer = open(chain, source, environment, clients);
                String wallet = catalog.hotWallet(chain);
                String address = catalog.chain(chain).family() == ChainFamily.EVM
                        ? signer.evmAddress().checksummed() : signer.tronAddress().base58();
                if (!address.equals(wallet)) {
                    throw new IllegalStateException("signer " + signer.keyId() + " of " + chain + " has address "
                            + address + ", but the configured hot wallet is " + wallet);
                }
                log.info("hot wallet {}/{} signs with {}", chain, wallet, signer.keyId());
                signers.put(chain, signer);
                wallets.put(chain, wallet);
            });
            for (String chain : properties.signers().keySet()) {
                if (!signers.containsKey(chain)) {
                    throw new IllegalStateException("signer configured for " + chain + ", which has no hot wallet");
                }
            }
        } catch (RuntimeException e) {
            clients.forEach(KmsClient::close);
            throw e;
        }
        return new ConfiguredSigners(signers, wallets, clients);
    }

    private static TransactionSigner open(String chain, SignerProperties.Signer source,
                                          Function<String, String> environment, List<KmsClient> clients) {
        int sources = (source.keystoreFile() != null ? 1 : 0) + (source.privateKeyEnv() != null ? 1 : 0)
                + (source.kmsKeyId() != null ? 1 : 0);
        if (sources != 1) {
            throw new IllegalStateException("signer of " + chain + ": set exactly one of keystore-file, "
                    + "private-key-env, kms-key-id");
        }
        if (source.keystoreFile() != null) {
            if (source.keystorePasswordEnv() == null) {
                throw new IllegalStateException("signer of " + chain + ": keystore-password-env is required");
            }
            String password = environment.apply(source.keystorePasswordEnv());
            if (password == null) {
                throw new SignerException("environment variable " + source.keystorePasswordEnv() + " is not set");
            }
            return LocalKeySigner.fromKeystore(Path.of(source.keystoreFile()), password);
        }
        if (source.privateKeyEnv() != null) {
            log.warn("hot wallet of {} signs with a private key from the environment: development only", chain);
            String value = environment.apply(source.privateKeyEnv());
            Map<String, String> one = value == null ? Map.of() : Map.of(source.privateKeyEnv(), value);
            return LocalKeySigner.fromEnvironment(source.privateKeyEnv(), one);
        }
        KmsClientBuilder builder = KmsClient.builder();
        if (source.kmsRegion() != null) {
            builder.region(Region.of(source.kmsRegion()));
        }
        if (source.kmsEndpoint() != null) {
            builder.endpointOverride(URI.create(source.kmsEndpoint()));
        }
        KmsClient client = builder.build();
        clients.add(client);
        return new KmsSigner(client, source.kmsKeyId());
    }

    @Override
    public TransactionSigner signerFor(String chain, String wallet) {
        TransactionSigner signer = byChain.get(chain);
        if (signer == null || !walletByChain.get(chain).equals(wallet)) {
            throw new IllegalStateException("no signer for hot wallet " + chain + "/" + wallet);
        }
        return signer;
    }

    @Override
    public void close() {
        kmsClients.forEach(KmsClient::close);
    }

    @Override
    public String toString() {
        return "ConfiguredSigners" + walletByChain;
    }
}
