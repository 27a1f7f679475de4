-- The live engine writes each date as a row when its round starts, naming the table
-- by its label (as the engine seats people), and interest marks refer to a date by
-- its round and the person marking: one mark a person a round, yes, friend or no.
-- Neither table was ever written before this migration, so they are made anew.
DROP TABLE interest_marks;
DROP TABLE dates;

CREATE TABLE dates (
    event_id     TEXT NOT NULL REFERENCES events (id),
    round        BIGINT NOT NULL,
    table_label  TEXT NOT NULL,
    a_id         TEXT NOT NULL REFERENCES participants (id),
    b_id         TEXT NOT NULL REFERENCES participants (id),
    interpreter  BIGINT NOT NULL CHECK (interpreter IN (0, 1)),
    PRIMARY KEY (event_id, round, table_label)
);
CREATE INDEX dates_a ON dates (event_id, a_id);
CREATE INDEX dates_b ON dates (event_id, b_id);

-- Private interest after a date; mutual interest makes a match. Never shown to
-- anyone but the person who marked, unless it was mutual.
CREATE TABLE interest_marks (
    event_id   TEXT NOT NULL REFERENCES events (id),
    round      BIGINT NOT NULL,
    from_id    TEXT NOT NULL REFERENCES participants (id),
    to_id      TEXT NOT NULL REFERENCES participants (id),
    choice     TEXT NOT NULL CHECK (choice IN ('yes', 'friend', 'no')),
    marked_at  BIGINT NOT NULL,
    PRIMARY KEY (event_id, round, from_id)
);
