-- The effect of the test consumer. Deliberately NOT unique on event_id: a duplicated effect shows as an extra row.
CREATE TABLE test_effect (
    id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id UUID NOT NULL,
    note     TEXT NOT NULL
);
