-- The state of each running event's live engine, saved whole (JSON) after every
-- accepted change, before anyone is told: a restart resumes from here.
CREATE TABLE live_state (
    event_id    TEXT PRIMARY KEY REFERENCES events (id),
    state       TEXT NOT NULL,
    updated_at  BIGINT NOT NULL
);
