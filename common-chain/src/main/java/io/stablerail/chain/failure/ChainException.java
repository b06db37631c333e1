package io.stablerail.chain.failure;

/**
 * A failed call to a chain node, carrying its {@link FailureClass} (see {@link FailureClassifier} and
 * docs/chain-errors.md) so callers decide between retrying, rebuilding, failing and treating it as done. The
 * {@code code} is the node's own (a TRON {@code response_code}, an EVM error message, an HTTP status).
 */
public class ChainException extends RuntimeException {

    private final FailureClass failureClass;
    private final String code;

    public ChainException(FailureClass failureClass, String code, String message, Throwable cause) {
        super(message, cause);
        this.failureClass = failureClass;
        this.code = code;
    }

    public ChainException(FailureClass failureClass, String code, String message) {
        this(failureClass, code, message, null);
    }

    public FailureClass failureClass() {
        return failureClass;
    }

    public String code() {
        return code;
    }
}
