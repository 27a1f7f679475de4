-- The queue at the matchmaker desks, as the live engine keeps it: each ticket with
-- its reason, whether the matchmaker comes to the guest, the guest's note for staff,
-- the desk it was called to (by label), and every time the report needs (joined,
-- called, "on my way", service started, ended). Ids are the event's own (t1, t2,
-- …). Never written before this migration, so made anew.
DROP TABLE desk_tickets;
CREATE TABLE desk_tickets (
    event_id        TEXT NOT NULL REFERENCES events (id),
    id              TEXT NOT NULL,
    participant_id  TEXT NOT NULL REFERENCES participants (id),
    reason          TEXT NOT NULL CHECK (reason IN ('advice', 'help', 'access', 'about_someone', 'other')),
    come_to_me      BIGINT NOT NULL DEFAULT 0 CHECK (come_to_me IN (0, 1)),
    note            TEXT,                        -- for staff only
    by_staff        BIGINT NOT NULL DEFAULT 0 CHECK (by_staff IN (0, 1)),
    status          TEXT NOT NULL CHECK (status IN ('waiting', 'called', 'serving', 'done', 'cancelled', 'no_show')),
    desk_label      TEXT,                        -- set when called to a desk
    created_at      BIGINT NOT NULL,
    called_at       BIGINT,
    coming_at       BIGINT,
    started_at      BIGINT,
    ended_at        BIGINT,
    PRIMARY KEY (event_id, id)
);
