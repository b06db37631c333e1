package io.stablerail.chain.address;

/** An address that is not one, with the precise reason; the API code is {@code invalid_address}. */
public class InvalidAddressException extends IllegalArgumentException {

    public InvalidAddressException(String reason) {
        super(reason);
    }
}
