package io.stablerail.deposit.support;

import java.util.List;
import java.util.Optional;

import io.stablerail.deposit.scanning.BlockRef;
import io.stablerail.deposit.scanning.ScanStore;

/** Forwards to the real store; a test overrides one method to kill the process there. */
public class DelegatingScanStore implements ScanStore {

    private final ScanStore delegate;

    public DelegatingScanStore(ScanStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public Optional<BlockRef> cursor(String chain) {
        return delegate.cursor(chain);
    }

    @Override
    public boolean advance(String chain, Optional<BlockRef> expected, List<BlockRef> blocks, int windowBlocks) {
        return delegate.advance(chain, expected, blocks, windowBlocks);
    }

    @Override
    public Optional<String> scannedHash(String chain, long number) {
        return delegate.scannedHash(chain, number);
    }

    @Override
    public void rewind(String chain, BlockRef ancestor) {
        delegate.rewind(chain, ancestor);
    }
}
