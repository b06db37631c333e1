package io.stablerail.chain.evm;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import io.stablerail.chain.address.EvmAddress;
import io.stablerail.chain.failure.ChainException;
import io.stablerail.chain.failure.FailureClass;
import io.stablerail.chain.failure.FailureClassifier;
import io.stablerail.chain.registry.FinalityRule;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.BatchRequest;
import org.web3j.protocol.core.BatchResponse;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthFeeHistory;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.ClientConnectionException;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * A JSON-RPC client for one EVM endpoint (web3j 6 over OkHttp; one instance per endpoint URL, thread-safe). Every
 * call is bounded by {@link EvmClientSettings#callTimeout()}. Failures surface as {@link ChainException}: I/O errors
 * and timeouts are RETRY, HTTP statuses go through {@link FailureClassifier#http(int)}, JSON-RPC errors through
 * {@link FailureClassifier#evm(String)} with the node's message as the exception's {@code code}. The endpoint appears
 * in messages as scheme, host and port only (URLs may carry API keys). Retries, backoff and failover belong to the
 * caller.
 */
public final class EvmClient implements AutoCloseable {

    private static final List<String> NO_TOPICS = List.of();

    /** Block headers asked for in one JSON-RPC batch at most (providers commonly cap a batch at 100–1,000 calls). */
    public static final int HEADERS_PER_BATCH = 100;

    private static final Logger log = LoggerFactory.getLogger(EvmClient.class);

    private final EvmClientSettings settings;
    private final HttpService service;
    private final Web3j web3j;
    /** Set once the endpoint answered a batch with something other than an array: headers one call each. */
    private volatile boolean batchesRefused;

    public EvmClient(EvmClientSettings settings) {
        this.settings = settings;
        // Idle connections are dropped after 4 s, before servers with Node's default 5 s keep-alive (Hardhat, many
        // proxies) close them under us: reusing a connection the server already closed fails the call ("unexpected
        // end of stream"), and calls are not retried silently here (retries are the endpoint pool's, counted).
        OkHttpClient http = new OkHttpClient.Builder().callTimeout(settings.callTimeout())
                .connectTimeout(settings.callTimeout()).readTimeout(settings.callTimeout())
                .writeTimeout(settings.callTimeout()).retryOnConnectionFailure(false)
                .connectionPool(new ConnectionPool(5, 4, TimeUnit.SECONDS)).build();
        this.service = new HttpService(settings.rpcUrl().toString(), http);
        this.web3j = Web3j.build(service);
    }

    public EvmClientSettings settings() {
        return settings;
    }

    public long chainId() {
        return call("eth_chainId", web3j.ethChainId()).getChainId().longValueExact();
    }

    /** The block a tag points at now (latest, safe, finalized). */
    public EvmBlock block(BlockTag tag) {
        return block(tag.parameter()).orElseThrow(() -> new ChainException(FailureClass.RETRY, "no_block",
                "eth_getBlockByNumber(" + tag + ") returned no block at " + settings.endpointForLogs()));
    }

    /** The block at a height on the node's current chain, or empty when the node has not seen that height. */
    public Optional<EvmBlock> block(long number) {
        requireBlockNumber(number);
        return block(DefaultBlockParameter.valueOf(BigInteger.valueOf(number)));
    }

    private Optional<EvmBlock> block(DefaultBlockParameter parameter) {
        return Optional.ofNullable(call("eth_getBlockByNumber", web3j.ethGetBlockByNumber(parameter, false))
                .getBlock()).map(EvmClient::toBlock);
    }

    private static EvmBlock toBlock(EthBlock.Block block) {
        return new EvmBlock(block.getNumber().longValueExact(), block.getHash(), block.getParentHash(),
                Instant.ofEpochSecond(block.getTimestamp().longValueExact()),
                Optional.ofNullable(block.getBaseFeePerGasRaw()).map(Numeric::decodeQuantity));
    }

    /**
     * The blocks at heights {@code from..to} on the node's current chain, in height order; a height the node has not
     * seen yet is empty. Asked for in JSON-RPC batches of at most {@link #HEADERS_PER_BATCH} — one HTTP round trip
     * per batch instead of one per block (a scanner catching up reads thousands) — and the answers matched to heights
     * by their JSON-RPC ids, never by position. A node or proxy that does not take batches (its answer is not a JSON
     * array) is asked block by block from then on, by this client.
     */
    public List<Optional<EvmBlock>> blocks(long from, long to) {
        requireBlockNumber(from);
        if (to < from) {
            throw new IllegalArgumentException("to " + to + " is before from " + from);
        }
        List<Optional<EvmBlock>> blocks = new ArrayList<>((int) Math.min(to - from + 1, 10_000));
        for (long start = from; start <= to; start += HEADERS_PER_BATCH) {
            long end = Math.min(to, start + HEADERS_PER_BATCH - 1);
            blocks.addAll(batchesRefused ? oneByOne(start, end) : batchOfBlocks(start, end));
        }
        return blocks;
    }

    private List<Optional<EvmBlock>> oneByOne(long from, long to) {
        List<Optional<EvmBlock>> blocks = new ArrayList<>();
        for (long number = from; number <= to; number++) {
            blocks.add(block(number));
        }
        return blocks;
    }

    private List<Optional<EvmBlock>> batchOfBlocks(long from, long to) {
        BatchRequest batch = web3j.newBatch();
        Map<Long, Long> heightById = new HashMap<>();
        for (long number = from; number <= to; number++) {
            Request<?, EthBlock> request = web3j.ethGetBlockByNumber(
                    DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), false);
            heightById.put(request.getId(), number);
            batch.add(request);
        }
        String method = "eth_getBlockByNumber ×" + (to - from + 1) + " (batch)";
        BatchResponse answer;
        try {
            answer = io(method, batch::send);
        } catch (ChainException refused) {
            if (!(refused.getCause() instanceof ClassCastException)) {
                throw refused;
            }
            // the answer was JSON but not an array: batches are not served here (a proxy, a node option)
            batchesRefused = true;
            log.warn("{} does not answer JSON-RPC batches ({}); reading block headers one call each from now on",
                    settings.endpointForLogs(), refused.getMessage());
            return oneByOne(from, to);
        }
        @SuppressWarnings("unchecked")
        Optional<EvmBlock>[] blocks = new Optional[(int) (to - from + 1)];
        for (Response<?> each : answer.getResponses()) {
            Long height = heightById.get(each.getId());
            if (height == null) {
                throw new ChainException(FailureClass.RETRY, "unreadable_answer", method + " at "
                        + settings.endpointForLogs() + " answered an id that was not asked: " + each.getId());
            }
            if (each.hasError()) {
                String message = each.getError().getMessage();
                throw new ChainException(FailureClassifier.evm(message), message, method + " refused block " + height
                        + " at " + settings.endpointForLogs() + " (JSON-RPC " + each.getError().getCode() + "): "
                        + message);
            }
            EthBlock.Block block = ((EthBlock) each).getBlock();
            if (block != null && block.getNumber().longValueExact() != height) {
                throw new ChainException(FailureClass.RETRY, "unreadable_answer", method + " at "
                        + settings.endpointForLogs() + " answered block " + block.getNumber() + " for " + height);
            }
            blocks[(int) (height - from)] = Optional.ofNullable(block).map(EvmClient::toBlock);
        }
        for (int i = 0; i < blocks.length; i++) {
            if (blocks[i] == null) {
                throw new ChainException(FailureClass.RETRY, "incomplete_batch", method + " at "
                        + settings.endpointForLogs() + " left block " + (from + i) + " unanswered");
            }
        }
        return List.of(blocks);
    }

    /**
     * The logs of {@code addresses} in {@code [fromBlock, toBlock]} (inclusive, at most
     * {@link EvmClientSettings#logsBlockRangeMax()} blocks), filtered by {@code topics} position by position
     * ({@code null} = any). When the node refuses a range as too large ({@link FailureClassifier#logRangeTooLarge}),
     * it is split in halves and each half asked for, down to single blocks (a refused single block is FAIL_FAST).
     * Results are in block and log-index order. Sub-ranges are separate requests: a reorg between them is the
     * scanner's to detect (it compares block hashes), and logs flagged {@code removed} are returned as such.
     */
    public List<EvmLog> logs(long fromBlock, long toBlock, List<EvmAddress> addresses, List<String> topics) {
        requireBlockNumber(fromBlock);
        if (toBlock < fromBlock) {
            throw new IllegalArgumentException("toBlock " + toBlock + " is before fromBlock " + fromBlock);
        }
        if (toBlock - fromBlock + 1 > settings.logsBlockRangeMax()) {
            throw new IllegalArgumentException("range " + fromBlock + ".." + toBlock + " is wider than "
                    + settings.logsBlockRangeMax() + " blocks (logsBlockRangeMax)");
        }
        if (addresses == null || addresses.isEmpty()) {
            throw new IllegalArgumentException("logs are read for given contracts only: addresses must not be empty");
        }
        List<EvmLog> found = new ArrayList<>();
        collectLogs(fromBlock, toBlock, addresses.stream().map(EvmAddress::checksummed).toList(),
                topics == null ? NO_TOPICS : topics, found);
        return found;
    }

    /**
     * The ERC-20 Transfer logs of {@code tokens} in a range (see {@link #logs}), decoded. Logs a node flags
     * {@code removed} (undone by a reorg) are left out: they are not on the chain any more.
     */
    public List<Erc20Transfer> transfers(long fromBlock, long toBlock, List<EvmAddress> tokens) {
        return logs(fromBlock, toBlock, tokens, List.of(Erc20Transfer.TRANSFER_TOPIC)).stream()
                .filter(log -> !log.removed()).map(Erc20Transfer::decode).flatMap(Optional::stream).toList();
    }

    private void collectLogs(long fromBlock, long toBlock, List<String> addresses, List<String> topics,
            List<EvmLog> found) {
        try {
            found.addAll(fetchLogs(fromBlock, toBlock, addresses, topics));
        } catch (ChainException refused) {
            if (!logRangeRefused(refused)) {
                throw refused;
            }
            if (fromBlock == toBlock) {
                throw new ChainException(FailureClass.FAIL_FAST, refused.code(), "eth_getLogs refused even the single"
                        + " block " + fromBlock + " as too large at " + settings.endpointForLogs(), refused);
            }
            long middle = fromBlock + (toBlock - fromBlock) / 2;
            collectLogs(fromBlock, middle, addresses, topics, found);
            collectLogs(middle + 1, toBlock, addresses, topics, found);
        }
    }

    private static boolean logRangeRefused(ChainException failure) {
        return FailureClassifier.logRangeTooLarge(failure.code()) || "HTTP 413".equals(failure.code())
                || FailureClassifier.logRangeTooLarge(failure.getMessage());
    }

    private List<EvmLog> fetchLogs(long fromBlock, long toBlock, List<String> addresses, List<String> topics) {
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(fromBlock)),
                DefaultBlockParameter.valueOf(BigInteger.valueOf(toBlock)), addresses);
        for (String topic : topics) {
            if (topic == null) {
                filter.addNullTopic();
            } else {
                filter.addSingleTopic(topic);
            }
        }
        List<EthLog.LogResult<?>> results = call("eth_getLogs", web3j.ethGetLogs(filter)).getLogs();
        List<EvmLog> logs = new ArrayList<>(results.size());
        for (EthLog.LogResult<?> result : results) {
            if (!(result.get() instanceof Log log)) {
                throw new ChainException(FailureClass.RETRY, "bad_logs", "eth_getLogs answered with hashes, not"
                        + " logs, at " + settings.endpointForLogs());
            }
            logs.add(toLog(log));
        }
        return logs;
    }

    private static EvmLog toLog(Log log) {
        return new EvmLog(EvmAddress.parse(log.getAddress()), log.getTopics(), log.getData(), log.getTransactionHash(),
                log.getBlockNumber().longValueExact(), log.getBlockHash(), log.getLogIndex().longValueExact(),
                log.isRemoved());
    }

    /** The receipt of a mined transaction, or empty while it is pending or unknown. */
    public Optional<EvmReceipt> receipt(String transactionHash) {
        requireHash(transactionHash);
        Optional<TransactionReceipt> receipt = call("eth_getTransactionReceipt",
                web3j.ethGetTransactionReceipt(transactionHash)).getTransactionReceipt();
        return receipt.map(r -> new EvmReceipt(r.getTransactionHash(), succeeded(r),
                r.getBlockNumber().longValueExact(), r.getBlockHash(), r.getGasUsed(),
                r.getEffectiveGasPrice() == null ? null : Numeric.decodeQuantity(r.getEffectiveGasPrice()),
                r.getLogs().stream().map(EvmClient::toLog).toList()));
    }

    /**
     * The receipt's post-Byzantium status, strictly: 0x1 succeeded, 0x0 failed. web3j's {@code isStatusOK()} calls a
     * receipt without a status a success; here it is a RETRY failure, since neither answer can be given safely.
     */
    private boolean succeeded(TransactionReceipt receipt) {
        String status = receipt.getStatus();
        if ("0x1".equals(status)) {
            return true;
        }
        if ("0x0".equals(status)) {
            return false;
        }
        throw new ChainException(FailureClass.RETRY, "receipt_without_status", "receipt of "
                + receipt.getTransactionHash() + " from " + settings.endpointForLogs() + " has status " + status);
    }

    /** The transaction as the node knows it (pending or mined), or empty when it does not. */
    public Optional<EvmTransaction> transaction(String transactionHash) {
        requireHash(transactionHash);
        return call("eth_getTransactionByHash", web3j.ethGetTransactionByHash(transactionHash)).getTransaction()
                .map(t -> new EvmTransaction(t.getHash(), EvmAddress.parse(t.getFrom()),
                        Optional.ofNullable(t.getTo()).map(EvmAddress::parse), t.getNonce(), t.getValue(),
                        t.getInput(), t.getBlockNumberRaw() == null ? OptionalLong.empty()
                                : OptionalLong.of(Numeric.decodeQuantity(t.getBlockNumberRaw()).longValueExact()),
                        Optional.ofNullable(t.getBlockHash())));
    }

    /** The number of transactions of {@code address} mined in the latest block: its next nonce on chain. */
    public BigInteger nonceLatest(EvmAddress address) {
        return nonce(address, DefaultBlockParameterName.LATEST);
    }

    /** The next nonce counting this node's pending pool (it differs between nodes; never the source of truth). */
    public BigInteger noncePending(EvmAddress address) {
        return nonce(address, DefaultBlockParameterName.PENDING);
    }

    /**
     * The number of transactions of {@code address} mined up to and including block {@code number}: its next nonce in
     * that block's state. At the finality point this can no longer change.
     */
    public BigInteger nonceAt(EvmAddress address, long number) {
        requireBlockNumber(number);
        return nonce(address, DefaultBlockParameter.valueOf(BigInteger.valueOf(number)));
    }

    /**
     * The highest block {@code rule} holds final now, on this node: the {@code finalized} tag's block, or head − depth
     * + 1 (below 0 when the chain is shorter than the depth).
     */
    public long finalityPoint(FinalityRule rule) {
        return switch (rule) {
            case FinalityRule.FinalizedTag tag -> block(BlockTag.FINALIZED).number();
            case FinalityRule.Depth depth -> block(BlockTag.LATEST).number() - depth.blocks() + 1;
            case FinalityRule.TronSolidified solidified ->
                    throw new IllegalArgumentException("a TRON finality rule on an EVM client");
        };
    }

    private BigInteger nonce(EvmAddress address, DefaultBlockParameter tag) {
        return call("eth_getTransactionCount", web3j.ethGetTransactionCount(address.checksummed(), tag)).getTransactionCount();
    }

    /** The native-coin balance in wei at the latest block. */
    public BigInteger balance(EvmAddress address) {
        return call("eth_getBalance", web3j.ethGetBalance(address.checksummed(), DefaultBlockParameterName.LATEST))
                .getBalance();
    }

    /** An ERC-20 {@code balanceOf} at the latest block. */
    public BigInteger erc20Balance(EvmAddress token, EvmAddress holder) {
        String data = FunctionEncoder.encode(new Function("balanceOf", List.of(new Address(holder.checksummed())), List.of()));
        String value = call("eth_call", web3j.ethCall(Transaction.createEthCallTransaction(holder.checksummed(), token.checksummed(),
                data), DefaultBlockParameterName.LATEST)).getValue();
        byte[] bytes = Numeric.hexStringToByteArray(value);
        if (bytes.length != 32) {
            throw new ChainException(FailureClass.FAIL_FAST, "bad_balance", "balanceOf of " + token + " answered "
                    + bytes.length + " bytes, expected 32 (not an ERC-20?)");
        }
        return new BigInteger(1, bytes);
    }

    /**
     * Broadcasts a signed transaction. Success, or a refusal the classifier calls ALREADY_KNOWN ("already known",
     * "known transaction", "nonce too low", …), returns a {@link Broadcast} carrying the hash computed from the signed
     * bytes; {@link Broadcast#alreadyKnown()} tells them apart. Every other failure throws {@link ChainException}.
     */
    public Broadcast sendRawTransaction(byte[] signedTransaction) {
        if (signedTransaction == null || signedTransaction.length == 0) {
            throw new IllegalArgumentException("no signed transaction to send");
        }
        String hex = Numeric.toHexString(signedTransaction);
        String hash = Hash.sha3(hex);
        try {
            String nodeHash = call("eth_sendRawTransaction", web3j.ethSendRawTransaction(hex)).getTransactionHash();
            if (nodeHash == null || !nodeHash.equalsIgnoreCase(hash)) {
                throw new ChainException(FailureClass.FAIL_FAST, "hash_mismatch", "node at "
                        + settings.endpointForLogs() + " answered hash " + nodeHash + " for transaction " + hash);
            }
            return new Broadcast(hash, false, null);
        } catch (ChainException refused) {
            if (refused.failureClass() == FailureClass.ALREADY_KNOWN) {
                return new Broadcast(hash, true, refused.code());
            }
            throw refused;
        }
    }

    /**
     * The node's gas estimate for a call. A failed estimate (a revert such as a blacklisted sender, insufficient
     * balance, a node error) throws {@link ChainException} classified by the node's message: there is no default or
     * guessed gas limit, ever — the caller stops and retries later or fails the withdrawal.
     */
    public BigInteger estimateGas(EvmAddress from, EvmAddress to, BigInteger valueWei, String data) {
        Transaction call = Transaction.createFunctionCallTransaction(from.checksummed(), null, null, null, to.checksummed(),
                valueWei, data);
        BigInteger gas = call("eth_estimateGas", web3j.ethEstimateGas(call)).getAmountUsed();
        if (gas == null || gas.signum() <= 0) {
            throw new ChainException(FailureClass.RETRY, "bad_estimate", "eth_estimateGas answered " + gas + " at "
                    + settings.endpointForLogs());
        }
        return gas;
    }

    /** The gas estimate of ERC-20 {@code transfer(to, amount)} sent by {@code from}; see {@link #estimateGas}. */
    public BigInteger estimateErc20Transfer(EvmAddress token, EvmAddress from, EvmAddress to, BigInteger amount) {
        return estimateGas(from, token, BigInteger.ZERO, erc20TransferData(to, amount));
    }

    /** The call data of ERC-20 {@code transfer(address,uint256)}. */
    public static String erc20TransferData(EvmAddress to, BigInteger amount) {
        if (amount == null || amount.signum() <= 0) {
            throw new IllegalArgumentException("a transfer amount must be > 0, got " + amount);
        }
        return FunctionEncoder.encode(new Function("transfer", List.of(new Address(to.checksummed()), new Uint256(amount)),
                List.of()));
    }

    /** {@code eth_feeHistory} over the {@code blockCount} blocks up to the latest, rewards at {@code percentiles}. */
    public FeeHistory feeHistory(int blockCount, List<Double> percentiles) {
        if (blockCount < 1 || blockCount > 1024) {
            throw new IllegalArgumentException("blockCount must be 1..1024, got " + blockCount);
        }
        EthFeeHistory.FeeHistory history = call("eth_feeHistory",
                web3j.ethFeeHistory(blockCount, DefaultBlockParameterName.LATEST, percentiles)).getFeeHistory();
        if (history == null || history.getBaseFeePerGasRaw() == null || history.getBaseFeePerGasRaw().isEmpty()) {
            throw new ChainException(FailureClass.RETRY, "no_fee_history", "eth_feeHistory answered no base fees at "
                    + settings.endpointForLogs());
        }
        List<List<BigInteger>> reward = history.getRewardRaw() == null ? List.of() : history.getReward();
        try {
            return new FeeHistory(history.getOldestBlock().longValueExact(), history.getBaseFeePerGas(),
                    history.getGasUsedRatio(), reward);
        } catch (IllegalArgumentException malformed) {
            throw new ChainException(FailureClass.RETRY, "bad_fee_history", "eth_feeHistory answer from "
                    + settings.endpointForLogs() + " is malformed: " + malformed.getMessage(), malformed);
        }
    }

    /** {@code eth_gasPrice}: the legacy gas price suggestion. */
    public BigInteger gasPrice() {
        return call("eth_gasPrice", web3j.ethGasPrice()).getGasPrice();
    }

    private <T extends Response<?>> T call(String method, Request<?, T> request) {
        T response = io(method, request::send);
        if (response.hasError()) {
            String message = response.getError().getMessage();
            throw new ChainException(FailureClassifier.evm(message), message, method + " refused at "
                    + settings.endpointForLogs() + " (JSON-RPC " + response.getError().getCode() + "): " + message);
        }
        return response;
    }

    /** One exchange with the node; transport failures and unreadable answers as classified {@link ChainException}s. */
    private <T> T io(String method, Exchange<T> exchange) {
        try {
            return exchange.send();
        } catch (InterruptedIOException timeout) {
            throw new ChainException(FailureClass.RETRY, "timeout", method + " timed out after "
                    + settings.callTimeout() + " at " + settings.endpointForLogs(), timeout);
        } catch (IOException io) {
            throw new ChainException(FailureClass.RETRY, "io", method + " failed at " + settings.endpointForLogs()
                    + ": " + io.getMessage(), io);
        } catch (ClientConnectionException http) {
            Integer status = http.getCode();
            FailureClass failureClass = status == null ? FailureClass.RETRY : FailureClassifier.http(status);
            throw new ChainException(failureClass, status == null ? "http" : "HTTP " + status, method + " failed at "
                    + settings.endpointForLogs() + ": " + http.getMessage(), http);
        } catch (RuntimeException unreadable) {
            // e.g. Jackson failing on an answer that is not JSON-RPC (a proxy's HTML page): unknown, so RETRY
            throw new ChainException(FailureClass.RETRY, "unreadable_answer", method + " answer from "
                    + settings.endpointForLogs() + " is unreadable: " + unreadable, unreadable);
        }
    }

    @FunctionalInterface
    private interface Exchange<T> {
        T send() throws IOException;
    }

    private static void requireBlockNumber(long number) {
        if (number < 0) {
            throw new IllegalArgumentException("block number must be >= 0, got " + number);
        }
    }

    private static void requireHash(String hash) {
        if (hash == null || !hash.matches("0x[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException("a transaction hash is 0x followed by 64 hex digits, got " + hash);
        }
    }

    @Override
    public void close() {
        web3j.shutdown();
    }

    @Override
    public String toString() {
        return "EvmClient[" + settings.endpointForLogs() + "]";
    }
}
