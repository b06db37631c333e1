package io.stablerail.devnet.tron;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import org.tron.trident.api.GrpcAPI.AccountAddressMessage;
import org.tron.trident.api.GrpcAPI.BlockReq;
import org.tron.trident.api.GrpcAPI.BytesMessage;
import org.tron.trident.api.GrpcAPI.EmptyMessage;
import org.tron.trident.api.GrpcAPI.NumberMessage;
import org.tron.trident.api.WalletGrpc;
import org.tron.trident.proto.Chain.Block;
import org.tron.trident.proto.Chain.Transaction;
import org.tron.trident.proto.Contract.TriggerSmartContract;
import org.tron.trident.proto.Response.Account;
import org.tron.trident.proto.Response.AccountResourceMessage;
import org.tron.trident.proto.Response.BlockExtention;
import org.tron.trident.proto.Response.EstimateEnergyMessage;
import org.tron.trident.proto.Response.PricesResponseMessage;
import org.tron.trident.proto.Response.TransactionExtention;
import org.tron.trident.proto.Response.TransactionInfo;
import org.tron.trident.proto.Response.TransactionInfoList;
import org.tron.trident.proto.Response.TransactionReturn;
import org.tron.trident.proto.Response.TransactionReturn.response_code;

/** The full node's {@code protocol.Wallet} methods the TRON client uses; the rest answer UNIMPLEMENTED. */
final class DevnetWalletService extends WalletGrpc.WalletImplBase {

    private final TronChain chain;
    private final DevnetFaults faults;
    private final NodeReads reads;

    DevnetWalletService(TronChain chain, DevnetFaults faults) {
        this.chain = chain;
        this.faults = faults;
        this.reads = new NodeReads(chain, false);
    }

    @Override
    public void broadcastTransaction(Transaction request, StreamObserver<TransactionReturn> observer) {
        TransactionReturn.Builder answer = TransactionReturn.newBuilder();
        if (faults.takeBusy()) {
            BroadcastRefusal busy = BroadcastRefusal.busy();
            answer.setResult(false).setCode(busy.code()).setMessage(ByteString.copyFromUtf8(busy.getMessage()));
        } else if (faults.takeDrop()) {
            answer.setResult(true).setCode(response_code.SUCCESS);
        } else {
            try {
                chain.broadcast(request);
                answer.setResult(true).setCode(response_code.SUCCESS);
            } catch (BroadcastRefusal refusal) {
                answer.setResult(false).setCode(refusal.code()).setMessage(ByteString.copyFromUtf8(refusal.getMessage()));
            }
        }
        NodeReads.answer(observer, answer.build());
    }

    @Override
    public void getBlock(BlockReq request, StreamObserver<BlockExtention> observer) {
        NodeReads.answer(observer, reads.block(request));
    }

    @Override
    public void getNowBlock(EmptyMessage request, StreamObserver<Block> observer) {
        NodeReads.answer(observer, reads.nowBlockV1());
    }

    @Override
    public void getNowBlock2(EmptyMessage request, StreamObserver<BlockExtention> observer) {
        NodeReads.answer(observer, reads.nowBlock());
    }

    @Override
    public void getBlockByNum(NumberMessage request, StreamObserver<Block> observer) {
        NodeReads.answer(observer, reads.blockByNumberV1(request.getNum()));
    }

    @Override
    public void getBlockByNum2(NumberMessage request, StreamObserver<BlockExtention> observer) {
        NodeReads.answer(observer, reads.blockByNumber(request.getNum()));
    }

    @Override
    public void getTransactionById(BytesMessage request, StreamObserver<Transaction> observer) {
        NodeReads.answer(observer, reads.transaction(request.getValue()));
    }

    @Override
    public void getTransactionInfoById(BytesMessage request, StreamObserver<TransactionInfo> observer) {
        NodeReads.answer(observer, reads.transactionInfo(request.getValue()));
    }

    @Override
    public void getTransactionInfoByBlockNum(NumberMessage request, StreamObserver<TransactionInfoList> observer) {
        NodeReads.answer(observer, reads.transactionInfos(request.getNum()));
    }

    @Override
    public void getAccount(AccountAddressMessage request, StreamObserver<Account> observer) {
        NodeReads.answer(observer, reads.account(request.getAddress()));
    }

    /** No staking on the devnet: every transaction burns TRX for bandwidth and energy, so limits are zero. */
    @Override
    public void getAccountResource(AccountAddressMessage request, StreamObserver<AccountResourceMessage> observer) {
        NodeReads.answer(observer, AccountResourceMessage.getDefaultInstance());
    }

    @Override
    public void triggerConstantContract(TriggerSmartContract request, StreamObserver<TransactionExtention> observer) {
        NodeReads.answer(observer, reads.constantCall(request));
    }

    @Override
    public void estimateEnergy(TriggerSmartContract request, StreamObserver<EstimateEnergyMessage> observer) {
        NodeReads.answer(observer, reads.estimateEnergy(request));
    }

    @Override
    public void getEnergyPrices(EmptyMessage request, StreamObserver<PricesResponseMessage> observer) {
        NodeReads.answer(observer, NodeReads.energyPrices());
    }
}
