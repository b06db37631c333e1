package io.stablerail.deposit.addresses;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.stablerail.deposit.support.Merchants;
import io.stablerail.testsupport.EmbeddedInfra;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Matching a batch of candidate {@code to} addresses stays an index lookup with many addresses: 100,000 rows made
 * with generate_series, one {@code match_key = ANY(?)} statement per batch.
 */
@EmbeddedInfra
@SpringBootTest
class AddressLookupIT {

    static final int ADDRESSES = 100_000;

    @Autowired AddressBook addresses;
    @Autowired JdbcTemplate jdbc;

    static String key(long n) {
        return String.format("0x%040x", n);
    }

    @Test
    void batchLookupUsesTheUniqueIndexAndFindsExactlyOurs() {
        new Merchants(addresses).onboard("m-bulk", 21);
        jdbc.update("""
                INSERT INTO deposit_address (address_id, merchant_id, coin, derivation_index, address, match_key,
                                             family, chain, customer_reference)
                SELECT gen_random_uuid(), 'm-bulk', 60, g, '0x' || lpad(to_hex(g), 40, '0'),
                       '0x' || lpad(to_hex(g), 40, '0'), 'EVM', 'ethereum', 'c-' || g
                  FROM generate_series(1, ?) AS g""", ADDRESSES);
        jdbc.execute("ANALYZE deposit_address");

        List<String> candidates = new ArrayList<>();
        for (long n = 1; n <= 500; n++) {
            candidates.add(key(n * 150));                // 500 of ours: 150, 300, ..., 75,000
            candidates.add(key(ADDRESSES + 1_000 + n));   // 500 not ours
        }
        String plan = String.join("\n", jdbc.queryForList("EXPLAIN SELECT match_key, address_id, merchant_id, "
                + "address, customer_reference FROM deposit_address WHERE match_key = ANY(?::text[])", String.class,
                "{" + String.join(",", candidates) + "}"));
        Map<String, AddressMatch> found = addresses.match(candidates);

        assertThat(plan).contains("deposit_address_match_key_unique").doesNotContain("Seq Scan");
        assertThat(found).hasSize(500);
        assertThat(found.get(key(300))).satisfies(match -> {
            assertThat(match.merchantId()).isEqualTo("m-bulk");
            assertThat(match.customerReference()).isEqualTo("c-300");
        });
        assertThat(found).doesNotContainKey(key(ADDRESSES + 1_001));
    }
}
