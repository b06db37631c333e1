package io.stablerail.gateway.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.util.Map;

import io.stablerail.client.ApiClient;
import io.stablerail.client.ApiException;
import io.stablerail.client.api.ApiKeysApi;
import io.stablerail.client.api.EventsApi;
import io.stablerail.client.api.WebhooksApi;
import io.stablerail.client.api.MetaApi;
import io.stablerail.client.model.ApiKey;
import io.stablerail.client.model.ApiKeyList;
import io.stablerail.client.model.CreateWebhookEndpointRequest;
import io.stablerail.client.model.WebhookEndpoint;
import io.stablerail.gateway.edge.EdgeTestAccess;
import io.stablerail.testsupport.EmbeddedInfra;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Drives the API through the Java client generated at build time from {@code openapi/stablerail-v1.yaml}: if the
 * document and the code disagree on paths, parameters or shapes, this fails (at compile time or here).
 */
@EmbeddedInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "stablerail.gateway.webhooks.allow-local-http=true", "stablerail.gateway.webhooks.dispatch-interval=1h",
        "stablerail.gateway.webhooks.secret-key=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="})
class MerchantApiClientIT {

    @LocalServerPort int port;

    @DynamicPropertySource
    static void opsToken(DynamicPropertyRegistry registry) {
        registry.add("stablerail.gateway.ops.bootstrap-token-sha256", EdgeTestAccess::opsTokenSha256);
    }

    ApiClient client(String token) {
        ApiClient client = new ApiClient();
        client.setHttpClientBuilder(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1));
        client.updateBaseUri("http://127.0.0.1:" + port);
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        return client;
    }

    @Test
    void theGeneratedClientListsKeysAndSeesProblemDetails() throws Exception {
        String token = EdgeTestAccess.merchantWithKey(port, "Client Ltd", "[\"read\",\"write\"]");

        ApiKeyList keys = new ApiKeysApi(client(token)).listApiKeys(null, 10);

        assertThat(keys.getHasMore()).isFalse();
        assertThat(keys.getData()).hasSize(1);
        ApiKey key = keys.getData().getFirst();
        assertThat(token).startsWith(key.getPrefix() + "_");
        assertThat(key.getScopes()).containsExactlyInAnyOrder(ApiKey.ScopesEnum.READ, ApiKey.ScopesEnum.WRITE);
        assertThat(key.getRevokedAt()).isNull();

        assertThatThrownBy(() -> new ApiKeysApi(client("srk_wrong")).listApiKeys(null, 10))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(401);
                    assertThat(e.getResponseBody()).contains("\"code\":\"unauthorized\"");
                });
        assertThatThrownBy(() -> new ApiKeysApi(client(token)).listApiKeys(null, 101))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getCode()).isEqualTo(400));
    }

    @Test
    void theGeneratedClientRegistersAWebhookIdempotentlyAndReadsEvents() throws Exception {
        String token = EdgeTestAccess.merchantWithKey(port, "Client Hooks Ltd", "[\"read\",\"write\"]");
        WebhooksApi webhooks = new WebhooksApi(client(token));
        CreateWebhookEndpointRequest request = new CreateWebhookEndpointRequest()
                .url(java.net.URI.create("http://localhost:9/hooks")).eventTypes(java.util.List.of("deposit.confirmed"));

        WebhookEndpoint created = webhooks.createWebhookEndpoint(request, "hook-1");
        WebhookEndpoint replayed = webhooks.createWebhookEndpoint(request, "hook-1");

        assertThat(created.getSecret()).startsWith("whsec_");
        assertThat(replayed.getId()).isEqualTo(created.getId());
        assertThat(replayed.getSecret()).as("a replay returns the stored response").isEqualTo(created.getSecret());
        assertThat(webhooks.listWebhookEndpoints(null, 10).getData()).hasSize(1)
                .allSatisfy(endpoint -> assertThat(endpoint.getSecret()).isNull());
        assertThat(new EventsApi(client(token)).listEvents(null, 10).getData()).isEmpty();
        assertThatThrownBy(() -> webhooks.createWebhookEndpoint(new CreateWebhookEndpointRequest()
                .url(java.net.URI.create("https://192.168.1.10/h")).eventTypes(java.util.List.of("*")), null))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getResponseBody())
                        .contains("webhook_target_not_allowed"));
    }

    @Test
    void theServedDocumentIsOpenApi31() throws Exception {
        Object document = new MetaApi(client("none")).getOpenApi();

        assertThat(document).isInstanceOf(Map.class);
        assertThat(((Map<?, ?>) document).get("openapi")).isEqualTo("3.1.0");
    }
}
