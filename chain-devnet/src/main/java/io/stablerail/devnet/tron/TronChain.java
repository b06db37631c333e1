package io.stablerail.devnet.tron;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.stablerail.chain.address.TronAddress;
import org.tron.trident.proto.Chain.Block;
import org.tron.trident.proto.Chain.BlockHeader;
import org.tron.trident.proto.Chain.Transaction;
import org.tron.trident.proto.Chain.Transaction.Contract.ContractType;
import org.tron.trident.proto.Chain.Transaction.Result.contractResult;
import org.tron.trident.proto.Contract.TransferContract;
import org.tron.trident.proto.Contract.TriggerSmartContract;
import org.tron.trident.proto.Response.ResourceReceipt;
import org.tron.trident.proto.Response.TransactionInfo;
import org.web3j.crypto.Hash;

/**
 * The devnet's chain and its rules, behind one lock. Broadcast validation follows java-tron's order
 * ({@code Wallet.broadcastTransaction} → {@code Manager.pushTransaction} → {@code processTransaction}): pending-pool
 * bound, next-slot expiration, signature, TAPOS, expiration window, duplicate, contract validation, bandwidth. Blocks
 * come only from {@link #produceBlocks(int)} (the virtual clock: every block is {@value #BLOCK_INTERVAL_MILLIS} ms
 * after its parent); the solidified block trails the head by {@value #SOLIDIFICATION_LAG_BLOCKS}, which is what
 * java-tron's {@code updateSolidBlock} yields with 27 witnesses producing in turn (70% threshold: the 9th-lowest
 * of the witnesses' latest blocks).
 */
final class TronChain {

    static final long BLOCK_INTERVAL_MILLIS = 3_000;
    static final int SOLIDIFICATION_LAG_BLOCKS = 18;
    /** java-tron {@code Constant.MAXIMUM_TIME_UNTIL_EXPIRATION}: 24 hours. */
    static final long MAXIMUM_TIME_UNTIL_EXPIRATION_MILLIS = 24 * 60 * 60 * 1000L;
    /** Heights that keep a ledger state (for the solidity node and forks); must exceed the solidification lag. */
    static final int STATE_SNAPSHOTS_KEPT = 64;
    /**
     * Heights below the head whose block stays parsed; older ones keep only their bytes ({@link ChainBlock#compact}).
     * Above the solidification lag and so every fork depth: a fork never touches a compacted block.
     */
    static final int PARSED_BLOCKS_KEPT = 128;
    /** Compacted blocks parsed for lookups of single transactions, the most recent few (a checker asks one by one). */
    private static final int PARSED_FOR_LOOKUPS = 8;
    /** Pending-pool bound; above it broadcasts get SERVER_BUSY, as java-tron's {@code isTooManyPending}. */
    static final int PENDING_TRANSACTIONS_MAX = 2_000;
    /** java-tron's {@code TAPOS}: the recent-block store is keyed by the low 2 bytes of the block number. */
    private static final int RECENT_BLOCKS = 65_536;

