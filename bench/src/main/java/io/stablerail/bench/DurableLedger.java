package io.stablerail.bench;

import java.time.Clock;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.stablerail.ledger.books.Books;
import io.stablerail.ledger.books.persistence.JdbcLedgerRepository;
import io.stablerail.messaging.TopicNames;
import io.stablerail.messaging.config.MessagingSchemaMigration;
import io.stablerail.messaging.outbox.Outbox;
import io.stablerail.testsupport.EmbeddedPostgresServer;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The ledger's real code on a PostgreSQL 17 started durable ({@code fsync=on}, {@code synchronous_commit=on},
 * {@code full_page_writes=on}), as in production, with the ledger schema migrated and a pooled data source.
 */
final class DurableLedger implements AutoCloseable {

    static final String SCHEMA = "ledger";

    final EmbeddedPostgresServer postgres;
    final HikariDataSource dataSource;
    final JdbcTemplate jdbc;
    final JdbcLedgerRepository repository;
    final Books books;

    private final boolean ownsServer;

    DurableLedger() {
        this(startDurable(), SCHEMA, true);
    }

    /**
     * The ledger's code on {@code schema} of a server someone else started (and closes): e.g. a baseline next to
     * services that use the {@code ledger} schema of the same server.
     */
    DurableLedger(EmbeddedPostgresServer postgres, String schema) {
        this(postgres, schema, false);
    }

    private DurableLedger(EmbeddedPostgresServer postgres, String schema, boolean ownsServer) {
        this.postgres = postgres;
        this.ownsServer = ownsServer;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.jdbcUrl());
        config.setUsername(EmbeddedPostgresServer.USER);
        config.setPassword(EmbeddedPostgresServer.USER);
        config.setSchema(schema);
        config.setMaximumPoolSize(8);
        dataSource = new HikariDataSource(config);
        Flyway.configure().dataSource(dataSource).schemas(schema).defaultSchema(schema)
                .locations("classpath:db/migration").load().migrate();
        new MessagingSchemaMigration(dataSource, schema).afterPropertiesSet();
        jdbc = new JdbcTemplate(dataSource);
        requireDurable(jdbc);
        repository = new JdbcLedgerRepository(jdbc);
        books = new Books(repository, new Outbox(jdbc, new TopicNames("")), Clock.systemUTC(),
                new DataSourceTransactionManager(dataSource));
    }

    /** In a throw-away directory, deleted on close: every fork of every run used to leave ~1 GB behind in /tmp. */
    private static EmbeddedPostgresServer startDurable() {
        return EmbeddedPostgresServer.start(EmbeddedPostgresServer.Options.durableThrowAway());
    }

    /** Refuses a server without {@code fsync} and {@code synchronous_commit}: figures from it would be meaningless. */
    static void requireDurable(JdbcTemplate jdbc) {
        String fsync = jdbc.queryForObject("SHOW fsync", String.class);
        String synchronousCommit = jdbc.queryForObject("SHOW synchronous_commit", String.class);
        if (!"on".equals(fsync) || !"on".equals(synchronousCommit)) {
            throw new IllegalStateException("benchmarks need a durable PostgreSQL, got fsync=" + fsync
                    + " synchronous_commit=" + synchronousCommit);
        }
    }

    @Override
    public void close() {
        dataSource.close();
        if (ownsServer) {
            postgres.close();
        }
    }
}
