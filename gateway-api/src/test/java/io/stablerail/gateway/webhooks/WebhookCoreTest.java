package io.stablerail.gateway.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class WebhookCoreTest {

    static final byte[] SECRET = "whsec_test".getBytes(StandardCharsets.UTF_8);
    static final byte[] BODY = "{\"id\":\"evt_1\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void signatureMatchesAVectorComputedWithOpenssl() {
        // printf '%s' '1700000000.{"id":"evt_1"}' | openssl dgst -sha256 -hmac whsec_test
        assertThat(WebhookSignature.sign(SECRET, 1_700_000_000L, BODY))
                .isEqualTo("t=1700000000,v1=c89214b5b5da833daed6f0b8c5bb6bd58cea9022bd80ccc78230f3942d632925");
    }

    @Test
    void theReceiverSampleAcceptsOurSignaturesAndRefusesTamperingOldAndWrongSecrets() throws Exception {
        Instant now = Instant.ofEpochSecond(1_700_000_100L);
        String header = WebhookSignature.sign(SECRET, 1_700_000_000L, BODY);

        assertThat(WebhookReceiverSample.verify("whsec_test", header, BODY, now)).isTrue();
        assertThat(WebhookReceiverSample.verify("whsec_other", header, BODY, now)).isFalse();
        assertThat(WebhookReceiverSample.verify("whsec_test", header, "{\"id\":\"evt_2\"}".getBytes(), now)).isFalse();
        assertThat(WebhookReceiverSample.verify("whsec_test", header, BODY, now.plusSeconds(301))).isFalse();
        assertThat(WebhookReceiverSample.verify("whsec_test", "v1=abc", BODY, now)).isFalse();
    }

    @Test
    void retriesSpanAtLeastThreeDaysInABoundedNumberOfAttemptsWhateverTheJitter() {
        for (double random : new double[] {0.0, 0.5, 0.999_999}) {
            Instant first = Instant.parse("2026-11-21T00:00:00Z");
            Instant at = first;
            int attempts = 1;
            Optional<Instant> next;
            while ((next = WebhookRetrySchedule.nextAttemptAt(attempts, at, () -> random)).isPresent()) {
                assertThat(next.get()).isAfter(at);
                at = next.get();
                attempts++;
            }
            assertThat(attempts).isEqualTo(WebhookRetrySchedule.ATTEMPTS_MAX).isEqualTo(11);
            assertThat(Duration.between(first, at)).isGreaterThanOrEqualTo(Duration.ofDays(3))
                    .isLessThanOrEqualTo(Duration.ofDays(4));
        }
        assertThat(WebhookRetrySchedule.nextAttemptAt(0, Instant.EPOCH, () -> 0.5)).isEmpty();
    }

    @Test
    void anEndpointIsDisabledOnlyAfterThreeDaysOfFailuresWithoutSuccess() {
        Instant start = Instant.parse("2026-11-01T00:00:00Z");
        List<EndpointHealth.Outcome> failures = new ArrayList<>();
        for (int hour = 0; hour <= 72; hour += 12) {
            failures.add(new EndpointHealth.Outcome(start.plus(Duration.ofHours(hour)), false));
        }
        Instant now = start.plus(Duration.ofHours(72));

        assertThat(EndpointHealth.shouldDisable(failures, now)).isTrue();
        assertThat(EndpointHealth.shouldDisable(failures.subList(1, failures.size()), now))
                .as("streak younger than 3 days").isFalse();
        List<EndpointHealth.Outcome> withSuccess = new ArrayList<>(failures);
        withSuccess.add(3, new EndpointHealth.Outcome(start.plus(Duration.ofHours(30)), true));
        assertThat(EndpointHealth.shouldDisable(withSuccess, now)).as("a success resets").isFalse();
    }

    @Test
    void targetsMustBeHttpsToPublicAddressesAtRegistrationAndAtConnectTime() throws Exception {
        Map<String, List<InetAddress>> dns = new java.util.HashMap<>(Map.of(
                "good.example", List.of(InetAddress.getByName("93.184.216.34")),
                "internal.example", List.of(InetAddress.getByName("10.1.2.3")),
                "mixed.example", List.of(InetAddress.getByName("93.184.216.34"), InetAddress.getByName("192.168.1.1"))));
        WebhookTargetPolicy production = new WebhookTargetPolicy(false, host -> {
            List<InetAddress> answer = dns.get(host);
            return answer != null ? answer : List.of(InetAddress.getByName(host));
        });

        production.checkAtRegistration(URI.create("https://good.example/hooks"));
        for (String refused : List.of("http://good.example/hooks", "https://internal.example/h", "https://mixed.example/h",
                "https://127.0.0.1/h", "https://[::1]/h", "https://169.254.169.254/latest", "https://[fe80::1]/h",
                "https://0.0.0.0/h", "https://[::ffff:10.0.0.1]/h", "https://[fd00::1]/h", "https://100.64.0.1/h",
                "https://172.16.0.1/h", "https://good.example@127.0.0.1/h", "http://localhost:8080/h",
                "https://2130706433/h", "https://0x7f.1/h")) {
            assertThatThrownBy(() -> production.checkAtRegistration(URI.create(refused)))
                    .as(refused).isInstanceOf(WebhookTargetPolicy.TargetNotAllowedException.class);
        }
        // DNS rebinding: the name that was public at registration points inside at connect time
        dns.put("good.example", List.of(InetAddress.getByName("10.0.0.5")));
        assertThatThrownBy(() -> production.resolveAllowed("good.example"))
                .hasMessageContaining("10.0.0.5");

        WebhookTargetPolicy localStack = new WebhookTargetPolicy(true, host -> List.of(InetAddress.getByName(host)));
        localStack.checkAtRegistration(URI.create("http://localhost:9999/hooks"));
        localStack.checkAtRegistration(URI.create("http://127.0.0.1:9999/hooks"));
        assertThatThrownBy(() -> localStack.checkAtRegistration(URI.create("http://10.0.0.1/hooks")))
                .isInstanceOf(WebhookTargetPolicy.TargetNotAllowedException.class);
    }

    @Test
    void secretsAreEncryptedAtRestAndNeverPrinted() {
        SecretBox box = new SecretBox(java.util.Base64.getEncoder().encodeToString(new byte[32]));
        byte[] sealed = box.seal(SECRET);

        assertThat(sealed).isNotEqualTo(SECRET).hasSize(SECRET.length + 12 + 16);
        assertThat(box.open(sealed)).isEqualTo(SECRET);
        assertThat(box.seal(SECRET)).as("fresh nonce each time").isNotEqualTo(sealed);
        assertThat(box.toString()).doesNotContain("AAAA");
        sealed[20] ^= 1;
        assertThatThrownBy(() -> box.open(sealed)).hasMessageContaining("could not be decrypted");
    }
}