    private final List<ChainBlock> blocks = new ArrayList<>();
    /** txid → {block number, position in block}. */
    private final Map<ByteString, long[]> included = new HashMap<>();
    private final LinkedHashMap<ByteString, Transaction> pending = new LinkedHashMap<>();
    private final LinkedHashMap<Long, Parsed> parsedForLookups = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Parsed> eldest) {
            return size() > PARSED_FOR_LOOKUPS;
        }
    };
    private LedgerState headState = new LedgerState();
    private int forkGeneration;

    TronChain(long genesisTimestampMillis) {
        blocks.add(seal(0, genesisTimestampMillis, new byte[32], List.of(), List.of(), headState.copy()));
    }

    // ---- broadcast --------------------------------------------------------------------------------------------

    /** Validates and queues a signed transaction; returns its txid. */
    synchronized ByteString broadcast(Transaction signed) throws BroadcastRefusal {
        if (pending.size() >= PENDING_TRANSACTIONS_MAX) {
            throw BroadcastRefusal.busy();
        }
        Transaction transaction = signed.toBuilder().clearRet().build();
        Transaction.raw raw = transaction.getRawData();
        if (raw.getContractCount() == 0) {
            throw BroadcastRefusal.contractValidate("contract not exists");
        }
        ByteString txid = txid(transaction);
        long headTime = head().timestamp();
        if (raw.getExpiration() < headTime + BLOCK_INTERVAL_MILLIS) {
            throw BroadcastRefusal.expired();
        }
        Call call = call(transaction);
        verifySignature(transaction, txid, call.owner());
        checkTapos(raw);
        if (raw.getExpiration() <= headTime || raw.getExpiration() > headTime + MAXIMUM_TIME_UNTIL_EXPIRATION_MILLIS) {
            throw BroadcastRefusal.expired();
        }
        if (included.containsKey(txid) || pending.containsKey(txid)) {
            throw BroadcastRefusal.duplicate();
        }
        // java-tron burns bandwidth (consumeBandwidth) before the actuator validates the contract
        if (headState.trx(call.owner()) < bandwidthFeeSun(transaction)) {
            throw BroadcastRefusal.bandwidth();
        }
        validate(raw, call, headState, bandwidthFeeSun(transaction));
        pending.put(txid, transaction);
        return txid;
    }

    /** The one contract of a transaction, unpacked: a USDT call or a TRX transfer (exactly one is set). */
    private record Call(ByteString owner, TriggerSmartContract trigger, TransferContract transfer) {
    }

    private static Call call(Transaction transaction) throws BroadcastRefusal {
        if (transaction.getRawData().getContractCount() != 1) {
            throw BroadcastRefusal.contractValidate("contract size should be exactly 1");
        }
        Transaction.Contract contract = transaction.getRawData().getContract(0);
        try {
            if (contract.getType() == ContractType.TriggerSmartContract) {
                TriggerSmartContract trigger = contract.getParameter().unpack(TriggerSmartContract.class);
                return new Call(trigger.getOwnerAddress(), trigger, null);
            }
            if (contract.getType() == ContractType.TransferContract) {
                TransferContract transfer = contract.getParameter().unpack(TransferContract.class);
                return new Call(transfer.getOwnerAddress(), null, transfer);
            }
        } catch (InvalidProtocolBufferException e) {
            throw BroadcastRefusal.contractValidate("cannot unpack " + contract.getType() + ": " + e.getMessage());
        }
        throw BroadcastRefusal.contractValidate("the devnet executes TriggerSmartContract and TransferContract only, got "
                + contract.getType());
    }

    private static void validate(Transaction.raw raw, Call call, LedgerState state, long bandwidthFeeSun)
            throws BroadcastRefusal {
        if (call.trigger() != null) {
            validateTrigger(raw, call.trigger());
        } else {
            validateTransfer(call.transfer(), state, bandwidthFeeSun);
        }
    }

    /** java-tron {@code TransferActuator.validate}, with its messages; the balance is what bandwidth left. */
    private static void validateTransfer(TransferContract transfer, LedgerState state, long bandwidthFeeSun)
            throws BroadcastRefusal {
        ByteString owner = transfer.getOwnerAddress();
        ByteString to = transfer.getToAddress();
        if (to.size() != 21 || to.byteAt(0) != TronAddress.PREFIX) {
            throw BroadcastRefusal.contractValidate("Invalid toAddress!");
        }
        if (to.equals(owner)) {
            throw BroadcastRefusal.contractValidate("Cannot transfer TRX to yourself.");
        }
        if (!state.accountExists(owner)) {
            throw BroadcastRefusal.contractValidate("Validate TransferContract error, no OwnerAccount.");
        }
        if (transfer.getAmount() <= 0) {
            throw BroadcastRefusal.contractValidate("Amount must be greater than 0.");
        }
        if (to.equals(ByteString.copyFrom(DevnetUsdt.ADDRESS.bytes()))) {
            throw BroadcastRefusal.contractValidate("Cannot transfer TRX to a smartContract.");
        }
        long needed = transfer.getAmount() + createAccountFeeSun(state, to);
        if (state.trx(owner) - bandwidthFeeSun < needed) {
            throw BroadcastRefusal.contractValidate("Validate TransferContract error, balance is not sufficient.");
        }
    }

    private static long createAccountFeeSun(LedgerState state, ByteString to) {
        return state.accountExists(to) ? 0 : DevnetPrices.PLACEHOLDER_SUN_CREATE_ACCOUNT;
    }

    /** java-tron {@code TransactionCapsule.validatePubSignature}/{@code checkWeight} for the owner permission. */
    private static void verifySignature(Transaction transaction, ByteString txid, ByteString owner)
            throws BroadcastRefusal {
        if (transaction.getSignatureCount() == 0) {
            throw BroadcastRefusal.signature("miss sig or contract");
        }
        if (transaction.getSignatureCount() > 1) {
            throw BroadcastRefusal.signature("Signature count is " + transaction.getSignatureCount()
                    + " more than key counts of permission : 1");
        }
        ByteString signature = transaction.getSignature(0);
        if (signature.size() < 65) {
            throw BroadcastRefusal.signature("Signature size is " + signature.size());
        }
        Optional<TronAddress> signer = TronSignatures.recover(txid.toByteArray(), signature.toByteArray());
        if (signer.isEmpty()) {
            throw BroadcastRefusal.signature("invalid signature: it recovers to no public key");
        }
        if (!Arrays.equals(signer.get().bytes(), owner.toByteArray())) {
            throw BroadcastRefusal.signature(HexFormat.of().formatHex(signature.toByteArray()) + " is signed by "
                    + signer.get().base58() + " but it is not contained of permission.");
        }
    }

    /** java-tron {@code Manager.validateTapos}. */
    private void checkTapos(Transaction.raw raw) throws BroadcastRefusal {
        if (!taposHolds(raw)) {
            throw BroadcastRefusal.tapos();
        }
    }

    private boolean taposHolds(Transaction.raw raw) {
        byte[] refBytes = raw.getRefBlockBytes().toByteArray();
        if (refBytes.length != 2) {
            return false;
        }
        int reference = ((refBytes[0] & 0xff) << 8) | (refBytes[1] & 0xff);
        long head = head().number();
        long candidate = head - Math.floorMod(head - reference, RECENT_BLOCKS);
        if (candidate < 0) {
            return false;
        }
        byte[] id = blocks.get((int) candidate).id;
        return Arrays.equals(Arrays.copyOfRange(id, 8, 16), raw.getRefBlockHash().toByteArray());
    }

    private static void validateTrigger(Transaction.raw raw, TriggerSmartContract trigger) throws BroadcastRefusal {
        if (!Arrays.equals(trigger.getContractAddress().toByteArray(), DevnetUsdt.ADDRESS.bytes())) {
            throw BroadcastRefusal.contractValidate("No contract or not a smart contract");
        }
        if (raw.getFeeLimit() < 0 || raw.getFeeLimit() > DevnetPrices.MAX_FEE_LIMIT_SUN) {
            throw BroadcastRefusal.contractValidate("feeLimit must be >= 0 and <= " + DevnetPrices.MAX_FEE_LIMIT_SUN);
        }
        if (trigger.getCallValue() != 0 || trigger.getCallTokenValue() != 0) {
            throw BroadcastRefusal.contractValidate("the devnet USDT is not payable");
        }
    }

    static long bandwidthBytes(Transaction transaction) {
        return transaction.toBuilder().clearRet().build().getSerializedSize() + DevnetPrices.RESULT_SIZE_BYTES;
    }

    private static long bandwidthFeeSun(Transaction transaction) {
        return bandwidthBytes(transaction) * DevnetPrices.PLACEHOLDER_SUN_PER_BANDWIDTH_BYTE;
    }

    // ---- blocks -----------------------------------------------------------------------------------------------

    synchronized void produceBlocks(int count) {
        if (count < 1 || count > 100_000) {
            throw new IllegalArgumentException("produce between 1 and 100000 blocks at a time, got " + count);
        }
        for (int i = 0; i < count; i++) {
            produceBlock();
        }
    }

    private void produceBlock() {
        ChainBlock parent = head();
        long number = parent.number() + 1;
        long timestamp = parent.timestamp() + BLOCK_INTERVAL_MILLIS;
        LedgerState state = headState.copy();
        List<Transaction> transactions = new ArrayList<>();
        List<TransactionInfo> infos = new ArrayList<>();
        for (Transaction transaction : pending.values()) {
            // java-tron re-validates pending transactions when it builds a block and drops the ones that fail
            if (!stillValid(transaction, parent.timestamp(), state)) {
                continue;
            }
            ByteString txid = txid(transaction);
            Applied applied = apply(state, transaction, txid, number, timestamp);
            transactions.add(applied.transaction());
            infos.add(applied.info());
        }
        pending.clear();
        ChainBlock block = seal(number, timestamp, parent.id, transactions, infos, state);
        blocks.add(block);
        for (int i = 0; i < transactions.size(); i++) {
            included.put(txid(transactions.get(i)), new long[] {number, i});
        }
        headState = state;
        int pruned = blocks.size() - 1 - STATE_SNAPSHOTS_KEPT;
        if (pruned >= 0) {
            blocks.get(pruned).stateAfter = null;
        }
        int compacted = blocks.size() - 1 - PARSED_BLOCKS_KEPT;
        if (compacted >= 0) {
            blocks.get(compacted).compact();
        }
    }

    private boolean stillValid(Transaction transaction, long parentTime, LedgerState state) {
        Transaction.raw raw = transaction.getRawData();
        if (raw.getExpiration() <= parentTime || !taposHolds(raw) || included.containsKey(txid(transaction))) {
            return false;
        }
        try {
            Call call = call(transaction);
            long bandwidthFee = bandwidthFeeSun(transaction);
            if (state.trx(call.owner()) < bandwidthFee) {
                return false;
            }
            validate(raw, call, state, bandwidthFee);
            return true;
        } catch (BroadcastRefusal e) {
            return false;
        }
    }

    private record Applied(Transaction transaction, TransactionInfo info) {
    }

    private static Applied apply(LedgerState state, Transaction transaction, ByteString txid, long number,
            long timestamp) {
        Call call;
        try {
            call = call(transaction);
        } catch (BroadcastRefusal e) {
            throw new IllegalStateException("validated at broadcast", e);
        }
        return call.trigger() != null ? applyTrigger(state, transaction, call.trigger(), txid, number, timestamp)
                : applyTransfer(state, transaction, call.transfer(), txid, number, timestamp);
    }

    /** Burns bandwidth and the new-account fee, moves the TRX (validated just before, against this state). */
    private static Applied applyTransfer(LedgerState state, Transaction transaction, TransferContract transfer,
            ByteString txid, long number, long timestamp) {
        long netFee = bandwidthFeeSun(transaction);
        long createFee = createAccountFeeSun(state, transfer.getToAddress());
        state.addTrx(transfer.getOwnerAddress(), -(netFee + createFee + transfer.getAmount()));
        state.addTrx(transfer.getToAddress(), transfer.getAmount());
        TransactionInfo info = TransactionInfo.newBuilder()
                .setId(txid).setFee(netFee + createFee).setBlockNumber(number).setBlockTimeStamp(timestamp)
                .setReceipt(ResourceReceipt.newBuilder().setNetFee(netFee).setResult(contractResult.SUCCESS))
                .setResult(TransactionInfo.code.SUCESS)
                .build();
        Transaction withResult = transaction.toBuilder()
                .addRet(Transaction.Result.newBuilder().setContractRet(contractResult.SUCCESS)).build();
        return new Applied(withResult, info);
    }

    /** Burns bandwidth, runs the call within its energy limit, burns energy; java-tron's receipt fields. */
    private static Applied applyTrigger(LedgerState state, Transaction transaction, TriggerSmartContract trigger,
            ByteString txid, long number, long timestamp) {
        ByteString owner = trigger.getOwnerAddress();
        long netFee = bandwidthFeeSun(transaction);
        state.addTrx(owner, -netFee);
        long energyLimit = Math.min(transaction.getRawData().getFeeLimit(), state.trx(owner))
                / DevnetPrices.PLACEHOLDER_SUN_PER_ENERGY;
        LedgerState scratch = state.copy();
        DevnetUsdt.Execution execution = DevnetUsdt.execute(scratch,
                Arrays.copyOfRange(owner.toByteArray(), 1, 21), trigger.getData().toByteArray());
        contractResult result;
        long energyUsed;
        String message = "";
        if (execution.energyUsed() > energyLimit) {
            result = contractResult.OUT_OF_ENERGY;
            energyUsed = energyLimit;
            message = "Not enough energy";
        } else if (execution.reverted()) {
            result = contractResult.REVERT;
            energyUsed = execution.energyUsed();
            message = "REVERT opcode executed";
        } else {
            result = contractResult.SUCCESS;
            energyUsed = execution.energyUsed();
            state.replaceWith(scratch);
        }
        long energyFee = energyUsed * DevnetPrices.PLACEHOLDER_SUN_PER_ENERGY;
        state.addTrx(owner, -energyFee);
        TransactionInfo.Builder info = TransactionInfo.newBuilder()
                .setId(txid).setFee(netFee + energyFee).setBlockNumber(number).setBlockTimeStamp(timestamp)
                .addContractResult(ByteString.copyFrom(result == contractResult.SUCCESS ? execution.returnData()
                        : new byte[0]))
                .setContractAddress(trigger.getContractAddress())
                .setReceipt(ResourceReceipt.newBuilder().setEnergyFee(energyFee).setEnergyUsageTotal(energyUsed)
                        .setNetFee(netFee).setResult(result))
                .setResult(result == contractResult.SUCCESS ? TransactionInfo.code.SUCESS : TransactionInfo.code.FAILED)
                .setResMessage(ByteString.copyFromUtf8(message));
        if (result == contractResult.SUCCESS) {
            for (DevnetUsdt.Log log : execution.logs()) {
                TransactionInfo.Log.Builder entry = TransactionInfo.Log.newBuilder()
                        .setAddress(ByteString.copyFrom(log.address20())).setData(ByteString.copyFrom(log.data()));
                log.topics().forEach(topic -> entry.addTopics(ByteString.copyFrom(topic)));
                info.addLog(entry);
            }
        }
        Transaction withResult = transaction.toBuilder()
                .addRet(Transaction.Result.newBuilder().setContractRet(result)).build();
        return new Applied(withResult, info.build());
    }

    private ChainBlock seal(long number, long timestamp, byte[] parentId, List<Transaction> transactions,
            List<TransactionInfo> infos, LedgerState state) {
        MessageDigest trie = sha256();
        transactions.forEach(transaction -> trie.update(txid(transaction).toByteArray()));
        BlockHeader.raw raw = BlockHeader.raw.newBuilder()
                .setTimestamp(timestamp)
                .setTxTrieRoot(ByteString.copyFrom(transactions.isEmpty() ? new byte[32] : trie.digest()))
                .setParentHash(ByteString.copyFrom(parentId))
                .setNumber(number)
                .setWitnessAddress(ByteString.copyFrom(witness(forkGeneration)))
                .setVersion(32)
                .build();
        byte[] id = blockId(raw);
        Block block = Block.newBuilder().addAllTransactions(transactions)
                .setBlockHeader(BlockHeader.newBuilder().setRawData(raw)).build();
        return new ChainBlock(block, id, infos, state.copy());
    }

    /** java-tron {@code BlockCapsule.BlockId}: sha256(raw header), its first 8 bytes replaced by the number. */
    static byte[] blockId(BlockHeader.raw raw) {
        byte[] id = sha256().digest(raw.toByteArray());
        System.arraycopy(ByteBuffer.allocate(8).putLong(raw.getNumber()).array(), 0, id, 0, 8);
        return id;
    }

    /** A different (fixed) witness per fork generation, so a replacement block never repeats a hash. */
    private static byte[] witness(int generation) {
        byte[] hash = Hash.sha3(("stablerail-devnet-witness-" + generation).getBytes(StandardCharsets.UTF_8));
        byte[] address = new byte[21];
        address[0] = TronAddress.PREFIX;
        System.arraycopy(hash, 12, address, 1, 20);
        return address;
    }

    static ByteString txid(Transaction transaction) {
        return ByteString.copyFrom(sha256().digest(transaction.getRawData().toByteArray()));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- forks ------------------------------------------------------------------------------------------------

    /**
     * Replaces the top {@code depth} blocks (all unsolidified) with as many new blocks from another witness, so
     * every hash at those heights changes. With {@code keepTransactions} their transactions return to pending (as
     * java-tron re-pushes the transactions of popped blocks on a fork switch) and land again in the first
     * replacement block if still valid; otherwise they are dropped, as if the winning fork never saw them.
     */
    synchronized void fork(int depth, boolean keepTransactions) {
        long head = head().number();
        long unsolidified = head - solidNumber();
        if (depth < 1 || depth > unsolidified) {
            throw new IllegalArgumentException("a fork replaces 1.." + unsolidified + " unsolidified blocks, not "
                    + depth);
        }
        List<Transaction> returned = new ArrayList<>();
        for (int i = 0; i < depth; i++) {
            ChainBlock removed = blocks.removeLast();
            List<Transaction> transactions = new ArrayList<>();
            for (Transaction transaction : removed.block().getTransactionsList()) {
                included.remove(txid(transaction));
                transactions.add(transaction.toBuilder().clearRet().build());
            }
            returned.addAll(0, transactions);
        }
        headState = head().stateAfter.copy();
        forkGeneration++;
        LinkedHashMap<ByteString, Transaction> requeued = new LinkedHashMap<>();
        if (keepTransactions) {
            returned.forEach(transaction -> requeued.put(txid(transaction), transaction));
        }
        requeued.putAll(pending);
        pending.clear();
        pending.putAll(requeued);
        produceBlocks(depth);
    }

    // ---- funding (outside consensus) --------------------------------------------------------------------------

    /** Applies a faucet change to the head state, pending execution and every height that keeps a state. */
    synchronized void everywhere(Consumer<LedgerState> change) {
        change.accept(headState);
        for (int i = blocks.size() - 1; i >= 0 && blocks.get(i).stateAfter != null; i--) {
            change.accept(blocks.get(i).stateAfter);
        }
    }

    // ---- queries ----------------------------------------------------------------------------------------------

    synchronized ChainBlock head() {
        return blocks.getLast();
    }

    synchronized long solidNumber() {
        return Math.max(0, head().number() - SOLIDIFICATION_LAG_BLOCKS);
    }

    /** The highest block the given node sees: the head (full node) or the solidified block (solidity node). */
    synchronized ChainBlock top(boolean solidity) {
        return blocks.get((int) (solidity ? solidNumber() : head().number()));
    }

    synchronized Optional<ChainBlock> block(long number, boolean solidity) {
        if (number < 0 || number > top(solidity).number()) {
            return Optional.empty();
        }
        return Optional.of(blocks.get((int) number));
    }

    synchronized Optional<ChainBlock> blockById(byte[] id, boolean solidity) {
        if (id.length != 32) {
            return Optional.empty();
        }
        long number = ByteBuffer.wrap(id, 0, 8).getLong();
        return block(number, solidity).filter(block -> Arrays.equals(block.id, id));
    }

    synchronized Optional<Transaction> transaction(ByteString txid, boolean solidity) {
        long[] at = included.get(txid);
        if (at == null || at[0] > top(solidity).number()) {
            return Optional.empty();
        }
        return Optional.of(parsed((int) at[0]).block().getTransactions((int) at[1]));
    }

    synchronized Optional<TransactionInfo> transactionInfo(ByteString txid, boolean solidity) {
        long[] at = included.get(txid);
        if (at == null || at[0] > top(solidity).number()) {
            return Optional.empty();
        }
        return Optional.of(parsed((int) at[0]).infos().get((int) at[1]));
    }

    private record Parsed(Block block, List<TransactionInfo> infos) {
    }

    /** A block in its parsed form: as kept, or parsed once for the lookups of its transactions that follow. */
    private Parsed parsed(int number) {
        ChainBlock block = blocks.get(number);
        if (!block.compacted()) {
            return new Parsed(block.block(), block.infos());
        }
        return parsedForLookups.computeIfAbsent((long) number, n -> new Parsed(block.block(), block.infos()));
    }

    synchronized boolean isPending(ByteString txid) {
        return pending.containsKey(txid);
    }

    synchronized long trxBalance(ByteString address21, boolean solidity) {
        return stateFor(solidity).trx(address21);
    }

    synchronized boolean accountExists(ByteString address21, boolean solidity) {
        return stateFor(solidity).accountExists(address21);
    }

    synchronized BigInteger usdtBalance(ByteString address20, boolean solidity) {
        return stateFor(solidity).usdt(address20);
    }

    /** Runs a call against a copy of the node's state (constant calls and energy estimates change nothing). */
    synchronized DevnetUsdt.Execution call(ByteString owner21, byte[] data, boolean solidity) {
        byte[] owner = owner21.toByteArray();
        byte[] caller20 = owner.length == 21 ? Arrays.copyOfRange(owner, 1, 21) : new byte[20];
        return DevnetUsdt.execute(stateFor(solidity).copy(), caller20, data);
    }

    private LedgerState stateFor(boolean solidity) {
        return solidity ? top(true).stateAfter : headState;
    }
}
