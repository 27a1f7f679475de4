-- Server-wide settings. `token_key_fingerprint` ties the database to the key file
-- that derives its tokens: a server started with another key would hand out join
-- links that match no stored hash, so it refuses to start instead.
CREATE TABLE settings (
    name   TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
