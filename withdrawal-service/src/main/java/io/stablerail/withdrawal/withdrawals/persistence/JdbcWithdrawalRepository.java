package io.stablerail.withdrawal.withdrawals.persistence;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.stablerail.withdrawal.withdrawals.Withdrawal;
import io.stablerail.withdrawal.withdrawals.WithdrawalRepository;
import io.stablerail.withdrawal.withdrawals.WithdrawalStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

@Repository
class JdbcWithdrawalRepository implements WithdrawalRepository {

    private final JdbcTemplate jdbc;

    JdbcWithdrawalRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void lockMerchant(String merchantId) {
        jdbc.query("SELECT pg_advisory_xact_lock(hashtextextended('withdrawal-merchant:' || ?, 0))",
                rs -> null, merchantId);
    }

    @Override
    public boolean insert(Withdrawal w) {
        return jdbc.update("""
                INSERT INTO withdrawal (id, merchant_id, idempotency_key, request_fingerprint, chain, asset,
                    token_contract, to_address, amount_minor, amount_base, reference, hold_id, hot_wallet, status,
                    approvals_required, requested_by, not_before, created_at, updated_at, fee_charged_minor)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (merchant_id, idempotency_key) DO NOTHING""",
                w.id(), w.merchantId(), w.idempotencyKey(), w.fingerprint(), w.chain(), w.asset(), w.tokenContract(),
                w.toAddress(), new BigDecimal(w.amountMinor()), new BigDecimal(w.amountBase()), w.reference(),
                w.holdId(), w.hotWallet(), w.status().name(), w.approvalsRequired(), w.requestedBy(),
                Timestamp.from(w.notBefore()), Timestamp.from(w.createdAt()), Timestamp.from(w.updatedAt()),
                new BigDecimal(w.feeChargedMinor())) == 1;
    }

    @Override
    public Optional<String> onChainTxid(UUID withdrawalId) {
        return Optional.ofNullable(onChainTxids(List.of(withdrawalId)).get(withdrawalId));
    }

