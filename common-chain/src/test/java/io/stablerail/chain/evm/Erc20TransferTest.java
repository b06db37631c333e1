package io.stablerail.chain.evm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;

import io.stablerail.chain.address.EvmAddress;
import org.junit.jupiter.api.Test;

class Erc20TransferTest {

    private static final EvmAddress TOKEN = EvmAddress.parse("0xdAC17F958D2ee523a2206206994597C13D831ec7");
    private static final String FROM_TOPIC = "0x000000000000000000000000f39fd6e51aad88f6f4ce6ab8827279cfffb92266";
    private static final String TO_TOPIC = "0x00000000000000000000000070997970c51812dc3a010c7d01b50e0d17dc79c8";
    private static final String TX = "0x" + "ab".repeat(32);
    private static final String BLOCK = "0x" + "cd".repeat(32);

    private static EvmLog log(List<String> topics, String data) {
        return new EvmLog(TOKEN, topics, data, TX, 7, BLOCK, 3, false);
    }

    @Test
    void theTransferTopicIsKeccakOfTheSignature() {
        // the well-known topic of every ERC-20 and ERC-721 Transfer event
        assertThat(Erc20Transfer.TRANSFER_TOPIC)
                .isEqualTo("0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef");
    }

    @Test
    void decodesTokenFromToAmountAndPosition() {
        String amount = "0x" + "0".repeat(56) + "0bebc200"; // 200_000_000 = 200 USDT

        Erc20Transfer transfer = Erc20Transfer.decode(log(List.of(Erc20Transfer.TRANSFER_TOPIC, FROM_TOPIC,
                TO_TOPIC), amount)).orElseThrow();

        assertThat(transfer).isEqualTo(new Erc20Transfer(TOKEN,
                EvmAddress.parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"),
                EvmAddress.parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8"), BigInteger.valueOf(200_000_000L), TX, 7,
                BLOCK, 3));
    }

    @Test
    void otherEventsAndErc721TransfersAreNotErc20Transfers() {
        String approvalTopic = "0x8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925";
        assertThat(Erc20Transfer.decode(log(List.of(approvalTopic, FROM_TOPIC, TO_TOPIC), "0x" + "0".repeat(64))))
                .isEmpty();
        String tokenId = "0x" + "0".repeat(63) + "1";
        assertThat(Erc20Transfer.decode(log(List.of(Erc20Transfer.TRANSFER_TOPIC, FROM_TOPIC, TO_TOPIC, tokenId),
                "0x"))).isEmpty();
        assertThat(Erc20Transfer.decode(log(List.of(), "0x"))).isEmpty();
    }

    @Test
    void aMalformedTransferIsRefusedNotSkipped() {
        assertThatThrownBy(() -> Erc20Transfer.decode(log(List.of(Erc20Transfer.TRANSFER_TOPIC, FROM_TOPIC, TO_TOPIC),
                "0x01"))).hasMessageContaining("1 data bytes, expected 32");
        String notAnAddress = "0x" + "ff".repeat(32);
        assertThatThrownBy(() -> Erc20Transfer.decode(log(List.of(Erc20Transfer.TRANSFER_TOPIC, notAnAddress,
                TO_TOPIC), "0x" + "0".repeat(64)))).hasMessageContaining("topic 1 is not an address");
    }
}
