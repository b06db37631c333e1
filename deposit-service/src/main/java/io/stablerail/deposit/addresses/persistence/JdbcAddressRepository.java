package io.stablerail.deposit.addresses.persistence;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.stablerail.chain.registry.ChainFamily;
import io.stablerail.deposit.addresses.AddressMatch;
import io.stablerail.deposit.addresses.AddressRepository;
import io.stablerail.deposit.addresses.DepositAddress;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** JDBC adapter of {@link AddressRepository}. */
@Repository
class JdbcAddressRepository implements AddressRepository {

    private static final String COLUMNS = "seq, address_id, merchant_id, chain, family, derivation_index, address, "
            + "customer_reference, created_at";

    private final JdbcTemplate jdbc;

    JdbcAddressRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String insertXpubIfAbsent(String merchantId, int coin, String xpub) {
        // only the merchant's own row may already exist; the same xpub under another merchant violates
        // merchant_xpub_one_merchant and is refused (DuplicateKeyException)
        jdbc.update("INSERT INTO merchant_xpub (merchant_id, coin, xpub) VALUES (?, ?, ?) "
                + "ON CONFLICT (merchant_id, coin) DO NOTHING", merchantId, coin, xpub);
        jdbc.update("INSERT INTO address_counter (merchant_id, coin) VALUES (?, ?) ON CONFLICT DO NOTHING",
                merchantId, coin);
        return jdbc.queryForObject("SELECT xpub FROM merchant_xpub WHERE merchant_id = ? AND coin = ?", String.class,
                merchantId, coin);
    }

    @Override
    public Optional<String> xpub(String merchantId, int coin) {
        return jdbc.query("SELECT xpub FROM merchant_xpub WHERE merchant_id = ? AND coin = ?",
                (rs, n) -> rs.getString(1), merchantId, coin).stream().findFirst();
    }

    @Override
    public int allocateIndex(String merchantId, int coin) {
        Integer index = jdbc.queryForObject("UPDATE address_counter SET next_index = next_index + 1 "
                + "WHERE merchant_id = ? AND coin = ? RETURNING next_index - 1", Integer.class, merchantId, coin);
        if (index == null) {
            throw new IllegalStateException("no address counter for " + merchantId + "/" + coin);
        }
        return index;
    }

    @Override
    public void insert(DepositAddress address, int coin, String matchKey) {
        jdbc.update("INSERT INTO deposit_address (address_id, merchant_id, coin, derivation_index, address, match_key, "
                        + "family, chain, customer_reference, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                address.addressId(), address.merchantId(), coin, address.index(), address.address(), matchKey,
                address.family().name(), address.chain(), address.customerReference(),
                java.sql.Timestamp.from(address.createdAt()));
    }

    @Override
    public Optional<DepositAddress> find(String merchantId, UUID addressId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM deposit_address WHERE merchant_id = ? AND address_id = ?",
                JdbcAddressRepository::address, merchantId, addressId).stream().findFirst();
    }

    @Override
    public List<DepositAddress> list(String merchantId, long afterSeq, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM deposit_address WHERE merchant_id = ? AND seq > ? "
                + "ORDER BY seq LIMIT ?", JdbcAddressRepository::address, merchantId, afterSeq, limit);
    }

    @Override
    public Map<String, AddressMatch> match(Collection<String> matchKeys) {
        Map<String, AddressMatch> found = new HashMap<>();
        jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement("SELECT match_key, address_id, merchant_id, "
                    + "address, customer_reference FROM deposit_address WHERE match_key = ANY(?)");
            statement.setArray(1, connection.createArrayOf("text", matchKeys.stream().distinct().toArray()));
            return statement;
        }, (ResultSet rs) -> {
            found.put(rs.getString(1), new AddressMatch(rs.getString(1), rs.getObject(2, UUID.class), rs.getString(3),
                    rs.getString(4), rs.getString(5)));
        });
        return found;
    }

    private static DepositAddress address(ResultSet rs, int row) throws SQLException {
        return new DepositAddress(rs.getLong("seq"), rs.getObject("address_id", UUID.class),
                rs.getString("merchant_id"), rs.getString("chain"), ChainFamily.valueOf(rs.getString("family")),
                rs.getInt("derivation_index"), rs.getString("address"), rs.getString("customer_reference"),
                rs.getTimestamp("created_at").toInstant());
    }
}
