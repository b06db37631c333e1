package io.stablerail.devnet.evm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;

import io.stablerail.chain.address.EvmAddress;
import io.stablerail.chain.evm.Erc20Transfer;
import io.stablerail.chain.evm.EvmBlock;
import io.stablerail.chain.evm.EvmClient;
import io.stablerail.chain.evm.EvmClientSettings;
import io.stablerail.chain.evm.EvmFeeOracle;
import io.stablerail.chain.evm.EvmFeePolicy;
import io.stablerail.chain.evm.FeeQuote;
import io.stablerail.chain.failure.ChainException;
import io.stablerail.chain.failure.FailureClass;
import io.stablerail.chain.registry.FinalityRule;
import io.stablerail.chain.signer.LocalKeySigner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The EVM client's transport behaviour: log-range splitting behind a refusing provider, batched block headers (out of
 * order, refused), timeouts, HTTP errors.
 */
class EvmClientIT {

    private static final BigInteger USD = BigInteger.valueOf(1_000_000);

    private static HardhatDevnet devnet;
    private static RefusingRpcProxy proxy;
    private static EvmClient throughProxy;
    private static EvmAddress token;
    private static long firstBlock;
    private static long lastBlock;

    @BeforeAll
    static void transfersSpreadOverManyBlocks() throws IOException {
        devnet = HardhatDevnet.start();
        proxy = new RefusingRpcProxy(devnet.rpcUrl());
        throughProxy = new EvmClient(new EvmClientSettings(proxy.url(), Duration.ofSeconds(10), 1_000));
        token = devnet.token(DevnetToken.USDC_LIKE);
        LocalKeySigner sender = devnet.account(1);
        devnet.mint(DevnetToken.USDC_LIKE, sender.evmAddress(), USD.multiply(BigInteger.valueOf(100)));
        EvmClient client = devnet.client();
        EvmFeeOracle fees = new EvmFeeOracle(client, new EvmFeePolicy(5, 50, 2, BigInteger.TEN.pow(9),
                BigInteger.TEN.pow(12)));
        firstBlock = devnet.blockNumber() + 1;
        for (int i = 1; i <= 6; i++) {
            String hash = client.sendRawTransaction(DevnetTransfers.eip1559(client, sender, token,
                    devnet.account(2).evmAddress(), USD.multiply(BigInteger.valueOf(i)),
                    client.noncePending(sender.evmAddress()), (FeeQuote.Eip1559) fees.quote())).transactionHash();
            devnet.awaitReceipt(hash, Duration.ofSeconds(20));
            devnet.mine(3); // empty blocks between the transfers
        }
        lastBlock = devnet.blockNumber();
    }

