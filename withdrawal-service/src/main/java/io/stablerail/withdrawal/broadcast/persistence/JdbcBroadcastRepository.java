package io.stablerail.withdrawal.broadcast.persistence;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import io.stablerail.withdrawal.broadcast.Attempt;
import io.stablerail.withdrawal.broadcast.AttemptKind;
import io.stablerail.withdrawal.broadcast.AttemptStatus;
import io.stablerail.withdrawal.broadcast.BroadcastRepository;
import io.stablerail.withdrawal.withdrawals.Withdrawal;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

@Repository
class JdbcBroadcastRepository implements BroadcastRepository {

    private static final String ATTEMPT_COLUMNS = "id, withdrawal_id, attempt_no, chain, wallet, nonce, "
            + "reference_block, expires_at, raw_tx, txid, fee_limit, status, send_failures, kind, replaces";
    private static final RowMapper<Attempt> ATTEMPT = JdbcBroadcastRepository::attempt;

    private final JdbcTemplate jdbc;
    private final DataSource dataSource;
    private final RowMapper<Withdrawal> withdrawalRow;

    JdbcBroadcastRepository(JdbcTemplate jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.withdrawalRow = io.stablerail.withdrawal.withdrawals.persistence.WithdrawalRows.ROW;
    }

    @Override
    public boolean runExclusively(String chain, String wallet, Runnable work) {
        String key = "withdrawal-sender:" + chain + ":" + wallet;
        try (Connection connection = dataSource.getConnection()) {
            if (!advisory(connection, "SELECT pg_try_advisory_lock(hashtextextended(?, 0))", key)) {
                return false;
            }
            try {
                work.run();
                return true;
            } finally {
                advisory(connection, "SELECT pg_advisory_unlock(hashtextextended(?, 0))", key);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("sender lock of " + chain + "/" + wallet + " unavailable", e);
        }
    }

    private static boolean advisory(Connection connection, String sql, String key) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(true);
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, key);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    @Override
    public List<Attempt> dueToSend(String chain, String wallet, Instant now, int limit) {
        // only while the withdrawal itself waits for a send (SIGNED) or a replacement of its broadcast attempt
        // (BROADCAST, STUCK): once it is CONFIRMED or FAILED nothing is re-sent
        return jdbc.query("SELECT " + ATTEMPT_COLUMNS.replaceAll("(^|, )", "$1a.") + " FROM tx_attempt a "
                + "JOIN withdrawal w ON w.id = a.withdrawal_id AND w.status IN ('SIGNED', 'BROADCAST', 'STUCK') "
                + "WHERE a.chain = ? "
                + "AND a.wallet = ? AND a.status = 'SIGNED' AND a.next_send_at <= ? ORDER BY a.next_send_at LIMIT ?",
                ATTEMPT, chain, wallet, Timestamp.from(now), limit);
    }

    @Override
    public List<Withdrawal> readyToSign(String chain, String wallet, Instant now, int limit) {
        return jdbc.query("SELECT " + io.stablerail.withdrawal.withdrawals.persistence.WithdrawalRows.COLUMNS
                + " FROM withdrawal WHERE chain = ? AND hot_wallet = ? AND status IN ('APPROVED', "
                + "'AWAITING_LIQUIDITY') AND not_before <= ? ORDER BY created_at, id LIMIT ?", withdrawalRow, chain,
                wallet, Timestamp.from(now), limit);
    }

    @Override
    public BigInteger inFlightBaseUnits(String chain, String wallet, String tokenContract) {
        return jdbc.queryForObject("SELECT coalesce(sum(amount_base), 0) FROM withdrawal WHERE chain = ? AND "
                + "hot_wallet = ? AND token_contract = ? AND status IN ('SIGNED', 'BROADCAST', 'STUCK')", BigDecimal.class,
                chain, wallet, tokenContract).toBigIntegerExact();
    }

    @Override
    public Optional<Long> nextNonce(String chain, String wallet) {
        return jdbc.query("SELECT next_nonce FROM wallet_nonce WHERE chain = ? AND wallet = ?",
                (rs, i) -> rs.getLong(1), chain, wallet).stream().findFirst();
    }

