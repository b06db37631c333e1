package io.stablerail.devnet.tron;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.HexFormat;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;

/** The native USDT: ABI decoding and Tether's rules, without a chain around it. */
class DevnetUsdtTest {

    private static final byte[] ALICE = HexFormat.of().parseHex("11".repeat(20));
    private static final byte[] BOB = HexFormat.of().parseHex("22".repeat(20));
    private static final byte[] CAROL = HexFormat.of().parseHex("33".repeat(20));

    private final LedgerState state = new LedgerState();

    @Test
    void transferMovesBalanceAndLogsTransfer() {
        mint(ALICE, 100);

        DevnetUsdt.Execution done = DevnetUsdt.execute(state, ALICE, call("a9059cbb", address(BOB), uint(40)));

        assertThat(done.reverted()).isFalse();
        assertThat(balance(ALICE)).isEqualTo(60);
        assertThat(balance(BOB)).isEqualTo(40);
        assertThat(done.logs()).singleElement().satisfies(log -> {
            assertThat(log.topics().get(0)).isEqualTo(DevnetUsdt.TRANSFER_TOPIC);
            assertThat(log.topics().get(1)).isEqualTo(address(ALICE));
            assertThat(log.topics().get(2)).isEqualTo(address(BOB));
            assertThat(new BigInteger(1, log.data())).isEqualTo(40);
            assertThat(log.address20()).hasSize(20);
        });
        assertThat(done.energyUsed()).isEqualTo(DevnetPrices.PLACEHOLDER_ENERGY_TRANSFER_TO_NEW_HOLDER);
    }

    @Test
    void transferFromSpendsTheAllowanceAndNoMore() {
        mint(ALICE, 100);
        assertThat(DevnetUsdt.execute(state, ALICE, call("095ea7b3", address(BOB), uint(30))).reverted()).isFalse();

        assertThat(DevnetUsdt.execute(state, BOB, call("23b872dd", address(ALICE), address(CAROL), uint(20)))
                .reverted()).isFalse();
        assertThat(DevnetUsdt.execute(state, BOB, call("23b872dd", address(ALICE), address(CAROL), uint(11)))
                .reverted()).as("only 10 left in the allowance").isTrue();
        assertThat(balance(CAROL)).isEqualTo(20);
        assertThat(balance(ALICE)).isEqualTo(80);
    }

    @Test
    void blacklistedSenderAndOverdraftRevertWithoutChangingAnything() {
        mint(ALICE, 100);
        assertThat(DevnetUsdt.execute(state, ALICE, call("a9059cbb", address(BOB), uint(101))).reverted()).isTrue();
        state.usdtBlacklist.add(ByteString.copyFrom(ALICE));
        DevnetUsdt.Execution blocked = DevnetUsdt.execute(state, ALICE, call("a9059cbb", address(BOB), uint(1)));

        assertThat(blocked.reverted()).isTrue();
        assertThat(blocked.logs()).isEmpty();
        assertThat(balance(ALICE)).isEqualTo(100);
    }

    @Test
    void balanceOfReturnsOneWordAndMalformedCallsRevert() {
        mint(ALICE, 7);
        assertThat(new BigInteger(1, DevnetUsdt.execute(state, BOB, call("70a08231", address(ALICE))).returnData()))
                .isEqualTo(7);
        assertThat(DevnetUsdt.execute(state, ALICE, call("a9059cbb", address(BOB))).reverted()).as("missing word")
                .isTrue();
        assertThat(DevnetUsdt.execute(state, ALICE, call("deadbeef")).reverted()).as("unknown selector").isTrue();
        assertThat(DevnetUsdt.execute(state, ALICE, new byte[] {1, 2}).reverted()).as("no selector").isTrue();
    }

    private void mint(byte[] owner, long amount) {
        state.usdtBalances.put(ByteString.copyFrom(owner), BigInteger.valueOf(amount));
    }

    private long balance(byte[] owner) {
        return state.usdt(ByteString.copyFrom(owner)).longValueExact();
    }

    private static byte[] call(String selector, byte[]... words) {
        byte[] data = new byte[4 + 32 * words.length];
        System.arraycopy(HexFormat.of().parseHex(selector), 0, data, 0, 4);
        for (int i = 0; i < words.length; i++) {
            System.arraycopy(words[i], 0, data, 4 + 32 * i, 32);
        }
        return data;
    }

    private static byte[] address(byte[] address20) {
        return DevnetUsdt.word(ByteString.copyFrom(address20));
    }

    private static byte[] uint(long value) {
        return DevnetUsdt.word(BigInteger.valueOf(value));
    }
}
