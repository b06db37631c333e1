package io.stablerail.chain.signer;

/** A signer could not produce a signature (key unavailable, remote signer refused or unreachable, bad response). */
public class SignerException extends RuntimeException {

    public SignerException(String message) {
        super(message);
    }

    public SignerException(String message, Throwable cause) {
        super(message, cause);
    }
}
