package io.stablerail.confirmation.tracking;

import java.util.EnumSet;
import java.util.Set;

/** Where a tracked transaction is: open (TRACKING, STUCK) or resolved for good (FINAL, FAILED, DROPPED). */
public enum TrackingStatus {
    TRACKING,
    /** Not mined within the chain's bound; reported once, still checked (it may yet be mined or dropped). */
    STUCK,
    FINAL,
    FAILED,
    DROPPED;

    public static final Set<TrackingStatus> OPEN = EnumSet.of(TRACKING, STUCK);

    public boolean isOpen() {
        return OPEN.contains(this);
    }
}
