package io.stablerail.devnet.evm;

/** The devnet could not be started, driven or stopped. */
public class DevnetException extends RuntimeException {

    public DevnetException(String message) {
        super(message);
    }

    public DevnetException(String message, Throwable cause) {
        super(message, cause);
    }
}
