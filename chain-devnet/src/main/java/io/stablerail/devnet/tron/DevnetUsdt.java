package io.stablerail.devnet.tron;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;

import com.google.protobuf.ByteString;
import io.stablerail.chain.address.TronAddress;
import org.web3j.crypto.Hash;

/**
 * The devnet's USDT-like TRC-20, simulated natively instead of running TVM bytecode: it decodes the ABI call data of
 * {@code transfer} (a9059cbb), {@code transferFrom} (23b872dd), {@code approve} (095ea7b3) and {@code balanceOf}
 * (70a08231), applies Tether's rules (a blacklisted sender reverts, as in Tether's {@code TetherToken}), and emits
 * the same {@code Transfer}/{@code Approval} logs a Solidity contract would. Energy figures are
 * {@link DevnetPrices} placeholders.
 */
public final class DevnetUsdt {

    /** The devnet contract address: 0x41 ‖ the last 20 bytes of keccak256("stablerail-devnet-usdt"). Fixed. */
    public static final TronAddress ADDRESS = TronAddress.parse("41" + HexFormat.of().formatHex(Arrays.copyOfRange(
            Hash.sha3("stablerail-devnet-usdt".getBytes(StandardCharsets.UTF_8)), 12, 32)));
    public static final int DECIMALS = 6;

    static final byte[] TRANSFER_TOPIC = Hash.sha3("Transfer(address,address,uint256)".getBytes(StandardCharsets.US_ASCII));
    static final byte[] APPROVAL_TOPIC = Hash.sha3("Approval(address,address,uint256)".getBytes(StandardCharsets.US_ASCII));
    private static final BigInteger UINT256_MAX = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);

    private DevnetUsdt() {
    }

    /** One TVM log: a 20-byte contract address, 32-byte topics, data. */
    record Log(byte[] address20, List<byte[]> topics, byte[] data) {
    }

    /** What a call did; {@code reverted} calls leave the state untouched. */
    record Execution(boolean reverted, long energyUsed, byte[] returnData, List<Log> logs, String revertReason) {

        static Execution revert(String reason) {
            return new Execution(true, DevnetPrices.PLACEHOLDER_ENERGY_REVERT, new byte[0], List.of(), reason);
        }
    }

    static byte[] address20(TronAddress address) {
        return Arrays.copyOfRange(address.bytes(), 1, 21);
    }

    /** Runs {@code data} from {@code caller20} against {@code state} (mutated only when the call succeeds). */
    static Execution execute(LedgerState state, byte[] caller20, byte[] data) {
        if (data.length < 4) {
            return Execution.revert("no function selector");
        }
        String selector = HexFormat.of().formatHex(data, 0, 4);
        byte[][] words = words(data);
        if (words == null) {
            return Execution.revert("call data is not a whole number of 32-byte words");
        }
        ByteString caller = ByteString.copyFrom(caller20);
        return switch (selector) {
            case "a9059cbb" -> words.length != 2 ? Execution.revert("transfer(address,uint256) takes 2 words")
                    : move(state, caller, caller, address(words[0]), uint(words[1]), false);
            case "23b872dd" -> words.length != 3 ? Execution.revert("transferFrom(address,address,uint256) takes 3 words")
                    : move(state, caller, address(words[0]), address(words[1]), uint(words[2]), true);
            case "095ea7b3" -> words.length != 2 ? Execution.revert("approve(address,uint256) takes 2 words")
                    : approve(state, caller, address(words[0]), uint(words[1]));
            case "70a08231" -> words.length != 1 ? Execution.revert("balanceOf(address) takes 1 word")
                    : new Execution(false, DevnetPrices.PLACEHOLDER_ENERGY_READ, word(state.usdt(address(words[0]))),
                            List.of(), null);
            default -> Execution.revert("unknown function selector " + selector);
        };
    }

    private static Execution move(LedgerState state, ByteString spender, ByteString from, ByteString to,
            BigInteger amount, boolean viaAllowance) {
        if (state.usdtBlacklist.contains(from)) {
            return Execution.revert("sender is blacklisted");
        }
        if (state.usdt(from).compareTo(amount) < 0) {
            return Execution.revert("balance too low");
        }
        if (viaAllowance && state.allowance(from, spender).compareTo(amount) < 0) {
            return Execution.revert("allowance too low");
        }
        long energy = state.usdt(to).signum() > 0 || to.equals(from)
                ? DevnetPrices.PLACEHOLDER_ENERGY_TRANSFER_TO_HOLDER
                : DevnetPrices.PLACEHOLDER_ENERGY_TRANSFER_TO_NEW_HOLDER;
        if (viaAllowance) {
            energy += DevnetPrices.PLACEHOLDER_ENERGY_ALLOWANCE_UPDATE;
            state.usdtAllowances.get(from).put(spender, state.allowance(from, spender).subtract(amount));
        }
        state.usdtBalances.put(from, state.usdt(from).subtract(amount));
        state.usdtBalances.put(to, state.usdt(to).add(amount));
        Log log = new Log(address20(ADDRESS), List.of(TRANSFER_TOPIC, word(from), word(to)), word(amount));
        return new Execution(false, energy, word(BigInteger.ONE), List.of(log), null);
    }

    private static Execution approve(LedgerState state, ByteString owner, ByteString spender, BigInteger amount) {
        state.usdtAllowances.computeIfAbsent(owner, ignored -> new HashMap<>()).put(spender, amount);
        Log log = new Log(address20(ADDRESS), List.of(APPROVAL_TOPIC, word(owner), word(spender)), word(amount));
        return new Execution(false, DevnetPrices.PLACEHOLDER_ENERGY_APPROVE, word(BigInteger.ONE), List.of(log), null);
    }

    private static byte[][] words(byte[] data) {
        int length = data.length - 4;
        if (length % 32 != 0) {
            return null;
        }
        byte[][] words = new byte[length / 32][];
        for (int i = 0; i < words.length; i++) {
            words[i] = Arrays.copyOfRange(data, 4 + 32 * i, 4 + 32 * (i + 1));
        }
        return words;
    }

    private static ByteString address(byte[] word) {
        return ByteString.copyFrom(word, 12, 20);
    }

    private static BigInteger uint(byte[] word) {
        return new BigInteger(1, word);
    }

    static byte[] word(BigInteger value) {
        if (value.signum() < 0 || value.compareTo(UINT256_MAX) > 0) {
            throw new IllegalArgumentException("not a uint256: " + value);
        }
        byte[] out = new byte[32];
        byte[] raw = value.toByteArray();
        int length = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - length, out, 32 - length, length);
        return out;
    }

    static byte[] word(ByteString address20) {
        byte[] out = new byte[32];
        address20.copyTo(out, 12);
        return out;
    }
}
