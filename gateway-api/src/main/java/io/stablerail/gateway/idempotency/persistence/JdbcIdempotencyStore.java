package io.stablerail.gateway.idempotency.persistence;

import java.time.Duration;
import java.util.List;

import io.stablerail.gateway.idempotency.IdempotencyStore;
import io.stablerail.gateway.idempotency.StoredResponse;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Idempotency records in schema {@code gateway}. {@code begin} is one INSERT … ON CONFLICT DO NOTHING: of concurrent
 * requests with one key exactly one inserts; the others read the row it left.
 */
@Repository
public class JdbcIdempotencyStore implements IdempotencyStore {

    private final JdbcTemplate jdbc;

    public JdbcIdempotencyStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Insert-or-read rounds of {@link #begin}: a row released between our insert and our read is rare. */
    static final int BEGIN_ROUNDS_MAX = 2;

    @Override
    public Begin begin(String merchantId, String key, String fingerprint, Duration lease) {
        for (int round = 0; round < BEGIN_ROUNDS_MAX; round++) {
            int inserted = jdbc.update("""
                    INSERT INTO idempotency_record (merchant_id, idempotency_key, request_fingerprint, state,
                                                    locked_until)
                    VALUES (?, ?, ?, 'IN_FLIGHT', now() + make_interval(secs => ?)) ON CONFLICT DO NOTHING""",
                    merchantId, key, fingerprint, lease.toMillis() / 1000.0);
            if (inserted == 1) {
                return new Proceed();
            }
            List<Begin> existing = jdbc.query("""
                    SELECT request_fingerprint, state, locked_until < now(), response_status, response_content_type,
                           response_location, response_body
                      FROM idempotency_record WHERE merchant_id = ? AND idempotency_key = ?""",
                    (rs, i) -> {
                        if (!rs.getString(1).equals(fingerprint)) {
                            return new Mismatch();
                        }
                        if ("COMPLETED".equals(rs.getString(2))) {
                            return new Replay(new StoredResponse(rs.getInt(4), rs.getString(5), rs.getString(6),
                                    rs.getBytes(7)));
                        }
                        return rs.getBoolean(3) ? null : new InFlight();
                    }, merchantId, key);
            if (!existing.isEmpty()) {
                Begin found = existing.getFirst();
                return found != null ? found : takeOver(merchantId, key, lease);
            }
            // released between our insert and our read: another round
        }
        return new InFlight(); // another request keeps taking and releasing the key: refuse, nothing runs
    }

    /** An attempt whose lease ran out (its process died) is taken over by exactly one retry. */
    private Begin takeOver(String merchantId, String key, Duration lease) {
        int taken = jdbc.update("UPDATE idempotency_record SET locked_until = now() + make_interval(secs => ?) "
                        + "WHERE merchant_id = ? AND idempotency_key = ? AND state = 'IN_FLIGHT' AND locked_until < now()",
                lease.toMillis() / 1000.0, merchantId, key);
        return taken == 1 ? new Proceed() : new InFlight();
    }

    @Override
    public void complete(String merchantId, String key, StoredResponse response) {
        jdbc.update("""
                UPDATE idempotency_record SET state = 'COMPLETED', response_status = ?, response_content_type = ?,
                       response_location = ?, response_body = ?, completed_at = now()
                 WHERE merchant_id = ? AND idempotency_key = ?""",
                response.status(), response.contentType(), response.location(), response.body(), merchantId, key);
    }

    @Override
    public void release(String merchantId, String key) {
        jdbc.update("DELETE FROM idempotency_record WHERE merchant_id = ? AND idempotency_key = ? "
                + "AND state = 'IN_FLIGHT'", merchantId, key);
    }

    @Override
    public int deleteOlderThan(Duration retention, int limit) {
        return jdbc.update("DELETE FROM idempotency_record WHERE (merchant_id, idempotency_key) IN ("
                        + "SELECT merchant_id, idempotency_key FROM idempotency_record "
                        + "WHERE created_at < now() - make_interval(secs => ?) ORDER BY created_at LIMIT ?)",
                retention.toSeconds(), limit);
    }
}
