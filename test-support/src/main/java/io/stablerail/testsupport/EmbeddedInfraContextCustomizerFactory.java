package io.stablerail.testsupport;

import java.util.List;
import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/** Spring side of {@link EmbeddedInfra}: points the application context at the shared servers and the class's namespace. */
public final class EmbeddedInfraContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
                                                     List<ContextConfigurationAttributes> configAttributes) {
        return new Customizer(testClass.getName());
    }

    /** Equal for the same test class, so Spring caches one context per class and namespace. */
    private record Customizer(String testClassName) implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            TestInfra infra = SharedInfra.get().namespaceFor(config.getTestClass());
            Map<String, Object> properties = Map.of(
                    "spring.datasource.url", infra.jdbcUrl(),
                    "spring.datasource.username", infra.user(),
                    "spring.datasource.password", infra.password(),
                    "stablerail.database.schema", infra.schema(),
                    "spring.kafka.bootstrap-servers", infra.bootstrapServers(),
                    "stablerail.messaging.topic-prefix", infra.topicPrefix());
            context.getEnvironment().getPropertySources()
                    .addFirst(new MapPropertySource("stablerail-embedded-infra", properties));
        }
    }
}
