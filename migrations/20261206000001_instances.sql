-- Several servers on one PostgreSQL database (docs/instances.md). Each server is an
-- instance with a name, the address its peers reach it at, and when it last said it
-- was alive. Times are the database's clock, in Unix milliseconds.
CREATE TABLE instances (
    name        TEXT PRIMARY KEY,
    address     TEXT NOT NULL,
    started_at  BIGINT NOT NULL,
    seen_at     BIGINT NOT NULL
);

-- Who runs each event's actor: one owner at a time, by a lease it renews well inside
-- its expiry. `term` grows by one with every new owner; every save of the actor
-- checks it (fencing), so an owner that lost its lease writes nothing more.
CREATE TABLE event_leases (
    event_id    TEXT PRIMARY KEY REFERENCES events (id),
    owner       TEXT NOT NULL,
    term        BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);
CREATE INDEX event_leases_by_owner ON event_leases (owner);
