package io.stablerail.deposit.scanning;

import static io.stablerail.deposit.support.Merchants.ETHEREUM_USDT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import io.stablerail.chain.failure.ChainException;
import io.stablerail.chain.registry.ChainRegistry;
import io.stablerail.deposit.addresses.AddressBook;
import io.stablerail.deposit.deposits.ConfirmationReport;
import io.stablerail.deposit.deposits.Deposit;
import io.stablerail.deposit.deposits.DepositConfirmations;
import io.stablerail.deposit.deposits.DepositRecorder;
import io.stablerail.deposit.deposits.DepositSource;
import io.stablerail.deposit.deposits.ObservedTransfer;
import io.stablerail.deposit.support.DelegatingScanStore;
import io.stablerail.deposit.support.Merchants;
import io.stablerail.deposit.scanning.ScriptedTestChain.Log;
import io.stablerail.testsupport.EmbeddedInfra;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The chain-independent scanner against a scripted in-memory test chain and the real embedded PostgreSQL. Each test
 * uses its own chain name so cursors and deposits do not mix.
 */
@EmbeddedInfra
@SpringBootTest
class ScannerIT {

    static final String STRANGER = "0x2222222222222222222222222222222222222222";
    static final String FROM = "0x1111111111111111111111111111111111111111";
    static final ScannerSettings SETTINGS = new ScannerSettings(1, 5, 100, 256);

    @Autowired AddressBook addressBook;
    @Autowired ScanStore store;
    @Autowired ScanLocks locks;
    @Autowired DepositRecorder recorder;
    @Autowired DepositConfirmations confirmations;
    @Autowired PlatformTransactionManager transactions;
    @Autowired MeterRegistry meters;
    @Autowired JdbcTemplate jdbc;

    Scanner scanner(ScriptedTestChain chain, ScanStore withStore) {
        return new Scanner(ChainRegistry.knownChain(chain.chain()), chain, withStore, locks, recorder, transactions,
                SETTINGS, Clock.systemUTC(), meters);
    }

    Scanner scanner(ScriptedTestChain chain) {
        return scanner(chain, store);
    }

    String ourAddress(String merchant, int account) {
        return new Merchants(addressBook).onboard(merchant, account).address(merchant, "ethereum").address();
    }

    static Log usdt(String tx, long logIndex, String to, long amount) {
        return new Log(ScriptedTestChain.txHash(tx), logIndex, ETHEREUM_USDT, FROM, to, BigInteger.valueOf(amount));
    }

    long deposits(String chain) {
        return jdbc.queryForObject("SELECT count(*) FROM deposit WHERE chain = ?", Long.class, chain);
    }

    long cursor(String chain) {
        return jdbc.queryForObject("SELECT block_number FROM scan_cursor WHERE chain = ?", Long.class, chain);
    }

    long detectedEvents(String chain) {
        return jdbc.queryForObject("SELECT count(*) FROM outbox_event WHERE event_type = 'deposit.detected' AND "
                + "payload::jsonb -> 'payload' ->> 'chain' = ?", Long.class, chain);
    }

    /** Scanned blocks 1..cursor are all present, once each (no gap). */
    void assertNoSkippedBlock(String chain) {
        long cursor = cursor(chain);
        assertThat(jdbc.queryForObject("SELECT count(DISTINCT block_number) FROM scanned_block WHERE chain = ? AND "
                + "block_number BETWEEN 1 AND ?", Long.class, chain, cursor)).isEqualTo(cursor);
    }

