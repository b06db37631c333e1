package io.stablerail.deposit.webhooks.persistence;

import java.util.List;
import java.util.Optional;

import io.stablerail.deposit.webhooks.RawEventStore;
import io.stablerail.deposit.webhooks.RawProviderEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** JDBC adapter of {@link RawEventStore}. */
@Repository
class JdbcRawEventStore implements RawEventStore {

    private final JdbcTemplate jdbc;

    JdbcRawEventStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Stored store(String provider, String providerEventId, String body) {
        List<Long> inserted = jdbc.queryForList("INSERT INTO raw_provider_event (provider, provider_event_id, body) "
                + "VALUES (?, ?, ?) ON CONFLICT DO NOTHING RETURNING id", Long.class, provider, providerEventId, body);
        if (!inserted.isEmpty()) {
            return new Stored(inserted.getFirst(), true);
        }
        Long existing = jdbc.queryForObject("SELECT id FROM raw_provider_event WHERE provider = ? AND "
                + "provider_event_id = ?", Long.class, provider, providerEventId);
        return new Stored(existing, false);
    }

    @Override
    public Optional<RawProviderEvent> lockUnprocessed(long id) {
        return jdbc.query("SELECT id, provider, provider_event_id, body, attempts FROM raw_provider_event "
                        + "WHERE id = ? AND processed_at IS NULL FOR UPDATE SKIP LOCKED",
                (rs, n) -> new RawProviderEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getInt(5)), id).stream().findFirst();
    }

    @Override
    public void markProcessed(long id) {
        jdbc.update("UPDATE raw_provider_event SET processed_at = now(), attempts = attempts + 1, last_error = NULL "
                + "WHERE id = ?", id);
    }

    @Override
    public void markFailed(long id, String error) {
        jdbc.update("UPDATE raw_provider_event SET attempts = attempts + 1, last_error = left(?, 500) WHERE id = ?",
                error, id);
    }

    @Override
    public List<Long> pending(int limit, int attemptsMax) {
        return jdbc.queryForList("SELECT id FROM raw_provider_event WHERE processed_at IS NULL AND attempts < ? "
                + "ORDER BY id LIMIT ?", Long.class, attemptsMax, limit);
    }
}
