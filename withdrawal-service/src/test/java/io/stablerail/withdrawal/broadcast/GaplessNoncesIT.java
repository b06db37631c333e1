package io.stablerail.withdrawal.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import io.stablerail.withdrawal.support.ScriptedTestChain;
import io.stablerail.withdrawal.support.WithdrawalIntegrationTest;
import org.junit.jupiter.api.Test;

/** Many withdrawals and several senders racing on one hot wallet: one sender at a time, nonces without gaps. */
class GaplessNoncesIT extends WithdrawalIntegrationTest {

    static final int WITHDRAWALS = 50;
    static final int SENDERS = 4;

    @Test
    void fiftyConcurrentWithdrawalsFromOneHotWalletGetGaplessNonces() throws Exception {
        ledger().fund("m-fifty", "USDT", usd("1000"));
        List<UUID> ids = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Future<UUID>> created = new ArrayList<>();
            for (int i = 0; i < WITHDRAWALS; i++) {
                String amount = "1." + String.format("%02d", i);
                created.add(pool.submit(() -> {
                    start.await();
                    return UUID.fromString(withdraw("m-fifty", "ethereum", "USDT", EVM_DESTINATION, amount).path("id")
                            .asString());
                }));
            }
            start.countDown();
            for (Future<UUID> id : created) {
                ids.add(id.get());
            }
            // several senders (as if several instances) race until everything is out, bounded
            for (int round = 0; round < 10 && rows("tx_attempt") < WITHDRAWALS; round++) {
                List<Future<?>> senders = new ArrayList<>();
                for (int s = 0; s < SENDERS; s++) {
                    senders.add(pool.submit(broadcaster::runOnce));
                }
                for (Future<?> sender : senders) {
                    sender.get();
                }
            }
        }

        List<Long> nonces = jdbc.queryForList("SELECT nonce FROM tx_attempt WHERE chain = 'ethereum' ORDER BY nonce",
                Long.class);
        long first = nonces.getFirst();
        assertThat(nonces).containsExactlyElementsOf(LongStream.range(first, first + WITHDRAWALS).boxed().toList());
        assertThat(first).as("the counter started from the chain's pending nonce").isEqualTo(5);
        assertThat(jdbc.queryForObject("SELECT next_nonce FROM wallet_nonce WHERE chain = 'ethereum'", Long.class))
                .isEqualTo(first + WITHDRAWALS);
        for (UUID id : ids) {
            assertThat(status(id)).isEqualTo("BROADCAST");
            assertThat(chain.transfersOf(id)).hasSize(1);
        }
        assertThat(chain.transfers().stream().map(ScriptedTestChain.Transfer::nonce).sorted().toList())
                .containsExactlyElementsOf(nonces);
    }
}
