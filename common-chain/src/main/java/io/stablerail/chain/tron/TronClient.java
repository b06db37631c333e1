package io.stablerail.chain.tron;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.stablerail.chain.address.TronAddress;
import io.stablerail.chain.failure.ChainException;
import io.stablerail.chain.failure.FailureClass;
import io.stablerail.chain.failure.FailureClassifier;
import io.stablerail.chain.signer.TransactionSigner;
import org.tron.trident.core.ApiWrapper;
import org.tron.trident.core.NodeType;
import org.tron.trident.core.exceptions.IllegalException;
import org.tron.trident.core.transaction.BlockId;
import org.tron.trident.core.utils.Utils;
import org.tron.trident.proto.Chain.Transaction;
import org.tron.trident.proto.Response.AccountResourceMessage;
import org.tron.trident.proto.Response.BlockExtention;
import org.tron.trident.proto.Response.EstimateEnergyMessage;
import org.tron.trident.proto.Response.TransactionExtention;
import org.tron.trident.proto.Response.TransactionInfo;
import org.tron.trident.proto.Response.TransactionReturn;

/**
 * A TRON client for one full node + solidity node pair, on trident 0.10's {@code ApiWrapper}. Every call has a gRPC
 * deadline ({@link TronClientSettings#callTimeout()}); gRPC failures and node refusals become {@link ChainException}s
 * classified by {@link FailureClassifier}. Signing goes through a {@link TransactionSigner} (local key or KMS):
 * {@code ApiWrapper} insists on a private key at construction, so it gets a throwaway one and its signing methods
 * are never used.
 *
 * <p>Transactions are built the way trident builds them: {@code ref_block} = the solidity node's latest block,
 * {@code expiration} = the full node's head time + 60 s (trident's {@code TRANSACTION_DEFAULT_EXPIRATION_TIME}).
 */
public final class TronClient implements AutoCloseable {

    private static final String TRANSFER_SELECTOR = "a9059cbb";
    private static final String BALANCE_OF_SELECTOR = "70a08231";
    private static final BigInteger UINT256_LIMIT = BigInteger.ONE.shiftLeft(256);

    private final ApiWrapper api;
    private final TronClientSettings settings;

    public TronClient(String fullNodeEndpoint, String solidityNodeEndpoint, TronClientSettings settings) {
        this.settings = settings;
        String throwawayKey = ApiWrapper.generateAddress().toPrivateKey();
        this.api = new ApiWrapper(fullNodeEndpoint, solidityNodeEndpoint, throwawayKey, List.of(),
                Math.toIntExact(settings.callTimeout().toMillis()));
    }

    // ---- blocks -----------------------------------------------------------------------------------------------

    public TronBlock nowBlock() {
        return topBlock(TronNode.FULL);
    }

    /** The solidified (final) head: the solidity node's latest block. */
    public TronBlock solidifiedBlock() {
        return topBlock(TronNode.SOLIDITY);
    }

    private TronBlock topBlock(TronNode node) {
        return call("GetNowBlock2 (" + node + ")", () -> {
            try {
                return block(api.getNowBlock2(nodeType(node)));
            } catch (IllegalException noHeader) {
                // a node that answers without a block header is not synced or not healthy: ask again later
                throw new ChainException(FailureClass.RETRY, "NO_BLOCK", node + " node returned no latest block");
            }
        });
    }

    public Optional<TronBlock> blockByNumber(long number, TronNode node) {
        requireBlockNumber(number);
        return call("GetBlockByNum2", () -> {
            try {
                return Optional.of(block(api.getBlockByNum(number, nodeType(node))));
            } catch (IllegalException notFound) {
                return Optional.<TronBlock>empty();
            }
        });
    }

