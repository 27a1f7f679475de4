-- A join link pairs one phone (issue 22). The first `hello` with a guest's link
-- claims it: `claimed_at`, the SHA-256 of the phone's `device` id, and the SHA-256
-- of the phone's own session token (derived from the server's key, never stored).
-- A re-issue clears all three with the old link. `issued_by` / `issued_at`: who gave
-- the current link and when (NULL: the original registration's).
ALTER TABLE participants ADD COLUMN claimed_at BIGINT;
ALTER TABLE participants ADD COLUMN claim_device TEXT;
ALTER TABLE participants ADD COLUMN session_hash TEXT;
ALTER TABLE participants ADD COLUMN issued_by TEXT;
ALTER TABLE participants ADD COLUMN issued_at BIGINT;
CREATE UNIQUE INDEX participants_session ON participants (session_hash);
UPDATE event_log SET kind = 'participant.link_reissued' WHERE kind = 'participant.token_reissued';
