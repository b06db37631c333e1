package io.stablerail.deposit.scanning.persistence;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;

import io.stablerail.deposit.scanning.BlockRef;
import io.stablerail.deposit.scanning.ScanStore;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** JDBC adapter of {@link ScanStore}. The cursor moves by compare-and-set on its (number, hash). */
@Repository
class JdbcScanStore implements ScanStore {

    private final JdbcTemplate jdbc;

    JdbcScanStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<BlockRef> cursor(String chain) {
        return jdbc.query("SELECT c.block_number, c.block_hash, coalesce(b.parent_hash, ''), "
                        + "coalesce(b.block_time, c.updated_at) FROM scan_cursor c LEFT JOIN scanned_block b "
                        + "ON b.chain = c.chain AND b.block_number = c.block_number WHERE c.chain = ?",
                (rs, n) -> new BlockRef(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant()),
                chain)
                .stream().findFirst();
    }

    @Override
    public boolean advance(String chain, Optional<BlockRef> expected, List<BlockRef> blocks, int windowBlocks) {
        BlockRef last = blocks.getLast();
        int moved = expected.isEmpty()
                ? jdbc.update("INSERT INTO scan_cursor (chain, block_number, block_hash) VALUES (?, ?, ?) "
                + "ON CONFLICT DO NOTHING", chain, last.number(), last.hash())
                : jdbc.update("UPDATE scan_cursor SET block_number = ?, block_hash = ?, updated_at = now() "
                        + "WHERE chain = ? AND block_number = ? AND block_hash = ?", last.number(), last.hash(), chain,
                expected.get().number(), expected.get().hash());
        if (moved != 1) {
            return false;
        }
        jdbc.update(connection -> {
            PreparedStatement statement = connection.prepareStatement("""
                    INSERT INTO scanned_block (chain, block_number, block_hash, parent_hash, block_time)
                    SELECT ?, n, h, p, t
                      FROM unnest(?::bigint[], ?::text[], ?::text[], ?::timestamptz[]) AS u(n, h, p, t)
                    ON CONFLICT (chain, block_number) DO UPDATE
                       SET block_hash = excluded.block_hash, parent_hash = excluded.parent_hash,
                           block_time = excluded.block_time, scanned_at = now()""");
            statement.setString(1, chain);
            statement.setArray(2, connection.createArrayOf("bigint", blocks.stream().map(BlockRef::number).toArray()));
            statement.setArray(3, connection.createArrayOf("text", blocks.stream().map(BlockRef::hash).toArray()));
            statement.setArray(4, connection.createArrayOf("text",
                    blocks.stream().map(BlockRef::parentHash).toArray()));
            statement.setArray(5, connection.createArrayOf("timestamptz",
                    blocks.stream().map(b -> Timestamp.from(b.timestamp())).toArray()));
            return statement;
        });
        jdbc.update("DELETE FROM scanned_block WHERE chain = ? AND block_number <= ?", chain,
                last.number() - windowBlocks);
        return true;
    }

    @Override
    public Optional<String> scannedHash(String chain, long number) {
        return jdbc.query("SELECT block_hash FROM scanned_block WHERE chain = ? AND block_number = ?",
                (rs, n) -> rs.getString(1), chain, number).stream().findFirst();
    }

    @Override
    public void rewind(String chain, BlockRef ancestor) {
        jdbc.update("DELETE FROM scanned_block WHERE chain = ? AND block_number > ?", chain, ancestor.number());
        jdbc.update("UPDATE scan_cursor SET block_number = ?, block_hash = ?, updated_at = now() WHERE chain = ?",
                ancestor.number(), ancestor.hash(), chain);
    }
}
