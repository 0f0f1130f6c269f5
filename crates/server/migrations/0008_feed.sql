-- The updates feed: facilitators' announcements and milestones, members' reactions and
-- replies (kept inside the item's `body`, the wire form), and how far each member has read.
CREATE TABLE feed_items (
    id             TEXT PRIMARY KEY,
    expedition_id  TEXT NOT NULL REFERENCES expeditions(id) ON DELETE CASCADE,
    author         TEXT NOT NULL,
    -- The sequence number of the event that posted it: the feed's order and its cursor.
    seq            BIGINT NOT NULL,
    -- The day it is about (YYYY-MM-DD), for the upcoming list; NULL when undated.
    date           TEXT,
    body           TEXT NOT NULL
);
CREATE INDEX feed_items_by_expedition ON feed_items(expedition_id, seq);
CREATE INDEX feed_items_by_date ON feed_items(expedition_id, date);

-- Per member, not per session: a member reading on the phone has read on the laptop too.
CREATE TABLE feed_reads (
    member_id  TEXT PRIMARY KEY REFERENCES members(id) ON DELETE CASCADE,
    seen_seq   BIGINT NOT NULL
);
