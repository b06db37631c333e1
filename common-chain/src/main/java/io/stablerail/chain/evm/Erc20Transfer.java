package io.stablerail.chain.evm;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import io.stablerail.chain.address.EvmAddress;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * A decoded ERC-20 {@code Transfer(address indexed from, address indexed to, uint256 value)} log. The token is the
 * log's emitting contract; whether that contract is one we trust is the caller's check (DESIGN rule 4).
 */
public record Erc20Transfer(EvmAddress token, EvmAddress from, EvmAddress to, BigInteger amount,
        String transactionHash, long blockNumber, String blockHash, long logIndex) {

    /** keccak256("Transfer(address,address,uint256)"). */
    public static final String TRANSFER_TOPIC = Hash.sha3String("Transfer(address,address,uint256)");

    public Erc20Transfer {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (amount == null || amount.signum() < 0) {
            throw new IllegalArgumentException("amount must be >= 0, got " + amount);
        }
        Objects.requireNonNull(transactionHash, "transactionHash");
        Objects.requireNonNull(blockHash, "blockHash");
    }

    /**
     * The transfer in a log, or empty when the log is not an ERC-20 Transfer: another event, or ERC-721's Transfer
     * (same signature but the token id indexed: four topics, no data). A log with the ERC-20 shape but malformed
     * topics or data is refused with an exception rather than skipped, since it means a broken node or a
     * deliberately odd contract.
     */
    public static Optional<Erc20Transfer> decode(EvmLog log) {
        if (log.topics().isEmpty() || !TRANSFER_TOPIC.equalsIgnoreCase(log.topics().get(0))
                || log.topics().size() != 3) {
            return Optional.empty();
        }
        byte[] data = Numeric.hexStringToByteArray(log.data());
        if (data.length != 32) {
            throw new IllegalArgumentException("Transfer log " + log.transactionHash() + "#" + log.logIndex()
                    + " has " + data.length + " data bytes, expected 32");
        }
        return Optional.of(new Erc20Transfer(log.address(), topicAddress(log, 1), topicAddress(log, 2),
                new BigInteger(1, data), log.transactionHash(), log.blockNumber(), log.blockHash(), log.logIndex()));
    }

    private static EvmAddress topicAddress(EvmLog log, int index) {
        String topic = Numeric.cleanHexPrefix(log.topics().get(index)).toLowerCase(Locale.ROOT);
        if (topic.length() != 64 || !topic.startsWith("000000000000000000000000")) {
            throw new IllegalArgumentException("Transfer log " + log.transactionHash() + "#" + log.logIndex()
                    + " topic " + index + " is not an address: " + log.topics().get(index));
        }
        return EvmAddress.parse("0x" + topic.substring(24));
    }
}
