package io.stablerail.events;

/** An event that cannot be parsed. Retrying cannot help, so consumers send it straight to the dead-letter topic. */
public class MalformedEventException extends RuntimeException {

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
