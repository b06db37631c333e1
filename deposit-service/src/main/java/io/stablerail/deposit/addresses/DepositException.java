package io.stablerail.deposit.addresses;

/**
 * A refusal of deposit-service with a stable {@link #code()} that the API returns in RFC 9457 problem details.
 * Nothing has changed when one is thrown: the transaction rolls back.
 */
public class DepositException extends RuntimeException {

    /** How the refusal maps onto a request outcome. */
    public enum Kind { INVALID, NOT_FOUND, CONFLICT, UNAUTHORIZED }

    private final Kind kind;
    private final String code;

    public DepositException(Kind kind, String code, String message) {
        super(message);
        this.kind = kind;
        this.code = code;
    }

    public static DepositException invalid(String message) {
        return new DepositException(Kind.INVALID, "invalid_request", message);
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }
}
