package io.stablerail.deposit.deposits.persistence;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import io.stablerail.deposit.deposits.Deposit;
import io.stablerail.deposit.deposits.DepositRecord;
import io.stablerail.deposit.deposits.DepositRepository;
import io.stablerail.deposit.deposits.DepositSource;
import io.stablerail.deposit.deposits.DepositStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** JDBC adapter of {@link DepositRepository}: one statement per batch, arrays in, RETURNING out. */
@Repository
class JdbcDepositRepository implements DepositRepository {

    private static final String SELECT = "SELECT d.deposit_id, d.chain, d.tx_hash, d.log_index, d.block_number, "
            + "d.block_hash, d.token_contract, d.currency, d.amount, d.from_address, d.to_address, d.merchant_id, "
            + "d.address_id, d.status, a.customer_reference FROM deposit d "
            + "JOIN deposit_address a ON a.address_id = d.address_id ";

    private static final String RECORD = SELECT.replace("SELECT ", "SELECT d.seq, d.detected_at, d.confirmed_at, "
            + "d.credited_at, d.orphaned_at, ");

    private final JdbcTemplate jdbc;

    JdbcDepositRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<UUID> insertNew(Collection<Deposit> deposits, DepositSource source) {
        if (deposits.isEmpty()) {
            return List.of();
        }
        List<Deposit> rows = List.copyOf(deposits);
        return jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement("""
                    INSERT INTO deposit (deposit_id, chain, tx_hash, log_index, block_number, block_hash,
                                         token_contract, currency, amount, from_address, to_address, merchant_id,
                                         address_id, status, source)
                    SELECT u.id::uuid, u.chain, u.tx, u.li, u.bn, u.bh, u.contract, u.currency, u.amount::numeric,
                           u.from_address, u.to_address, u.merchant, u.address_id::uuid, u.status, ?
                      FROM unnest(?::text[], ?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::text[], ?::text[],
                                  ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                           AS u(id, chain, tx, li, bn, bh, contract, currency, amount, from_address, to_address,
                                merchant, address_id, status)
                    ON CONFLICT (chain, tx_hash, log_index) DO NOTHING
                    RETURNING deposit_id""");
            statement.setString(1, source.name());
            int p = 2;
            statement.setArray(p++, text(connection, rows, d -> d.depositId().toString()));
            statement.setArray(p++, text(connection, rows, Deposit::chain));
            statement.setArray(p++, text(connection, rows, Deposit::txHash));
            statement.setArray(p++, connection.createArrayOf("bigint", rows.stream().map(Deposit::logIndex).toArray()));
            statement.setArray(p++, connection.createArrayOf("bigint",
                    rows.stream().map(Deposit::blockNumber).toArray()));
            statement.setArray(p++, text(connection, rows, Deposit::blockHash));
            statement.setArray(p++, text(connection, rows, Deposit::tokenContract));
            statement.setArray(p++, text(connection, rows, Deposit::currency));
            statement.setArray(p++, text(connection, rows, d -> d.amount().toString()));
            statement.setArray(p++, text(connection, rows, Deposit::fromAddress));
            statement.setArray(p++, text(connection, rows, Deposit::toAddress));
            statement.setArray(p++, text(connection, rows, Deposit::merchantId));
            statement.setArray(p++, text(connection, rows, d -> d.addressId().toString()));
            statement.setArray(p, text(connection, rows, d -> d.status().name()));
            return statement;
        }, (rs, n) -> rs.getObject(1, UUID.class));
    }

    @Override
    public List<UUID> redetect(Collection<Deposit> observed) {
        if (observed.isEmpty()) {
            return List.of();
        }
        List<Deposit> rows = List.copyOf(observed);
        return jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement("""
                    UPDATE deposit d
                       SET status = 'DETECTED', block_number = u.bn, block_hash = u.bh, orphaned_at = NULL,
                           updated_at = now()
                      FROM unnest(?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[])
                           AS u(id, bn, bh, contract, amount)
                     WHERE d.deposit_id = u.id::uuid
                       AND (d.status = 'ORPHANED' OR (d.status = 'DETECTED' AND d.block_hash <> u.bh))
                       AND d.token_contract = u.contract AND d.amount = u.amount::numeric
                    RETURNING d.deposit_id""");
            statement.setArray(1, text(connection, rows, d -> d.depositId().toString()));
            statement.setArray(2, connection.createArrayOf("bigint",
                    rows.stream().map(Deposit::blockNumber).toArray()));
            statement.setArray(3, text(connection, rows, Deposit::blockHash));
            statement.setArray(4, text(connection, rows, Deposit::tokenContract));
            statement.setArray(5, text(connection, rows, d -> d.amount().toString()));
            return statement;
        }, (rs, n) -> rs.getObject(1, UUID.class));
    }

    @Override
    public List<Deposit> orphanAbove(String chain, long blockNumber) {
        List<UUID> ids = jdbc.query("UPDATE deposit SET status = 'ORPHANED', orphaned_at = now(), updated_at = now() "
                        + "WHERE chain = ? AND status = 'DETECTED' AND block_number > ? RETURNING deposit_id",
                (rs, n) -> rs.getObject(1, UUID.class), chain, blockNumber);
        List<Deposit> orphaned = new ArrayList<>();
        ids.forEach(id -> find(id).ifPresent(orphaned::add));
        return orphaned;
    }

    @Override
    public List<Deposit> orphanOffCanonical(String chain, java.util.Map<Long, String> canonicalHashes) {
        if (canonicalHashes.isEmpty()) {
            return List.of();
        }
        List<java.util.Map.Entry<Long, String>> blocks = List.copyOf(canonicalHashes.entrySet());
        List<UUID> ids = jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement("""
                    UPDATE deposit d SET status = 'ORPHANED', orphaned_at = now(), updated_at = now()
                      FROM unnest(?::bigint[], ?::text[]) AS b(n, h)
                     WHERE d.chain = ? AND d.status = 'DETECTED' AND d.block_number = b.n AND d.block_hash <> b.h
                    RETURNING d.deposit_id""");
            statement.setArray(1, connection.createArrayOf("bigint", blocks.stream().map(java.util.Map.Entry::getKey)
                    .toArray()));
            statement.setArray(2, connection.createArrayOf("text", blocks.stream().map(java.util.Map.Entry::getValue)
                    .toArray()));
            statement.setString(3, chain);
            return statement;
        }, (rs, n) -> rs.getObject(1, UUID.class));
        List<Deposit> orphaned = new ArrayList<>();
        ids.forEach(id -> find(id).ifPresent(orphaned::add));
        return orphaned;
    }

    @Override
    public List<Deposit> orphanBehindScanner(Collection<UUID> depositIds) {
        if (depositIds.isEmpty()) {
            return List.of();
        }
        List<UUID> ids = jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement("""
                    UPDATE deposit d SET status = 'ORPHANED', orphaned_at = now(), updated_at = now()
                      FROM scanned_block b
                     WHERE d.deposit_id = ANY(?::uuid[]) AND d.status = 'DETECTED'
                       AND b.chain = d.chain AND b.block_number = d.block_number AND b.block_hash <> d.block_hash
                    RETURNING d.deposit_id""");
            statement.setArray(1, connection.createArrayOf("uuid", depositIds.toArray()));
            return statement;
        }, (rs, n) -> rs.getObject(1, UUID.class));
        List<Deposit> orphaned = new ArrayList<>();
        ids.forEach(id -> find(id).ifPresent(orphaned::add));
        return orphaned;
    }

    @Override
    public long settledInScannedBlocksAbove(String chain, long blockNumber) {
        Long count = jdbc.queryForObject("SELECT count(*) FROM deposit d JOIN scanned_block b ON b.chain = d.chain "
                + "AND b.block_number = d.block_number AND b.block_hash = d.block_hash WHERE d.chain = ? "
                + "AND d.block_number > ? AND d.status IN ('CONFIRMED', 'CREDITED')", Long.class, chain, blockNumber);
        return count == null ? 0 : count;
    }

    @Override
    public Optional<Deposit> lock(String chain, String txHash, long logIndex) {
        return jdbc.query(SELECT + "WHERE d.chain = ? AND d.tx_hash = ? AND d.log_index = ? FOR UPDATE OF d",
                JdbcDepositRepository::deposit, chain, txHash, logIndex).stream().findFirst();
    }

    @Override
    public List<Deposit> lockAll(java.util.Collection<Key> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        List<Key> list = List.copyOf(keys);
        return jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement(SELECT + """
                    JOIN unnest(?::text[], ?::text[], ?::bigint[]) AS k(chain, tx_hash, log_index)
                      ON d.chain = k.chain AND d.tx_hash = k.tx_hash AND d.log_index = k.log_index
                    ORDER BY d.deposit_id FOR UPDATE OF d""");
            statement.setArray(1, connection.createArrayOf("text", list.stream().map(Key::chain).toArray()));
            statement.setArray(2, connection.createArrayOf("text", list.stream().map(Key::txHash).toArray()));
            statement.setArray(3, connection.createArrayOf("bigint", list.stream().map(Key::logIndex).toArray()));
            return statement;
        }, JdbcDepositRepository::deposit);
    }

    @Override
    public List<Deposit> findAll(java.util.Collection<UUID> depositIds) {
        if (depositIds.isEmpty()) {
            return List.of();
        }
        return jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement(SELECT + "WHERE d.deposit_id = ANY(?::uuid[])");
            statement.setArray(1, connection.createArrayOf("uuid", depositIds.toArray()));
            return statement;
        }, JdbcDepositRepository::deposit);
    }

    @Override
    public java.util.Set<UUID> transitionAll(java.util.Collection<UUID> depositIds, DepositStatus from,
            DepositStatus to) {
        if (depositIds.isEmpty()) {
            return java.util.Set.of();
        }
        return new java.util.HashSet<>(jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement("UPDATE deposit SET status = ?, "
                    + "updated_at = now()" + stamp(to) + " WHERE deposit_id = ANY(?::uuid[]) AND status = ? "
                    + "RETURNING deposit_id");
            statement.setString(1, to.name());
            statement.setArray(2, connection.createArrayOf("uuid", depositIds.toArray()));
            statement.setString(3, from.name());
            return statement;
        }, (rs, n) -> rs.getObject(1, UUID.class)));
    }

    @Override
    public Optional<Deposit> find(UUID depositId) {
        return jdbc.query(SELECT + "WHERE d.deposit_id = ?", JdbcDepositRepository::deposit, depositId).stream()
                .findFirst();
    }

    @Override
    public List<DepositRecord> list(String merchantId, long afterSeq, int limit) {
        return jdbc.query(RECORD + "WHERE d.merchant_id = ? AND d.seq > ? ORDER BY d.seq LIMIT ?",
                JdbcDepositRepository::record, merchantId, afterSeq, limit);
    }

    @Override
    public Optional<DepositRecord> record(String merchantId, UUID depositId) {
        return jdbc.query(RECORD + "WHERE d.merchant_id = ? AND d.deposit_id = ?", JdbcDepositRepository::record,
                merchantId, depositId).stream().findFirst();
    }

    @Override
    public boolean transition(UUID depositId, DepositStatus from, DepositStatus to) {
        return jdbc.update("UPDATE deposit SET status = ?, updated_at = now()" + stamp(to)
                + " WHERE deposit_id = ? AND status = ?", to.name(), depositId, from.name()) == 1;
    }

    /** The status's own timestamp: the moment of the update (a batch's transaction may have started earlier). */
    private static String stamp(DepositStatus to) {
        return switch (to) {
            case CONFIRMED -> ", confirmed_at = clock_timestamp()";
            case CREDITED -> ", credited_at = clock_timestamp()";
            case ORPHANED -> ", orphaned_at = clock_timestamp()";
            default -> "";
        };
    }

    private static java.sql.Array text(Connection connection, List<Deposit> rows, Function<Deposit, String> field)
            throws SQLException {
        return connection.createArrayOf("text", rows.stream().map(field).toArray());
    }

    private static DepositRecord record(ResultSet rs, int row) throws SQLException {
        return new DepositRecord(rs.getLong("seq"), deposit(rs, row), instant(rs, "detected_at"),
                instant(rs, "confirmed_at"), instant(rs, "credited_at"), instant(rs, "orphaned_at"));
    }

    private static java.time.Instant instant(ResultSet rs, String column) throws SQLException {
        java.sql.Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static Deposit deposit(ResultSet rs, int row) throws SQLException {
        return new Deposit(rs.getObject("deposit_id", UUID.class), rs.getString("chain"), rs.getString("tx_hash"),
                rs.getLong("log_index"), rs.getLong("block_number"), rs.getString("block_hash"),
                rs.getString("token_contract"), rs.getString("currency"),
                new BigInteger(rs.getBigDecimal("amount").toPlainString()), rs.getString("from_address"),
                rs.getString("to_address"), rs.getString("merchant_id"), rs.getObject("address_id", UUID.class),
                DepositStatus.valueOf(rs.getString("status")), rs.getString("customer_reference"));
    }
}
