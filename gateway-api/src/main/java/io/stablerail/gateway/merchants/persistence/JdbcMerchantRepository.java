package io.stablerail.gateway.merchants.persistence;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.stablerail.gateway.merchants.ApiKey;
import io.stablerail.gateway.merchants.Merchant;
import io.stablerail.gateway.merchants.MerchantRepository;
import io.stablerail.gateway.merchants.Scope;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Merchants and API keys in schema {@code gateway}. */
@Repository
class JdbcMerchantRepository implements MerchantRepository {

    private static final String KEY_COLUMNS = "id, merchant_id, prefix, scopes, description, created_at, expires_at, "
            + "revoked_at";

    private final JdbcTemplate jdbc;

    JdbcMerchantRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public int allocateAccountIndex() {
        Integer index = jdbc.queryForObject("SELECT nextval('merchant_account_index')::integer", Integer.class);
        if (index == null) {
            throw new IllegalStateException("merchant_account_index returned no value");
        }
        return index;
    }

    @Override
    public void insertMerchant(Merchant merchant) {
        jdbc.update("INSERT INTO merchant (id, name, status, created_at, account_index) VALUES (?, ?, ?, ?, ?)",
                merchant.id(), merchant.name(), merchant.status(), Timestamp.from(merchant.createdAt()),
                merchant.accountIndex());
    }

    @Override
    public Optional<Merchant> findMerchant(String merchantId) {
        return jdbc.query("SELECT id, name, status, created_at, account_index FROM merchant WHERE id = ?",
                (rs, i) -> new Merchant(rs.getString(1), rs.getString(2), rs.getString(3), instant(rs, 4),
                        rs.getInt(5)),
                merchantId).stream().findFirst();
    }

    @Override
    public void insertKey(ApiKey key, byte[] secretSha256) {
        jdbc.update("INSERT INTO api_key (id, merchant_id, prefix, secret_sha256, scopes, description, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)",
                key.id(), key.merchantId(), key.prefix(), secretSha256,
                key.scopes().stream().map(Scope::wire).sorted().toArray(String[]::new), key.description(),
                Timestamp.from(key.createdAt()));
    }

    @Override
    public Optional<StoredKey> findKeyByPrefix(String prefix) {
        return jdbc.query("SELECT " + KEY_COLUMNS + ", secret_sha256 FROM api_key WHERE prefix = ?",
                (rs, i) -> new StoredKey(key(rs), rs.getBytes(9)), prefix).stream().findFirst();
    }

    @Override
    public Optional<ApiKey> findKey(UUID keyId) {
        return jdbc.query("SELECT " + KEY_COLUMNS + " FROM api_key WHERE id = ?", (rs, i) -> key(rs), keyId)
                .stream().findFirst();
    }

    @Override
    public List<ApiKey> listKeys(String merchantId, UUID startingAfter, int limit) {
        if (startingAfter == null) {
            return jdbc.query("SELECT " + KEY_COLUMNS + " FROM api_key WHERE merchant_id = ? "
                    + "ORDER BY created_at, id LIMIT ?", (rs, i) -> key(rs), merchantId, limit);
        }
        return jdbc.query("SELECT " + KEY_COLUMNS + " FROM api_key WHERE merchant_id = ? AND (created_at, id) > "
                        + "(SELECT created_at, id FROM api_key WHERE id = ?) ORDER BY created_at, id LIMIT ?",
                (rs, i) -> key(rs), merchantId, startingAfter, limit);
    }

    @Override
    public boolean revoke(UUID keyId, Instant at) {
        return jdbc.update("UPDATE api_key SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                Timestamp.from(at), keyId) == 1;
    }

    @Override
    public void expireAndReplace(UUID keyId, Instant expiresAt, UUID replacedBy) {
        jdbc.update("UPDATE api_key SET expires_at = ?, replaced_by = ? WHERE id = ?", Timestamp.from(expiresAt),
                replacedBy, keyId);
    }

    private static ApiKey key(ResultSet rs) throws SQLException {
        Array scopes = rs.getArray(4);
        Set<Scope> parsed = EnumSet.noneOf(Scope.class);
        for (String scope : (String[]) scopes.getArray()) {
            parsed.add(Scope.fromWire(scope));
        }
        return new ApiKey(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), parsed, rs.getString(5),
                instant(rs, 6), instant(rs, 7), instant(rs, 8));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
