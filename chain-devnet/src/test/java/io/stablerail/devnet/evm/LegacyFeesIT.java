package io.stablerail.devnet.evm;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;

import io.stablerail.chain.evm.BlockTag;
import io.stablerail.chain.evm.Broadcast;
import io.stablerail.chain.evm.Erc20Transfer;
import io.stablerail.chain.evm.EvmClient;
import io.stablerail.chain.evm.EvmFeeOracle;
import io.stablerail.chain.evm.EvmFeePolicy;
import io.stablerail.chain.evm.EvmReceipt;
import io.stablerail.chain.evm.FeeQuote;
import io.stablerail.chain.signer.LocalKeySigner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A chain without EIP-1559 (Hardhat on berlin): the fee oracle falls back to the legacy gas price. */
class LegacyFeesIT {

    private static HardhatDevnet devnet;

    @BeforeAll
    static void start() {
        devnet = HardhatDevnet.start(HardhatDevnet.Hardfork.BERLIN);
    }

    @AfterAll
    static void stop() {
        if (devnet != null) {
            devnet.close();
        }
    }

    @Test
    void withoutABaseFeeTheOracleQuotesTheLegacyGasPriceAndTheTransferLands() {
        EvmClient client = devnet.client();
        assertThat(client.block(BlockTag.LATEST).baseFeePerGas()).isEmpty();

        FeeQuote quote = new EvmFeeOracle(client, new EvmFeePolicy(5, 50, 2, BigInteger.ONE, BigInteger.TEN.pow(12)))
                .quote();

        FeeQuote.Legacy legacy = (FeeQuote.Legacy) quote;
        assertThat(legacy.gasPrice()).isEqualTo(client.gasPrice()).isPositive();
        LocalKeySigner sender = devnet.account(1);
        devnet.mint(DevnetToken.USDT_LIKE, sender.evmAddress(), BigInteger.valueOf(5_000_000));
        Broadcast sent = client.sendRawTransaction(DevnetTransfers.legacy(client, sender,
                devnet.token(DevnetToken.USDT_LIKE), devnet.account(2).evmAddress(), BigInteger.valueOf(2_000_000),
                client.noncePending(sender.evmAddress()), legacy.gasPrice(), HardhatDevnet.CHAIN_ID));
        EvmReceipt receipt = devnet.awaitReceipt(sent.transactionHash(), Duration.ofSeconds(20));
        assertThat(receipt.succeeded()).isTrue();
        assertThat(receipt.logs().stream().map(Erc20Transfer::decode).flatMap(java.util.Optional::stream))
                .singleElement().satisfies(transfer -> {
                    assertThat(transfer.from()).isEqualTo(sender.evmAddress());
                    assertThat(transfer.amount()).isEqualTo(BigInteger.valueOf(2_000_000));
                });
    }
}
