-- People and their devices: each session gets an id of its own (listed to its member, never
-- its token) and the time it was last used (a session unused too long ends); sign-in links
-- move a member to another device; stream tickets open one event stream without the token
-- in the URL.
ALTER TABLE sessions ADD COLUMN id TEXT;
ALTER TABLE sessions ADD COLUMN last_used_at BIGINT;
UPDATE sessions SET last_used_at = created_at,
    id = lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4'
        || substr(lower(hex(randomblob(2))), 2) || '-'
        || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2)
        || '-' || lower(hex(randomblob(6)));
CREATE UNIQUE INDEX sessions_by_id ON sessions(id);

CREATE TABLE device_links (
    secret_hash  TEXT PRIMARY KEY,
    member_id    TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    issued_by    TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    used_at      BIGINT
);

CREATE TABLE stream_tickets (
    ticket_hash  TEXT PRIMARY KEY,
    token_hash   TEXT NOT NULL REFERENCES sessions(token_hash) ON DELETE CASCADE,
    expires_at   BIGINT NOT NULL
);
