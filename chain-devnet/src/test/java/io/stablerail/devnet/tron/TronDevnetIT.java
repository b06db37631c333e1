package io.stablerail.devnet.tron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;

import io.stablerail.chain.address.TronAddress;
import io.stablerail.chain.failure.ChainException;
import io.stablerail.chain.failure.FailureClass;
import io.stablerail.chain.signer.LocalKeySigner;
import io.stablerail.chain.tron.SignedTronTransaction;
import io.stablerail.chain.tron.Trc20Transfer;
import io.stablerail.chain.tron.TronBlock;
import io.stablerail.chain.tron.TronClient;
import io.stablerail.chain.tron.TronClientSettings;
import io.stablerail.chain.tron.TronNode;
import io.stablerail.chain.tron.TronTransactions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tron.trident.proto.Chain.Transaction;
import org.tron.trident.proto.Chain.Transaction.Result.contractResult;
import org.tron.trident.proto.Response.TransactionInfo;

/**
 * The TRON client against the devnet, end to end over gRPC on 127.0.0.1: transfers, finality on the solidity node,
 * and every failure class the broadcaster has to act on.
 */
class TronDevnetIT {

    private static final TronClientSettings SETTINGS = new TronClientSettings(Duration.ofSeconds(5), 130, 100_000_000L);
    private static final long ONE_THOUSAND_TRX = 1_000_000_000L;
    private static final BigInteger USDT_12_50 = BigInteger.valueOf(12_500_000);

    private final LocalKeySigner sender = LocalKeySigner.ofPrivateKey("devnet-sender",
            new BigInteger("4f3edf983ac636a65a842ce7c78d9aa706d3b113bce9c46f30d7d21715b23b1d", 16));
    private final LocalKeySigner stranger = LocalKeySigner.ofPrivateKey("devnet-stranger",
            new BigInteger("6c8f9ae3c5b1b2b8f0d2c6a1e1c9b6e0a4d3f2c1b0a99887766554433221100f", 16));
    private final TronAddress recipient = TronAddress.parse("TJRabPrwbZy45sbavfcjinPJC18kjpRTv8");

    private TronDevnet devnet;
    private TronClient client;

    @BeforeEach
    void start() {
        devnet = TronDevnet.start();
        client = new TronClient(devnet.endpoint(), devnet.endpoint(), SETTINGS);
        devnet.fundTrx(sender.tronAddress(), ONE_THOUSAND_TRX);
        devnet.mintUsdt(sender.tronAddress(), BigInteger.valueOf(1_000_000_000));
        devnet.produceBlocks(3);
    }

    @AfterEach
    void stop() {
        client.close();
        devnet.close();
    }

    private SignedTronTransaction transfer(BigInteger amount) {
        return client.buildTrc20Transfer(devnet.usdtContract(), sender, recipient, amount);
    }

    /**
     * A block far enough below the head is kept as its bytes only (so a long-running devnet does not hold millions of
     * small objects); every read of it answers exactly as before, on both nodes.
     */
    @Test
    void aBlockReadsTheSameOnceItIsKeptAsBytes() {
        SignedTronTransaction first = transfer(USDT_12_50);
        SignedTronTransaction second = transfer(BigInteger.valueOf(7_000_000));
        client.broadcast(first);
        client.broadcast(second);
        devnet.produceBlocks(TronChain.SOLIDIFICATION_LAG_BLOCKS + 1);
        long number = client.transactionInfo(first.txid(), TronNode.SOLIDITY).orElseThrow().getBlockNumber();
        TronBlock block = client.blockByNumber(number, TronNode.SOLIDITY).orElseThrow();
        List<TransactionInfo> infos = client.transactionInfos(number, TronNode.SOLIDITY);
        assertThat(infos).hasSize(2);
        Transaction transaction = client.transaction(second.txid(), TronNode.SOLIDITY).orElseThrow();
        TransactionInfo info = client.transactionInfo(second.txid(), TronNode.FULL).orElseThrow();
        assertThat(devnet.compacted(number)).isFalse();

        devnet.produceBlocks(TronChain.PARSED_BLOCKS_KEPT);

        assertThat(devnet.compacted(number)).isTrue();
        for (TronNode node : TronNode.values()) {
            assertThat(client.blockByNumber(number, node)).contains(block);
            assertThat(client.transactionInfos(number, node)).isEqualTo(infos);
            assertThat(client.transaction(second.txid(), node)).contains(transaction);
            assertThat(client.transactionInfo(second.txid(), node)).contains(info);
            assertThat(client.transactionInfo(first.txid(), node)).contains(infos.getFirst());
        }
        assertThat(client.blockByNumber(number + 1, TronNode.SOLIDITY).orElseThrow().parentId()).isEqualTo(block.id());
    }

