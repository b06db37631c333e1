package io.stablerail.withdrawal.withdrawals;

import java.util.UUID;

/** A refused request, with a stable {@code code}; nothing was changed unless the message says so. */
public class WithdrawalException extends RuntimeException {

    public enum Kind { INVALID, NOT_FOUND, CONFLICT, FORBIDDEN, UNPROCESSABLE, UNAVAILABLE }

    private final Kind kind;
    private final String code;
    private final UUID withdrawalId;

    public WithdrawalException(Kind kind, String code, String message, UUID withdrawalId) {
        super(message);
        this.kind = kind;
        this.code = code;
        this.withdrawalId = withdrawalId;
    }

    public static WithdrawalException invalid(String code, String message) {
        return new WithdrawalException(Kind.INVALID, code, message, null);
    }

    public static WithdrawalException unprocessable(String code, String message) {
        return new WithdrawalException(Kind.UNPROCESSABLE, code, message, null);
    }

    public static WithdrawalException notFound(UUID id) {
        return new WithdrawalException(Kind.NOT_FOUND, "withdrawal_not_found", "no withdrawal " + id, id);
    }

    public static WithdrawalException conflict(String code, String message, UUID id) {
        return new WithdrawalException(Kind.CONFLICT, code, message, id);
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    /** The withdrawal the refusal is about, when one exists (e.g. a REJECTED one for insufficient funds). */
    public UUID withdrawalId() {
        return withdrawalId;
    }
}
