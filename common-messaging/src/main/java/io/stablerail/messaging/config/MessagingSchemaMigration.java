package io.stablerail.messaging.config;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;

/**
 * Migrates the messaging tables (outbox, inbox) into the service's schema with their own history table
 * ({@code messaging_schema_history}), so they evolve with common-messaging while each service's own migrations keep
 * their own version line. Runs after the service's Flyway; baselines at version 0 on a schema that already holds
 * the service's tables.
 */
public class MessagingSchemaMigration implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(MessagingSchemaMigration.class);
    static final String LOCATION = "classpath:db/stablerail-messaging";
    static final String HISTORY_TABLE = "messaging_schema_history";

    private final DataSource dataSource;
    private final String schema;

    public MessagingSchemaMigration(DataSource dataSource, String schema) {
        this.dataSource = dataSource;
        this.schema = schema;
    }

    @Override
    public void afterPropertiesSet() {
        MigrateResult result = Flyway.configure()
                .dataSource(dataSource)
                .schemas(schema)
                .defaultSchema(schema)
                .createSchemas(true)
                .table(HISTORY_TABLE)
                .locations(LOCATION)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
        if (result.migrationsExecuted > 0) {
            log.info("messaging tables migrated in schema {} to version {}", schema, result.targetSchemaVersion);
        }
    }
}
