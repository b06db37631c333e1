package io.stablerail.gateway.webhooks.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.stablerail.gateway.webhooks.MerchantEvent;
import io.stablerail.gateway.webhooks.WebhookRepository;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Webhooks in schema {@code gateway}. Delivery ids are derived from event and endpoint, so fan-out is idempotent. */
@Repository
class JdbcWebhookRepository implements WebhookRepository {

    private final JdbcTemplate jdbc;

    JdbcWebhookRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean insertEventWithDeliveries(MerchantEvent event, UUID sourceEventId, Instant firstAttemptAt) {
        int inserted = jdbc.update("INSERT INTO merchant_event (id, merchant_id, type, created_at, data, source_event_id) "
                        + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (source_event_id) DO NOTHING",
                event.id(), event.merchantId(), event.type(), Timestamp.from(event.created()), event.data(),
                sourceEventId);
        if (inserted == 0) {
            return false;
        }
        jdbc.update("""
                INSERT INTO webhook_delivery (id, event_id, endpoint_id, status, next_attempt_at)
                SELECT 'whd_' || substr(md5(? || e.id), 1, 24), ?, e.id, 'PENDING', ?
                  FROM webhook_endpoint e
                 WHERE e.merchant_id = ? AND e.status = 'ENABLED' AND (? = ANY (e.event_types) OR '*' = ANY (e.event_types))
                ON CONFLICT (event_id, endpoint_id) DO NOTHING""",
                event.id(), event.id(), Timestamp.from(firstAttemptAt), event.merchantId(), event.type());
        return true;
    }

    @Override
    public List<MerchantEvent> events(String merchantId, String startingAfter, int limit) {
        if (startingAfter == null) {
            return jdbc.query("SELECT id, merchant_id, type, created_at, data FROM merchant_event WHERE merchant_id = ? "
                    + "ORDER BY created_at, id LIMIT ?", (rs, i) -> event(rs), merchantId, limit);
        }
        return jdbc.query("SELECT id, merchant_id, type, created_at, data FROM merchant_event WHERE merchant_id = ? "
                        + "AND (created_at, id) > (SELECT created_at, id FROM merchant_event WHERE id = ? AND merchant_id = ?) "
                        + "ORDER BY created_at, id LIMIT ?",
                (rs, i) -> event(rs), merchantId, startingAfter, merchantId, limit);
    }

    @Override
    public Optional<MerchantEvent> event(String eventId) {
        return jdbc.query("SELECT id, merchant_id, type, created_at, data FROM merchant_event WHERE id = ?",
                (rs, i) -> event(rs), eventId).stream().findFirst();
    }

    @Override
    public void insertEndpoint(Endpoint endpoint, byte[] secretCiphertext) {
        jdbc.update("INSERT INTO webhook_endpoint (id, merchant_id, url, event_types, secret_ciphertext, description, "
                        + "status, created_at) VALUES (?, ?, ?, ?, ?, ?, 'ENABLED', ?)",
                endpoint.id(), endpoint.merchantId(), endpoint.url(), endpoint.eventTypes().toArray(String[]::new),
                secretCiphertext, endpoint.description(), Timestamp.from(endpoint.createdAt()));
    }

    @Override
    public Optional<Endpoint> endpoint(String merchantId, String endpointId) {
        return jdbc.query("SELECT " + ENDPOINT_COLUMNS + " FROM webhook_endpoint WHERE merchant_id = ? AND id = ?",
                (rs, i) -> endpoint(rs), merchantId, endpointId).stream().findFirst();
    }

    @Override
    public List<Endpoint> endpoints(String merchantId, String startingAfter, int limit) {
        if (startingAfter == null) {
            return jdbc.query("SELECT " + ENDPOINT_COLUMNS + " FROM webhook_endpoint WHERE merchant_id = ? "
                    + "ORDER BY created_at, id LIMIT ?", (rs, i) -> endpoint(rs), merchantId, limit);
        }
        return jdbc.query("SELECT " + ENDPOINT_COLUMNS + " FROM webhook_endpoint WHERE merchant_id = ? AND "
                        + "(created_at, id) > (SELECT created_at, id FROM webhook_endpoint WHERE id = ?) "
                        + "ORDER BY created_at, id LIMIT ?",
                (rs, i) -> endpoint(rs), merchantId, startingAfter, limit);
    }

    @Override
    public byte[] secretCiphertext(String endpointId) {
        return jdbc.queryForObject("SELECT secret_ciphertext FROM webhook_endpoint WHERE id = ?", byte[].class,
                endpointId);
    }

    @Override
    public void disableEndpoint(String endpointId, String reason, Instant at) {
        jdbc.update("UPDATE webhook_endpoint SET status = 'DISABLED', disabled_reason = ?, disabled_at = ? "
                + "WHERE id = ? AND status = 'ENABLED'", reason, Timestamp.from(at), endpointId);
        jdbc.update("UPDATE webhook_delivery SET status = 'FAILED', next_attempt_at = NULL "
                + "WHERE endpoint_id = ? AND status = 'PENDING'", endpointId);
    }

