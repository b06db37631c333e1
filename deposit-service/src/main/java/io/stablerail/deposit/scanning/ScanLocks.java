package io.stablerail.deposit.scanning;

import java.util.Optional;

/** One active scanner per chain across replicas. */
public interface ScanLocks {

    /** A held lock; closing it releases it. */
    interface Lease extends AutoCloseable {
        @Override
        void close();
    }

    /** The chain's lock if no one else holds it now; never waits. */
    Optional<Lease> tryLock(String chain);
}
