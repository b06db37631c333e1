package io.stablerail.ledger.books;

/**
 * A refusal by the books, with a stable {@link #code()} that the API returns in problem details. Nothing has
 * changed when one is thrown: the transaction rolls back.
 */
public class LedgerException extends RuntimeException {

    /** How the refusal maps onto a request outcome. */
    public enum Kind { INVALID, NOT_FOUND, CONFLICT, UNPROCESSABLE }

    private final String code;
    private final Kind kind;

    public LedgerException(Kind kind, String code, String message) {
        super(message);
        this.kind = kind;
        this.code = code;
    }

    public static LedgerException invalid(String message) {
        return new LedgerException(Kind.INVALID, "invalid_request", message);
    }

    public static LedgerException unbalanced(String message) {
        return new LedgerException(Kind.INVALID, "unbalanced_entry", message);
    }

    public static LedgerException idempotencyKeyReused(String key) {
        return new LedgerException(Kind.CONFLICT, "idempotency_key_reused",
                "idempotency key " + key + " was already used with different content");
    }

    public static LedgerException insufficientFunds(String accountCode) {
        return new LedgerException(Kind.UNPROCESSABLE, "insufficient_funds",
                "insufficient funds in " + accountCode);
    }

    public static LedgerException holdNotFound(Object holdId) {
        return new LedgerException(Kind.NOT_FOUND, "hold_not_found", "no hold " + holdId);
    }

    public static LedgerException holdAlreadyResolved(Object holdId, HoldStatus status) {
        return new LedgerException(Kind.CONFLICT, "hold_already_resolved", "hold " + holdId + " is already " + status);
    }

    public String code() {
        return code;
    }

    public Kind kind() {
        return kind;
    }
}
