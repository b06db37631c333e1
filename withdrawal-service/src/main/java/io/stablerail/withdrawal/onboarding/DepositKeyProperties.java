package io.stablerail.withdrawal.onboarding;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code stablerail.keys.*}: where the key side's secrets are. Only a file path here, never a secret.
 *
 * @param depositSeedFile a file holding the BIP-39 mnemonic of the HD seed behind deposit addresses (a mounted secret
 *                        in production; {@code STABLERAIL_DEPOSIT_SEED_FILE}). Required: without it the service does
 *                        not start.
 */
@ConfigurationProperties("stablerail.keys")
public record DepositKeyProperties(String depositSeedFile) {
}
