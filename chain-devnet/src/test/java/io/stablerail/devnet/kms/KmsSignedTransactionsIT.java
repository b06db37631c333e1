package io.stablerail.devnet.kms;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;

import io.stablerail.chain.address.EvmAddress;
import io.stablerail.chain.address.TronAddress;
import io.stablerail.chain.evm.Erc20Transfer;
import io.stablerail.chain.evm.EvmClient;
import io.stablerail.chain.evm.EvmFeeOracle;
import io.stablerail.chain.evm.EvmFeePolicy;
import io.stablerail.chain.evm.EvmReceipt;
import io.stablerail.chain.evm.FeeQuote;
import io.stablerail.chain.signer.EvmTransactionSigning;
import io.stablerail.chain.signer.KmsSigner;
import io.stablerail.chain.tron.SignedTronTransaction;
import io.stablerail.chain.tron.Trc20Transfer;
import io.stablerail.chain.tron.TronClient;
import io.stablerail.chain.tron.TronClientSettings;
import io.stablerail.chain.tron.TronNode;
import io.stablerail.devnet.evm.DevnetToken;
import io.stablerail.devnet.evm.HardhatDevnet;
import io.stablerail.devnet.tron.TronDevnet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tron.trident.proto.Response.TransactionInfo;
import org.web3j.crypto.RawTransaction;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;

/**
 * Transactions signed in KMS (the real SDK v2 client against {@link LocalKms}) are accepted and executed by both
 * devnets: an ERC-20 transfer on the Hardhat node (EIP-1559) and a TRC-20 transfer on the TRON devnet, each from the
 * address the KMS key's public key gives, ending in a decoded Transfer log.
 */
class KmsSignedTransactionsIT {

    static final BigInteger USD_25 = BigInteger.valueOf(25_000_000);

    static LocalKms localKms;
    static KmsClient kms;
    static KmsSigner signer;

    @BeforeAll
    static void kmsKey() throws Exception {
        localKms = LocalKms.start(0);
        kms = localKms.sdkClient();
        String keyId = kms.createKey(request -> request.keySpec(KeySpec.ECC_SECG_P256_K1)
                .keyUsage(KeyUsageType.SIGN_VERIFY)).keyMetadata().keyId();
        signer = new KmsSigner(kms, keyId);
    }

    @AfterAll
    static void stop() {
        kms.close();
        localKms.close();
    }

    @Test
    void evmDevnetAcceptsAnErc20TransferSignedInKms() {
        try (HardhatDevnet devnet = HardhatDevnet.start()) {
            EvmClient client = devnet.client();
            EvmAddress from = signer.evmAddress();
            EvmAddress to = devnet.account(3).evmAddress();
            EvmAddress token = devnet.token(DevnetToken.USDT_LIKE);
            devnet.fundEth(from, BigInteger.TEN.pow(18));
            devnet.mint(DevnetToken.USDT_LIKE, from, USD_25.multiply(BigInteger.TWO));

            FeeQuote.Eip1559 fees = (FeeQuote.Eip1559) new EvmFeeOracle(client, new EvmFeePolicy(5, 50, 2,
                    BigInteger.TEN.pow(9), BigInteger.TEN.pow(12))).quote();
            BigInteger gas = client.estimateErc20Transfer(token, from, to, USD_25);
            RawTransaction transaction = RawTransaction.createTransaction(HardhatDevnet.CHAIN_ID,
                    client.noncePending(from), gas, token.checksummed(), BigInteger.ZERO,
                    EvmClient.erc20TransferData(to, USD_25), fees.maxPriorityFeePerGas(), fees.maxFeePerGas());

            String hash = client.sendRawTransaction(EvmTransactionSigning.sign(transaction, HardhatDevnet.CHAIN_ID,
                    signer)).transactionHash();
            EvmReceipt receipt = devnet.awaitReceipt(hash, Duration.ofSeconds(30));

            assertThat(receipt.succeeded()).isTrue();
            assertThat(receipt.logs()).map(Erc20Transfer::decode).filteredOn(java.util.Optional::isPresent)
                    .map(java.util.Optional::get)
                    .singleElement()
                    .satisfies(transfer -> {
                        assertThat(transfer.token()).isEqualTo(token);
                        assertThat(transfer.from()).isEqualTo(from);
                        assertThat(transfer.to()).isEqualTo(to);
                        assertThat(transfer.amount()).isEqualTo(USD_25);
                    });
            assertThat(client.erc20Balance(token, to)).isEqualTo(USD_25);
        }
    }

    @Test
    void tronDevnetAcceptsATrc20TransferSignedInKms() {
        try (TronDevnet devnet = TronDevnet.start();
             TronClient client = new TronClient(devnet.endpoint(), devnet.endpoint(),
                     new TronClientSettings(Duration.ofSeconds(5), 130, 100_000_000L))) {
            TronAddress from = signer.tronAddress();
            TronAddress to = TronAddress.parse("TCNkawTmcQgYSU8nP8cHswT1QPjharxJr7");
            devnet.fundTrx(from, 200_000_000L);
            devnet.mintUsdt(from, USD_25.multiply(BigInteger.TWO));
            devnet.produceBlocks(1);

            SignedTronTransaction signed = client.buildTrc20Transfer(devnet.usdtContract(), signer, to, USD_25);
            assertThat(client.broadcast(signed)).isEqualTo(signed.txid());
            devnet.produceBlocks(TronDevnet.SOLIDIFICATION_LAG_BLOCKS + 1);

            TransactionInfo info = client.transactionInfo(signed.txid(), TronNode.SOLIDITY).orElseThrow();
            assertThat(Trc20Transfer.fromTransactionInfo(info)).singleElement().satisfies(transfer -> {
                assertThat(transfer.from()).isEqualTo(from);
                assertThat(transfer.to()).isEqualTo(to);
                assertThat(transfer.amount()).isEqualTo(USD_25);
                assertThat(transfer.contract()).isEqualTo(devnet.usdtContract());
            });
            assertThat(devnet.usdtBalance(to)).isEqualTo(USD_25);
        }
    }
}
