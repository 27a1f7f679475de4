-- The matchmakers' private note on a visit (desk.note): read by host and
-- matchmakers only, kept with the ticket for follow-up.
ALTER TABLE desk_tickets ADD COLUMN staff_note TEXT;