    @Override
    public Map<UUID, String> onChainTxids(List<UUID> withdrawalIds) {
        Map<UUID, String> txids = new HashMap<>();
        if (withdrawalIds.isEmpty()) {
            return txids;
        }
        jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement("""
                    SELECT DISTINCT ON (withdrawal_id) withdrawal_id, txid FROM tx_attempt
                    WHERE withdrawal_id = ANY (?) AND status <> 'DEAD'
                    ORDER BY withdrawal_id, status IN ('CONFIRMED', 'FAILED') DESC, attempt_no DESC""");
            statement.setArray(1, connection.createArrayOf("uuid", withdrawalIds.toArray()));
            return statement;
        }, (ResultSet rs) -> {
            txids.put(rs.getObject(1, UUID.class), rs.getString(2));
        });
        return txids;
    }

    @Override
    public List<Withdrawal> listForMerchant(String merchantId, ListPosition after, int limit) {
        return page("merchant_id = ?", merchantId, after, limit);
    }

    @Override
    public List<Withdrawal> listByStatus(WithdrawalStatus status, ListPosition after, int limit) {
        return page("status = ?", status.name(), after, limit);
    }

    /** A keyset page, by (created_at, id), of the rows that pass {@code filter} (a fixed condition on one parameter). */
    private List<Withdrawal> page(String filter, String value, ListPosition after, int limit) {
        if (after == null) {
            return jdbc.query("SELECT " + WithdrawalRows.COLUMNS + " FROM withdrawal WHERE " + filter
                    + " ORDER BY created_at, id LIMIT ?", WithdrawalRows.ROW, value, limit);
        }
        return jdbc.query("SELECT " + WithdrawalRows.COLUMNS + " FROM withdrawal WHERE " + filter
                + " AND (created_at, id) > (?, ?) ORDER BY created_at, id LIMIT ?", WithdrawalRows.ROW, value,
                after.createdAt().atOffset(ZoneOffset.UTC), after.id(), limit);
    }

    @Override
    public Optional<Withdrawal> find(UUID id) {
        return jdbc.query("SELECT " + WithdrawalRows.COLUMNS + " FROM withdrawal WHERE id = ?", WithdrawalRows.ROW, id).stream().findFirst();
    }

    @Override
    public Optional<Withdrawal> findForUpdate(UUID id) {
        return jdbc.query("SELECT " + WithdrawalRows.COLUMNS + " FROM withdrawal WHERE id = ? FOR UPDATE", WithdrawalRows.ROW, id).stream()
                .findFirst();
    }

    @Override
    public Optional<Withdrawal> findByKey(String merchantId, String idempotencyKey) {
        return jdbc.query("SELECT " + WithdrawalRows.COLUMNS + " FROM withdrawal WHERE merchant_id = ? AND idempotency_key = ?", WithdrawalRows.ROW,
                merchantId, idempotencyKey).stream().findFirst();
    }

    @Override
    public BigInteger totalOn(String merchantId, String asset, LocalDate day) {
        List<BigDecimal> total = jdbc.queryForList("""
                SELECT amount_minor FROM withdrawal_daily_total WHERE merchant_id = ? AND asset = ? AND day = ?""",
                BigDecimal.class, merchantId, asset, day);
        return total.isEmpty() ? BigInteger.ZERO : total.getFirst().toBigIntegerExact();
    }

    @Override
    public boolean transition(UUID id, Set<WithdrawalStatus> from, WithdrawalStatus to, String failureCode,
                              String failureDetail, boolean releaseHold) {
        return jdbc.update("""
                UPDATE withdrawal SET status = ?, failure_code = coalesce(?, failure_code),
                       failure_detail = coalesce(?, failure_detail),
                       hold_release_pending = hold_release_pending OR ?, updated_at = now()
                 WHERE id = ? AND status = ANY (?)""", to.name(), failureCode, failureDetail, releaseHold, id,
                names(from)) == 1;
    }

    @Override
    public Instant addressUsableFrom(String merchantId, String chain, String address, Instant now, Instant usableFrom) {
        jdbc.update("""
                INSERT INTO address_book_entry (merchant_id, chain, address, added_at, usable_from)
                VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""", merchantId, chain, address, Timestamp.from(now),
                Timestamp.from(usableFrom));
        return jdbc.queryForObject("SELECT usable_from FROM address_book_entry WHERE merchant_id = ? AND chain = ? "
                + "AND address = ?", Timestamp.class, merchantId, chain, address).toInstant();
    }

    @Override
    public boolean addApproval(UUID withdrawalId, String approver) {
        return jdbc.update("INSERT INTO withdrawal_approval (withdrawal_id, approver) VALUES (?, ?) "
                + "ON CONFLICT DO NOTHING", withdrawalId, approver) == 1;
    }

    @Override
    public int approvals(UUID withdrawalId) {
        return jdbc.queryForObject("SELECT count(*) FROM withdrawal_approval WHERE withdrawal_id = ?", Integer.class,
                withdrawalId);
    }

    @Override
    public List<String> approvers(UUID withdrawalId) {
        return jdbc.queryForList("SELECT approver FROM withdrawal_approval WHERE withdrawal_id = ? "
                + "ORDER BY decided_at, approver", String.class, withdrawalId);
    }

    @Override
    public List<Withdrawal> releasePending(int limit) {
        return jdbc.query("SELECT " + WithdrawalRows.COLUMNS + " FROM withdrawal WHERE hold_release_pending ORDER BY updated_at "
                + "LIMIT ?", WithdrawalRows.ROW, limit);
    }

    @Override
    public void releaseDone(UUID id) {
        jdbc.update("UPDATE withdrawal SET hold_release_pending = false, updated_at = now() WHERE id = ?", id);
    }

    @Override
    public List<Withdrawal> requestedBefore(Instant before, int limit) {
        return jdbc.query("SELECT " + WithdrawalRows.COLUMNS + " FROM withdrawal WHERE status = 'REQUESTED' AND created_at < ? "
                + "ORDER BY created_at LIMIT ?", WithdrawalRows.ROW, Timestamp.from(before), limit);
    }

    static String[] names(Set<WithdrawalStatus> statuses) {
        return statuses.stream().map(Enum::name).toArray(String[]::new);
    }
}