    @Override
    public void initNonce(String chain, String wallet, long nonce) {
        jdbc.update("INSERT INTO wallet_nonce (chain, wallet, next_nonce) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                chain, wallet, nonce);
    }

    @Override
    public boolean advanceNonce(String chain, String wallet, long expected) {
        return jdbc.update("UPDATE wallet_nonce SET next_nonce = next_nonce + 1 WHERE chain = ? AND wallet = ? "
                + "AND next_nonce = ?", chain, wallet, expected) == 1;
    }

    @Override
    public boolean returnNonce(String chain, String wallet, long nonce) {
        return jdbc.update("""
                UPDATE wallet_nonce SET next_nonce = ? WHERE chain = ? AND wallet = ? AND next_nonce = ? + 1
                   AND NOT EXISTS (SELECT 1 FROM tx_attempt a WHERE a.chain = ? AND a.wallet = ? AND a.nonce = ?
                                      AND a.status <> 'DEAD')""",
                nonce, chain, wallet, nonce, chain, wallet, nonce) == 1;
    }

    @Override
    public int nextAttemptNo(UUID withdrawalId) {
        return jdbc.queryForObject("SELECT coalesce(max(attempt_no), 0) + 1 FROM tx_attempt WHERE withdrawal_id = ?",
                Integer.class, withdrawalId);
    }

    @Override
    public void insertAttempt(Attempt a) {
        jdbc.update("""
                INSERT INTO tx_attempt (id, withdrawal_id, attempt_no, chain, wallet, nonce, reference_block,
                    expires_at, raw_tx, txid, fee_limit, status, kind, replaces)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", a.id(), a.withdrawalId(), a.attemptNo(), a.chain(),
                a.wallet(), a.nonce(), a.referenceBlock(), a.expiresAt() == null ? null : Timestamp.from(a.expiresAt()),
                a.rawTransaction(), a.txid(), new BigDecimal(a.feeLimit()), a.status().name(), a.kind().name(),
                a.replaces());
    }

    @Override
    public void setReuseNonce(UUID withdrawalId, Long nonce) {
        jdbc.update("UPDATE withdrawal SET reuse_nonce = ?, updated_at = now() WHERE id = ?", nonce, withdrawalId);
    }

    @Override
    public boolean setAttemptStatus(UUID attemptId, Set<AttemptStatus> from, AttemptStatus to) {
        // a decided attempt (DEAD, CONFIRMED, FAILED) needs no proof-of-death check any more
        return jdbc.update("UPDATE tx_attempt SET status = ?, broadcast_at = CASE WHEN ? = 'BROADCAST' THEN now() "
                + "ELSE broadcast_at END, death_check_at = CASE WHEN ? IN ('DEAD', 'CONFIRMED', 'FAILED') THEN NULL "
                + "ELSE death_check_at END WHERE id = ? AND status = ANY (?)", to.name(), to.name(), to.name(),
                attemptId,
                from.stream().map(Enum::name).toArray(String[]::new)) == 1;
    }

    @Override
    public void scheduleResend(UUID attemptId, int sendFailures, Instant nextSendAt, String lastError) {
        jdbc.update("UPDATE tx_attempt SET send_failures = ?, next_send_at = ?, last_error = left(?, 1000) "
                + "WHERE id = ?", sendFailures, Timestamp.from(nextSendAt), lastError, attemptId);
    }

    @Override
    public List<Attempt> liveAttempts(UUID withdrawalId) {
        return jdbc.query("SELECT " + ATTEMPT_COLUMNS + " FROM tx_attempt WHERE withdrawal_id = ? "
                + "AND status IN ('SIGNED', 'BROADCAST') ORDER BY attempt_no", ATTEMPT, withdrawalId);
    }

    @Override
    public List<Attempt> attempts(UUID withdrawalId) {
        return jdbc.query("SELECT " + ATTEMPT_COLUMNS + " FROM tx_attempt WHERE withdrawal_id = ? ORDER BY attempt_no",
                ATTEMPT, withdrawalId);
    }

    @Override
    public List<Attempt> possiblyMined(UUID withdrawalId) {
        return jdbc.query("SELECT " + ATTEMPT_COLUMNS + " FROM tx_attempt WHERE withdrawal_id = ? "
                + "AND status IN ('SIGNED', 'BROADCAST', 'REPLACED') ORDER BY attempt_no", ATTEMPT, withdrawalId);
    }

    @Override
    public int markOthersDead(UUID withdrawalId, UUID minedAttemptId) {
        return jdbc.update("UPDATE tx_attempt SET status = 'DEAD', replace_wanted_at = NULL, death_check_at = NULL "
                + "WHERE withdrawal_id = ? "
                + "AND id <> ? AND status IN ('SIGNED', 'BROADCAST', 'REPLACED')", withdrawalId, minedAttemptId);
    }

    @Override
    public boolean markReplaceWanted(UUID attemptId, Instant at) {
        return jdbc.update("UPDATE tx_attempt SET replace_wanted_at = ? WHERE id = ? AND status = 'BROADCAST' "
                + "AND nonce IS NOT NULL AND replace_wanted_at IS NULL", Timestamp.from(at), attemptId) == 1;
    }

    @Override
    public void clearReplaceWanted(UUID attemptId) {
        jdbc.update("UPDATE tx_attempt SET replace_wanted_at = NULL WHERE id = ?", attemptId);
    }

    @Override
    public List<Attempt> replaceWanted(String chain, String wallet, int limit) {
        return jdbc.query("SELECT " + ATTEMPT_COLUMNS.replaceAll("(^|, )", "$1a.") + " FROM tx_attempt a "
                + "JOIN withdrawal w ON w.id = a.withdrawal_id AND w.status = 'BROADCAST' WHERE a.chain = ? "
                + "AND a.wallet = ? AND a.status = 'BROADCAST' AND a.replace_wanted_at IS NOT NULL "
                + "ORDER BY a.replace_wanted_at LIMIT ?", ATTEMPT, chain, wallet, limit);
    }

    @Override
    public Optional<Attempt> findByTxid(String chain, String txid) {
        return jdbc.query("SELECT " + ATTEMPT_COLUMNS + " FROM tx_attempt WHERE chain = ? AND lower(txid) = lower(?)",
                ATTEMPT, chain, txid).stream().findFirst();
    }

    @Override
    public boolean markDropReported(UUID attemptId, Instant at) {
        return jdbc.update("UPDATE tx_attempt SET drop_reported_at = ?, death_check_at = ? WHERE id = ? "
                + "AND drop_reported_at IS NULL AND status IN ('SIGNED', 'BROADCAST', 'REPLACED')",
                Timestamp.from(at), Timestamp.from(at), attemptId) == 1;
    }

    @Override
    public List<Attempt> deathCheckDue(String chain, String wallet, Instant now, int limit) {
        return jdbc.query("SELECT " + ATTEMPT_COLUMNS.replaceAll("(^|, )", "$1a.") + " FROM tx_attempt a "
                + "JOIN withdrawal w ON w.id = a.withdrawal_id AND w.status IN ('SIGNED', 'BROADCAST', 'STUCK') "
                + "WHERE a.chain = ? AND a.wallet = ? AND a.death_check_at <= ? "
                + "AND a.status IN ('SIGNED', 'BROADCAST', 'REPLACED') ORDER BY a.death_check_at LIMIT ?",
                ATTEMPT, chain, wallet, Timestamp.from(now), limit);
    }

    @Override
    public void deathCheckAgain(UUID attemptId, int deathChecks, Instant next) {
        jdbc.update("UPDATE tx_attempt SET death_checks = ?, death_check_at = ? WHERE id = ? "
                + "AND death_check_at IS NOT NULL", deathChecks, Timestamp.from(next), attemptId);
    }

    @Override
    public List<Attempt> fillersDueToSend(String chain, String wallet, Instant now, int limit) {
        return jdbc.query("SELECT " + ATTEMPT_COLUMNS + " FROM tx_attempt WHERE kind = 'NONCE_FILL' AND chain = ? "
                + "AND wallet = ? AND status = 'SIGNED' AND next_send_at <= ? ORDER BY next_send_at LIMIT ?", ATTEMPT,
                chain, wallet, Timestamp.from(now), limit);
    }

    @Override
    public List<Attempt> fillerDeathCheckDue(String chain, String wallet, Instant now, int limit) {
        return jdbc.query("SELECT " + ATTEMPT_COLUMNS + " FROM tx_attempt WHERE kind = 'NONCE_FILL' AND chain = ? "
                + "AND wallet = ? AND death_check_at <= ? AND status IN ('SIGNED', 'BROADCAST') "
                + "ORDER BY death_check_at LIMIT ?", ATTEMPT, chain, wallet, Timestamp.from(now), limit);
    }

    @Override
    public Optional<UUID> withdrawalReusing(String chain, String wallet, long nonce) {
        return jdbc.query("SELECT id FROM withdrawal WHERE chain = ? AND hot_wallet = ? AND reuse_nonce = ? "
                + "AND status IN ('APPROVED', 'AWAITING_LIQUIDITY') ORDER BY created_at LIMIT 1",
                (rs, i) -> rs.getObject(1, UUID.class), chain, wallet, nonce).stream().findFirst();
    }

    @Override
    public void recordFeePaid(UUID attemptId, BigInteger fee) {
        jdbc.update("UPDATE tx_attempt SET fee_paid = ? WHERE id = ?", new BigDecimal(fee), attemptId);
    }

    @Override
    public int deathChecks(UUID attemptId) {
        return jdbc.queryForObject("SELECT death_checks FROM tx_attempt WHERE id = ?", Integer.class, attemptId);
    }

    @Override
    public List<Long> liveNonces(String chain, String wallet, long from) {
        return jdbc.query("SELECT nonce FROM tx_attempt WHERE chain = ? AND wallet = ? AND nonce >= ? "
                + "AND status IN ('SIGNED', 'BROADCAST', 'REPLACED', 'CONFIRMED', 'FAILED') ORDER BY nonce",
                (rs, i) -> rs.getLong(1), chain, wallet, from);
    }

    @Override
    public long countByStatus(String status) {
        return jdbc.queryForObject("SELECT count(*) FROM withdrawal WHERE status = ?", Long.class, status);
    }

    private static Attempt attempt(ResultSet rs, int row) throws SQLException {
        long nonce = rs.getLong("nonce");
        Long nonceOrNull = rs.wasNull() ? null : nonce;
        Timestamp expires = rs.getTimestamp("expires_at");
        return new Attempt(rs.getObject("id", UUID.class), rs.getObject("withdrawal_id", UUID.class),
                rs.getInt("attempt_no"), rs.getString("chain"), rs.getString("wallet"), nonceOrNull,
                rs.getString("reference_block"), expires == null ? null : expires.toInstant(), rs.getString("raw_tx"),
                rs.getString("txid"), rs.getBigDecimal("fee_limit").toBigIntegerExact(),
                AttemptStatus.valueOf(rs.getString("status")), rs.getInt("send_failures"),
                AttemptKind.valueOf(rs.getString("kind")), rs.getObject("replaces", UUID.class));
    }
}
