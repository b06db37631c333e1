package io.stablerail.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.stablerail.testsupport.EmbeddedInfra;
import io.stablerail.testsupport.ServiceConformance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;

@EmbeddedInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayApplicationIT {

    @LocalServerPort int port;
    @LocalManagementPort int managementPort;
    @Autowired Environment environment;

    @Test
    void startsAsAConformingStableRailServiceWithHealthAndMetricsOnTheManagementPort() {
        ServiceConformance.of("gateway-api", "http://127.0.0.1:" + managementPort, environment)
                .assertConforms();
    }

    @Test
    void thePublicPortServesNoActuatorEndpoint() throws Exception {
        assertThat(managementPort).isNotEqualTo(port);
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            for (String path : new String[] {"/actuator/prometheus", "/actuator/metrics", "/actuator/health",
                    "/actuator"}) {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + path)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as(path).isEqualTo(404);
                assertThat(answer.body()).as(path).doesNotContain("jvm_").doesNotContain("\"status\":\"UP\"");
            }
        }
    }
}
