package io.stablerail.devnet.tron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.tron.trident.core.utils.Utils;
import org.tron.trident.proto.Response.BlockExtention;

/** The devnet's chain without a server: block ids agree with trident's, forks are bounded by solidification. */
class TronChainTest {

    @Test
    void blockIdIsTheOneTridentComputesFromTheHeader() {
        TronChain chain = new TronChain(1_700_000_001_000L);
        chain.produceBlocks(300);

        for (long number : new long[] {0, 1, 255, 256, 300}) {
            ChainBlock block = chain.block(number, false).orElseThrow();
            BlockExtention served = NodeReads.extention(block, false);
            assertThat(Utils.getBlockId(served).getBytes()).isEqualTo(block.id);
            assertThat(served.getBlockid().toByteArray()).isEqualTo(block.id);
        }
    }

    @Test
    void solidifiedBlockTrailsTheHeadByEighteen() {
        TronChain chain = new TronChain(0);
        chain.produceBlocks(10);
        assertThat(chain.solidNumber()).isZero();
        chain.produceBlocks(20);
        assertThat(chain.solidNumber()).isEqualTo(30 - 18);
        assertThat(chain.block(13, true)).isEmpty();
        assertThat(chain.block(12, true)).isPresent();
    }

    @Test
    void blocksAreThreeVirtualSecondsApart() {
        TronChain chain = new TronChain(9_000);
        chain.produceBlocks(2);
        assertThat(chain.head().timestamp()).isEqualTo(9_000 + 2 * TronChain.BLOCK_INTERVAL_MILLIS);
    }

    @Test
    void aForkCannotReachTheSolidifiedBlock() {
        TronChain chain = new TronChain(0);
        chain.produceBlocks(40);
        assertThatThrownBy(() -> chain.fork(19, true)).hasMessageContaining("1..18");
        byte[] before = chain.head().id;
        chain.fork(18, true);
        assertThat(chain.head().id).isNotEqualTo(before);
        assertThat(chain.head().number()).isEqualTo(40);
    }
}
