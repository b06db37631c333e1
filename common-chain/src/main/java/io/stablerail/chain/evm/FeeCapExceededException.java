package io.stablerail.chain.evm;

import java.math.BigInteger;

import io.stablerail.chain.failure.ChainException;
import io.stablerail.chain.failure.FailureClass;

/**
 * The fee the market asks for is above the chain's cap: nothing is signed. Class RETRY (code
 * {@code fee_cap_exceeded}): the withdrawal waits for fees to fall, or ops raise the cap. It is a policy refusal,
 * not a node failure: code that fails over between endpoints on RETRY should fetch the fee history through the
 * endpoints and apply {@link EvmFees} outside, so a fee spike never counts against a healthy endpoint.
 */
public class FeeCapExceededException extends ChainException {

    private final BigInteger requiredWei;
    private final BigInteger feeCapWei;

    public FeeCapExceededException(String what, BigInteger requiredWei, BigInteger feeCapWei) {
        super(FailureClass.RETRY, "fee_cap_exceeded", what + " of " + requiredWei + " wei per gas is above the"
                + " chain's fee cap of " + feeCapWei + " wei per gas");
        this.requiredWei = requiredWei;
        this.feeCapWei = feeCapWei;
    }

    public BigInteger requiredWei() {
        return requiredWei;
    }

    public BigInteger feeCapWei() {
        return feeCapWei;
    }
}