    @Test
    void scansInBoundedRangesAndMatchesByContractAndAddress() {
        ScriptedTestChain chain = new ScriptedTestChain("ethereum");
        String ours = ourAddress("m-scan", 31);
        String other = new Merchants(addressBook).address("m-scan", "ethereum").address();
        chain.mine(usdt("t1", 0, ours, 5_000_000), usdt("t1", 1, other, 6_000_000));
        chain.mine(new Log(ScriptedTestChain.txHash("fake"), 0, "0x3333333333333333333333333333333333333333", FROM,
                ours, BigInteger.TEN.pow(9)), usdt("t3", 0, STRANGER, 7_000_000));
        chain.mineEmpty(10);
        chain.mine(usdt("t4", 2, ours, 8_000_000));

        Scanner.Tick tick = scanner(chain).scanOnce();

        assertThat(tick.lockHeld()).isTrue();
        assertThat(tick.blocksScanned()).isEqualTo(13);
        assertThat(chain.rangeCalls()).as("13 blocks in ranges of at most 5").isEqualTo(3);
        assertThat(tick.depositsRecorded()).isEqualTo(3);
        assertThat(cursor("ethereum")).isEqualTo(13);
        assertThat(jdbc.queryForList("SELECT tx_hash || '/' || log_index FROM deposit WHERE chain = 'ethereum' "
                + "ORDER BY block_number, log_index", String.class)).containsExactly(
                ScriptedTestChain.txHash("t1") + "/0", ScriptedTestChain.txHash("t1") + "/1",
                ScriptedTestChain.txHash("t4") + "/2");
        assertThat(meters.get("deposit.lag.blocks").tag("chain", "ethereum").gauge().value()).isZero();
        assertNoSkippedBlock("ethereum");
    }

    @Test
    void killedMidRangeAndRestartedSkipsNothingAndRecordsNothingTwice() {
        ScriptedTestChain chain = new ScriptedTestChain("arbitrum");
        String ours = ourAddress("m-kill", 32);
        for (int i = 1; i <= 23; i++) {
            chain.mine(new Log(ScriptedTestChain.txHash("k" + i), 0,
                    ChainRegistry.knownChain("arbitrum").token("USDC").contract(), FROM, ours,
                    BigInteger.valueOf(1_000_000L + i)));
        }
        AtomicInteger advances = new AtomicInteger();
        ScanStore dyingOnThirdCommit = new DelegatingScanStore(store) {
            @Override
            public boolean advance(String c, Optional<BlockRef> expected, List<BlockRef> blocks, int window) {
                boolean moved = super.advance(c, expected, blocks, window);
                if (advances.incrementAndGet() == 3) {
                    throw new IllegalStateException("process killed while committing blocks 11..15");
                }
                return moved;
            }
        };

        assertThatThrownBy(() -> scanner(chain, dyingOnThirdCommit).scanOnce()).hasMessageContaining("killed");
        assertThat(cursor("arbitrum")).as("the dying range rolled back with its deposits").isEqualTo(10);
        assertThat(deposits("arbitrum")).isEqualTo(10);

        scanner(chain).scanOnce();
        assertThat(cursor("arbitrum")).isEqualTo(23);
        assertThat(deposits("arbitrum")).isEqualTo(23);
        assertThat(detectedEvents("arbitrum")).isEqualTo(23);
        assertNoSkippedBlock("arbitrum");

        jdbc.update("DELETE FROM scan_cursor WHERE chain = 'arbitrum'");
        scanner(chain).scanOnce();
        assertThat(deposits("arbitrum")).as("a full replay from block 1 records nothing new").isEqualTo(23);
        assertThat(detectedEvents("arbitrum")).isEqualTo(23);
        assertThat(jdbc.queryForObject("SELECT sum(amount) FROM deposit WHERE chain = 'arbitrum'", Long.class))
                .isEqualTo(23 * 1_000_000L + 23 * 24 / 2);
    }

