package io.stablerail.chain.tron;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import io.stablerail.chain.address.TronAddress;
import org.tron.trident.proto.Response.TransactionInfo;
import org.web3j.crypto.Hash;

/**
 * A TRC-20 {@code Transfer(address,address,uint256)} event decoded from a {@code TransactionInfo} log. TRON logs carry
 * the contract as 20 bytes (no 0x41) and addresses as 32-byte topics; both become {@link TronAddress}es here.
 * {@code logIndex} is the log's position within its transaction (the ledger key is txid + log index).
 */
public record Trc20Transfer(TronAddress from, TronAddress to, BigInteger amount, TronAddress contract, String txid,
        long blockNumber, int logIndex) {

    /** keccak256("Transfer(address,address,uint256)"). */
    public static final byte[] TRANSFER_TOPIC =
            Hash.sha3("Transfer(address,address,uint256)".getBytes(StandardCharsets.US_ASCII));

    /**
     * The Transfer events of a transaction that executed successfully; a failed transaction (REVERT, OUT_OF_ENERGY)
     * moved nothing, so it yields none even if a node reported logs for it. Logs that are not well-formed Transfer
     * events (anonymous, wrong topic count, wrong data size) are skipped.
     */
    public static List<Trc20Transfer> fromTransactionInfo(TransactionInfo info) {
        if (info.getResult() != TransactionInfo.code.SUCESS) {
            return List.of();
        }
        List<Trc20Transfer> transfers = new ArrayList<>();
        String txid = HexFormat.of().formatHex(info.getId().toByteArray());
        for (int index = 0; index < info.getLogCount(); index++) {
            TransactionInfo.Log log = info.getLog(index);
            if (log.getTopicsCount() != 3 || log.getData().size() != 32 || log.getAddress().size() != 20
                    || !Arrays.equals(log.getTopics(0).toByteArray(), TRANSFER_TOPIC)) {
                continue;
            }
            transfers.add(new Trc20Transfer(fromTopic(log.getTopics(1).toByteArray()),
                    fromTopic(log.getTopics(2).toByteArray()), new BigInteger(1, log.getData().toByteArray()),
                    fromEvm(log.getAddress().toByteArray()), txid, info.getBlockNumber(), index));
        }
        return List.copyOf(transfers);
    }

    private static TronAddress fromTopic(byte[] topic) {
        return fromEvm(Arrays.copyOfRange(topic, 12, 32));
    }

    private static TronAddress fromEvm(byte[] address20) {
        byte[] bytes = new byte[21];
        bytes[0] = TronAddress.PREFIX;
        System.arraycopy(address20, 0, bytes, 1, 20);
        return TronAddress.parse(HexFormat.of().formatHex(bytes));
    }
}
