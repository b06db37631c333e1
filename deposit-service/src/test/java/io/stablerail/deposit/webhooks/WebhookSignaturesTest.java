package io.stablerail.deposit.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

class WebhookSignaturesTest {

    // RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?"
    static final byte[] KEY = "Jefe".getBytes(StandardCharsets.US_ASCII);
    static final byte[] DATA = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);
    static final String HMAC_SHA256 = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";

    @Test
    void matchesTheRfc4231Vector() {
        assertThat(HexFormat.of().formatHex(WebhookSignatures.hmacSha256(KEY, DATA))).isEqualTo(HMAC_SHA256);
    }

    @Test
    void verifiesHexInEitherCaseWithOrWithoutPrefix() {
        assertThat(WebhookSignatures.verify(KEY, DATA, HMAC_SHA256)).isTrue();
        assertThat(WebhookSignatures.verify(KEY, DATA, HMAC_SHA256.toUpperCase())).isTrue();
        assertThat(WebhookSignatures.verify(KEY, DATA, "sha256=" + HMAC_SHA256)).isTrue();
    }

    @Test
    void refusesAnythingElse() {
        String flipped = (HMAC_SHA256.charAt(0) == '5' ? "6" : "5") + HMAC_SHA256.substring(1);
        assertThat(WebhookSignatures.verify(KEY, DATA, flipped)).isFalse();
        assertThat(WebhookSignatures.verify(KEY, DATA, null)).isFalse();
        assertThat(WebhookSignatures.verify(KEY, DATA, "")).isFalse();
        assertThat(WebhookSignatures.verify(KEY, DATA, HMAC_SHA256.substring(2))).isFalse();
        assertThat(WebhookSignatures.verify("jefe".getBytes(StandardCharsets.US_ASCII), DATA, HMAC_SHA256)).isFalse();
        assertThat(WebhookSignatures.verify(KEY, "what do ya want for nothing!".getBytes(StandardCharsets.US_ASCII),
                HMAC_SHA256)).isFalse();
    }
}
