package io.stablerail.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real PostgreSQL 17 server (zonky binaries) bound to 127.0.0.1.
 *
 * <p>Tests use the fast defaults of the embedded server ({@code fsync=off}, {@code synchronous_commit=off}).
 * {@link Options#durable()} turns both on, as in production: benchmarks must use it, figures measured
 * without it are meaningless.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    public static final String DATABASE = "stablerail";
    public static final String USER = "postgres";

    private final EmbeddedPostgres postgres;
    private final boolean durable;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, boolean durable) {
        this.postgres = postgres;
        this.durable = durable;
    }

    /**
     * Start options.
     *
     * @param dataDirectory where the cluster lives; {@code null} for a throw-away temporary directory. An existing
     *                      cluster in it is reused, so a restart keeps state.
     * @param port          TCP port on 127.0.0.1; 0 picks a free one
     * @param durable       {@code fsync=on} and {@code synchronous_commit=on}, as in production
     */
    public record Options(Path dataDirectory, int port, boolean durable) {
        public static Options forTests() {
            return new Options(null, 0, false);
        }

        /** Durable, in a throw-away directory deleted on {@link #close()}: what a benchmark needs. */
        public static Options durableThrowAway() {
            return new Options(null, 0, true);
        }

        public static Options durableAt(Path dataDirectory, int port) {
            return new Options(Objects.requireNonNull(dataDirectory), port, true);
        }

        public Options withDurable(boolean value) {
            return new Options(dataDirectory, port, value);
        }
    }

    public static EmbeddedPostgresServer start(Options options) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", options.durable() ? "on" : "off")
                    .setServerConfig("synchronous_commit", options.durable() ? "on" : "off")
                    .setServerConfig("full_page_writes", options.durable() ? "on" : "off");
            // diagnostics only, e.g. -Dstablerail.postgres.preload=pg_stat_statements for a benchmark's statement figures
            String preload = System.getProperty("stablerail.postgres.preload", "");
            if (!preload.isBlank()) {
                builder.setServerConfig("shared_preload_libraries", preload);
            }
            // experiments only: more server settings, e.g. -Dstablerail.postgres.settings=max_wal_size=8GB,work_mem=8MB
            for (String setting : System.getProperty("stablerail.postgres.settings", "").split(",")) {
                int eq = setting.indexOf('=');
                if (eq > 0) {
                    builder.setServerConfig(setting.substring(0, eq).trim(), setting.substring(eq + 1).trim());
                }
            }
            if (options.port() > 0) {
                builder.setPort(options.port());
            }
            if (options.dataDirectory() != null) {
                builder.setDataDirectory(options.dataDirectory().toFile()).setCleanDataDirectory(false);
            }
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(builder.start(), options.durable());
            server.createDatabaseIfMissing();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start", e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public boolean durable() {
        return durable;
    }

    /** JDBC URL of the {@value #DATABASE} database, without a schema. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
    }

    /** A non-pooled data source on the {@value #DATABASE} database whose connections use {@code schema}. */
    public DataSource dataSource(String schema) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(jdbcUrl());
        dataSource.setUser(USER);
        dataSource.setPassword(USER);
        if (schema != null) {
            dataSource.setCurrentSchema(schema);
        }
        return dataSource;
    }

    /** Creates {@code schema} if it does not exist yet. */
    public void createSchema(String schema) {
        execute("CREATE SCHEMA IF NOT EXISTS " + quoteIdentifier(schema));
    }

    /** Runs one SQL statement in the {@value #DATABASE} database. */
    public void execute(String sql) {
        try (Connection connection = dataSource(null).getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed: " + sql, e);
        }
    }

    private void createDatabaseIfMissing() {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery(
                    "SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                if (rows.next()) {
                    return;
                }
            }
            statement.execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + DATABASE, e);
        }
    }

    static String quoteIdentifier(String identifier) {
        if (!identifier.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a simple lower-case identifier: " + identifier);
        }
        return identifier;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