    @Override
    public List<Claimed> claimDue(Instant now, int limit, Duration lease) {
        return jdbc.query("""
                UPDATE webhook_delivery d SET locked_until = ?
                  FROM webhook_endpoint e, merchant_event ev
                 WHERE d.id IN (SELECT id FROM webhook_delivery
                                 WHERE status = 'PENDING' AND next_attempt_at <= ?
                                   AND (locked_until IS NULL OR locked_until <= ?)
                                 ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED)
                   AND e.id = d.endpoint_id AND ev.id = d.event_id AND e.status = 'ENABLED'
                RETURNING d.id, d.endpoint_id, e.url, d.attempts, ev.id, ev.merchant_id, ev.type, ev.created_at, ev.data""",
                (rs, i) -> new Claimed(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                        new MerchantEvent(rs.getString(5), rs.getString(6), rs.getString(7), instant(rs, 8),
                                rs.getString(9))),
                Timestamp.from(now.plus(lease)), Timestamp.from(now), Timestamp.from(now), limit);
    }

    @Override
    public void recordAttempt(String deliveryId, Attempt attempt, Instant nextAttemptAt) {
        jdbc.update("INSERT INTO webhook_attempt (delivery_id, attempted_at, status_code, latency_ms, error, succeeded) "
                        + "VALUES (?, ?, ?, ?, ?, ?)", deliveryId, Timestamp.from(attempt.attemptedAt()),
                attempt.statusCode(), attempt.latencyMs(), attempt.error(), attempt.succeeded());
        String status = attempt.succeeded() ? "SUCCEEDED" : nextAttemptAt == null ? "FAILED" : "PENDING";
        jdbc.update("UPDATE webhook_delivery SET attempts = attempts + 1, status = ?, next_attempt_at = ?, "
                        + "locked_until = NULL WHERE id = ?", status,
                attempt.succeeded() || nextAttemptAt == null ? null : Timestamp.from(nextAttemptAt), deliveryId);
    }

    @Override
    public List<Attempt> attemptsOfEndpointSince(String endpointId, Instant since) {
        return jdbc.query("SELECT a.attempted_at, a.status_code, a.latency_ms, a.error, a.succeeded FROM webhook_attempt a "
                        + "JOIN webhook_delivery d ON d.id = a.delivery_id WHERE d.endpoint_id = ? AND a.attempted_at >= ? "
                        + "ORDER BY a.attempted_at, a.id LIMIT 10000",
                (rs, i) -> attempt(rs, 1), endpointId, Timestamp.from(since));
    }

    @Override
    public List<Delivery> deliveries(String merchantId, String endpointId, String startingAfter, int limit) {
        List<Delivery> deliveries = new ArrayList<>(jdbc.query("""
                SELECT d.id, d.event_id, ev.type, d.status, d.attempts, d.next_attempt_at, d.created_at
                  FROM webhook_delivery d JOIN webhook_endpoint e ON e.id = d.endpoint_id
                  JOIN merchant_event ev ON ev.id = d.event_id
                 WHERE e.merchant_id = ? AND e.id = ?
                   AND (?::text IS NULL OR (d.created_at, d.id) > (SELECT created_at, id FROM webhook_delivery WHERE id = ?))
                 ORDER BY d.created_at, d.id LIMIT ?""",
                (rs, i) -> new Delivery(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                        instant(rs, 6), instant(rs, 7), List.of()),
                merchantId, endpointId, startingAfter, startingAfter, limit));
        if (deliveries.isEmpty()) {
            return deliveries;
        }
        Map<String, List<Attempt>> attempts = new HashMap<>();
        jdbc.query("""
                SELECT delivery_id, attempted_at, status_code, latency_ms, error, succeeded FROM (
                    SELECT a.*, row_number() OVER (PARTITION BY delivery_id ORDER BY id) AS n
                      FROM webhook_attempt a WHERE delivery_id = ANY (?)) AS ranked
                 WHERE n <= 100 ORDER BY delivery_id, n""",
                rs -> {
                    attempts.computeIfAbsent(rs.getString(1), id -> new ArrayList<>()).add(attempt(rs, 2));
                },
                (Object) deliveries.stream().map(Delivery::id).toArray(String[]::new));
        deliveries.replaceAll(d -> new Delivery(d.id(), d.eventId(), d.eventType(), d.status(), d.attempts(),
                d.nextAttemptAt(), d.createdAt(), attempts.getOrDefault(d.id(), List.of())));
        return deliveries;
    }

    @Override
    public boolean redeliver(String merchantId, String deliveryId, Instant now) {
        return jdbc.update("""
                UPDATE webhook_delivery d SET status = 'PENDING', next_attempt_at = ?, locked_until = NULL
                  FROM webhook_endpoint e
                 WHERE d.id = ? AND e.id = d.endpoint_id AND e.merchant_id = ? AND e.status = 'ENABLED'""",
                Timestamp.from(now), deliveryId, merchantId) == 1;
    }

    private static final String ENDPOINT_COLUMNS = "id, merchant_id, url, event_types, description, status, "
            + "disabled_reason, created_at";

    private static Endpoint endpoint(ResultSet rs) throws SQLException {
        return new Endpoint(rs.getString(1), rs.getString(2), rs.getString(3),
                Arrays.asList((String[]) rs.getArray(4).getArray()), rs.getString(5), rs.getString(6), rs.getString(7),
                instant(rs, 8));
    }

    private static MerchantEvent event(ResultSet rs) throws SQLException {
        return new MerchantEvent(rs.getString(1), rs.getString(2), rs.getString(3), instant(rs, 4), rs.getString(5));
    }

    private static Attempt attempt(ResultSet rs, int from) throws SQLException {
        int code = rs.getInt(from + 1);
        Integer statusCode = rs.wasNull() ? null : code;
        return new Attempt(instant(rs, from), statusCode, rs.getLong(from + 2), rs.getString(from + 3),
                rs.getBoolean(from + 4));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
