package io.stablerail.deposit.scanning.chains;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.stablerail.chain.address.EvmAddress;
import io.stablerail.chain.address.TronAddress;
import io.stablerail.chain.evm.EvmClient;
import io.stablerail.chain.evm.EvmFeeOracle;
import io.stablerail.chain.evm.EvmFeePolicy;
import io.stablerail.chain.evm.FeeQuote;
import io.stablerail.chain.signer.EvmTransactionSigning;
import io.stablerail.chain.signer.LocalKeySigner;
import io.stablerail.chain.tron.SignedTronTransaction;
import io.stablerail.chain.tron.TronClient;
import io.stablerail.chain.tron.TronClientSettings;
import io.stablerail.deposit.addresses.AddressBook;
import io.stablerail.deposit.support.Merchants;
import io.stablerail.devnet.evm.DevnetToken;
import io.stablerail.devnet.evm.HardhatDevnet;
import io.stablerail.devnet.tron.TronDevnet;
import io.stablerail.testsupport.EmbeddedInfra;
import io.stablerail.deposit.support.DevnetTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.web3j.crypto.RawTransaction;

/**
 * The scanners on the real devnets through the real chain sources (EVM: Hardhat with its USDT/USDC-like tokens;
 * TRON: the gRPC devnet): transfers to our addresses become one deposit each, transfers elsewhere are ignored, an EVM
 * reorg (snapshot/revert) orphans a detected deposit and the re-included transaction brings the same deposit back, and
 * a TRON fork that drops the transaction orphans it.
 */
@EmbeddedInfra
@SpringBootTest(properties = {
        "stablerail.deposits.scanner.interval=200ms",
        "stablerail.deposits.scanner.start-blocks.evm-devnet=1",
        "stablerail.deposits.scanner.start-blocks.tron-devnet=1"})
class DevnetDepositsIT {

    static final BigInteger USD_12_50 = BigInteger.valueOf(12_500_000);
    static final HardhatDevnet EVM = HardhatDevnet.start();
    static final TronDevnet TRON = TronDevnet.start();
    static final LocalKeySigner TRON_SENDER = LocalKeySigner.ofPrivateKey("tron-sender",
            new BigInteger("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318", 16));

    static {
        TRON.produceBlocks(2);
    }

    @DynamicPropertySource
    static void chains(DynamicPropertyRegistry registry) {
        registry.add("stablerail.chains.endpoints.evm-devnet[0].name", () -> "hardhat");
        registry.add("stablerail.chains.endpoints.evm-devnet[0].url", () -> EVM.rpcUrl().toString());
        registry.add("stablerail.chains.endpoints.tron-devnet[0].name", () -> "devnet");
        registry.add("stablerail.chains.endpoints.tron-devnet[0].url", TRON::endpoint);
        registry.add("stablerail.chains.endpoints.tron-devnet[0].solidity-url", TRON::endpoint);
        DevnetTokens.register(registry, EVM, TRON);
    }

    @AfterAll
    static void stopChains() {
        EVM.close();
        TRON.close();
    }

    @Autowired AddressBook addresses;
    @Autowired JdbcTemplate jdbc;