    /** The transaction infos of one block, for scanning (empty when the node does not have the block yet). */
    public List<TransactionInfo> transactionInfos(long blockNumber, TronNode node) {
        requireBlockNumber(blockNumber);
        return call("GetTransactionInfoByBlockNum", () -> {
            try {
                return api.getTransactionInfoByBlockNum(blockNumber, nodeType(node)).getTransactionInfoList();
            } catch (IllegalException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        });
    }

    // ---- transactions -----------------------------------------------------------------------------------------

    public Optional<Transaction> transaction(String txid, TronNode node) {
        requireTxid(txid);
        return call("GetTransactionById", () -> {
            try {
                return Optional.of(api.getTransactionById(txid, nodeType(node)));
            } catch (IllegalException notFound) {
                return Optional.<Transaction>empty();
            }
        });
    }

    /** The execution result; on {@link TronNode#SOLIDITY} present only once the block is solidified. */
    public Optional<TransactionInfo> transactionInfo(String txid, TronNode node) {
        requireTxid(txid);
        return call("GetTransactionInfoById", () -> {
            try {
                return Optional.of(api.getTransactionInfoById(txid, nodeType(node)));
            } catch (IllegalException notFound) {
                return Optional.<TransactionInfo>empty();
            }
        });
    }

    /**
     * DESIGN rule 5 for TRON: a signed attempt is provably dead when its {@code expiration} is older than the
     * solidified head and the solidity node does not have it. Every block after the solidified one has a parent at
     * least that old, so java-tron ({@code validateCommon}: expiration must be after the parent's time) can no longer
     * include it; every block up to it is final and was searched. The head is read before the lookup, so a
     * solidified head that moves in between only makes the answer more certain.
     */
    public boolean provablyDead(SignedTronTransaction signed) {
        TronBlock solidified = solidifiedBlock();
        if (signed.expirationMillis() >= solidified.timestampMillis()) {
            return false;
        }
        return transaction(signed.txid(), TronNode.SOLIDITY).isEmpty();
    }

    /**
     * Builds and signs {@code transfer(to, amount)} on a TRC-20 {@code contract} from the signer's address. The
     * {@code fee_limit} is the node's energy estimate × margin × the current energy price; above the configured cap
     * nothing is signed (FAIL_FAST, code {@code FEE_LIMIT_OVER_CAP}). An estimate the node refuses (the call would
     * revert: blacklisted sender, balance too low) is a hard stop with the node's code, never a guessed fee.
     */
    public SignedTronTransaction buildTrc20Transfer(TronAddress contract, TransactionSigner signer, TronAddress to,
            BigInteger amount) {
        Objects.requireNonNull(contract, "contract");
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(to, "to");
        if (amount == null || amount.signum() <= 0 || amount.compareTo(UINT256_LIMIT) >= 0) {
            throw new IllegalArgumentException("a TRC-20 amount is a positive uint256, got " + amount);
        }
        String owner = signer.tronAddress().hex();
        String callData = TRANSFER_SELECTOR + word(HexFormat.of().formatHex(to.bytes(), 1, 21)) + word(amount.toString(16));
        long energy = estimateEnergy(owner, contract.hex(), callData);
        long feeLimit = feeLimitSun(energy, energyPriceSun());
        TransactionExtention unsigned = call("TriggerSmartContract (build)", () -> {
            try {
                return api.triggerContract(owner, contract.hex(), callData, 0L, 0L, null, feeLimit);
            } catch (StatusRuntimeException e) {
                throw e;
            } catch (Exception e) {
                // trident wraps the node calls it makes while building (GetBlock on both nodes) into IllegalException
                throw new ChainException(FailureClass.RETRY, "BUILD_FAILED",
                        "could not build the transaction: " + e.getMessage(), e);
            }
        });
        SignedTronTransaction signed = TronTransactions.sign(unsigned.getTransaction(), signer);
        if (!signed.txid().equals(HexFormat.of().formatHex(unsigned.getTxid().toByteArray()))) {
            throw new IllegalStateException("trident's txid differs from sha256(raw_data)");
        }
        return signed;
    }

    /**
     * Builds and signs a TRX transfer ({@code TransferContract}) of {@code sun} from the signer's address, e.g. to
     * top up a deposit address before a sweep. No energy is involved; bandwidth (and, for a new account, the
     * account-creation fee) is burned from the sender's balance.
     */
    public SignedTronTransaction buildTrxTransfer(TransactionSigner signer, TronAddress to, long sun) {
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(to, "to");
        if (sun <= 0) {
            throw new IllegalArgumentException("a TRX transfer moves a positive number of sun, got " + sun);
        }
        if (to.equals(signer.tronAddress())) {
            throw new IllegalArgumentException("a TRX transfer to the sender itself is refused by java-tron");
        }
        TransactionExtention unsigned = call("TransferContract (build)", () -> {
            try {
                return api.transfer(signer.tronAddress().hex(), to.hex(), sun);
            } catch (IllegalException e) {
                throw new ChainException(FailureClass.RETRY, "BUILD_FAILED",
                        "could not build the transaction: " + e.getMessage(), e);
            }
        });
        return TronTransactions.sign(unsigned.getTransaction(), signer);
    }

    long feeLimitSun(long energy, long energyPriceSun) {
        BigInteger feeLimit = BigInteger.valueOf(energy).multiply(BigInteger.valueOf(settings.energyMarginPercent()))
                .add(BigInteger.valueOf(99)).divide(BigInteger.valueOf(100))
                .multiply(BigInteger.valueOf(energyPriceSun));
        if (feeLimit.compareTo(BigInteger.valueOf(settings.feeLimitCapSun())) > 0) {
            throw new ChainException(FailureClass.FAIL_FAST, "FEE_LIMIT_OVER_CAP", "fee_limit " + feeLimit
                    + " sun (energy " + energy + " × " + settings.energyMarginPercent() + "% × " + energyPriceSun
                    + " sun) is over the cap of " + settings.feeLimitCapSun() + " sun");
        }
        return feeLimit.longValueExact();
    }

    private long estimateEnergy(String owner, String contract, String callData) {
        EstimateEnergyMessage estimate = call("EstimateEnergy",
                () -> api.estimateEnergy(owner, contract, callData, 0L, 0L, null));
        TransactionReturn result = estimate.getResult();
        if (!result.getResult() || result.getCode() != TransactionReturn.response_code.SUCCESS) {
            throw refusal(result, "energy estimate refused");
        }
        if (estimate.getEnergyRequired() <= 0) {
            throw new ChainException(FailureClass.RETRY, "NO_ESTIMATE", "the node estimated no energy");
        }
        return estimate.getEnergyRequired();
    }

    /** The current energy price: the last entry of the node's price history ("millis:sun,millis:sun,…"). */
    public long energyPriceSun() {
        String prices = call("GetEnergyPrices", () -> api.getEnergyPrices()).getPrices();
        String[] entries = prices.split(",");
        String last = entries[entries.length - 1];
        int colon = last.indexOf(':');
        try {
            long price = Long.parseLong(last.substring(colon + 1).strip());
            if (colon < 0 || price <= 0) {
                throw new NumberFormatException();
            }
            return price;
        } catch (NumberFormatException e) {
            throw new ChainException(FailureClass.RETRY, "BAD_ENERGY_PRICES", "cannot read energy prices: " + prices);
        }
    }

    /**
     * Broadcasts to the full node; returns the txid. A refusal is a {@link ChainException} classified from java-tron's
     * {@code response_code} (DUP_TRANSACTION_ERROR → ALREADY_KNOWN, TRANSACTION_EXPIRATION_ERROR → REBUILD, …).
     * SUCCESS means only "accepted by this node": confirmation must find it on chain.
     */
    public String broadcast(SignedTronTransaction signed) {
        TransactionReturn result = call("BroadcastTransaction",
                () -> api.blockingStub.broadcastTransaction(signed.transaction()));
        if (!result.getResult()) {
            throw refusal(result, "broadcast of " + signed.txid() + " refused");
        }
        return signed.txid();
    }

    // ---- accounts ---------------------------------------------------------------------------------------------

    /**
     * {@code balanceOf(owner)} on a TRC-20, as a constant call (nothing is broadcast). On {@link TronNode#SOLIDITY}
     * it is the balance at the solidified block.
     */
    public BigInteger trc20Balance(TronAddress contract, TronAddress owner, TronNode node) {
        Objects.requireNonNull(contract, "contract");
        Objects.requireNonNull(owner, "owner");
        String callData = BALANCE_OF_SELECTOR + word(HexFormat.of().formatHex(owner.bytes(), 1, 21));
        TransactionExtention result = call("TriggerConstantContract", () -> api.triggerConstantContract(owner.hex(),
                contract.hex(), callData, 0L, 0L, null, nodeType(node)));
        boolean reverted = result.getTransaction().getRetCount() > 0
                && result.getTransaction().getRet(0).getRet() == Transaction.Result.code.FAILED;
        if (!result.getResult().getResult() || reverted) {
            throw refusal(result.getResult(), "balanceOf on " + contract + " failed");
        }
        if (result.getConstantResultCount() != 1 || result.getConstantResult(0).size() != 32) {
            throw new ChainException(FailureClass.FAIL_FAST, "NOT_A_TRC20",
                    "balanceOf on " + contract + " did not return one uint256");
        }
        return new BigInteger(1, result.getConstantResult(0).toByteArray());
    }

    public TronAccountResources accountResources(TronAddress address) {
        long balance = call("GetAccount", () -> api.getAccount(address.hex())).getBalance();
        AccountResourceMessage resources = call("GetAccountResource", () -> api.getAccountResource(address.hex()));
        return new TronAccountResources(balance, resources.getFreeNetLimit(), resources.getFreeNetUsed(),
                resources.getNetLimit(), resources.getNetUsed(), resources.getEnergyLimit(), resources.getEnergyUsed());
    }

    @Override
    public void close() {
        api.close();
    }

    // ---- plumbing ---------------------------------------------------------------------------------------------

    private static ChainException refusal(TransactionReturn result, String what) {
        String code = result.getCode().name();
        String message = result.getMessage().toStringUtf8();
        FailureClass failureClass = result.getCode() == TransactionReturn.response_code.SUCCESS
                ? FailureClass.RETRY : FailureClassifier.tron(code);
        return new ChainException(failureClass, code, what + ": " + code + ", " + message);
    }

    /** Runs one node call; gRPC failures become classified ChainExceptions. */
    private static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            throw new ChainException(grpcFailureClass(code), "GRPC_" + code.name(),
                    what + " failed: " + e.getStatus(), e);
        }
    }

    /** A deadline, an unreachable node or anything transient is RETRY; only a request the node cannot understand is not. */
    static FailureClass grpcFailureClass(Status.Code code) {
        return switch (code) {
            case INVALID_ARGUMENT, UNIMPLEMENTED, PERMISSION_DENIED, UNAUTHENTICATED -> FailureClass.FAIL_FAST;
            default -> FailureClass.RETRY;
        };
    }

    private static TronBlock block(BlockExtention block) {
        BlockId id = Utils.getBlockId(block);
        return new TronBlock(block.getBlockHeader().getRawData().getNumber(), HexFormat.of().formatHex(id.getBytes()),
                HexFormat.of().formatHex(block.getBlockHeader().getRawData().getParentHash().toByteArray()),
                block.getBlockHeader().getRawData().getTimestamp());
    }

    private static NodeType nodeType(TronNode node) {
        return node == TronNode.SOLIDITY ? NodeType.SOLIDITY_NODE : NodeType.FULL_NODE;
    }

    private static String word(String hex) {
        return "0".repeat(64 - hex.length()) + hex;
    }

    private static void requireBlockNumber(long number) {
        if (number < 0) {
            throw new IllegalArgumentException("block numbers start at 0, got " + number);
        }
    }

    private static void requireTxid(String txid) {
        if (txid == null || !txid.matches("[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException("a txid is 64 hex digits, got " + txid);
        }
    }
}
