package io.stablerail.gateway.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code StableRail-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>}. Receivers recompute
 * the HMAC over the raw body, compare in constant time, and reject timestamps older than 5 minutes (docs/webhooks.md).
 */
public final class WebhookSignature {

    private WebhookSignature() {
    }

    public static String sign(byte[] secret, long unixSeconds, byte[] body) {
        return "t=" + unixSeconds + ",v1=" + HexFormat.of().formatHex(hmac(secret, unixSeconds, body));
    }

    static byte[] hmac(byte[] secret, long unixSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((unixSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
