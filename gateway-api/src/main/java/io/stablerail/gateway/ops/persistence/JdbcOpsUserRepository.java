package io.stablerail.gateway.ops.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.stablerail.gateway.ops.OpsUser;
import io.stablerail.gateway.ops.OpsUserRepository;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

@Repository
class JdbcOpsUserRepository implements OpsUserRepository {

    private static final String COLUMNS = "id, name, created_at, created_by, disabled_at";

    private final JdbcTemplate jdbc;

    JdbcOpsUserRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean insert(OpsUser user, byte[] secretSha256) {
        return jdbc.update("INSERT INTO ops_user (id, name, secret_sha256, created_at, created_by) "
                        + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING",
                user.id(), user.name(), secretSha256, Timestamp.from(user.createdAt()), user.createdBy()) == 1;
    }

    @Override
    public Optional<StoredUser> findById(String id) {
        return jdbc.query("SELECT " + COLUMNS + ", secret_sha256 FROM ops_user WHERE id = ?",
                (rs, i) -> new StoredUser(user(rs), rs.getBytes(6)), id).stream().findFirst();
    }

    @Override
    public List<OpsUser> list() {
        return jdbc.query("SELECT " + COLUMNS + " FROM ops_user ORDER BY name", (rs, i) -> user(rs));
    }

    @Override
    public Optional<OpsUser> disable(String name, Instant at) {
        return jdbc.query("UPDATE ops_user SET disabled_at = coalesce(disabled_at, ?) WHERE name = ? RETURNING "
                + COLUMNS, (rs, i) -> user(rs), Timestamp.from(at), name).stream().findFirst();
    }

    private static OpsUser user(ResultSet rs) throws SQLException {
        Timestamp disabled = rs.getTimestamp(5);
        return new OpsUser(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getString(4),
                disabled == null ? null : disabled.toInstant());
    }
}
