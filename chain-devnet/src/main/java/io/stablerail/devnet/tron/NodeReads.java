package io.stablerail.devnet.tron;

import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import org.tron.trident.api.GrpcAPI.BlockReq;
import org.tron.trident.proto.Chain.Block;
import org.tron.trident.proto.Chain.Transaction;
import org.tron.trident.proto.Contract.TriggerSmartContract;
import org.tron.trident.proto.Response.Account;
import org.tron.trident.proto.Response.BlockExtention;
import org.tron.trident.proto.Response.EstimateEnergyMessage;
import org.tron.trident.proto.Response.PricesResponseMessage;
import org.tron.trident.proto.Response.TransactionExtention;
import org.tron.trident.proto.Response.TransactionInfo;
import org.tron.trident.proto.Response.TransactionInfoList;
import org.tron.trident.proto.Response.TransactionReturn;
import org.tron.trident.proto.Response.TransactionReturn.response_code;

/**
 * The read methods both services share; the full node reads at the head, the solidity node at the solidified block.
 * Not-found answers are empty messages, as java-tron's (an empty {@code BlockExtention}, {@code Transaction},
 * {@code TransactionInfo}), which is how trident tells "not there" from an error.
 */
final class NodeReads {

    private final TronChain chain;
    private final boolean solidity;

    NodeReads(TronChain chain, boolean solidity) {
        this.chain = chain;
        this.solidity = solidity;
    }

    static <T> void answer(StreamObserver<T> observer, T value) {
        observer.onNext(value);
        observer.onCompleted();
    }

    BlockExtention nowBlock() {
        return extention(chain.top(solidity), false);
    }

    Block nowBlockV1() {
        return chain.top(solidity).block();
    }

    BlockExtention blockByNumber(long number) {
        return chain.block(number, solidity).map(block -> extention(block, true))
                .orElse(BlockExtention.getDefaultInstance());
    }

    Block blockByNumberV1(long number) {
        return chain.block(number, solidity).map(ChainBlock::block).orElse(Block.getDefaultInstance());
    }

    /** {@code GetBlock}: empty id_or_num is the top block; otherwise a number or a 64-hex-digit block id. */
    BlockExtention block(BlockReq request) {
        String idOrNumber = request.getIdOrNum().strip();
        Optional<ChainBlock> block;
        if (idOrNumber.isEmpty()) {
            block = Optional.of(chain.top(solidity));
        } else if (idOrNumber.matches("[0-9]{1,18}")) {
            block = chain.block(Long.parseLong(idOrNumber), solidity);
        } else if (idOrNumber.matches("[0-9a-fA-F]{64}")) {
            block = chain.blockById(HexFormat.of().parseHex(idOrNumber), solidity);
        } else {
            block = Optional.empty();
        }
        return block.map(found -> extention(found, request.getDetail())).orElse(BlockExtention.getDefaultInstance());
    }

    Transaction transaction(ByteString txid) {
        return chain.transaction(txid, solidity).orElse(Transaction.getDefaultInstance());
    }

    TransactionInfo transactionInfo(ByteString txid) {
        return chain.transactionInfo(txid, solidity).orElse(TransactionInfo.getDefaultInstance());
    }

    TransactionInfoList transactionInfos(long number) {
        return TransactionInfoList.newBuilder()
                .addAllTransactionInfo(chain.block(number, solidity).map(ChainBlock::infos).orElse(List.of()))
                .build();
    }

    Account account(ByteString address21) {
        if (!chain.accountExists(address21, solidity)) {
            return Account.getDefaultInstance();
        }
        return Account.newBuilder().setAddress(address21).setBalance(chain.trxBalance(address21, solidity)).build();
    }

    /** java-tron {@code Wallet.triggerConstantContract}: a revert keeps result=true but marks the transaction FAILED. */
    TransactionExtention constantCall(TriggerSmartContract trigger) {
        DevnetUsdt.Execution execution = chain.call(trigger.getOwnerAddress(), trigger.getData().toByteArray(), solidity);
        TransactionReturn.Builder result = TransactionReturn.newBuilder().setResult(true).setCode(response_code.SUCCESS);
        Transaction.Result.code code = Transaction.Result.code.SUCESS;
        if (execution.reverted()) {
            result.setMessage(ByteString.copyFromUtf8("REVERT opcode executed"));
            code = Transaction.Result.code.FAILED;
        }
        return TransactionExtention.newBuilder()
                .setTransaction(Transaction.newBuilder().addRet(Transaction.Result.newBuilder().setRet(code)))
                .addConstantResult(ByteString.copyFrom(execution.returnData()))
                .setEnergyUsed(execution.energyUsed())
                .setResult(result)
                .build();
    }

    /** java-tron {@code Wallet.estimateEnergy}: a call that reverts answers CONTRACT_EXE_ERROR and no estimate. */
    EstimateEnergyMessage estimateEnergy(TriggerSmartContract trigger) {
        if (!trigger.getContractAddress().equals(ByteString.copyFrom(DevnetUsdt.ADDRESS.bytes()))) {
            return EstimateEnergyMessage.newBuilder().setResult(TransactionReturn.newBuilder().setResult(false)
                    .setCode(response_code.CONTRACT_VALIDATE_ERROR)
                    .setMessage(ByteString.copyFromUtf8("Contract validate error : No contract or not a smart contract")))
                    .build();
        }
        DevnetUsdt.Execution execution = chain.call(trigger.getOwnerAddress(), trigger.getData().toByteArray(), solidity);
        if (execution.reverted()) {
            return EstimateEnergyMessage.newBuilder().setResult(TransactionReturn.newBuilder().setResult(true)
                    .setCode(response_code.CONTRACT_EXE_ERROR)
                    .setMessage(ByteString.copyFromUtf8("REVERT opcode executed"))).build();
        }
        return EstimateEnergyMessage.newBuilder()
                .setResult(TransactionReturn.newBuilder().setResult(true).setCode(response_code.SUCCESS))
                .setEnergyRequired(execution.energyUsed()).build();
    }

    /** java-tron's price history format, "{since millis}:{sun}", comma-separated; one PLACEHOLDER entry here. */
    static PricesResponseMessage energyPrices() {
        return PricesResponseMessage.newBuilder().setPrices("0:" + DevnetPrices.PLACEHOLDER_SUN_PER_ENERGY).build();
    }

    static BlockExtention extention(ChainBlock block, boolean withTransactions) {
        BlockExtention.Builder builder = BlockExtention.newBuilder()
                .setBlockHeader(block.block().getBlockHeader())
                .setBlockid(ByteString.copyFrom(block.id));
        if (withTransactions) {
            for (Transaction transaction : block.block().getTransactionsList()) {
                builder.addTransactions(TransactionExtention.newBuilder().setTransaction(transaction)
                        .setTxid(TronChain.txid(transaction))
                        .setResult(TransactionReturn.newBuilder().setResult(true)));
            }
        }
        return builder.build();
    }
}