    @Test
    void transferIsExecutedThenSolidifiedWithItsTransferLog() {
        long trxBefore = devnet.trxBalance(sender.tronAddress());
        SignedTronTransaction signed = transfer(USDT_12_50);

        assertThat(client.broadcast(signed)).isEqualTo(signed.txid());
        assertThat(devnet.isPending(signed.txid())).isTrue();
        devnet.produceBlocks(1);

        TransactionInfo executed = client.transactionInfo(signed.txid(), TronNode.FULL).orElseThrow();
        assertThat(executed.getReceipt().getResult()).isEqualTo(contractResult.SUCCESS);
        assertThat(client.transactionInfo(signed.txid(), TronNode.SOLIDITY)).as("not solidified yet").isEmpty();

        devnet.produceBlocks(TronChain.SOLIDIFICATION_LAG_BLOCKS - 1);
        assertThat(client.transactionInfo(signed.txid(), TronNode.SOLIDITY)).as("one block short").isEmpty();
        devnet.produceBlocks(1);

        TransactionInfo info = client.transactionInfo(signed.txid(), TronNode.SOLIDITY).orElseThrow();
        assertThat(client.solidifiedBlock().number()).isEqualTo(info.getBlockNumber());
        assertThat(info.getContractAddress().toByteArray()).isEqualTo(devnet.usdtContract().bytes());
        assertThat(info.getLog(0).getAddress().size()).isEqualTo(20);
        assertThat(Trc20Transfer.fromTransactionInfo(info)).containsExactly(new Trc20Transfer(sender.tronAddress(),
                recipient, USDT_12_50, devnet.usdtContract(), signed.txid(), info.getBlockNumber(), 0));
        // a new holder: a fresh storage slot
        assertThat(info.getReceipt().getEnergyUsageTotal())
                .isEqualTo(DevnetPrices.PLACEHOLDER_ENERGY_TRANSFER_TO_NEW_HOLDER);
        assertThat(signed.feeLimitSun()).isEqualTo(
                (DevnetPrices.PLACEHOLDER_ENERGY_TRANSFER_TO_NEW_HOLDER * 130 + 99) / 100
                        * DevnetPrices.PLACEHOLDER_SUN_PER_ENERGY);
        assertThat(info.getFee()).isEqualTo(info.getReceipt().getEnergyFee() + info.getReceipt().getNetFee())
                .isPositive();
        assertThat(devnet.trxBalance(sender.tronAddress())).isEqualTo(trxBefore - info.getFee());
        assertThat(devnet.usdtBalance(recipient)).isEqualTo(USDT_12_50);
        assertThat(client.transaction(signed.txid(), TronNode.SOLIDITY)).isPresent();

        List<TransactionInfo> scanned = client.transactionInfos(info.getBlockNumber(), TronNode.SOLIDITY);
        assertThat(scanned).extracting(TransactionInfo::getId).containsExactly(info.getId());
    }

    @Test
    void blockIdsAreNumberThenHeaderHashAndChainToTheirParents() {
        devnet.produceBlocks(2);
        TronBlock head = client.nowBlock();
        TronBlock parent = client.blockByNumber(head.number() - 1, TronNode.FULL).orElseThrow();

        assertThat(head.id()).isEqualTo(devnet.blockId(head.number()).orElseThrow()).startsWith("%016x".formatted(head.number()));
        assertThat(head.parentId()).isEqualTo(parent.id());
        assertThat(client.blockByNumber(head.number() + 1, TronNode.FULL)).isEmpty();
        assertThat(client.blockByNumber(devnet.solidifiedBlockNumber() + 1, TronNode.SOLIDITY)).isEmpty();
    }

    @Test
    void expiredTransactionIsRebuild() {
        SignedTronTransaction signed = transfer(USDT_12_50);
        // trident's expiration is head time + 60 s; 20 blocks later the next slot is past it
        devnet.produceBlocks(20);

        assertThatThrownBy(() -> client.broadcast(signed)).isInstanceOfSatisfying(ChainException.class, e -> {
            assertThat(e.failureClass()).isEqualTo(FailureClass.REBUILD);
            assertThat(e.code()).isEqualTo("TRANSACTION_EXPIRATION_ERROR");
            assertThat(e.getMessage()).contains("Transaction expired");
        });
    }

