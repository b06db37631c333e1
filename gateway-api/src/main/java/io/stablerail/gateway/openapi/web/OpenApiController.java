package io.stablerail.gateway.openapi.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Serves {@code openapi/stablerail-v1.yaml} as JSON. The same file generates the Java client the integration tests use,
 * and a test checks its operations against the controllers, so the document cannot drift from the code.
 */
@RestController
public class OpenApiController {

    public static final String DOCUMENT = "openapi/stablerail-v1.yaml";
    private final byte[] json;

    OpenApiController() {
        try (InputStream yaml = new ClassPathResource(DOCUMENT).getInputStream()) {
            json = JsonMapper.builder().build().writeValueAsBytes(YAMLMapper.builder().build().readTree(yaml));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DOCUMENT, e);
        }
    }

    @GetMapping(path = "/v1/openapi.json", produces = MediaType.APPLICATION_JSON_VALUE)
    byte[] document() {
        return json;
    }
}
