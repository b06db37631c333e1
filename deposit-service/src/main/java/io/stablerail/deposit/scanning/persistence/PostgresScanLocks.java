package io.stablerail.deposit.scanning.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

import javax.sql.DataSource;

import io.stablerail.deposit.scanning.ScanLocks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@code pg_try_advisory_lock} per chain, held on a dedicated connection for as long as the lease is open (a session
 * lock: if the process dies, PostgreSQL drops the connection and the lock with it).
 */
@Component
class PostgresScanLocks implements ScanLocks {

    private static final Logger log = LoggerFactory.getLogger(PostgresScanLocks.class);
    private static final String KEY = "hashtextextended(current_schema() || '.deposit-scanner.' || ?, 0)";

    private final DataSource dataSource;

    PostgresScanLocks(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Optional<Lease> tryLock(String chain) {
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            connection.setAutoCommit(true);
            if (!call(connection, "pg_try_advisory_lock", chain)) {
                connection.close();
                return Optional.empty();
            }
            Connection held = connection;
            return Optional.of(() -> release(held, chain));
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new IllegalStateException("scanner lock of " + chain + ": database unreachable", e);
        }
    }

    private static void release(Connection connection, String chain) {
        try {
            call(connection, "pg_advisory_unlock", chain);
        } catch (SQLException e) {
            log.warn("could not release the scanner lock of {} (dropped with the connection): {}", chain, e.toString());
        } finally {
            closeQuietly(connection);
        }
    }

    private static boolean call(Connection connection, String function, String chain) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + function + "(" + KEY + ")")) {
            statement.setString(1, chain);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the pool replaces a broken connection
            }
        }
    }
}
