package io.stablerail.devnet.evm;

import java.math.BigInteger;

import io.stablerail.chain.address.EvmAddress;
import io.stablerail.chain.evm.EvmClient;
import io.stablerail.chain.evm.FeeQuote;
import io.stablerail.chain.signer.EvmTransactionSigning;
import io.stablerail.chain.signer.TransactionSigner;
import org.web3j.crypto.RawTransaction;

/** Builds and signs ERC-20 transfers the way the broadcaster will: estimate, price, sign with a signer. */
final class DevnetTransfers {

    private DevnetTransfers() {
    }

    static byte[] eip1559(EvmClient client, TransactionSigner sender, EvmAddress token, EvmAddress to,
            BigInteger amount, BigInteger nonce, FeeQuote.Eip1559 fees) {
        BigInteger gas = client.estimateErc20Transfer(token, sender.evmAddress(), to, amount);
        RawTransaction transaction = RawTransaction.createTransaction(HardhatDevnet.CHAIN_ID, nonce, gas, token.checksummed(),
                BigInteger.ZERO, EvmClient.erc20TransferData(to, amount), fees.maxPriorityFeePerGas(),
                fees.maxFeePerGas());
        return EvmTransactionSigning.sign(transaction, HardhatDevnet.CHAIN_ID, sender);
    }

    static byte[] legacy(EvmClient client, TransactionSigner sender, EvmAddress token, EvmAddress to,
            BigInteger amount, BigInteger nonce, BigInteger gasPrice, long chainId) {
        BigInteger gas = client.estimateErc20Transfer(token, sender.evmAddress(), to, amount);
        RawTransaction transaction = RawTransaction.createTransaction(nonce, gasPrice, gas, token.checksummed(),
                BigInteger.ZERO, EvmClient.erc20TransferData(to, amount));
        return EvmTransactionSigning.sign(transaction, chainId, sender);
    }

    /** The same fees raised by {@code percent} (Hardhat and geth want ≥ 10% more to replace). */
    static FeeQuote.Eip1559 raised(FeeQuote.Eip1559 fees, int percent) {
        BigInteger factor = BigInteger.valueOf(100L + percent);
        BigInteger hundred = BigInteger.valueOf(100);
        return new FeeQuote.Eip1559(fees.maxFeePerGas().multiply(factor).divide(hundred),
                fees.maxPriorityFeePerGas().multiply(factor).divide(hundred), fees.nextBaseFee(), fees.trend());
    }
}
