package io.stablerail.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The checks every StableRail service must pass, written once: health with liveness and readiness groups, database
 * and Kafka health components, Prometheus metrics tagged with the application, virtual threads, and its own schema
 * holding its migration history and the messaging tables.
 */
public final class ServiceConformance {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String application;
    private final String baseUrl;
    private final Environment environment;

    private ServiceConformance(String application, String baseUrl, Environment environment) {
        this.application = application;
        this.baseUrl = baseUrl;
        this.environment = environment;
    }

    public static ServiceConformance of(String application, String baseUrl, Environment environment) {
        return new ServiceConformance(application, baseUrl, environment);
    }

    public void assertConforms() {
        assertHealth();
        assertProbes();
        assertPrometheus();
        assertVirtualThreads();
        assertOwnSchema();
    }

    private void assertHealth() {
        JsonNode health = json(get("/actuator/health", 200));
        assertThat(health.path("status").asString()).as("overall health").isEqualTo("UP");
        assertThat(health.path("components").path("db").path("status").asString()).as("db").isEqualTo("UP");
        assertThat(health.path("components").path("kafka").path("status").asString()).as("kafka").isEqualTo("UP");
        assertThat(health.path("components").path("db").has("details")).as("no details leak").isFalse();
    }

    private void assertProbes() {
        assertThat(json(get("/actuator/health/liveness", 200)).path("status").asString()).isEqualTo("UP");
        assertThat(json(get("/actuator/health/readiness", 200)).path("status").asString()).isEqualTo("UP");
    }

    private void assertPrometheus() {
        String metrics = get("/actuator/prometheus", 200);
        assertThat(metrics)
                .contains("application=\"" + application + "\"")
                .contains("stablerail_outbox_pending")
                .contains("stablerail_outbox_oldest_unpublished_age_seconds")
                .contains("hikaricp_connections");
    }

    private void assertVirtualThreads() {
        assertThat(environment.getProperty("spring.threads.virtual.enabled", Boolean.class)).isTrue();
    }

    private void assertOwnSchema() {
        String schema = environment.getRequiredProperty("stablerail.database.schema");
        List<String> tables = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(
                environment.getRequiredProperty("spring.datasource.url"),
                environment.getRequiredProperty("spring.datasource.username"),
                environment.getProperty("spring.datasource.password", ""));
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT table_name FROM information_schema.tables WHERE table_schema = ?")) {
            statement.setString(1, schema);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new AssertionError("cannot read schema " + schema, e);
        }
        assertThat(tables).as("tables of schema " + schema)
                .contains("flyway_schema_history", "messaging_schema_history", "outbox_event", "inbox_event");
    }

    private String get(String path, int expectedStatus) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("GET " + path + " → " + response.body()).isEqualTo(expectedStatus);
            return response.body();
        } catch (IOException e) {
            throw new AssertionError("GET " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static JsonNode json(String body) {
        return JSON.readTree(body);
    }
}
