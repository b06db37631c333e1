package io.stablerail.devnet.evm;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.stablerail.chain.address.EvmAddress;
import io.stablerail.chain.evm.EvmClient;
import io.stablerail.chain.evm.EvmClientSettings;
import io.stablerail.chain.evm.EvmFeeOracle;
import io.stablerail.chain.evm.EvmFeePolicy;
import io.stablerail.chain.evm.EvmReceipt;
import io.stablerail.chain.evm.FeeQuote;
import io.stablerail.chain.keys.CoinType;
import io.stablerail.chain.signer.EvmTransactionSigning;
import io.stablerail.chain.signer.LocalKeySigner;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.MnemonicUtils;
import org.web3j.crypto.RawTransaction;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * The EVM devnet for tests and the local stack: a pinned Hardhat node (chain id {@value #CHAIN_ID}, its ten
 * well-known development accounts, EIP-1559) with the USDT-like and USDC-like tokens deployed by account 0, which
 * owns them. Hardhat's {@code safe} and {@code finalized} tags equal {@code latest}: depth rules are the caller's.
 *
 * <p>Start one per test class and share it; {@link #snapshot()}/{@link #revert(String)} undo a test's changes or
 * make a reorg. Devnet administration ({@link #mint}, {@link #blacklist}) is sent by account 0 and, when automine
 * is off, mines one block to land (which also mines whatever else is pending). Not thread-safe for concurrent
 * administration.
 */
public final class HardhatDevnet implements AutoCloseable {

    public static final long CHAIN_ID = 31337;
    /** Hardhat's public development mnemonic (hardhat.config.js): these keys must never hold real value. */
    public static final String DEVNET_MNEMONIC = "test test test test test test test test test test test junk";
    public static final int ACCOUNTS = 10;

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration RECEIPT_TIMEOUT = Duration.ofSeconds(20);
    private static final Pattern BYTECODE = Pattern.compile("\"bytecode\"\\s*:\\s*\"(0x[0-9a-fA-F]+)\"");
    /** Devnet fee policy: placeholder numbers for a local chain (1 gwei floor, 1000 gwei cap). */
    private static final EvmFeePolicy DEVNET_FEES = new EvmFeePolicy(5, 50, 2, BigInteger.TEN.pow(9),
            BigInteger.TEN.pow(12));

    private final HardhatProcess process;
    private final HttpService rpc;
    private final Web3j web3j;
    private final EvmClient client;
    private final List<LocalKeySigner> accounts;
    private final Map<DevnetToken, EvmAddress> tokens = new EnumMap<>(DevnetToken.class);
    private boolean automine = true;

    private HardhatDevnet(HardhatProcess process, List<LocalKeySigner> accounts) {
        this.process = process;
        this.rpc = new HttpService(process.rpcUrl().toString());
        this.web3j = Web3j.build(rpc);
        this.client = new EvmClient(new EvmClientSettings(process.rpcUrl(), CALL_TIMEOUT, 10_000));
        this.accounts = accounts;
    }

    /** The protocol rules the devnet runs. */
    public enum Hardfork {
        /** EIP-1559 fees, PUSH0, the default. */
        CANCUN("cancun"),
        /** Before EIP-1559: blocks have no base fee, transactions pay a legacy gas price. */
        BERLIN("berlin");

        private final String hardhatName;

        Hardfork(String hardhatName) {
            this.hardhatName = hardhatName;
        }
    }

    /** Starts an EIP-1559 (cancun) devnet; see {@link #start(Hardfork)}. */
    public static HardhatDevnet start() {
        return start(Hardfork.CANCUN);
    }

    /** Starts Hardhat from the located {@code chain-devnet/evm} directory and deploys both tokens. */
    public static HardhatDevnet start(Hardfork hardfork) {
        Path evmDir = HardhatProcess.locateEvmDir();
        List<LocalKeySigner> accounts = developmentAccounts();
        HardhatProcess process = HardhatProcess.start(evmDir, hardfork.hardhatName);
        HardhatDevnet devnet = new HardhatDevnet(process, accounts);
        try {
            long chainId = devnet.client.chainId();
            if (chainId != CHAIN_ID) {
                throw new DevnetException("Hardhat answers chain id " + chainId + ", expected " + CHAIN_ID);
            }
            for (DevnetToken token : DevnetToken.values()) {
                devnet.tokens.put(token, devnet.deploy(evmDir, token));
            }
            return devnet;
        } catch (RuntimeException e) {
            devnet.close();
            throw e;
        }
    }

    /** Hardhat derives its accounts as {@code m/44'/60'/0'/0/i} of the development mnemonic. */
    private static List<LocalKeySigner> developmentAccounts() {
        byte[] seed = MnemonicUtils.generateSeed(DEVNET_MNEMONIC, "");
        return java.util.stream.IntStream.range(0, ACCOUNTS)
                .mapToObj(i -> LocalKeySigner.fromSeed(seed, CoinType.ETHEREUM, 0, i)).toList();
    }

    public URI rpcUrl() {
        return process.rpcUrl();
    }

    public long chainId() {
        return CHAIN_ID;
    }

    /** A client of this devnet (shared; do not close it). */
    public EvmClient client() {
        return client;
    }

    public Path logFile() {
        return process.logFile();
    }

    /** Development account {@code index} (0..9), each funded with 10,000 ETH at start; 0 owns the tokens. */
    public LocalKeySigner account(int index) {
        if (index < 0 || index >= ACCOUNTS) {
            throw new IllegalArgumentException("account index must be 0.." + (ACCOUNTS - 1) + ", got " + index);
        }
        return accounts.get(index);
    }

    public EvmAddress token(DevnetToken token) {
        return tokens.get(token);
    }

    /** Mines {@code blocks} blocks now (pending transactions go into the first), one second apart. */
    public void mine(int blocks) {
        if (blocks < 1 || blocks > 10_000) {
            throw new IllegalArgumentException("blocks must be 1..10000, got " + blocks);
        }
        rpc("hardhat_mine", List.of(Numeric.encodeQuantity(BigInteger.valueOf(blocks)),
                Numeric.encodeQuantity(BigInteger.ONE)));
    }

    /** Automine on: every transaction is mined at once in its own block. Off: transactions wait in the pool. */
    public void setAutomine(boolean enabled) {
        rpc("evm_setAutomine", List.of(enabled));
        automine = enabled;
    }

    /** Mines a block every {@code interval} (0 stops interval mining); independent of automine. */
    public void setIntervalMining(Duration interval) {
        if (interval.isNegative() || interval.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("interval must be 0..1 hour, got " + interval);
        }
        rpc("evm_setIntervalMining", List.of(interval.toMillis()));
    }

    /** Removes a pending transaction from the pool; true when it was there. */
    public boolean dropTransaction(String transactionHash) {
        return Boolean.TRUE.equals(rpc("hardhat_dropTransaction", List.of(transactionHash)));
    }

    /** Snapshots the chain state; {@link #revert(String)} returns to it (the snapshot is then used up). */
    public String snapshot() {
        return (String) rpc("evm_snapshot", List.of());
    }

    /** Reverts to a snapshot: blocks after it disappear, and new ones at the same heights get other hashes. */
    public void revert(String snapshotId) {
        if (!Boolean.TRUE.equals(rpc("evm_revert", List.of(snapshotId)))) {
            throw new DevnetException("evm_revert(" + snapshotId + ") refused: unknown or already used snapshot");
        }
    }

    /** Adds {@code wei} to an account's native balance (hardhat_setBalance; no transaction, no block). */
    public void fundEth(EvmAddress account, BigInteger wei) {
        if (wei.signum() <= 0) {
            throw new IllegalArgumentException("wei must be > 0, got " + wei);
        }
        rpc("hardhat_setBalance", List.of(account.checksummed(), Numeric.encodeQuantity(client.balance(account).add(wei))));
    }

    /** Mints {@code amount} base units (6 decimals) of a token to {@code to}; returns the mined receipt. */
    public EvmReceipt mint(DevnetToken token, EvmAddress to, BigInteger amount) {
        return ownerCall(token, new Function(token.mintFunction(), List.of(new Address(to.checksummed()),
                new Uint256(amount)), List.of()));
    }

    /** Blacklists an account: its transfers of that token revert from now on. */
    public EvmReceipt blacklist(DevnetToken token, EvmAddress account) {
        return ownerCall(token, new Function(token.blacklistFunction(), List.of(new Address(account.checksummed())),
                List.of()));
    }

    private EvmReceipt ownerCall(DevnetToken token, Function function) {
        EvmAddress contract = tokens.get(token);
        String data = FunctionEncoder.encode(function);
        LocalKeySigner owner = account(0);
        BigInteger gas = client.estimateGas(owner.evmAddress(), contract, BigInteger.ZERO, data);
        return sendAsOwner(contract.checksummed(), gas, data);
    }

    private EvmAddress deploy(Path evmDir, DevnetToken token) {
        String data = bytecode(evmDir, token) + FunctionEncoder.encodeConstructor(List.of(
                new Utf8String(token.tokenName()), new Utf8String(token.symbol())));
        BigInteger gas = estimateDeployment(data);
        EvmReceipt receipt = sendAsOwner("", gas, data);
        String address = contractAddress(receipt.transactionHash());
        return EvmAddress.parse(address);
    }

    private BigInteger estimateDeployment(String data) {
        try {
            var answer = web3j.ethEstimateGas(org.web3j.protocol.core.methods.request.Transaction
                    .createContractTransaction(account(0).evmAddress().checksummed(), null, null, data)).send();
            if (answer.hasError()) {
                throw new DevnetException("cannot estimate the deployment: " + answer.getError().getMessage());
            }
            return answer.getAmountUsed();
        } catch (IOException e) {
            throw new DevnetException("cannot estimate the deployment: " + e.getMessage(), e);
        }
    }

    private String contractAddress(String transactionHash) {
        try {
            return web3j.ethGetTransactionReceipt(transactionHash).send().getTransactionReceipt()
                    .map(r -> r.getContractAddress())
                    .orElseThrow(() -> new DevnetException("no receipt for deployment " + transactionHash));
        } catch (IOException e) {
            throw new DevnetException("cannot read the deployment receipt: " + e.getMessage(), e);
        }
    }

    private EvmReceipt sendAsOwner(String to, BigInteger gas, String data) {
        LocalKeySigner owner = account(0);
        BigInteger nonce = client.noncePending(owner.evmAddress());
        RawTransaction transaction = switch (new EvmFeeOracle(client, DEVNET_FEES).quote()) {
            case FeeQuote.Eip1559 fees -> RawTransaction.createTransaction(CHAIN_ID, nonce, gas, to, BigInteger.ZERO,
                    data, fees.maxPriorityFeePerGas(), fees.maxFeePerGas());
            case FeeQuote.Legacy fees -> RawTransaction.createTransaction(nonce, fees.gasPrice(), gas, to,
                    BigInteger.ZERO, data);
        };
        String hash = client.sendRawTransaction(EvmTransactionSigning.sign(transaction, CHAIN_ID, owner))
                .transactionHash();
        if (!automine) {
            mine(1);
        }
        EvmReceipt receipt = awaitReceipt(hash, RECEIPT_TIMEOUT);
        if (!receipt.succeeded()) {
            throw new DevnetException("devnet administration transaction " + hash + " reverted");
        }
        return receipt;
    }

    /** Polls for a receipt until {@code timeout}; a devnet helper for tests (production code never blocks so). */
    public EvmReceipt awaitReceipt(String transactionHash, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            Optional<EvmReceipt> receipt = client.receipt(transactionHash);
            if (receipt.isPresent()) {
                return receipt.get();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new DevnetException("no receipt for " + transactionHash + " within " + timeout);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DevnetException("interrupted while waiting for " + transactionHash, e);
            }
        }
    }

    private static String bytecode(Path evmDir, DevnetToken token) {
        Path artifact = evmDir.resolve("artifacts").resolve(token.contractName() + ".json");
        try {
            Matcher matcher = BYTECODE.matcher(Files.readString(artifact));
            if (!matcher.find()) {
                throw new DevnetException(artifact + " has no bytecode");
            }
            return matcher.group(1);
        } catch (IOException e) {
            throw new DevnetException("cannot read " + artifact + ": " + e.getMessage(), e);
        }
    }

    /** A Hardhat-specific JSON-RPC call; its result as parsed JSON (string, boolean, number or null). */
    private Object rpc(String method, List<?> params) {
        try {
            RawResponse response = new Request<>(method, params, rpc, RawResponse.class).send();
            if (response.hasError()) {
                throw new DevnetException(method + " failed: " + response.getError().getMessage());
            }
            return response.getResult();
        } catch (IOException e) {
            throw new DevnetException(method + " failed: " + e.getMessage(), e);
        }
    }

    /** Any JSON-RPC result. */
    public static final class RawResponse extends Response<Object> {
    }

    /** Whether the Hardhat process is still running. */
    public boolean running() {
        return process.alive();
    }

    @Override
    public void close() {
        client.close();
        web3j.shutdown();
        process.close();
    }

    @Override
    public String toString() {
        return "HardhatDevnet[" + rpcUrl() + ", chainId=" + CHAIN_ID + ", log=" + logFile() + "]";
    }

    /** The latest block's number (a convenience for tests). */
    public long blockNumber() {
        return client.block(io.stablerail.chain.evm.BlockTag.LATEST).number();
    }

}
