package io.stablerail.gateway.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * SHA-256 of method, path and the canonical body: JSON with object keys sorted at every level and no insignificant
 * white space, so {@code {"a":1,"b":2}} and {@code { "b": 2, "a": 1 }} are the same request. A body that is not JSON
 * is taken byte for byte.
 */
public final class RequestFingerprint {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RequestFingerprint() {
    }

    public static String of(String method, String path, byte[] body) {
        byte[] canonical = canonicalBody(body);
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((method + " " + path + "\n").getBytes(StandardCharsets.UTF_8));
            digest.update(canonical);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] canonicalBody(byte[] body) {
        if (body.length == 0) {
            return body;
        }
        try {
            return JSON.writeValueAsBytes(sorted(JSON.readTree(body)));
        } catch (JacksonException e) {
            return body;
        }
    }

    private static JsonNode sorted(JsonNode node) {
        if (node instanceof ObjectNode object) {
            ObjectNode copy = JSON.createObjectNode();
            List<String> names = new ArrayList<>(object.propertyNames());
            Collections.sort(names);
            names.forEach(name -> copy.set(name, sorted(object.get(name))));
            return copy;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode copy = JSON.createArrayNode();
            array.forEach(element -> copy.add(sorted(element)));
            return copy;
        }
        return node;
    }
}
