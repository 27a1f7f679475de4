-- Two more staff roles: `captioner` (who types the evening's live captions) and
-- `volunteer` (who guides guests, issue 26). The role's CHECK cannot be altered
-- in place on SQLite, so the table is made anew with the same columns and rows;
-- no other table refers to it.
CREATE TABLE staff_new (
    id             TEXT PRIMARY KEY,
    event_id       TEXT NOT NULL REFERENCES events (id),
    role           TEXT NOT NULL CHECK (role IN ('host', 'matchmaker', 'projector', 'captioner', 'volunteer')),
    name           TEXT NOT NULL,
    token_hash     TEXT UNIQUE,                  -- NULL once revoked
    token_version  BIGINT NOT NULL,
    created_at     BIGINT NOT NULL
);
INSERT INTO staff_new (id, event_id, role, name, token_hash, token_version, created_at)
    SELECT id, event_id, role, name, token_hash, token_version, created_at FROM staff;
DROP TABLE staff;
ALTER TABLE staff_new RENAME TO staff;
