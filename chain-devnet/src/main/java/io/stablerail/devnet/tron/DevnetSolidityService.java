package io.stablerail.devnet.tron;

import io.grpc.stub.StreamObserver;
import org.tron.trident.api.GrpcAPI.AccountAddressMessage;
import org.tron.trident.api.GrpcAPI.BlockReq;
import org.tron.trident.api.GrpcAPI.BytesMessage;
import org.tron.trident.api.GrpcAPI.EmptyMessage;
import org.tron.trident.api.GrpcAPI.NumberMessage;
import org.tron.trident.api.WalletSolidityGrpc;
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

/**
 * The solidity node's {@code protocol.WalletSolidity} methods: the same reads as the full node, but only up to the
 * solidified block (a transaction in a newer block is "not found" here).
 */
final class DevnetSolidityService extends WalletSolidityGrpc.WalletSolidityImplBase {

    private final NodeReads reads;

    DevnetSolidityService(TronChain chain) {
        this.reads = new NodeReads(chain, true);
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
