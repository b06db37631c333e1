package io.stablerail.gateway.ops;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import org.springframework.stereotype.Service;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks every service's {@code /actuator/health} at once (virtual threads, bounded by the configured timeout) and says
 * for each one UP, or DOWN and why. The gateway's own status comes from its in-process health endpoint.
 */
@Service
public class SuiteHealthService {

    public static final String GATEWAY = "gateway-api";

    private final OpsHealthProperties properties;
    private final Supplier<String> ownStatus;
    private final Clock clock;
    private final HttpClient http;
    private final JsonMapper json = JsonMapper.builder().build();

    public SuiteHealthService(OpsHealthProperties properties, GatewayStatus ownStatus, Clock clock) {
        this.properties = properties;
        this.ownStatus = ownStatus::status;
        this.clock = clock;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.timeout()).build();
    }

    public SuiteHealth check() {
        List<ServiceHealth> services = new ArrayList<>();
        long started = System.nanoTime();
        String gatewayStatus = ownStatus.get();
        services.add(ServiceHealth.UP.equals(gatewayStatus) ? ServiceHealth.up(GATEWAY, elapsedMs(started))
                : ServiceHealth.down(GATEWAY, "own health is " + gatewayStatus, elapsedMs(started)));
        try (ExecutorService probes = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<ServiceHealth>> answers = new ArrayList<>();
            for (Map.Entry<String, URI> service : properties.services().entrySet()) {
                answers.add(probes.submit(() -> probe(service.getKey(), service.getValue())));
            }
            Iterator<String> names = properties.services().keySet().iterator();
            for (Future<ServiceHealth> answer : answers) {
                String name = names.next();
                try {
                    services.add(answer.get());
                } catch (Exception e) {
                    services.add(ServiceHealth.down(name, "health probe failed: " + e, 0));
                }
            }
        }
        return SuiteHealth.of(clock.instant(), services);
    }

    ServiceHealth probe(String name, URI baseUrl) {
        long started = System.nanoTime();
        HttpRequest request = HttpRequest.newBuilder(baseUrl.resolve("/actuator/health"))
                .timeout(properties.timeout()).header("Accept", "application/json").GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return interpret(name, response, elapsedMs(started));
        } catch (HttpTimeoutException e) {
            return ServiceHealth.down(name, "no answer within " + properties.timeout(), elapsedMs(started));
        } catch (ConnectException e) {
            return ServiceHealth.down(name, "unreachable at " + baseUrl + " (connection refused)", elapsedMs(started));
        } catch (IOException e) {
            return ServiceHealth.down(name, "unreachable at " + baseUrl + ": " + e, elapsedMs(started));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ServiceHealth.down(name, "interrupted", elapsedMs(started));
        }
    }

    private ServiceHealth interpret(String name, HttpResponse<String> response, long latencyMs) {
        JsonNode body;
        try {
            body = json.readTree(response.body());
        } catch (JacksonException e) {
            return ServiceHealth.down(name, "HTTP " + response.statusCode() + " with a body that is not health JSON",
                    latencyMs);
        }
        String status = body.path("status").asString("UNKNOWN");
        if (response.statusCode() == 200 && ServiceHealth.UP.equals(status)) {
            return ServiceHealth.up(name, latencyMs);
        }
        List<String> down = new ArrayList<>();
        body.path("components").properties().forEach(component -> {
            String componentStatus = component.getValue().path("status").asString("UNKNOWN");
            if (!ServiceHealth.UP.equals(componentStatus)) {
                down.add(component.getKey() + " " + componentStatus);
            }
        });
        String reason = "HTTP " + response.statusCode() + ", status " + status
                + (down.isEmpty() ? "" : ": " + String.join(", ", down));
        return ServiceHealth.down(name, reason, latencyMs);
    }

    private static long elapsedMs(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
