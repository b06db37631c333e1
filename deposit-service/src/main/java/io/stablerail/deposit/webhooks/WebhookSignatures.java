package io.stablerail.deposit.webhooks;

import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 over the raw request body, compared in constant time. */
public final class WebhookSignatures {

    private WebhookSignatures() {
    }

    public static byte[] hmacSha256(byte[] key, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    /** True if {@code signatureHex} is the hex HMAC-SHA256 of {@code body} under {@code key}. */
    public static boolean verify(byte[] key, byte[] body, String signatureHex) {
        if (signatureHex == null || !signatureHex.matches("(?i)(sha256=)?[0-9a-f]{64}")) {
            return false;
        }
        String hex = signatureHex.regionMatches(true, 0, "sha256=", 0, 7) ? signatureHex.substring(7) : signatureHex;
        return MessageDigest.isEqual(hmacSha256(key, body),
                HexFormat.of().parseHex(hex.toLowerCase(java.util.Locale.ROOT)));
    }
}
