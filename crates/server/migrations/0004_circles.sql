-- Partner profiles (stage 1) and learnings in three circles (stage 2). Each row keeps the
-- wire form as JSON (`body`) beside the columns queries need; the body is what is served.
CREATE TABLE profiles (
    member_id      TEXT PRIMARY KEY REFERENCES members(id) ON DELETE CASCADE,
    expedition_id  TEXT NOT NULL REFERENCES expeditions(id) ON DELETE CASCADE,
    body           TEXT NOT NULL,
    updated_at     BIGINT NOT NULL
);
CREATE INDEX profiles_by_expedition ON profiles(expedition_id);

CREATE TABLE learnings (
    id             TEXT PRIMARY KEY,
    expedition_id  TEXT NOT NULL REFERENCES expeditions(id) ON DELETE CASCADE,
    author         TEXT NOT NULL,
    -- What it builds on: a learning of the same expedition (checked by the store, which
    -- also clears it when that learning is deleted).
    builds_on      TEXT,
    hidden         INTEGER NOT NULL DEFAULT 0,
    created_at     BIGINT NOT NULL,
    body           TEXT NOT NULL
);
CREATE INDEX learnings_by_expedition ON learnings(expedition_id, created_at);
CREATE INDEX learnings_by_builds_on ON learnings(builds_on);
