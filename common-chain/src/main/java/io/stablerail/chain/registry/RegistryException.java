package io.stablerail.chain.registry;

/** A configuration names a chain or token StableRail does not know, or leaves a chain unusable. Fails startup. */
public class RegistryException extends RuntimeException {

    public RegistryException(String message) {
        super(message);
    }
}
