-- The organisation that holds the evening (主办单位), named on the report's first
-- page, on the table signs and in the event's details (issue 24). Empty when not given.
ALTER TABLE events ADD COLUMN organiser TEXT NOT NULL DEFAULT '';
