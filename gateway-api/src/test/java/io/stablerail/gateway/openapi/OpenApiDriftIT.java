package io.stablerail.gateway.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.Set;
import java.util.TreeSet;

import io.stablerail.gateway.openapi.web.OpenApiController;
import io.stablerail.testsupport.EmbeddedInfra;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.io.ClassPathResource;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Every {@code /v1} operation of the controllers is in the OpenAPI document, and nothing else is. */
@EmbeddedInfra
@SpringBootTest
class OpenApiDriftIT {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void documentAndControllersDescribeTheSameOperations() throws Exception {
        Set<String> implemented = new TreeSet<>();
        mappings.getHandlerMethods().forEach((info, method) -> {
            if (method.getBeanType().getName().contains("EdgeTestSupport")) {
                return; // test-only endpoints
            }
            info.getPatternValues().stream().filter(path -> path.startsWith("/v1/")).forEach(path ->
                    info.getMethodsCondition().getMethods().forEach(verb -> implemented.add(verb + " "
                            + withoutVariableNames(path))));
        });
        Set<String> documented = new TreeSet<>();
        try (InputStream yaml = new ClassPathResource(OpenApiController.DOCUMENT).getInputStream()) {
            JsonNode paths = YAMLMapper.builder().build().readTree(yaml).path("paths");
            paths.properties().forEach(path -> path.getValue().properties().forEach(operation ->
                    documented.add(operation.getKey().toUpperCase() + " " + withoutVariableNames(path.getKey()))));
        }

        assertThat(implemented).isNotEmpty().isEqualTo(documented);
    }

    /** {@code /v1/x/{endpointId}} and {@code /v1/x/{endpoint_id}} are the same path. */
    static String withoutVariableNames(String path) {
        return path.replaceAll("\\{[^}]+}", "{}");
    }
}
