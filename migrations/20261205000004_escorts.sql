-- Volunteers (志愿者) and the guests they escort. A guest's `escort` need: none,
-- guide (a sighted guide), push (a wheelchair pushed) or company (someone to walk
-- with); a guest who is `guided` needs a guide unless told otherwise.
ALTER TABLE participants ADD COLUMN escort TEXT NOT NULL DEFAULT 'none'
    CHECK (escort IN ('none', 'guide', 'push', 'company'));
UPDATE participants SET escort = 'guide' WHERE mobility = 'guided';

-- A volunteer's contact (for their certificate of hours), and, once the event is
-- purged, the tasks they did (the rows of tasks go with the guests' data).
ALTER TABLE staff ADD COLUMN contact TEXT;
ALTER TABLE staff ADD COLUMN tasks_done BIGINT;

-- Escort tasks: who was taken where, by whom, and when (the report's figures and the
-- volunteers' hours). Ids are the event's own (e1, e2, …).
CREATE TABLE escort_tasks (
    event_id        TEXT NOT NULL REFERENCES events (id),
    id              TEXT NOT NULL,
    participant_id  TEXT NOT NULL REFERENCES participants (id),
    need            TEXT NOT NULL,
    reason          TEXT NOT NULL,
    from_place      TEXT,
    to_place        TEXT,
    due_at          BIGINT,
    status          TEXT NOT NULL CHECK (status IN ('open', 'taken', 'arrived', 'done', 'cancelled', 'missed')),
    volunteer_id    TEXT,
    created_at      BIGINT NOT NULL,
    taken_at        BIGINT,
    arrived_at      BIGINT,
    ended_at        BIGINT,
    PRIMARY KEY (event_id, id)
);

-- A volunteer's shifts: on and off duty.
CREATE TABLE volunteer_shifts (
    event_id  TEXT NOT NULL REFERENCES events (id),
    staff_id  TEXT NOT NULL,
    on_at     BIGINT NOT NULL,
    off_at    BIGINT,
    PRIMARY KEY (event_id, staff_id, on_at)
);
