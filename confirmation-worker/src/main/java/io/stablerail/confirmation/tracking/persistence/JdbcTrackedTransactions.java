package io.stablerail.confirmation.tracking.persistence;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

import io.stablerail.confirmation.tracking.TrackedTransaction;
import io.stablerail.confirmation.tracking.TrackedTransactions;
import io.stablerail.confirmation.tracking.TrackingStatus;
import io.stablerail.events.transaction.TrackPurpose;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** {@link TrackedTransactions} on PostgreSQL (table {@code tracked_transaction}). */
@Repository
class JdbcTrackedTransactions implements TrackedTransactions {

    private static final String OPEN = "status IN ('TRACKING', 'STUCK')";
    private static final RowMapper<TrackedTransaction> ROW = JdbcTrackedTransactions::map;

    private final JdbcTemplate jdbc;

    JdbcTrackedTransactions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public java.util.Set<UUID> insertAllIfAbsent(List<TrackedTransaction> rows, List<UUID> requestEventIds) {
        if (rows.isEmpty()) {
            return java.util.Set.of();
        }
        return new java.util.HashSet<>(jdbc.query(connection -> {
            java.sql.PreparedStatement statement = connection.prepareStatement("""
                    INSERT INTO tracked_transaction (id, purpose, reference, chain, tx_hash, token_contract,
                        from_address, to_address, amount, log_index, nonce, expiration_at, broadcast_at,
                        request_event_id, status, detected_at, block_seen_number, next_check_at)
                    SELECT id, purpose, reference, chain, tx_hash, token_contract, from_address, to_address, amount,
                           log_index, nonce, expiration_at, broadcast_at, request_event_id, 'TRACKING', detected_at,
                           block_seen_number, next_check_at
                      FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                                  ?::text[], ?::numeric[], ?::bigint[], ?::bigint[], ?::timestamptz[],
                                  ?::timestamptz[], ?::uuid[], ?::timestamptz[], ?::bigint[], ?::timestamptz[])
                           AS r(id, purpose, reference, chain, tx_hash, token_contract, from_address, to_address,
                                amount, log_index, nonce, expiration_at, broadcast_at, request_event_id, detected_at,
                                block_seen_number, next_check_at)
                    ON CONFLICT (purpose, reference) DO NOTHING
                    RETURNING id""");
            int i = 1;
            statement.setArray(i++, array(connection, "uuid", rows, TrackedTransaction::id));
            statement.setArray(i++, array(connection, "text", rows, t -> t.purpose().name()));
            statement.setArray(i++, array(connection, "text", rows, TrackedTransaction::reference));
            statement.setArray(i++, array(connection, "text", rows, TrackedTransaction::chain));
            statement.setArray(i++, array(connection, "text", rows, TrackedTransaction::txHash));
            statement.setArray(i++, array(connection, "text", rows, TrackedTransaction::tokenContract));
            statement.setArray(i++, array(connection, "text", rows, TrackedTransaction::fromAddress));
            statement.setArray(i++, array(connection, "text", rows, TrackedTransaction::toAddress));
            statement.setArray(i++, array(connection, "numeric", rows, t -> new BigDecimal(t.amount())));
            statement.setArray(i++, array(connection, "bigint", rows, TrackedTransaction::logIndex));
            statement.setArray(i++, array(connection, "bigint", rows, TrackedTransaction::nonce));
            statement.setArray(i++, array(connection, "timestamptz", rows, t -> timestamp(t.expirationAt())));
            statement.setArray(i++, array(connection, "timestamptz", rows, t -> timestamp(t.broadcastAt())));
            statement.setArray(i++, connection.createArrayOf("uuid", requestEventIds.toArray()));
            statement.setArray(i++, array(connection, "timestamptz", rows, t -> timestamp(t.detectedAt())));
            statement.setArray(i++, array(connection, "bigint", rows, TrackedTransaction::blockSeenNumber));
            statement.setArray(i, array(connection, "timestamptz", rows, t -> timestamp(t.nextCheckAt())));
            return statement;
        }, (rs, n) -> rs.getObject(1, UUID.class)));
    }

    @Override
    public Optional<TrackedTransaction> find(TrackPurpose purpose, String reference) {
        return jdbc.query("SELECT * FROM tracked_transaction WHERE purpose = ? AND reference = ?", ROW,
                purpose.name(), reference).stream().findFirst();
    }

    @Override
    public List<TrackedTransaction> due(String chain, Instant now, int limit) {
        return jdbc.query("SELECT * FROM tracked_transaction WHERE chain = ? AND " + OPEN
                + " AND next_check_at <= ? ORDER BY next_check_at LIMIT ?", ROW, chain, timestamp(now), limit);
    }

