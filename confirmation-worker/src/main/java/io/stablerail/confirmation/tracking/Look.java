package io.stablerail.confirmation.tracking;

import java.util.Objects;

/**
 * One look at one tracked transaction within a checker run: either a {@link Verdict} or the failure that kept the
 * nodes from answering (then nothing is decided from it).
 */
public record Look(TrackedTransaction transaction, Verdict verdict, RuntimeException error) {

    public Look {
        Objects.requireNonNull(transaction, "transaction");
        if ((verdict == null) == (error == null)) {
            throw new IllegalArgumentException("a look has either a verdict or an error");
        }
    }

    public static Look of(TrackedTransaction transaction, Verdict verdict) {
        return new Look(transaction, Objects.requireNonNull(verdict, "verdict"), null);
    }

    public static Look failed(TrackedTransaction transaction, RuntimeException error) {
        return new Look(transaction, null, Objects.requireNonNull(error, "error"));
    }

    public boolean failed() {
        return error != null;
    }
}
