package io.stablerail.messaging;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The PostgreSQL schema a service owns ({@code stablerail.database.schema}). Its Flyway migrations, its messaging
 * tables and its connections' {@code search_path} all use it; no other service reads it.
 */
@Validated
@ConfigurationProperties("stablerail.database")
public record DatabaseProperties(@NotBlank @Pattern(regexp = "[a-z_][a-z0-9_]{0,62}") String schema) {
}
