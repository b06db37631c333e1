-- The daily limit reads one row instead of summing the merchant's withdrawals of the day. Before, every intake ran
--   SELECT sum(amount_minor) FROM withdrawal WHERE merchant_id = ? AND asset = ? AND created_at >= <today> AND status ...
-- under the merchant's lock: O(that merchant's withdrawals today), 0.76 ms at ~700 a day in the intake benchmark and
-- growing without bound for a merchant with many payouts.
--
-- withdrawal_daily_total holds, per merchant, asset and UTC day of creation, the sum of the withdrawals whose status
-- counts against the limit (WithdrawalStatus.COUNTED). A trigger keeps it in the same transaction as every insert
-- and every status change, whichever code path makes it, so it cannot drift from the rows it sums; a row that leaves
-- the counted statuses (rejected, cancelled, failed) gives its amount back.

CREATE TABLE withdrawal_daily_total (
    merchant_id  TEXT        NOT NULL,
    asset        TEXT        NOT NULL,
    day          DATE        NOT NULL,
    amount_minor NUMERIC(78) NOT NULL CHECK (amount_minor >= 0),
    PRIMARY KEY (merchant_id, asset, day)
);

CREATE FUNCTION withdrawal_counts_against_limit(status TEXT) RETURNS BOOLEAN LANGUAGE sql IMMUTABLE AS $$
    SELECT status IN ('REQUESTED', 'PENDING_APPROVAL', 'APPROVED', 'AWAITING_LIQUIDITY', 'SIGNED', 'BROADCAST',
                      'STUCK', 'CONFIRMED')
$$;

-- An amount joins a day's total (created when missing) or leaves it (the total must be there: a missing one would mean
-- the totals drifted, and the statement fails rather than go on with a wrong limit). A negative amount is never
-- inserted: INSERT … ON CONFLICT checks the proposed row's CHECK constraints before it finds the conflict.
CREATE FUNCTION withdrawal_daily_total_add(merchant TEXT, asset_name TEXT, created TIMESTAMPTZ, delta NUMERIC)
    RETURNS VOID LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF delta >= 0 THEN
        INSERT INTO withdrawal_daily_total AS t (merchant_id, asset, day, amount_minor)
        VALUES (merchant, asset_name, (created AT TIME ZONE 'UTC')::date, delta)
        ON CONFLICT (merchant_id, asset, day) DO UPDATE SET amount_minor = t.amount_minor + excluded.amount_minor;
    ELSE
        UPDATE withdrawal_daily_total SET amount_minor = amount_minor + delta
         WHERE merchant_id = merchant AND asset = asset_name AND day = (created AT TIME ZONE 'UTC')::date;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'no daily total of % % on % to take % from', merchant, asset_name,
                (created AT TIME ZONE 'UTC')::date, -delta USING ERRCODE = 'check_violation';
        END IF;
    END IF;
END $$;

-- Both functions keep the schema they were created in (SET search_path FROM CURRENT): a status change made from a
-- session with another search_path — an ops fix in psql, a replay — still finds this schema's tables and functions.
CREATE FUNCTION withdrawal_daily_total_maintained() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND withdrawal_counts_against_limit(OLD.status) THEN
        PERFORM withdrawal_daily_total_add(OLD.merchant_id, OLD.asset, OLD.created_at, -OLD.amount_minor);
    END IF;
    IF withdrawal_counts_against_limit(NEW.status) THEN
        PERFORM withdrawal_daily_total_add(NEW.merchant_id, NEW.asset, NEW.created_at, NEW.amount_minor);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER withdrawal_daily_total_on_insert AFTER INSERT ON withdrawal
    FOR EACH ROW WHEN (withdrawal_counts_against_limit(NEW.status))
    EXECUTE FUNCTION withdrawal_daily_total_maintained();
-- only a change that moves an amount between (or out of, or into) the counted statuses or days touches the totals
CREATE TRIGGER withdrawal_daily_total_on_update AFTER UPDATE OF status, merchant_id, asset, amount_minor, created_at
    ON withdrawal FOR EACH ROW
    WHEN (withdrawal_counts_against_limit(OLD.status) IS DISTINCT FROM withdrawal_counts_against_limit(NEW.status)
          OR ((OLD.merchant_id, OLD.asset, OLD.amount_minor, OLD.created_at)
              IS DISTINCT FROM (NEW.merchant_id, NEW.asset, NEW.amount_minor, NEW.created_at)
              AND (withdrawal_counts_against_limit(OLD.status) OR withdrawal_counts_against_limit(NEW.status))))
    EXECUTE FUNCTION withdrawal_daily_total_maintained();

INSERT INTO withdrawal_daily_total (merchant_id, asset, day, amount_minor)
SELECT merchant_id, asset, (created_at AT TIME ZONE 'UTC')::date, sum(amount_minor)
  FROM withdrawal WHERE withdrawal_counts_against_limit(status)
 GROUP BY 1, 2, 3;

-- its only reader was the daily sum; withdrawal_merchant_list (merchant_id, created_at, id) serves the rest
DROP INDEX withdrawal_daily;
