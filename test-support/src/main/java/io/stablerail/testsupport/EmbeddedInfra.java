package io.stablerail.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.test.context.ContextCustomizerFactories;

/**
 * Runs the annotated test class against one embedded PostgreSQL 17 and one in-process Kafka KRaft broker shared by
 * the whole test JVM, with a fresh schema and a fresh topic prefix for this class.
 *
 * <p>Plain JUnit tests receive a {@link TestInfra} parameter. Spring tests get the datasource, schema
 * ({@code stablerail.database.schema}), bootstrap servers and topic prefix ({@code stablerail.messaging.topic-prefix})
 * as properties. Nothing needs Docker.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(EmbeddedInfraExtension.class)
@ContextCustomizerFactories(EmbeddedInfraContextCustomizerFactory.class)
public @interface EmbeddedInfra {
}