    @Test
    void transactionStillInsideItsWindowIsAccepted() {
        SignedTronTransaction signed = transfer(USDT_12_50);
        devnet.produceBlocks(19);

        assertThat(client.broadcast(signed)).isEqualTo(signed.txid());
    }

    @Test
    void duplicateBroadcastIsAlreadyKnown() {
        SignedTronTransaction signed = transfer(USDT_12_50);
        client.broadcast(signed);

        assertThatThrownBy(() -> client.broadcast(signed)).isInstanceOfSatisfying(ChainException.class, e -> {
            assertThat(e.failureClass()).isEqualTo(FailureClass.ALREADY_KNOWN);
            assertThat(e.code()).isEqualTo("DUP_TRANSACTION_ERROR");
            assertThat(e.getMessage()).contains("Dup transaction.");
        });
        devnet.produceBlocks(1);
        assertThatThrownBy(() -> client.broadcast(signed)).as("also once in a block")
                .isInstanceOfSatisfying(ChainException.class,
                        e -> assertThat(e.failureClass()).isEqualTo(FailureClass.ALREADY_KNOWN));
        assertThat(devnet.usdtBalance(recipient)).as("paid once").isEqualTo(USDT_12_50);
    }

    @Test
    void signatureOfAnotherKeyIsSigerror() {
        SignedTronTransaction forged = TronTransactions.sign(transfer(USDT_12_50).transaction(), stranger);

        assertThatThrownBy(() -> client.broadcast(forged)).isInstanceOfSatisfying(ChainException.class, e -> {
            assertThat(e.failureClass()).isEqualTo(FailureClass.FAIL_FAST);
            assertThat(e.code()).isEqualTo("SIGERROR");
            assertThat(e.getMessage()).contains("Validate signature error: ")
                    .contains("is signed by " + stranger.tronAddress().base58() + " but it is not contained of permission.");
        });
        devnet.produceBlocks(1);
        assertThat(client.transactionInfo(forged.txid(), TronNode.FULL)).isEmpty();
    }

    @Test
    void blacklistedSenderRevertsAndStillPaysTheFee() {
        SignedTronTransaction signed = transfer(USDT_12_50);
        devnet.blacklistUsdt(sender.tronAddress());
        long trxBefore = devnet.trxBalance(sender.tronAddress());

        client.broadcast(signed);
        devnet.produceBlocks(1 + TronChain.SOLIDIFICATION_LAG_BLOCKS);

        TransactionInfo info = client.transactionInfo(signed.txid(), TronNode.SOLIDITY).orElseThrow();
        assertThat(info.getResult()).isEqualTo(TransactionInfo.code.FAILED);
        assertThat(info.getReceipt().getResult()).isEqualTo(contractResult.REVERT);
        assertThat(info.getResMessage().toStringUtf8()).isEqualTo("REVERT opcode executed");
        assertThat(info.getLogCount()).isZero();
        assertThat(Trc20Transfer.fromTransactionInfo(info)).isEmpty();
        assertThat(devnet.usdtBalance(recipient)).isZero();
        assertThat(info.getFee()).isPositive();
        assertThat(devnet.trxBalance(sender.tronAddress())).isEqualTo(trxBefore - info.getFee());

        devnet.unblacklistUsdt(sender.tronAddress()); // Tether's removeBlackList: the sender may transfer again
        SignedTronTransaction again = transfer(USDT_12_50);
        client.broadcast(again);
        devnet.produceBlocks(1 + TronChain.SOLIDIFICATION_LAG_BLOCKS);
        assertThat(client.transactionInfo(again.txid(), TronNode.SOLIDITY).orElseThrow().getReceipt().getResult())
                .isEqualTo(contractResult.SUCCESS);
        assertThat(devnet.usdtBalance(recipient)).isEqualTo(USDT_12_50);
    }

    @Test
    void estimateThatWouldRevertStopsBeforeSigning() {
        devnet.blacklistUsdt(sender.tronAddress());

        assertThatThrownBy(() -> transfer(USDT_12_50)).isInstanceOfSatisfying(ChainException.class, e -> {
            assertThat(e.code()).isEqualTo("CONTRACT_EXE_ERROR");
            assertThat(e.failureClass()).isEqualTo(FailureClass.FAIL_FAST);
        });
    }

