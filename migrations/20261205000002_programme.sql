-- The evening's programme (活动流程, issue 25) as JSON: its segments, the one under
-- way, their actual times. The organiser sets it before the evening
-- (`PUT /api/events/{id}/programme`); once the event's engine runs, every save of
-- the evening writes it here too, so the two never disagree. NULL: dates alone.
ALTER TABLE events ADD COLUMN programme TEXT;
