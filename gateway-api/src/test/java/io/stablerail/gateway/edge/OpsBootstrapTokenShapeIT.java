package io.stablerail.gateway.edge;

import static io.stablerail.gateway.edge.EdgeTestSupport.code;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;

import io.stablerail.gateway.ops.OpsUsers;
import io.stablerail.testsupport.EmbeddedInfra;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A bootstrap token whose text looks like an ops user's token ({@code sro_<id>_<secret>}): the edge first looks for a
 * user with that id, finds none, and still accepts the token as the bootstrap credential — its shape decides nothing.
 * A different token of the same shape stays refused.
 */
@EmbeddedInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpsBootstrapTokenShapeIT {

    static final String USER_SHAPED_BOOTSTRAP = "sro_0bootstrap0_k7Qv2mXr9LpT4sWn8YbZ3cHd";

    @LocalServerPort int port;

    @DynamicPropertySource
    static void opsToken(DynamicPropertyRegistry registry) {
        registry.add("stablerail.gateway.ops.bootstrap-token-sha256",
                () -> EdgeTestSupport.sha256Hex(USER_SHAPED_BOOTSTRAP));
    }

    @Test
    void aBootstrapTokenShapedLikeAUserTokenIsStillTheBootstrapCredential() throws Exception {
        assertThat(OpsUsers.looksLikeUserToken(USER_SHAPED_BOOTSTRAP)).as("the premise").isTrue();
        EdgeTestSupport.Api api = new EdgeTestSupport.Api(port);

        HttpResponse<String> created = api.send("POST", "/ops/api/ops-users", "{\"name\":\"gina\"}",
                Map.of("Authorization", "Bearer " + USER_SHAPED_BOOTSTRAP));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        HttpResponse<String> listed = api.send("GET", "/ops/api/ops-users", null,
                Map.of("Authorization", "Bearer " + USER_SHAPED_BOOTSTRAP));
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        assertThat(listed.body()).contains("\"name\":\"gina\"").contains("\"created_by\":\"bootstrap\"");

        HttpResponse<String> other = api.send("GET", "/ops/api/ops-users", null,
                Map.of("Authorization", "Bearer sro_0bootstrap0_k7Qv2mXr9LpT4sWn8YbZ3cHe"));
        assertThat(code(other)).isEqualTo("401 unauthorized");
    }
}
