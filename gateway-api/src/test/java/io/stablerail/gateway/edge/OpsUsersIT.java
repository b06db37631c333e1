package io.stablerail.gateway.edge;

import static io.stablerail.gateway.edge.EdgeTestSupport.JSON;
import static io.stablerail.gateway.edge.EdgeTestSupport.OPS_TOKEN;
import static io.stablerail.gateway.edge.EdgeTestSupport.code;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;

import io.stablerail.gateway.Tokens;
import io.stablerail.testsupport.EmbeddedInfra;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Ops users: the bootstrap token creates and disables them; each calls the ops API with a token of their own (kept
 * only as SHA-256), which stops working when the user is disabled; names are validated and unique; a user cannot
 * create users.
 */
@EmbeddedInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpsUsersIT {

    static final Map<String, String> BOOTSTRAP = Map.of("Authorization", "Bearer " + OPS_TOKEN);

    @LocalServerPort int port;
    @Autowired JdbcTemplate jdbc;
    EdgeTestSupport.Api api;

    @DynamicPropertySource
    static void opsToken(DynamicPropertyRegistry registry) {
        registry.add("stablerail.gateway.ops.bootstrap-token-sha256", () -> EdgeTestSupport.sha256Hex(OPS_TOKEN));
    }

    @BeforeEach
    void client() {
        api = new EdgeTestSupport.Api(port);
    }

    static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    @Test
    void aUserCreatedByTheBootstrapTokenCallsWithTheirOwnTokenUntilDisabled() throws Exception {
        HttpResponse<String> created = api.send("POST", "/ops/api/ops-users", "{\"name\":\"dana\"}", BOOTSTRAP);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode user = JSON.readTree(created.body());
        String token = user.path("token").asString();
        String id = user.path("id").asString();
        assertThat(token).matches("sro_[A-Za-z0-9]{16}_[A-Za-z0-9]{40}").startsWith(id + "_");

        // only the hash of the secret is stored
        String secret = token.substring(id.length() + 1);
        assertThat(jdbc.queryForObject("SELECT secret_sha256 FROM ops_user WHERE id = ?", byte[].class, id))
                .isEqualTo(Tokens.sha256(secret));

        HttpResponse<String> listed = api.send("GET", "/ops/api/ops-users", null, bearer(token));
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        assertThat(listed.body()).contains("\"name\":\"dana\"").contains("\"created_by\":\"bootstrap\"")
                .doesNotContain(secret);

        assertThat(code(api.send("POST", "/ops/api/ops-users", "{\"name\":\"eve\"}", bearer(token))))
                .as("a user cannot create users").isEqualTo("403 bootstrap_token_required");
        assertThat(code(api.send("POST", "/ops/api/ops-users/dana/disable", null, bearer(token))))
                .isEqualTo("403 bootstrap_token_required");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ops_user WHERE name = 'eve'", Integer.class)).isZero();

        HttpResponse<String> disabled = api.send("POST", "/ops/api/ops-users/dana/disable", null, BOOTSTRAP);
        assertThat(disabled.statusCode()).as(disabled.body()).isEqualTo(200);
        assertThat(JSON.readTree(disabled.body()).path("disabled_at").isNull()).isFalse();
        assertThat(code(api.send("GET", "/ops/api/ops-users", null, bearer(token)))).isEqualTo("401 unauthorized");
        assertThat(code(api.send("GET", "/ops/api/ops-users", null, bearer(id + "_" + "x".repeat(40)))))
                .as("a wrong secret").isEqualTo("401 unauthorized");
    }

    @Test
    void namesAreValidatedAndUnique() throws Exception {
        assertThat(api.send("POST", "/ops/api/ops-users", "{\"name\":\"frank\"}", BOOTSTRAP).statusCode())
                .isEqualTo(201);

        assertThat(code(api.send("POST", "/ops/api/ops-users", "{\"name\":\"frank\"}", BOOTSTRAP)))
                .isEqualTo("409 ops_user_exists");
        for (String name : new String[] {"bootstrap", "Frank", "f", "-frank", "frank smith", ""}) {
            assertThat(code(api.send("POST", "/ops/api/ops-users", "{\"name\":\"" + name + "\"}", BOOTSTRAP)))
                    .as(name).isEqualTo("400 invalid_request");
        }
        assertThat(code(api.send("POST", "/ops/api/ops-users", "{}", BOOTSTRAP))).isEqualTo("400 invalid_request");
        assertThat(code(api.send("POST", "/ops/api/ops-users/nobody/disable", null, BOOTSTRAP)))
                .isEqualTo("404 resource_missing");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ops_user WHERE name = 'frank'", Integer.class))
                .isEqualTo(1);
    }
}
