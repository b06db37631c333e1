package io.stablerail.withdrawal.withdrawals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import io.stablerail.events.Topics;
import io.stablerail.events.transaction.FailureReason;
import io.stablerail.events.transaction.TrackPurpose;
import io.stablerail.events.transaction.TransactionFailed;
import io.stablerail.events.transaction.TransactionFinal;
import io.stablerail.withdrawal.broadcast.Outcomes;
import io.stablerail.withdrawal.support.InProcessLedger;
import io.stablerail.withdrawal.support.WithdrawalIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Network-fee mode CHARGED on ethereum (1.50 USDT per withdrawal), with the REAL ledger in-process: the hold reserves
 * the amount and the charge; at confirmation the ledger posts the amount to the hot wallet and the charge to
 * FEE_REVENUE in one entry (the platform still books the network fee it actually paid); a failed withdrawal charges
 * nothing.
 */
@TestPropertySource(properties = {
        "stablerail.withdrawal.fees.ethereum.mode=CHARGED",
        "stablerail.withdrawal.fees.ethereum.charge-minor=1500000"})
class ChargedNetworkFeeIT extends WithdrawalIntegrationTest {

    static final String USDT = "0xdAC17F958D2ee523a2206206994597C13D831ec7";

    @Autowired Outcomes outcomes;
    @Autowired Withdrawals withdrawals;
    @Autowired KafkaTemplate<String, String> kafka;

    UUID broadcastWithdrawal(String merchant, String amount) {
        UUID id = UUID.fromString(withdraw(merchant, "ethereum", "USDT", EVM_DESTINATION, amount).path("id")
                .asString());
        broadcaster.runOnce();
        assertThat(status(id)).isEqualTo("BROADCAST");
        return id;
    }

    String txid(UUID id) {
        return jdbc.queryForObject("SELECT txid FROM tx_attempt WHERE withdrawal_id = ?", String.class, id);
    }

    @Test
    void theChargeIsReservedWithTheAmountAndPostedToFeeRevenueAtConfirmation() throws Exception {
        ledger().bookHotWallet("ethereum", USDT, EVM_HOT_WALLET, "USDT", usd("100"));
        ledger().bookHotWallet("ethereum", "native", EVM_HOT_WALLET, "ETH", BigInteger.TEN.pow(18));
        // the in-process ledger is shared by the test classes of this run: balances are compared with before
        BigInteger hotUsdt = ledger().walletBalance("ethereum", USDT, EVM_HOT_WALLET, "USDT");
        BigInteger hotEth = ledger().walletBalance("ethereum", "native", EVM_HOT_WALLET, "ETH");
        ledger().fund("m-charged", "USDT", usd("10"));
        UUID id = broadcastWithdrawal("m-charged", "8");
        assertThat(ledger().held("m-charged", "USDT")).isEqualTo(usd("9.5"));
        assertThat(ledger().available("m-charged", "USDT")).isEqualTo(usd("0.5"));
        assertThat(jdbc.queryForObject("SELECT fee_charged_minor FROM withdrawal WHERE id = ?", Long.class, id))
                .isEqualTo(1_500_000L);
        JsonNode shown = getWithdrawal("m-charged", id);
        assertThat(shown.path("network_fee").asString()).as("what the merchant pays on top").isEqualTo("1.500000");
        assertThat(shown.path("network_fee_minor").asString()).isEqualTo("1500000");
        assertThat(shown.path("tx_hash").asString()).as("the broadcast attempt").isEqualTo(txid(id));

        outcomes.transactionFinal(new TransactionFinal(TrackPurpose.WITHDRAWAL, "attempt", "ethereum", txid(id), 100,
                "0x" + "cd".repeat(32), USDT, EVM_HOT_WALLET, EVM_DESTINATION, "8000000", 0L, "21000000000000", "wei"));
        assertThat(status(id)).isEqualTo("CONFIRMED");
        String confirmed = jdbc.queryForObject("SELECT payload FROM outbox_event WHERE event_type = "
                + "'withdrawal.confirmed' AND message_key = ?", String.class, id.toString());
        assertThat(confirmed).contains("\"fee_charged\":\"1500000\"").contains("\"amount\":\"8000000\"");

        // our event relayed twice into the real ledger's namespace
        String ledgerTopic = InProcessLedger.topicPrefix() + Topics.WITHDRAWALS;
        kafka.send(ledgerTopic, id.toString(), confirmed).get();
        kafka.send(ledgerTopic, id.toString(), confirmed).get();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "POSTED".equals(ledger().hold(Withdrawal.holdIdOf(id)).path("status").asString()));
        assertThat(ledger().hold(Withdrawal.holdIdOf(id)).path("posted_amount").asString()).isEqualTo("9500000");
        assertThat(ledger().held("m-charged", "USDT")).isZero();
        assertThat(ledger().available("m-charged", "USDT")).isEqualTo(usd("0.5"));
        // only the amount left the hot wallet; the entry balances, so the 1.50 went to the one other credit: FEE_REVENUE
        assertThat(ledger().walletBalance("ethereum", USDT, EVM_HOT_WALLET, "USDT"))
                .isEqualTo(hotUsdt.subtract(usd("8")));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                ledger().walletBalance("ethereum", "native", EVM_HOT_WALLET, "ETH"))
                .isEqualTo(hotEth.subtract(new BigInteger("21000000000000"))));
        Thread.sleep(300);
        assertThat(ledger().available("m-charged", "USDT")).isEqualTo(usd("0.5"));
    }

    @Test
    void aMerchantWhoseBalanceCoversTheAmountButNotTheChargeIsRefused() {
        ledger().fund("m-charged-short", "USDT", usd("9.4"));
        HttpResponse<String> refused = requestWithdrawal("m-charged-short", UUID.randomUUID().toString(),
                body("ethereum", "USDT", EVM_DESTINATION, "8"));
        assertThat(code(refused)).isEqualTo("422 insufficient_funds");
        assertThat(ledger().available("m-charged-short", "USDT")).isEqualTo(usd("9.4"));
        assertThat(ledger().held("m-charged-short", "USDT")).isZero();
    }

    @Test
    void aFailedWithdrawalChargesNothing() {
        ledger().fund("m-charged-failed", "USDT", usd("10"));
        UUID id = broadcastWithdrawal("m-charged-failed", "8");
        assertThat(ledger().held("m-charged-failed", "USDT")).isEqualTo(usd("9.5"));

        outcomes.transactionFailed(new TransactionFailed(TrackPurpose.WITHDRAWAL, "attempt", "ethereum", txid(id),
                FailureReason.REVERTED, "execution reverted", 101, "0x" + "cd".repeat(32), "30000000000000", "wei"));
        assertThat(status(id)).isEqualTo("FAILED");
        withdrawals.recoverOnce(100, Duration.ofHours(1)); // the hold-release job's run
        assertThat(ledger().hold(Withdrawal.holdIdOf(id)).path("status").asString()).isEqualTo("VOIDED");
        assertThat(ledger().available("m-charged-failed", "USDT")).isEqualTo(usd("10"));
    }
}