    @Override
    public void recordPending(UUID id, Long firstHeadBlock, Long blockSeenNumber, String blockSeenHash,
            Instant nextCheckAt) {
        jdbc.update("UPDATE tracked_transaction SET first_head_block = coalesce(first_head_block, ?), "
                + "block_seen_number = ?, block_seen_hash = ?, attempts = attempts + 1, consecutive_errors = 0, "
                + "last_error = NULL, "
                + "next_check_at = ?, updated_at = now() WHERE id = ? AND " + OPEN,
                firstHeadBlock, blockSeenNumber, blockSeenHash, timestamp(nextCheckAt), id);
    }

    @Override
    public void recordError(UUID id, String error, Instant nextCheckAt) {
        jdbc.update("UPDATE tracked_transaction SET attempts = attempts + 1, "
                + "consecutive_errors = consecutive_errors + 1, last_error = ?, next_check_at = ?, "
                + "updated_at = now() WHERE id = ? AND " + OPEN, error, timestamp(nextCheckAt), id);
    }

    @Override
    public boolean markStuck(UUID id, Long firstHeadBlock, Instant now, Instant nextCheckAt) {
        return jdbc.update("UPDATE tracked_transaction SET status = 'STUCK', stuck_reported_at = ?, "
                + "first_head_block = coalesce(first_head_block, ?), attempts = attempts + 1, consecutive_errors = 0, "
                + "next_check_at = ?, "
                + "updated_at = now() WHERE id = ? AND status = 'TRACKING'",
                timestamp(now), firstHeadBlock, timestamp(nextCheckAt), id) == 1;
    }

    @Override
    public boolean resolve(UUID id, TrackingStatus status, Long blockNumber, String blockHash, String reason,
            String detail, BigInteger fee, Instant now) {
        if (status.isOpen()) {
            throw new IllegalArgumentException("resolve needs a final status, got " + status);
        }
        return jdbc.update("UPDATE tracked_transaction SET status = ?, block_seen_number = coalesce(?, "
                + "block_seen_number), block_seen_hash = coalesce(?, block_seen_hash), outcome_reason = ?, "
                + "outcome_detail = ?, fee_amount = ?, resolved_at = ?, attempts = attempts + 1, consecutive_errors = 0, "
                + "last_error = NULL, "
                + "updated_at = now() WHERE id = ? AND " + OPEN,
                status.name(), blockNumber, blockHash, reason, detail, fee == null ? null : new BigDecimal(fee),
                timestamp(now), id) == 1;
    }