    @Test
    void reorgBeforeConfirmationOrphansThenReinclusionDetectsTheSameDepositAgain() {
        ScriptedTestChain chain = new ScriptedTestChain("polygon");
        String usdc = ChainRegistry.knownChain("polygon").token("USDC").contract();
        String ours = ourAddress("m-fork", 33);
        Log payment = new Log(ScriptedTestChain.txHash("pay"), 0, usdc, FROM, ours, BigInteger.valueOf(50_000_000));
        chain.mineEmpty(7);
        chain.mine(payment);
        chain.mineEmpty(2);
        scanner(chain).scanOnce();
        String id = Deposit.idOf("polygon", ScriptedTestChain.txHash("pay"), 0).toString();
        assertThat(status(id)).isEqualTo("DETECTED");
        String oldBlockHash = chain.hashAt(8);

        chain.reorgTo(6);
        chain.mineEmpty(5);
        Scanner.Tick afterReorg = scanner(chain).scanOnce();

        assertThat(afterReorg.reorgs()).isEqualTo(1);
        assertThat(status(id)).isEqualTo("ORPHANED");
        assertThat(cursor("polygon")).isEqualTo(11);
        assertThat(jdbc.queryForObject("SELECT block_hash FROM scan_cursor WHERE chain = 'polygon'", String.class))
                .isEqualTo(chain.hashAt(11));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM outbox_event WHERE event_type = 'deposit.orphaned' AND "
                + "message_key = ?", Integer.class, id)).isEqualTo(1);
        assertThat(confirmations.confirm(new ConfirmationReport("polygon", ScriptedTestChain.txHash("pay"), 0, usdc,
                ours, BigInteger.valueOf(50_000_000), oldBlockHash)))
                .isEqualTo(DepositConfirmations.Outcome.NOT_CONFIRMABLE);
        assertNoSkippedBlock("polygon");

        chain.reorgTo(9);
        long reincludedIn = chain.mine(payment);
        chain.mineEmpty(1);
        scanner(chain).scanOnce();

        assertThat(status(id)).isEqualTo("DETECTED");
        assertThat(deposits("polygon")).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT block_hash FROM deposit WHERE deposit_id = ?::uuid", String.class, id))
                .isEqualTo(chain.hashAt(reincludedIn));
        assertThat(confirmations.confirm(new ConfirmationReport("polygon", ScriptedTestChain.txHash("pay"), 0, usdc,
                ours, BigInteger.valueOf(50_000_000), chain.hashAt(reincludedIn))))
                .isEqualTo(DepositConfirmations.Outcome.CONFIRMED);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM outbox_event WHERE event_type = 'deposit.confirmed' AND "
                + "message_key = ?", Integer.class, id)).isEqualTo(1);
    }

    @Test
    void aReorgReplacingAConfirmedDepositRaisesTheAlarmAndChangesNothing() {
        ScriptedTestChain chain = new ScriptedTestChain("base-sepolia");
        String usdc = ChainRegistry.knownChain("base-sepolia").token("USDC").contract();
        String ours = ourAddress("m-deep", 37);
        Log payment = new Log(ScriptedTestChain.txHash("deep"), 0, usdc, FROM, ours, BigInteger.valueOf(8_000_000));
        chain.mineEmpty(3);
        long block = chain.mine(payment);
        chain.mineEmpty(2);
        scanner(chain).scanOnce();
        assertThat(confirmations.confirm(new ConfirmationReport("base-sepolia", payment.txHash(), 0, usdc, ours,
                payment.amount(), chain.hashAt(block)))).isEqualTo(DepositConfirmations.Outcome.CONFIRMED);

        chain.reorgTo(3);
        chain.mineEmpty(4);
        scanner(chain).scanOnce();

        String id = Deposit.idOf("base-sepolia", payment.txHash(), 0).toString();
        assertThat(status(id)).as("never changed automatically").isEqualTo("CONFIRMED");
        assertThat(meters.get("deposit.reorg.settled.deposits").tag("chain", "base-sepolia").counter().count())
                .isEqualTo(1.0);
        assertThat(cursor("base-sepolia")).isEqualTo(7);
    }

    @Test
    void aNodeTimingOutForAWhileIsCaughtUpWithNothingMissed() {
        ScriptedTestChain chain = new ScriptedTestChain("base");
        String usdc = ChainRegistry.knownChain("base").token("USDC").contract();
        String ours = ourAddress("m-slow", 34);
        for (int i = 1; i <= 8; i++) {
            chain.mine(new Log(ScriptedTestChain.txHash("s" + i), 0, usdc, FROM, ours, BigInteger.valueOf(2_000_000)));
        }
        scanner(chain).scanOnce();
        chain.timeOutNextCalls(4);
        for (int i = 9; i <= 20; i++) {
            chain.mine(new Log(ScriptedTestChain.txHash("s" + i), 0, usdc, FROM, ours, BigInteger.valueOf(2_000_000)));
        }

        for (int tick = 0; tick < 4; tick++) {
            assertThatThrownBy(() -> scanner(chain).scanOnce()).isInstanceOf(ChainException.class);
        }
        assertThat(cursor("base")).isEqualTo(8);
        scanner(chain).scanOnce();

        assertThat(cursor("base")).isEqualTo(20);
        assertThat(deposits("base")).isEqualTo(20);
        assertNoSkippedBlock("base");
    }

    @Test
    void twoScannersForOneChainOnlyOneAdvances() throws Exception {
        ScriptedTestChain chain = new ScriptedTestChain("optimism");
        String usdc = ChainRegistry.knownChain("optimism").token("USDC").contract();
        String ours = ourAddress("m-twin", 35);
        chain.mine(new Log(ScriptedTestChain.txHash("o1"), 0, usdc, FROM, ours, BigInteger.valueOf(3_000_000)));
        chain.mineEmpty(3);
        CountDownLatch firstInside = chain.holdNextRangeCall();

        CompletableFuture<Scanner.Tick> first = CompletableFuture.supplyAsync(() -> scanner(chain).scanOnce());
        assertThat(firstInside.await(10, TimeUnit.SECONDS)).isTrue();
        Scanner.Tick second = scanner(chain).scanOnce();
        chain.release();
        Scanner.Tick firstTick = first.get(30, TimeUnit.SECONDS);

        assertThat(second.lockHeld()).isFalse();
        assertThat(second.blocksScanned()).isZero();
        assertThat(firstTick.lockHeld()).isTrue();
        assertThat(firstTick.blocksScanned()).isEqualTo(4);
        assertThat(chain.rangeCalls()).isEqualTo(1);
        assertThat(deposits("optimism")).isEqualTo(1);
        assertThat(scanner(chain).scanOnce().lockHeld()).as("the lock is released after the tick").isTrue();
    }

    @Test
    void aWebhookDepositFromAForkIsOrphanedWhenTheScannerPassesItsHeightWithoutIt() {
        ScriptedTestChain chain = new ScriptedTestChain("ethereum-sepolia");
        String usdc = ChainRegistry.knownChain("ethereum-sepolia").token("USDC").contract();
        String ours = ourAddress("m-ghost", 36);
        chain.mineEmpty(3);
        Log real = new Log(ScriptedTestChain.txHash("real"), 0, usdc, FROM, ours, BigInteger.valueOf(4_000_000));
        long realBlock = chain.mine(real);
        chain.mineEmpty(2);
        recorder.record(DepositSource.WEBHOOK, List.of(
                new ObservedTransfer("ethereum-sepolia", ScriptedTestChain.txHash("ghost"), 0, 2, "0xdead", usdc, FROM,
                        ours, BigInteger.valueOf(9_000_000)),
                new ObservedTransfer("ethereum-sepolia", real.txHash(), 0, realBlock, chain.hashAt(realBlock), usdc,
                        FROM, ours, real.amount())));

        scanner(chain).scanOnce();

        String ghost = Deposit.idOf("ethereum-sepolia", ScriptedTestChain.txHash("ghost"), 0).toString();
        String kept = Deposit.idOf("ethereum-sepolia", real.txHash(), 0).toString();
        assertThat(status(ghost)).isEqualTo("ORPHANED");
        assertThat(status(kept)).isEqualTo("DETECTED");
        assertThat(deposits("ethereum-sepolia")).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM outbox_event WHERE event_type = 'deposit.orphaned' AND "
                + "message_key = ?", Integer.class, ghost)).isEqualTo(1);

        recorder.record(DepositSource.WEBHOOK, List.of(
                new ObservedTransfer("ethereum-sepolia", ScriptedTestChain.txHash("late-fork"), 0, 3, "0xf0f0", usdc,
                        FROM, ours, BigInteger.valueOf(6_000_000)),
                new ObservedTransfer("ethereum-sepolia", ScriptedTestChain.txHash("late-real"), 0, 3, chain.hashAt(3),
                        usdc, FROM, ours, BigInteger.valueOf(7_000_000))));
        assertThat(status(Deposit.idOf("ethereum-sepolia", ScriptedTestChain.txHash("late-fork"), 0).toString()))
                .as("reported late from a fork, at a height the scanner passed with another hash")
                .isEqualTo("ORPHANED");
        assertThat(status(Deposit.idOf("ethereum-sepolia", ScriptedTestChain.txHash("late-real"), 0).toString()))
                .isEqualTo("DETECTED");
    }

    String status(String depositId) {
        return jdbc.queryForObject("SELECT status FROM deposit WHERE deposit_id = ?::uuid", String.class, depositId);
    }
}
