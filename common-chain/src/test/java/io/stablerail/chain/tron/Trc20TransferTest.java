package io.stablerail.chain.tron;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.HexFormat;

import com.google.protobuf.ByteString;
import io.stablerail.chain.address.TronAddress;
import org.junit.jupiter.api.Test;
import org.tron.trident.proto.Response.TransactionInfo;

class Trc20TransferTest {

    // mainnet USDT (Tether's published TRC-20 contract) and two arbitrary TRON addresses
    private static final TronAddress USDT = TronAddress.parse("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t");
    private static final TronAddress FROM = TronAddress.parse("TJRabPrwbZy45sbavfcjinPJC18kjpRTv8");
    private static final TronAddress TO = TronAddress.parse("TVj7RNVHy6thbM7BWdSe9G6gXwKhjhdNZS");
    private static final String TXID = "ab".repeat(32);

    @Test
    void topicZeroIsKeccakOfTheEventSignature() {
        assertThat(HexFormat.of().formatHex(Trc20Transfer.TRANSFER_TOPIC))
                .isEqualTo("ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef");
    }

    @Test
    void decodesTwentyByteLogAddressAndTopicsIntoTronAddresses() {
        TransactionInfo info = info(TransactionInfo.code.SUCESS, transferLog(FROM, TO, 12_500_000));

        assertThat(Trc20Transfer.fromTransactionInfo(info)).containsExactly(
                new Trc20Transfer(FROM, TO, BigInteger.valueOf(12_500_000), USDT, TXID, 77, 0));
    }

    @Test
    void logIndexCountsEveryLogOfTheTransaction() {
        TransactionInfo.Log approval = transferLog(FROM, TO, 1).toBuilder()
                .setTopics(0, ByteString.copyFrom(new byte[32])).build();
        TransactionInfo info = info(TransactionInfo.code.SUCESS, approval, transferLog(TO, FROM, 5));

        assertThat(Trc20Transfer.fromTransactionInfo(info)).singleElement()
                .satisfies(transfer -> {
                    assertThat(transfer.logIndex()).isEqualTo(1);
                    assertThat(transfer.from()).isEqualTo(TO);
                });
    }

    @Test
    void failedTransactionMovesNothing() {
        assertThat(Trc20Transfer.fromTransactionInfo(info(TransactionInfo.code.FAILED, transferLog(FROM, TO, 5))))
                .isEmpty();
    }

    @Test
    void malformedLogsAreSkipped() {
        TransactionInfo.Log shortData = transferLog(FROM, TO, 5).toBuilder()
                .setData(ByteString.copyFrom(new byte[31])).build();
        TransactionInfo.Log twoTopics = transferLog(FROM, TO, 5).toBuilder().clearTopics()
                .addTopics(ByteString.copyFrom(Trc20Transfer.TRANSFER_TOPIC)).addTopics(topic(FROM)).build();

        assertThat(Trc20Transfer.fromTransactionInfo(info(TransactionInfo.code.SUCESS, shortData, twoTopics))).isEmpty();
    }

    private static TransactionInfo info(TransactionInfo.code result, TransactionInfo.Log... logs) {
        TransactionInfo.Builder info = TransactionInfo.newBuilder().setId(ByteString.copyFrom(HexFormat.of().parseHex(TXID)))
                .setBlockNumber(77).setResult(result).setContractAddress(ByteString.copyFrom(USDT.bytes()));
        for (TransactionInfo.Log log : logs) {
            info.addLog(log);
        }
        return info.build();
    }

    private static TransactionInfo.Log transferLog(TronAddress from, TronAddress to, long amount) {
        byte[] data = new byte[32];
        byte[] value = BigInteger.valueOf(amount).toByteArray();
        System.arraycopy(value, 0, data, 32 - value.length, value.length);
        return TransactionInfo.Log.newBuilder()
                .setAddress(ByteString.copyFrom(USDT.bytes(), 1, 20))
                .addTopics(ByteString.copyFrom(Trc20Transfer.TRANSFER_TOPIC))
                .addTopics(topic(from)).addTopics(topic(to))
                .setData(ByteString.copyFrom(data)).build();
    }

    private static ByteString topic(TronAddress address) {
        byte[] topic = new byte[32];
        System.arraycopy(address.bytes(), 1, topic, 12, 20);
        return ByteString.copyFrom(topic);
    }
}
