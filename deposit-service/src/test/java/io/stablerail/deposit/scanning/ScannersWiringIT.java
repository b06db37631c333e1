package io.stablerail.deposit.scanning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigInteger;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.stablerail.chain.keys.DepositAddresses;
import io.stablerail.chain.keys.ExtendedPublicKey;
import io.stablerail.chain.registry.ChainRegistry;
import io.stablerail.deposit.addresses.AddressBook;
import io.stablerail.deposit.support.Http;
import io.stablerail.deposit.support.Merchants;
import io.stablerail.deposit.support.TestKeys;
import io.stablerail.testsupport.EmbeddedInfra;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A {@link ChainSource} bean gets a background scanner: the service is ready while the catch-up is still running (here
 * held inside the first range call), the scan finds the deposit once released, and the lag gauges are exported.
 */
@EmbeddedInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "stablerail.deposits.scanner.interval=100ms",
        "stablerail.deposits.scanner.start-blocks.arbitrum-sepolia=1"})
class ScannersWiringIT {

    /** Merchant account 51's first EVM address: known before the context starts. */
    static final String ADDRESS = DepositAddresses.evm(ExtendedPublicKey.parse(TestKeys.evmXpub(51)), 0).checksummed();
    static final ScriptedTestChain CHAIN = new ScriptedTestChain("arbitrum-sepolia");
    static final CountDownLatch FIRST_RANGE_ENTERED;

    static {
        CHAIN.mineEmpty(1_200);
        CHAIN.mine(new ScriptedTestChain.Log(ScriptedTestChain.txHash("bg"), 4,
                ChainRegistry.knownChain("arbitrum-sepolia").token("USDC").contract(),
                "0x1111111111111111111111111111111111111111", ADDRESS, BigInteger.valueOf(42_000_000)));
        FIRST_RANGE_ENTERED = CHAIN.holdNextRangeCall();
    }

    @TestConfiguration
    static class TestChainSource {
        @Bean
        ChainSource scriptedTestChain() {
            return CHAIN;
        }
    }

    @LocalServerPort int port;
    @Autowired AddressBook addresses;
    @Autowired JdbcTemplate jdbc;

    @Test
    void scansInTheBackgroundWithoutBlockingReadiness() throws Exception {
        new Merchants(addresses).onboard("m-background", 51);
        assertThat(new Merchants(addresses).address("m-background", "arbitrum").address()).isEqualTo(ADDRESS);
        assertThat(FIRST_RANGE_ENTERED.await(30, TimeUnit.SECONDS)).isTrue();

        assertThat(new Http(port).send("GET", "/actuator/health/readiness", null).statusCode())
                .as("ready while the scanner is stuck inside its first range").isEqualTo(200);

        CHAIN.release();
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM deposit WHERE merchant_id = 'm-background' AND chain = 'arbitrum-sepolia'",
                Integer.class) == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT block_number FROM scan_cursor WHERE chain = 'arbitrum-sepolia'", Long.class) == 1_201L);
        String metrics = new Http(port).send("GET", "/actuator/prometheus", null).body();
        assertThat(metrics).contains("deposit_lag_blocks{").contains("chain=\"arbitrum-sepolia\"")
                .contains("deposit_lag_seconds{").contains("deposit_detected_total{")
                .contains("deposit_scan_silence_seconds{");
    }
}
