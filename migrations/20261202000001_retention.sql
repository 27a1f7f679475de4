-- Retention and erasure (PIPL). `closed_at`: when the evening closed, from which
-- links stop working and personal data may be erased automatically. `purged_at`:
-- every personal field of the event erased, its aggregate report kept.
-- `erased_at`: this guest's personal fields erased. `erasure_requested_at`: the
-- guest asked, from their phone, to be erased.
ALTER TABLE events ADD COLUMN closed_at BIGINT;
ALTER TABLE events ADD COLUMN purged_at BIGINT;
ALTER TABLE events ADD COLUMN report TEXT;
ALTER TABLE participants ADD COLUMN erased_at BIGINT;
ALTER TABLE participants ADD COLUMN erasure_requested_at BIGINT;
UPDATE events SET closed_at = (SELECT updated_at FROM live_state WHERE live_state.event_id = events.id)
    WHERE status = 'closed';
