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
-- Where the current link came from: the organiser's registration or import
-- (`registered`), staff registering a walk-in at the door (`walk_in`), or a re-issue
-- (`reissued`). A claim is trusted only for a `registered` link claimed before the
-- evening starts and for a `walk_in`; any other leaves the phone unconfirmed
-- (`confirmed` 0) until the guest types the last four digits of their contact
-- (`confirm_tries` wrong tries so far, never reset) or the organiser types the
-- six-digit `confirm_code` the phone shows. `contact_by_staff`: the contact was typed
-- by a host or matchmaker, so its digits prove nothing.
ALTER TABLE participants ADD COLUMN link_origin TEXT NOT NULL DEFAULT 'registered';
ALTER TABLE participants ADD COLUMN confirmed BIGINT NOT NULL DEFAULT 1;
ALTER TABLE participants ADD COLUMN confirm_tries BIGINT NOT NULL DEFAULT 0;
ALTER TABLE participants ADD COLUMN confirm_code TEXT;
ALTER TABLE participants ADD COLUMN contact_by_staff BIGINT NOT NULL DEFAULT 0;
UPDATE event_log SET kind = 'participant.link_reissued' WHERE kind = 'participant.token_reissued';