    @Test
    void feeLimitOverTheCapIsRefusedBeforeSigning() {
        try (TronClient stingy = new TronClient(devnet.endpoint(), devnet.endpoint(),
                new TronClientSettings(Duration.ofSeconds(5), 130, 1_000_000L))) {
            assertThatThrownBy(() -> stingy.buildTrc20Transfer(devnet.usdtContract(), sender, recipient, USDT_12_50))
                    .isInstanceOfSatisfying(ChainException.class, e -> {
                        assertThat(e.failureClass()).isEqualTo(FailureClass.FAIL_FAST);
                        assertThat(e.code()).isEqualTo("FEE_LIMIT_OVER_CAP");
                    });
        }
    }

    @Test
    void forkReplacesUnsolidifiedBlocksAndRequeuesTheirTransactions() {
        SignedTronTransaction signed = transfer(USDT_12_50);
        client.broadcast(signed);
        devnet.produceBlocks(3);
        long height = client.transactionInfo(signed.txid(), TronNode.FULL).orElseThrow().getBlockNumber();
        String before = client.blockByNumber(height, TronNode.FULL).orElseThrow().id();
        long solid = devnet.solidifiedBlockNumber();
        String solidBefore = devnet.blockId(solid).orElseThrow();
        long head = devnet.headBlockNumber();

        devnet.fork(3);

        assertThat(devnet.headBlockNumber()).isEqualTo(head);
        assertThat(client.blockByNumber(height, TronNode.FULL).orElseThrow().id()).isNotEqualTo(before);
        assertThat(devnet.blockId(solid)).contains(solidBefore);
        assertThat(client.transactionInfo(signed.txid(), TronNode.FULL)).as("re-included").isPresent();
        assertThat(devnet.usdtBalance(recipient)).as("paid once").isEqualTo(USDT_12_50);
        assertThatThrownBy(() -> devnet.fork(TronChain.SOLIDIFICATION_LAG_BLOCKS + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void forkDroppingTransactionsUndoesTheTransfer() {
        SignedTronTransaction signed = transfer(USDT_12_50);
        client.broadcast(signed);
        devnet.produceBlocks(2);
        assertThat(devnet.usdtBalance(recipient)).isEqualTo(USDT_12_50);

        devnet.forkDroppingTransactions(2);

        assertThat(client.transactionInfo(signed.txid(), TronNode.FULL)).isEmpty();
        assertThat(devnet.usdtBalance(recipient)).isZero();
    }

    @Test
    void serverBusyIsRetryAndTheSameTransactionGoesThroughLater() {
        SignedTronTransaction signed = transfer(USDT_12_50);
        devnet.faults().serverBusy(1);

        assertThatThrownBy(() -> client.broadcast(signed)).isInstanceOfSatisfying(ChainException.class, e -> {
            assertThat(e.failureClass()).isEqualTo(FailureClass.RETRY);
            assertThat(e.code()).isEqualTo("SERVER_BUSY");
        });
        assertThat(client.broadcast(signed)).isEqualTo(signed.txid());
    }

    @Test
    void acceptedThenDroppedTransactionIsFoundNowhereAndExpires() {
        SignedTronTransaction signed = transfer(USDT_12_50);
        devnet.faults().acceptThenDrop(1);

        assertThat(client.broadcast(signed)).as("the node said yes").isEqualTo(signed.txid());
        assertThat(devnet.isPending(signed.txid())).isFalse();
        // expiration = build-time head + 60 s = 20 blocks; the solidified head must be strictly past it
        devnet.produceBlocks(20 + TronChain.SOLIDIFICATION_LAG_BLOCKS);
        assertThat(client.provablyDead(signed)).as("solidified head only reaches the expiration").isFalse();
        devnet.produceBlocks(1);

        assertThat(client.transaction(signed.txid(), TronNode.FULL)).isEmpty();
        assertThat(client.transactionInfo(signed.txid(), TronNode.FULL)).isEmpty();
        // DESIGN rule 5: expired before the solidified head and not on chain → provably dead, a rebuild is allowed
        assertThat(client.provablyDead(signed)).isTrue();
        assertThatThrownBy(() -> client.broadcast(signed)).isInstanceOfSatisfying(ChainException.class,
                e -> assertThat(e.failureClass()).isEqualTo(FailureClass.REBUILD));
        assertThat(devnet.usdtBalance(recipient)).isZero();
    }

    @Test
    void callThatNeverAnswersTimesOutAsRetry() {
        devnet.faults().timeout("GetNowBlock2");
        try (TronClient impatient = new TronClient(devnet.endpoint(), devnet.endpoint(),
                new TronClientSettings(Duration.ofMillis(300), 130, 100_000_000L))) {
            assertThatThrownBy(impatient::nowBlock).isInstanceOfSatisfying(ChainException.class, e -> {
                assertThat(e.failureClass()).isEqualTo(FailureClass.RETRY);
                assertThat(e.code()).isEqualTo("GRPC_DEADLINE_EXCEEDED");
            });
        }
        devnet.faults().clear();
        assertThat(client.nowBlock().number()).isEqualTo(devnet.headBlockNumber());
    }

    @Test
    void delayedCallStillAnswersWithinTheDeadline() {
        devnet.faults().delay("protocol.WalletSolidity/GetNowBlock2", Duration.ofMillis(200));

        assertThat(client.solidifiedBlock().number()).isEqualTo(devnet.solidifiedBlockNumber());
    }

    @Test
    void unknownReferenceBlockIsTaposErrorAndRebuild() {
        SignedTronTransaction built = transfer(USDT_12_50);
        org.tron.trident.proto.Chain.Transaction tampered = built.transaction().toBuilder()
                .setRawData(built.transaction().getRawData().toBuilder()
                        .setRefBlockHash(com.google.protobuf.ByteString.copyFrom(new byte[8])))
                .build();
        SignedTronTransaction signed = TronTransactions.sign(tampered, sender);

        assertThatThrownBy(() -> client.broadcast(signed)).isInstanceOfSatisfying(ChainException.class, e -> {
            assertThat(e.failureClass()).isEqualTo(FailureClass.REBUILD);
            assertThat(e.code()).isEqualTo("TAPOS_ERROR");
            assertThat(e.getMessage()).contains("Tapos check error.");
        });
    }

    @Test
    void transferThatCostsMoreThanEstimatedRunsOutOfEnergy() {
        LocalKeySigner holder = LocalKeySigner.ofPrivateKey("devnet-holder", BigInteger.valueOf(0x5eed));
        devnet.fundTrx(holder.tronAddress(), ONE_THOUSAND_TRX);
        devnet.mintUsdt(holder.tronAddress(), BigInteger.ONE);
        // estimated while the holder holds a balance (cheap), executed after it emptied it (a new storage slot)
        SignedTronTransaction toHolder = client.buildTrc20Transfer(devnet.usdtContract(), sender,
                holder.tronAddress(), USDT_12_50);
        SignedTronTransaction emptying = client.buildTrc20Transfer(devnet.usdtContract(), holder, recipient,
                BigInteger.ONE);
        client.broadcast(emptying);
        client.broadcast(toHolder);
        devnet.produceBlocks(1);

        TransactionInfo info = client.transactionInfo(toHolder.txid(), TronNode.FULL).orElseThrow();
        assertThat(info.getReceipt().getResult()).isEqualTo(contractResult.OUT_OF_ENERGY);
        assertThat(info.getResult()).isEqualTo(TransactionInfo.code.FAILED);
        assertThat(info.getReceipt().getEnergyFee()).as("the whole fee_limit burns")
                .isEqualTo(toHolder.feeLimitSun() / DevnetPrices.PLACEHOLDER_SUN_PER_ENERGY
                        * DevnetPrices.PLACEHOLDER_SUN_PER_ENERGY);
        assertThat(Trc20Transfer.fromTransactionInfo(info)).isEmpty();
        assertThat(devnet.usdtBalance(holder.tronAddress())).isZero();
    }

    @Test
    void timerModeProducesBlocksOnItsOwn() throws InterruptedException {
        long start = devnet.headBlockNumber();
        devnet.startProducing(Duration.ofMillis(50));
        try {
            for (int attempt = 0; attempt < 100 && devnet.headBlockNumber() < start + 3; attempt++) {
                Thread.sleep(50);
            }
        } finally {
            devnet.stopProducing();
        }
        assertThat(devnet.headBlockNumber()).isGreaterThanOrEqualTo(start + 3);
        assertThat(client.nowBlock().number()).isEqualTo(devnet.headBlockNumber());
    }

    @Test
    void includedTransactionIsNeverProvablyDeadEvenLongAfterItsExpiration() {
        SignedTronTransaction signed = transfer(USDT_12_50);
        client.broadcast(signed);
        assertThat(client.provablyDead(signed)).as("pending").isFalse();
        devnet.produceBlocks(25 + TronChain.SOLIDIFICATION_LAG_BLOCKS);

        assertThat(client.provablyDead(signed)).isFalse();
    }

    @Test
    void nodeThatCannotAnswerWhileBuildingIsRetryAndNothingIsSigned() {
        devnet.faults().timeout("GetBlock");
        // a deadline generous enough for the estimate on a loaded machine; only the hanging GetBlock may miss it
        try (TronClient impatient = new TronClient(devnet.endpoint(), devnet.endpoint(),
                new TronClientSettings(Duration.ofSeconds(2), 130, 100_000_000L))) {
            assertThatThrownBy(() -> impatient.buildTrc20Transfer(devnet.usdtContract(), sender, recipient, USDT_12_50))
                    .isInstanceOfSatisfying(ChainException.class, e -> {
                        assertThat(e.failureClass()).isEqualTo(FailureClass.RETRY);
                        assertThat(e.code()).isEqualTo("BUILD_FAILED");
                    });
        }
    }

    @Test
    void tokenBalanceByConstantCallOnBothNodes() {
        client.broadcast(transfer(USDT_12_50));
        devnet.produceBlocks(1);

        assertThat(client.trc20Balance(devnet.usdtContract(), recipient, TronNode.FULL)).isEqualTo(USDT_12_50);
        assertThat(client.trc20Balance(devnet.usdtContract(), recipient, TronNode.SOLIDITY)).as("not final yet")
                .isZero();
        devnet.produceBlocks(TronChain.SOLIDIFICATION_LAG_BLOCKS);
        assertThat(client.trc20Balance(devnet.usdtContract(), recipient, TronNode.SOLIDITY)).isEqualTo(USDT_12_50);
        assertThat(client.trc20Balance(devnet.usdtContract(), sender.tronAddress(), TronNode.SOLIDITY))
                .isEqualTo(BigInteger.valueOf(1_000_000_000).subtract(USDT_12_50));
    }

    @Test
    void trxTransferToANewAccountBurnsBandwidthAndTheAccountCreationFee() {
        long before = devnet.trxBalance(sender.tronAddress());
        SignedTronTransaction signed = client.buildTrxTransfer(sender, recipient, 5_000_000L);
        client.broadcast(signed);
        devnet.produceBlocks(1);

        TransactionInfo info = client.transactionInfo(signed.txid(), TronNode.FULL).orElseThrow();
        assertThat(info.getResult()).isEqualTo(TransactionInfo.code.SUCESS);
        assertThat(info.getFee()).isEqualTo(info.getReceipt().getNetFee() + DevnetPrices.PLACEHOLDER_SUN_CREATE_ACCOUNT);
        assertThat(devnet.trxBalance(recipient)).isEqualTo(5_000_000L);
        assertThat(devnet.trxBalance(sender.tronAddress())).isEqualTo(before - 5_000_000L - info.getFee());
        assertThat(client.accountResources(recipient).balanceSun()).isEqualTo(5_000_000L);

        SignedTronTransaction again = client.buildTrxTransfer(sender, recipient, 1L);
        client.broadcast(again);
        devnet.produceBlocks(1);
        assertThat(client.transactionInfo(again.txid(), TronNode.FULL).orElseThrow().getFee())
                .as("the account exists now: bandwidth only").isEqualTo(
                        client.transactionInfo(again.txid(), TronNode.FULL).orElseThrow().getReceipt().getNetFee());
    }

    @Test
    void trxTransferBeyondTheBalanceIsContractValidateError() {
        SignedTronTransaction signed = client.buildTrxTransfer(sender, recipient, ONE_THOUSAND_TRX);

        assertThatThrownBy(() -> client.broadcast(signed)).isInstanceOfSatisfying(ChainException.class, e -> {
            assertThat(e.failureClass()).isEqualTo(FailureClass.FAIL_FAST);
            assertThat(e.code()).isEqualTo("CONTRACT_VALIDATE_ERROR");
            assertThat(e.getMessage()).contains("Contract validate error : Validate TransferContract error, "
                    + "balance is not sufficient.");
        });
    }

    @Test
    void accountResourcesShowTheBalance() {
        assertThat(client.accountResources(sender.tronAddress()).balanceSun()).isEqualTo(ONE_THOUSAND_TRX);
        assertThat(client.accountResources(recipient).balanceSun()).isZero();
    }
}