    @Override
    public void lock(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return;
        }
        jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement(
                    "SELECT id FROM tracked_transaction WHERE id = ANY(?) ORDER BY id FOR UPDATE");
            statement.setArray(1, connection.createArrayOf("uuid", ids.toArray(UUID[]::new)));
            return statement;
        }, rs -> {
        });
    }

    @Override
    public Set<UUID> resolveAll(List<Resolution> resolutions, Instant now) {
        if (resolutions.isEmpty()) {
            return Set.of();
        }
        Set<UUID> changed = new HashSet<>();
        jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement("""
                    UPDATE tracked_transaction t SET status = v.status, block_seen_number = coalesce(v.block,
                        t.block_seen_number), block_seen_hash = coalesce(v.hash, t.block_seen_hash),
                        outcome_reason = v.reason, outcome_detail = v.detail, fee_amount = v.fee, resolved_at = ?,
                        attempts = t.attempts + 1, consecutive_errors = 0, last_error = NULL, updated_at = now()
                    FROM unnest(?::uuid[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::numeric[])
                        AS v(id, status, block, hash, reason, detail, fee)
                    WHERE t.id = v.id AND t.status IN ('TRACKING', 'STUCK')
                    RETURNING t.id""");
            statement.setTimestamp(1, timestamp(now));
            statement.setArray(2, array(connection, "uuid", resolutions, Resolution::id));
            statement.setArray(3, array(connection, "text", resolutions, r -> r.status().name()));
            statement.setArray(4, array(connection, "bigint", resolutions, Resolution::blockNumber));
            statement.setArray(5, array(connection, "text", resolutions, Resolution::blockHash));
            statement.setArray(6, array(connection, "text", resolutions, Resolution::reason));
            statement.setArray(7, array(connection, "text", resolutions, Resolution::detail));
            statement.setArray(8, array(connection, "numeric", resolutions,
                    r -> r.fee() == null ? null : new BigDecimal(r.fee())));
            return statement;
        }, rs -> {
            changed.add(rs.getObject(1, UUID.class));
        });
        return changed;
    }

    @Override
    public void recordPendings(List<PendingLook> looks) {
        if (looks.isEmpty()) {
            return;
        }
        jdbc.update(connection -> {
            PreparedStatement statement = connection.prepareStatement("""
                    UPDATE tracked_transaction t SET first_head_block = coalesce(t.first_head_block, v.first_head),
                        block_seen_number = v.block, block_seen_hash = v.hash, attempts = t.attempts + 1,
                        consecutive_errors = 0, last_error = NULL, next_check_at = v.next::timestamptz,
                        updated_at = now()
                    FROM unnest(?::uuid[], ?::bigint[], ?::bigint[], ?::text[], ?::text[])
                        AS v(id, first_head, block, hash, next)
                    WHERE t.id = v.id AND t.status IN ('TRACKING', 'STUCK')""");
            statement.setArray(1, array(connection, "uuid", looks, PendingLook::id));
            statement.setArray(2, array(connection, "bigint", looks, PendingLook::firstHeadBlock));
            statement.setArray(3, array(connection, "bigint", looks, PendingLook::blockSeenNumber));
            statement.setArray(4, array(connection, "text", looks, PendingLook::blockSeenHash));
            statement.setArray(5, array(connection, "text", looks, l -> l.nextCheckAt().toString()));
            return statement;
        });
    }

    @Override
    public void recordErrors(List<FailedLook> looks) {
        if (looks.isEmpty()) {
            return;
        }
        jdbc.update(connection -> {
            PreparedStatement statement = connection.prepareStatement("""
                    UPDATE tracked_transaction t SET attempts = t.attempts + 1,
                        consecutive_errors = t.consecutive_errors + 1, last_error = v.error,
                        next_check_at = v.next::timestamptz, updated_at = now()
                    FROM unnest(?::uuid[], ?::text[], ?::text[]) AS v(id, error, next)
                    WHERE t.id = v.id AND t.status IN ('TRACKING', 'STUCK')""");
            statement.setArray(1, array(connection, "uuid", looks, FailedLook::id));
            statement.setArray(2, array(connection, "text", looks, FailedLook::error));
            statement.setArray(3, array(connection, "text", looks, l -> l.nextCheckAt().toString()));
            return statement;
        });
    }

    private static <T> Array array(Connection connection, String type, List<T> rows, Function<T, ?> column)
            throws SQLException {
        return connection.createArrayOf(type, rows.stream().map(column).toArray());
    }

    @Override
    public Map<String, Map<TrackingStatus, Long>> countByChainAndStatus() {
        Map<String, Map<TrackingStatus, Long>> counts = new TreeMap<>();
        jdbc.query("SELECT chain, status, count(*) AS n FROM tracked_transaction GROUP BY chain, status", rs -> {
            counts.computeIfAbsent(rs.getString("chain"), c -> new EnumMap<>(TrackingStatus.class))
                    .put(TrackingStatus.valueOf(rs.getString("status")), rs.getLong("n"));
        });
        return counts;
    }

    @Override
    public boolean makeDue(TrackPurpose purpose, String reference, Instant now) {
        return jdbc.update("UPDATE tracked_transaction SET next_check_at = ?, updated_at = now() "
                + "WHERE purpose = ? AND reference = ? AND " + OPEN, timestamp(now), purpose.name(), reference) == 1;
    }

    @Override
    public List<TrackedTransaction> list(TrackingStatus status, int limit) {
        if (status == null) {
            return jdbc.query("SELECT * FROM tracked_transaction ORDER BY detected_at DESC, id LIMIT ?", ROW, limit);
        }
        return jdbc.query("SELECT * FROM tracked_transaction WHERE status = ? ORDER BY detected_at DESC, id LIMIT ?",
                ROW, status.name(), limit);
    }

    private static TrackedTransaction map(ResultSet rs, int row) throws SQLException {
        return new TrackedTransaction(rs.getObject("id", UUID.class), TrackPurpose.valueOf(rs.getString("purpose")),
                rs.getString("reference"), rs.getString("chain"), rs.getString("tx_hash"),
                rs.getString("token_contract"), rs.getString("from_address"), rs.getString("to_address"),
                rs.getBigDecimal("amount").toBigIntegerExact(), longOrNull(rs, "log_index"), longOrNull(rs, "nonce"),
                instant(rs, "expiration_at"), instant(rs, "broadcast_at"),
                TrackingStatus.valueOf(rs.getString("status")), instant(rs, "detected_at"),
                longOrNull(rs, "first_head_block"), longOrNull(rs, "block_seen_number"),
                rs.getString("block_seen_hash"), rs.getInt("attempts"), rs.getInt("consecutive_errors"),
                instant(rs, "next_check_at"),
                rs.getString("outcome_reason"), rs.getString("outcome_detail"),
                rs.getBigDecimal("fee_amount") == null ? null : rs.getBigDecimal("fee_amount").toBigIntegerExact(),
                instant(rs, "resolved_at"));
    }

    private static Long longOrNull(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
