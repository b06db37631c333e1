package io.stablerail.gateway.routing.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.stablerail.gateway.edge.web.RequestIdFilter;
import io.stablerail.gateway.routing.ServiceClient;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;

/** How the gateway passes a call on to a service (merchant API and ops API alike) and relays its answer unchanged. */
public final class Relayed {

    private Relayed() {
    }

    /** What every relayed call carries: the Request-Id, {@code Accept: application/json} and, with a body, its type. */
    public static Map<String, String> headers(HttpServletRequest request, boolean withBody) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(RequestIdFilter.HEADER, RequestIdFilter.of(request));
        headers.put("Accept", "application/json");
        if (withBody) {
            headers.put("Content-Type", "application/json");
        }
        return headers;
    }

    /**
     * The query of a page ({@code ?limit=…[&cursor=…]}) for a list a service pages; a limit outside 1..100 is refused
     * here (400) before any service is called.
     */
    public static String page(String cursor, int limit) {
        if (limit < 1 || limit > 100) {
            throw new IllegalArgumentException("limit must be 1 to 100");
        }
        return "?limit=" + limit + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
    }

    /** The service's answer as the gateway's: status, content type and body unchanged (problems included). */
    public static ResponseEntity<byte[]> response(ServiceClient.Answer answer) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(answer.status());
        if (answer.contentType() != null) {
            response.header("Content-Type", answer.contentType());
        }
        return response.body(answer.body());
    }
}
