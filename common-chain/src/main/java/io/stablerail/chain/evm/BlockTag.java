package io.stablerail.chain.evm;

import org.web3j.protocol.core.DefaultBlockParameterName;

/**
 * The block tags a scanner or the confirmation checklist asks for. {@code SAFE} and {@code FINALIZED} are the
 * post-merge consensus tags; a chain without them (or a devnet where they equal {@code LATEST}, like Hardhat) is
 * handled by the caller's finality rule (depth N), not here.
 */
public enum BlockTag {
    LATEST(DefaultBlockParameterName.LATEST),
    SAFE(DefaultBlockParameterName.SAFE),
    FINALIZED(DefaultBlockParameterName.FINALIZED);

    private final DefaultBlockParameterName parameter;

    BlockTag(DefaultBlockParameterName parameter) {
        this.parameter = parameter;
    }

    DefaultBlockParameterName parameter() {
        return parameter;
    }
}
