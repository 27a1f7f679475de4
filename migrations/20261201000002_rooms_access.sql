-- The private chat area's rooms get access features like tables: a pair with a
-- wheelchair user is given an accessible room, or waits for one.
ALTER TABLE chat_rooms ADD COLUMN accessible BIGINT NOT NULL DEFAULT 0 CHECK (accessible IN (0, 1));
ALTER TABLE chat_rooms ADD COLUMN quiet BIGINT NOT NULL DEFAULT 0 CHECK (quiet IN (0, 1));

-- Invitations into the private chat area, as the live engine keeps them: offered,
-- queued for a room, in a room until its longest stay, or over. A decline and an
-- expiry are both `not_now`, with no time of answer, so nothing stored tells them
-- apart. Ids are the event's own (r1, r2, …). Never written before this
-- migration, so made anew.
DROP TABLE chat_requests;
CREATE TABLE chat_requests (
    event_id    TEXT NOT NULL REFERENCES events (id),
    id          TEXT NOT NULL,
    round       BIGINT NOT NULL,
    from_id     TEXT NOT NULL REFERENCES participants (id),
    to_id       TEXT NOT NULL REFERENCES participants (id),
    status      TEXT NOT NULL CHECK (status IN ('offered', 'not_now', 'queued', 'room', 'cancelled', 'ended')),
    room_label  TEXT,
    created_at  BIGINT NOT NULL,
    room_at     BIGINT,                          -- when the pair went into the room
    until       BIGINT,                          -- the stay's latest end
    ended_at    BIGINT,
    PRIMARY KEY (event_id, id)
);
