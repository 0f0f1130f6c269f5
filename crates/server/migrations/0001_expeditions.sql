-- Expeditions, their members, sessions and the event log. UUIDs are stored as text so
-- the same SQL runs on SQLite and Postgres.
CREATE TABLE expeditions (
    id          TEXT PRIMARY KEY,
    title       TEXT NOT NULL,
    city        TEXT NOT NULL,
    challenge   TEXT NOT NULL,
    stage       TEXT NOT NULL,
    join_code   TEXT NOT NULL UNIQUE,
    last_seq    BIGINT NOT NULL DEFAULT 0,
    created_at  BIGINT NOT NULL
);

CREATE TABLE members (
    id             TEXT PRIMARY KEY,
    expedition_id  TEXT NOT NULL REFERENCES expeditions(id) ON DELETE CASCADE,
    display_name   TEXT NOT NULL,
    sector         TEXT,
    role           TEXT NOT NULL,
    joined_at      BIGINT NOT NULL,
    left_at        BIGINT
);
CREATE INDEX members_by_expedition ON members(expedition_id);

-- Only the SHA-256 of a session token is kept: a copy of the database grants no access.
CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY,
    member_id   TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    created_at  BIGINT NOT NULL,
    revoked_at  BIGINT
);
CREATE INDEX sessions_by_member ON sessions(member_id);

-- Every change, numbered 1, 2, 3… per expedition; the SSE stream replays from here.
CREATE TABLE events (
    expedition_id  TEXT NOT NULL REFERENCES expeditions(id) ON DELETE CASCADE,
    seq            BIGINT NOT NULL,
    at             BIGINT NOT NULL,
    change         TEXT NOT NULL,
    PRIMARY KEY (expedition_id, seq)
);
