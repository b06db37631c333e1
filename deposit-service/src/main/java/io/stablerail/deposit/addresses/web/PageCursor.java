package io.stablerail.deposit.addresses.web;

import io.stablerail.deposit.addresses.DepositException;

/**
 * The cursor of deposit-service's lists: the last row's sequence number as returned in {@code next_cursor}; absent
 * on the last page.
 */
public final class PageCursor {

    private PageCursor() {
    }

    /** The sequence number to continue after (0 from the start); a cursor this API did not return is refused. */
    public static long after(String cursor) {
        if (cursor == null) {
            return 0;
        }
        if (!cursor.matches("[0-9]{1,18}")) {
            throw DepositException.invalid("cursor is not one this API returned");
        }
        return Long.parseLong(cursor);
    }

    /** {@code next_cursor} for a page of {@code size} rows asked with {@code limit}: null when it is the last. */
    public static String next(int size, int limit, long lastSeq) {
        return size < limit ? null : Long.toString(lastSeq);
    }
}
