package io.stablerail.withdrawal.broadcast.chains;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code stablerail.withdrawal.signers.<chain>}: where the key of each chain's hot wallet lives. Exactly one source per
 * chain; nothing secret is written here, only where to find it:
 * <pre>
 * stablerail.withdrawal.signers.ethereum: {kms-key-id: arn:aws:kms:…:key/…, kms-region: eu-central-1}
 * stablerail.withdrawal.signers.tron: {keystore-file: /secrets/tron-hot.json, keystore-password-env: TRON_HOT_PASSWORD}
 * stablerail.withdrawal.signers.evm-devnet: {private-key-env: DEVNET_HOT_KEY}   # development only
 * </pre>
 */
@ConfigurationProperties("stablerail.withdrawal")
public record SignerProperties(Map<String, Signer> signers) {

    /**
     * @param keystoreFile        an encrypted (Web3 Secret Storage v3) keystore file
     * @param keystorePasswordEnv the environment variable holding its password
     * @param privateKeyEnv       the environment variable holding a hex private key (development only)
     * @param kmsKeyId            an AWS KMS key (ECC_SECG_P256K1, SIGN_VERIFY): id, ARN or alias
     * @param kmsRegion           its region (default: the SDK's region chain)
     * @param kmsEndpoint         an endpoint override (a VPC endpoint, or a local KMS in tests)
     */
    public record Signer(String keystoreFile, String keystorePasswordEnv, String privateKeyEnv, String kmsKeyId,
                         String kmsRegion, String kmsEndpoint) {
    }

    public SignerProperties {
        signers = signers == null ? Map.of() : Map.copyOf(signers);
    }
}
