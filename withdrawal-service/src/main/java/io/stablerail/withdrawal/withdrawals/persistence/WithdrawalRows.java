package io.stablerail.withdrawal.withdrawals.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

import io.stablerail.withdrawal.withdrawals.Withdrawal;
import io.stablerail.withdrawal.withdrawals.WithdrawalStatus;
import org.springframework.jdbc.core.RowMapper;

/** The {@code withdrawal} row mapping, shared with the broadcaster's adapter. */
public final class WithdrawalRows {

    public static final String COLUMNS = "id, merchant_id, idempotency_key, request_fingerprint, chain, asset, "
            + "token_contract, to_address, amount_minor, amount_base, reference, hold_id, hot_wallet, status, "
            + "approvals_required, requested_by, failure_code, failure_detail, reuse_nonce, not_before, created_at, "
            + "updated_at, fee_charged_minor";

    public static final RowMapper<Withdrawal> ROW = WithdrawalRows::map;

    private WithdrawalRows() {
    }

    private static Withdrawal map(ResultSet rs, int row) throws SQLException {
        long reuse = rs.getLong("reuse_nonce");
        Long reuseNonce = rs.wasNull() ? null : reuse;
        return new Withdrawal(rs.getObject("id", UUID.class), rs.getString("merchant_id"),
                rs.getString("idempotency_key"), rs.getString("request_fingerprint"), rs.getString("chain"),
                rs.getString("asset"), rs.getString("token_contract"), rs.getString("to_address"),
                rs.getBigDecimal("amount_minor").toBigIntegerExact(),
                rs.getBigDecimal("amount_base").toBigIntegerExact(), rs.getString("reference"),
                rs.getObject("hold_id", UUID.class), rs.getString("hot_wallet"),
                WithdrawalStatus.valueOf(rs.getString("status")), rs.getInt("approvals_required"),
                rs.getString("requested_by"), rs.getString("failure_code"), rs.getString("failure_detail"),
                reuseNonce, rs.getTimestamp("not_before").toInstant(), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(), rs.getBigDecimal("fee_charged_minor").toBigIntegerExact());
    }
}
