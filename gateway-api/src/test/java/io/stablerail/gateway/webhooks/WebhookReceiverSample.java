package io.stablerail.gateway.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What a merchant's receiver does with a webhook, written with the JDK only and quoted in docs/webhooks.md: verify
 * {@code StableRail-Signature} over the raw body, in constant time, and refuse timestamps older than 5 minutes.
 * Deliberately independent of {@link WebhookSignature}.
 */
public final class WebhookReceiverSample {

    private static final Duration TOLERANCE = Duration.ofMinutes(5);

    private WebhookReceiverSample() {
    }

    /** true when the header carries a valid, fresh signature of {@code rawBody} under {@code secret}. */
    public static boolean verify(String secret, String signatureHeader, byte[] rawBody, Instant now) throws Exception {
        long timestamp = -1;
        String expectedHex = null;
        for (String part : signatureHeader.split(",")) {
            String[] pair = part.trim().split("=", 2);
            if (pair.length == 2 && pair[0].equals("t")) {
                timestamp = Long.parseLong(pair[1]);
            } else if (pair.length == 2 && pair[0].equals("v1")) {
                expectedHex = pair[1];
            }
        }
        if (timestamp < 0 || expectedHex == null) {
            return false;
        }
        if (Duration.between(Instant.ofEpochSecond(timestamp), now).abs().compareTo(TOLERANCE) > 0) {
            return false; // too old (or from the future): a replay
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
        byte[] computed = mac.doFinal(rawBody);
        return MessageDigest.isEqual(computed, HexFormat.of().parseHex(expectedHex));
    }
}