    @AfterAll
    static void stop() {
        if (throughProxy != null) {
            throughProxy.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (devnet != null) {
            devnet.close();
        }
    }

    @Test
    void aRefusedRangeIsSplitInHalvesUntilTheProviderAnswers() {
        List<Erc20Transfer> direct = devnet.client().transfers(firstBlock, lastBlock, List.of(token));
        assertThat(direct).hasSize(6);
        proxy.refuseLogRangesWiderThan(4, RefusingRpcProxy.Refusal.INFURA_MESSAGE);

        List<Erc20Transfer> split = throughProxy.transfers(firstBlock, lastBlock, List.of(token));

        assertThat(split).containsExactlyElementsOf(direct);
        assertCoveredExactlyOnce(proxy.logRanges(), 4);
        assertThat(proxy.logRanges().getFirst()).isEqualTo(new RefusingRpcProxy.Range(firstBlock, lastBlock, true));
    }

    @Test
    void http413IsARefusedRangeToo() {
        List<Erc20Transfer> direct = devnet.client().transfers(firstBlock, lastBlock, List.of(token));
        proxy.refuseLogRangesWiderThan(5, RefusingRpcProxy.Refusal.HTTP_413);

        assertThat(throughProxy.transfers(firstBlock, lastBlock, List.of(token))).containsExactlyElementsOf(direct);
        assertCoveredExactlyOnce(proxy.logRanges(), 5);
    }

    @Test
    void aProviderRefusingEvenOneBlockIsFailFast() {
        proxy.refuseLogRangesWiderThan(0, RefusingRpcProxy.Refusal.INFURA_MESSAGE);

        assertThatThrownBy(() -> throughProxy.transfers(firstBlock, firstBlock + 3, List.of(token)))
                .isInstanceOfSatisfying(ChainException.class, refused -> {
                    assertThat(refused.failureClass()).isEqualTo(FailureClass.FAIL_FAST);
                    assertThat(refused.getMessage()).contains("single block " + firstBlock);
                });
        // 4 → 2 → 1 blocks, then it stops at the first refused single block
        assertThat(proxy.logRanges()).extracting(RefusingRpcProxy.Range::blocks).containsExactly(4L, 2L, 1L);
        proxy.refuseLogRangesWiderThan(Long.MAX_VALUE, RefusingRpcProxy.Refusal.INFURA_MESSAGE);
    }

    @Test
    void aRangeWiderThanTheConfiguredMaximumIsNotEvenAsked() {
        try (EvmClient narrow = new EvmClient(new EvmClientSettings(devnet.rpcUrl(), Duration.ofSeconds(5), 10))) {
            assertThatThrownBy(() -> narrow.transfers(0, 10, List.of(token)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("logsBlockRangeMax");
            assertThat(narrow.transfers(firstBlock, firstBlock + 9, List.of(token))).isNotEmpty();
        }
    }

    @Test
    void aSilentNodeTimesOutAsRetry() throws IOException {
        List<Socket> accepted = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try {
                    while (!silent.isClosed()) {
                        accepted.add(silent.accept()); // read nothing, answer nothing
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            URI url = URI.create("http://127.0.0.1:" + silent.getLocalPort());
            try (EvmClient client = new EvmClient(new EvmClientSettings(url, Duration.ofMillis(300), 10))) {
                long started = System.nanoTime();
                assertThatThrownBy(client::chainId).isInstanceOfSatisfying(ChainException.class, timeout -> {
                    assertThat(timeout.failureClass()).isEqualTo(FailureClass.RETRY);
                    assertThat(timeout.code()).isEqualTo("timeout");
                });
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
            }
            acceptor.interrupt();
        } finally {
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }

    @Test
    void refusedConnectionsAndHttpStatusesAreClassified() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (EvmClient nobody = new EvmClient(new EvmClientSettings(URI.create("http://127.0.0.1:" + closedPort),
                Duration.ofSeconds(2), 10))) {
            assertThatThrownBy(nobody::chainId).isInstanceOfSatisfying(ChainException.class,
                    refused -> assertThat(refused.failureClass()).isEqualTo(FailureClass.RETRY));
        }
        try {
            proxy.answerEverythingWith(503);
            assertThatThrownBy(throughProxy::chainId).isInstanceOfSatisfying(ChainException.class, busy -> {
                assertThat(busy.failureClass()).isEqualTo(FailureClass.RETRY);
                assertThat(busy.code()).isEqualTo("HTTP 503");
            });
            proxy.answerEverythingWith(401);
            assertThatThrownBy(throughProxy::chainId).isInstanceOfSatisfying(ChainException.class, denied -> {
                assertThat(denied.failureClass()).isEqualTo(FailureClass.FAIL_FAST);
                assertThat(denied.code()).isEqualTo("HTTP 401");
            });
            proxy.answerEverythingWith(200, "<html><body>502 Bad Gateway</body></html>");
            assertThatThrownBy(throughProxy::chainId).isInstanceOfSatisfying(ChainException.class, garbage -> {
                assertThat(garbage.failureClass()).isEqualTo(FailureClass.RETRY);
                assertThat(garbage.code()).isEqualTo("unreadable_answer");
            });
        } finally {
            proxy.answerEverythingWith(0);
        }
        assertThat(throughProxy.chainId()).isEqualTo(HardhatDevnet.CHAIN_ID);
    }

    @Test
    void theHeadersOfARangeComeInOneBatchPerHundredMatchedToHeightsByIdEvenOutOfOrder() {
        devnet.mine((int) Math.max(0, 260 - devnet.blockNumber())); // empty blocks: a range of more than two batches
        long head = devnet.blockNumber();
        List<Optional<EvmBlock>> direct = LongStream.rangeClosed(1, head + 2).mapToObj(devnet.client()::block)
                .toList();
        try {
            proxy.batches(RefusingRpcProxy.Batches.REVERSED);
            int before = proxy.requests();

            List<Optional<EvmBlock>> batched = throughProxy.blocks(1, head + 2);

            assertThat(batched).isEqualTo(direct);
            assertThat(batched.subList(0, (int) head)).allSatisfy(block -> assertThat(block).isPresent());
            assertThat(batched.subList((int) head, batched.size())).as("heights not mined yet")
                    .allSatisfy(block -> assertThat(block).isEmpty());
            assertThat(proxy.requests() - before).as("one HTTP request per 100 headers")
                    .isEqualTo((int) ((head + 2 + EvmClient.HEADERS_PER_BATCH - 1) / EvmClient.HEADERS_PER_BATCH));
        } finally {
            proxy.batches(RefusingRpcProxy.Batches.FORWARD);
        }
    }

    @Test
    void aProviderThatDoesNotTakeBatchesIsAskedBlockByBlockFromThenOn() {
        List<Optional<EvmBlock>> direct = LongStream.rangeClosed(firstBlock, firstBlock + 4)
                .mapToObj(devnet.client()::block).toList();
        try (EvmClient client = new EvmClient(new EvmClientSettings(proxy.url(), Duration.ofSeconds(10), 1_000))) {
            proxy.batches(RefusingRpcProxy.Batches.REFUSED);
            int before = proxy.requests();

            assertThat(client.blocks(firstBlock, firstBlock + 4)).isEqualTo(direct);
            assertThat(proxy.requests() - before).as("the refused batch, then one call per block").isEqualTo(6);
            assertThat(client.blocks(firstBlock, firstBlock + 4)).isEqualTo(direct);
            assertThat(proxy.requests() - before).as("no batch tried again").isEqualTo(11);
        } finally {
            proxy.batches(RefusingRpcProxy.Batches.FORWARD);
        }
    }

    /** The nonce in a past block's state, and where a depth rule or the finalized tag puts the finality point. */
    @Test
    void nonceAtAPastBlockAndTheFinalityPointOfEachRule() {
        EvmClient client = devnet.client();
        EvmAddress sender = devnet.account(1).evmAddress();
        long before = client.nonceAt(sender, firstBlock - 1).longValueExact();

        assertThat(client.nonceAt(sender, firstBlock).longValueExact()).as("the first transfer's block").isEqualTo(
                before + 1);
        assertThat(client.nonceAt(sender, firstBlock + 3).longValueExact()).as("empty blocks after it").isEqualTo(
                before + 1);
        assertThat(client.nonceAt(sender, lastBlock).longValueExact()).isEqualTo(before + 6);
        assertThat(client.nonceAt(sender, lastBlock)).isEqualTo(client.nonceLatest(sender));

        long head = devnet.blockNumber();
        assertThat(client.finalityPoint(new FinalityRule.Depth(3))).isEqualTo(head - 2);
        assertThat(client.finalityPoint(new FinalityRule.Depth(1))).isEqualTo(head);
        assertThat(client.finalityPoint(new FinalityRule.FinalizedTag())).as("Hardhat: finalized = latest")
                .isEqualTo(head);
        assertThatThrownBy(() -> client.finalityPoint(new FinalityRule.TronSolidified()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fundEthAddsToTheBalance() {
        EvmAddress fresh = EvmAddress.parse("0x000000000000000000000000000000000000dEaD");
        BigInteger before = devnet.client().balance(fresh);

        devnet.fundEth(fresh, BigInteger.TEN.pow(18));

        assertThat(devnet.client().balance(fresh)).isEqualTo(before.add(BigInteger.TEN.pow(18)));
    }

    /** The accepted ranges are at most {@code limit} wide, in order, and cover [firstBlock, lastBlock] once. */
    private static void assertCoveredExactlyOnce(List<RefusingRpcProxy.Range> ranges, long limit) {
        assertThat(ranges).anyMatch(RefusingRpcProxy.Range::refused);
        long next = firstBlock;
        for (RefusingRpcProxy.Range range : ranges.stream().filter(r -> !r.refused()).toList()) {
            assertThat(range.blocks()).isLessThanOrEqualTo(limit);
            assertThat(range.from()).isEqualTo(next);
            next = range.to() + 1;
        }
        assertThat(next).isEqualTo(lastBlock + 1);
    }
}
