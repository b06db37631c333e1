package io.stablerail.withdrawal.broadcast.chains;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stablerail.chain.address.EvmAddress;
import io.stablerail.chain.evm.EvmClient;
import io.stablerail.chain.evm.EvmClientSettings;
import io.stablerail.chain.evm.EvmFeePolicy;
import io.stablerail.chain.evm.EvmReceipt;
import io.stablerail.chain.evm.EvmTransaction;
import io.stablerail.chain.evm.FeeCapExceededException;
import io.stablerail.chain.registry.ChainRegistry;
import io.stablerail.chain.registry.ChainSpec;
import io.stablerail.chain.registry.Endpoint;
import io.stablerail.chain.rpc.EndpointPool;
import io.stablerail.chain.rpc.ResilienceSettings;
import io.stablerail.chain.signer.LocalKeySigner;
import io.stablerail.devnet.evm.DevnetToken;
import io.stablerail.devnet.evm.HardhatDevnet;
import io.stablerail.withdrawal.broadcast.ChainSender;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.transaction.type.LegacyTransaction;

/**
 * {@link EvmChainSender#signReplacement} on a chain without EIP-1559 (Hardhat with the berlin rules: legacy gas
 * prices), called directly: the replacement keeps nonce, gas limit and call and raises the gas price by the minimum;
 * the node takes it in place of the original, and only it is mined. A cancel is a zero-value self-send at the nonce.
 * A maximum below the minimum raise is refused before anything is signed.
 */
class LegacyReplacementIT {

    static final HardhatDevnet LEGACY = HardhatDevnet.start(HardhatDevnet.Hardfork.BERLIN);
    static final ChainSpec SPEC = ChainRegistry.of(Map.of("evm-devnet",
            List.of(new Endpoint("hardhat", LEGACY.rpcUrl().toString(), null)))).chain("evm-devnet");
    static final EndpointPool<EvmClient> POOL = new EndpointPool<>(SPEC, endpoint -> new EvmClient(
            new EvmClientSettings(URI.create(endpoint.url()), Duration.ofSeconds(5), 10_000)),
            ResilienceSettings.defaults(), new SimpleMeterRegistry());
    static final EvmChainSender SENDER = new EvmChainSender(SPEC, POOL, new EvmFeePolicy(10, 50, 2,
            BigInteger.TEN.pow(9), SPEC.feeCap()));
    static final LocalKeySigner WALLET = LEGACY.account(5);

    @AfterAll
    static void stop() {
        POOL.close();
        LEGACY.close();
    }

    @Test
    void aLegacyReplacementRaisesTheGasPriceAndOnlyItIsMinedAndACancelTakesTheNonceWithNothingMoved() {
        LEGACY.mint(DevnetToken.USDT_LIKE, WALLET.evmAddress(), DevnetFixtures.usd("10"));
        LEGACY.setAutomine(false);
        try {
            EvmAddress to = DevnetFixtures.freshEvmAddress();
            long nonce = LEGACY.client().noncePending(WALLET.evmAddress()).longValueExact();
            ChainSender.SignedTransaction original = SENDER.sign(intent(to), ChainSender.Slot.evm(nonce),
                    SPEC.feeCap(), WALLET);
            SENDER.broadcast("evm-devnet", original.rawTransaction());
            LegacyTransaction before = legacy(original.rawTransaction());

            assertThatThrownBy(() -> SENDER.signReplacement(view(original, nonce), new ChainSender.Replacement(
                    "evm-devnet", false, 10, before.getGasPrice()), WALLET))
                    .isInstanceOf(FeeCapExceededException.class);

            ChainSender.SignedTransaction replacement = SENDER.signReplacement(view(original, nonce),
                    new ChainSender.Replacement("evm-devnet", false, 10, SPEC.feeCap()), WALLET);
            LegacyTransaction after = legacy(replacement.rawTransaction());
            assertThat(after.getNonce()).isEqualTo(before.getNonce());
            assertThat(after.getGasLimit()).isEqualTo(before.getGasLimit());
            assertThat(after.getTo()).isEqualToIgnoringCase(before.getTo());
            assertThat(after.getData()).isEqualTo(before.getData());
            assertThat(after.getGasPrice()).isGreaterThanOrEqualTo(EvmChainSender.raised(before.getGasPrice(), 10));
            assertThat(replacement.feeLimit()).isEqualTo(after.getGasPrice().multiply(after.getGasLimit()));
            SENDER.broadcast("evm-devnet", replacement.rawTransaction());
            LEGACY.mine(1);
            assertThat(LEGACY.awaitReceipt(replacement.txid(), Duration.ofSeconds(30)).succeeded()).isTrue();
            assertThat(LEGACY.client().receipt(original.txid())).isEmpty();
            assertThat(LEGACY.client().erc20Balance(LEGACY.token(DevnetToken.USDT_LIKE), to))
                    .isEqualTo(DevnetFixtures.usd("1"));

            EvmAddress other = DevnetFixtures.freshEvmAddress();
            ChainSender.SignedTransaction second = SENDER.sign(intent(other), ChainSender.Slot.evm(nonce + 1),
                    SPEC.feeCap(), WALLET);
            SENDER.broadcast("evm-devnet", second.rawTransaction());
            ChainSender.SignedTransaction cancel = SENDER.signReplacement(view(second, nonce + 1),
                    new ChainSender.Replacement("evm-devnet", true, 10, SPEC.feeCap()), WALLET);
            SENDER.broadcast("evm-devnet", cancel.rawTransaction());
            LEGACY.mine(1);
            EvmReceipt cancelled = LEGACY.awaitReceipt(cancel.txid(), Duration.ofSeconds(30));
            assertThat(cancelled.succeeded()).isTrue();
            assertThat(cancelled.gasUsed()).isEqualTo(BigInteger.valueOf(21_000));
            EvmTransaction onChain = LEGACY.client().transaction(cancel.txid()).orElseThrow();
            assertThat(onChain.to()).contains(WALLET.evmAddress());
            assertThat(onChain.value()).isZero();
            assertThat(onChain.nonce().longValueExact()).isEqualTo(nonce + 1);
            assertThat(LEGACY.client().receipt(second.txid())).isEmpty();
            assertThat(LEGACY.client().erc20Balance(LEGACY.token(DevnetToken.USDT_LIKE), other)).isZero();
        } finally {
            LEGACY.setAutomine(true);
        }
    }

    static ChainSender.TransferIntent intent(EvmAddress to) {
        return new ChainSender.TransferIntent(UUID.randomUUID(), 1, "evm-devnet", HardhatDevnet.CHAIN_ID,
                LEGACY.token(DevnetToken.USDT_LIKE).checksummed(), WALLET.evmAddress().checksummed(),
                to.checksummed(), DevnetFixtures.usd("1"));
    }

    static ChainSender.AttemptView view(ChainSender.SignedTransaction signed, long nonce) {
        return DevnetFixtures.view(signed, WALLET, nonce);
    }

    static LegacyTransaction legacy(String raw) {
        RawTransaction decoded = TransactionDecoder.decode(raw);
        assertThat(decoded.getTransaction()).isInstanceOf(LegacyTransaction.class);
        return (LegacyTransaction) decoded.getTransaction();
    }
}