    @Test
    void evmTransfersToOurAddressesBecomeOneDepositEachAndOthersAreIgnored() {
        new Merchants(addresses).onboard("m-evm", 61);
        EvmAddress ours = EvmAddress.parse(new Merchants(addresses).address("m-evm", "evm-devnet").address());
        LocalKeySigner sender = EVM.account(1);
        EVM.mint(DevnetToken.USDT_LIKE, sender.evmAddress(), USD_12_50.multiply(BigInteger.TEN));
        EVM.mint(DevnetToken.USDC_LIKE, sender.evmAddress(), USD_12_50.multiply(BigInteger.TEN));

        String usdt = send(sender, DevnetToken.USDT_LIKE, ours, USD_12_50);
        String usdc = send(sender, DevnetToken.USDC_LIKE, ours, BigInteger.valueOf(3_000_000));
        String elsewhere = send(sender, DevnetToken.USDT_LIKE, EVM.account(4).evmAddress(), USD_12_50);
        EVM.mine(1);

        await().atMost(Duration.ofSeconds(60)).until(() -> deposits("m-evm").size() == 2);
        assertThat(deposits("m-evm")).extracting(row -> row.get("tx_hash"), row -> row.get("currency"),
                row -> ((java.math.BigDecimal) row.get("amount")).toBigIntegerExact(), row -> row.get("status"))
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(usdt, "USDT", USD_12_50, "DETECTED"),
                        org.assertj.core.groups.Tuple.tuple(usdc, "USDC", BigInteger.valueOf(3_000_000), "DETECTED"));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM deposit WHERE tx_hash = ?", Integer.class, elsewhere))
                .isZero();
    }

    @Test
    void evmReorgOrphansTheDepositAndTheReincludedTransactionBringsTheSameDepositBack() {
        new Merchants(addresses).onboard("m-reorg", 62);
        EvmAddress ours = EvmAddress.parse(new Merchants(addresses).address("m-reorg", "evm-devnet").address());
        LocalKeySigner sender = EVM.account(2);
        EVM.mint(DevnetToken.USDT_LIKE, sender.evmAddress(), USD_12_50.multiply(BigInteger.TEN));
        EVM.mine(1);

        String snapshot = EVM.snapshot();
        byte[] raw = signed(sender, DevnetToken.USDT_LIKE, ours, USD_12_50);
        String hash = EVM.client().sendRawTransaction(raw).transactionHash();
        EVM.mine(1);
        await().atMost(Duration.ofSeconds(60)).until(() -> "DETECTED".equals(status(hash)));
        String firstBlockHash = jdbc.queryForObject("SELECT block_hash FROM deposit WHERE tx_hash = ?", String.class,
                hash);

        EVM.revert(snapshot); // the blocks with the transfer are gone; the chain grows again without it
        EVM.mine(4);
        await().atMost(Duration.ofSeconds(60)).until(() -> "ORPHANED".equals(status(hash)));

        EVM.client().sendRawTransaction(raw); // the same signed transaction, mined again in a new block
        EVM.mine(1);
        await().atMost(Duration.ofSeconds(60)).until(() -> "DETECTED".equals(status(hash)));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM deposit WHERE tx_hash = ?", Integer.class, hash))
                .as("one deposit for one transfer").isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT block_hash FROM deposit WHERE tx_hash = ?", String.class, hash))
                .isNotEqualTo(firstBlockHash);
    }

    @Test
    void tronTransfersAreDetectedAndAForkThatDropsThemOrphansTheDeposit() {
        new Merchants(addresses).onboard("m-tron", 63);
        TronAddress ours = TronAddress.parse(new Merchants(addresses).address("m-tron", "tron-devnet").address());
        TRON.fundTrx(TRON_SENDER.tronAddress(), 500_000_000L);
        TRON.mintUsdt(TRON_SENDER.tronAddress(), USD_12_50.multiply(BigInteger.TEN));
        TRON.produceBlocks(1);
        try (TronClient client = new TronClient(TRON.endpoint(), TRON.endpoint(),
                new TronClientSettings(Duration.ofSeconds(5), 130, 100_000_000L))) {
            SignedTronTransaction kept = client.buildTrc20Transfer(TRON.usdtContract(), TRON_SENDER, ours, USD_12_50);
            client.broadcast(kept);
            TRON.produceBlocks(1);
            await().atMost(Duration.ofSeconds(60)).until(() -> "DETECTED".equals(status(kept.txid())));

            SignedTronTransaction dropped = client.buildTrc20Transfer(TRON.usdtContract(), TRON_SENDER, ours,
                    BigInteger.valueOf(2_000_000));
            client.broadcast(dropped);
            TRON.produceBlocks(1);
            await().atMost(Duration.ofSeconds(60)).until(() -> "DETECTED".equals(status(dropped.txid())));

            TRON.forkDroppingTransactions(1); // the last block is replaced by one without the second transfer
            TRON.produceBlocks(2);
            await().atMost(Duration.ofSeconds(60)).until(() -> "ORPHANED".equals(status(dropped.txid())));
            assertThat(status(kept.txid())).as("the block before the fork stays").isEqualTo("DETECTED");
        }
    }

    private String send(LocalKeySigner sender, DevnetToken token, EvmAddress to, BigInteger amount) {
        String hash = EVM.client().sendRawTransaction(signed(sender, token, to, amount)).transactionHash();
        EVM.awaitReceipt(hash, Duration.ofSeconds(30));
        return hash;
    }

    private byte[] signed(LocalKeySigner sender, DevnetToken token, EvmAddress to, BigInteger amount) {
        EvmClient client = EVM.client();
        EvmAddress contract = EVM.token(token);
        FeeQuote.Eip1559 fees = (FeeQuote.Eip1559) new EvmFeeOracle(client, new EvmFeePolicy(5, 50, 2,
                BigInteger.TEN.pow(9), BigInteger.TEN.pow(12))).quote();
        RawTransaction transaction = RawTransaction.createTransaction(HardhatDevnet.CHAIN_ID,
                client.noncePending(sender.evmAddress()), client.estimateErc20Transfer(contract, sender.evmAddress(),
                        to, amount), contract.checksummed(), BigInteger.ZERO, EvmClient.erc20TransferData(to, amount),
                fees.maxPriorityFeePerGas(), fees.maxFeePerGas());
        return EvmTransactionSigning.sign(transaction, HardhatDevnet.CHAIN_ID, sender);
    }

    private List<Map<String, Object>> deposits(String merchant) {
        return jdbc.queryForList("SELECT * FROM deposit WHERE merchant_id = ? ORDER BY seq", merchant);
    }

    private String status(String txHash) {
        List<String> statuses = jdbc.queryForList("SELECT status FROM deposit WHERE lower(tx_hash) IN (lower(?), "
                + "lower('0x' || ?))", String.class, txHash, txHash);
        return statuses.isEmpty() ? null : statuses.getFirst();
    }
}
