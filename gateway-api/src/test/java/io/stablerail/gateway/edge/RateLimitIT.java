package io.stablerail.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;

import io.stablerail.testsupport.EmbeddedInfra;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Each API key has its own bucket: past the burst, 429 rate_limited with Retry-After; another key is unaffected. */
@EmbeddedInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"stablerail.gateway.rate-limit.burst=5", "stablerail.gateway.rate-limit.requests-per-second=1"})
class RateLimitIT {

    @LocalServerPort int port;

    @DynamicPropertySource
    static void opsToken(DynamicPropertyRegistry registry) {
        registry.add("stablerail.gateway.ops.bootstrap-token-sha256",
                () -> EdgeTestSupport.sha256Hex(EdgeTestSupport.OPS_TOKEN));
    }

    @Test
    void theSixthRequestInABurstOfFiveIs429WithRetryAfter() throws Exception {
        EdgeTestSupport.Api api = new EdgeTestSupport.Api(port);
        String first = api.merchantWithKey("Busy Ltd", "[\"read\"]");
        String second = api.merchantWithKey("Calm Ltd", "[\"read\"]");

        int ok = 0;
        HttpResponse<String> limited = null;
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> response = api.send("GET", "/v1/api-keys", null,
                    Map.of("Authorization", "Bearer " + first));
            if (response.statusCode() == 200) {
                ok++;
            } else {
                limited = response;
            }
        }

        assertThat(ok).isEqualTo(5);
        assertThat(limited).isNotNull();
        assertThat(EdgeTestSupport.code(limited)).isEqualTo("429 rate_limited");
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(api.send("GET", "/v1/api-keys", null, Map.of("Authorization", "Bearer " + second)).statusCode())
                .isEqualTo(200);
    }
}
