package io.stablerail.withdrawal.withdrawals;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A request that passed validation, in canonical form: the address as the chain writes it (EIP-55, base58check),
 * the amount in integer units. Its fingerprint decides whether a replayed idempotency key carries the same request.
 */
public record ValidatedRequest(String merchantId, String idempotencyKey, String chain, long chainId, String asset,
                               String tokenContract, String toAddress, BigInteger amountMinor, BigInteger amountBase,
                               String reference, String hotWallet, String requestedBy) {

    public String fingerprint() {
        String canonical = String.join("|", merchantId, chain, asset, toAddress, amountBase.toString(),
                reference == null ? "" : reference);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
