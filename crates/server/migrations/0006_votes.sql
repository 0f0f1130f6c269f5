-- Voting rounds on a canvas (items: its stickies) or a board (items: its cards). At most one
-- round is open per canvas or board. A member's dots live in round_dots while the round is
-- open and are deleted when it ends: a revealed round keeps only its results (JSON,
-- `RoundResults`), which for an anonymous round say nothing about who voted for what.
CREATE TABLE vote_rounds (
    id             TEXT PRIMARY KEY,
    expedition_id  TEXT NOT NULL REFERENCES expeditions(id) ON DELETE CASCADE,
    canvas_id      TEXT REFERENCES canvases(id) ON DELETE CASCADE,
    board_id       TEXT REFERENCES boards(id) ON DELETE CASCADE,
    budget         INTEGER NOT NULL,
    cap            INTEGER,
    anonymous      INTEGER NOT NULL,
    status         TEXT NOT NULL,
    voters         INTEGER NOT NULL DEFAULT 0,
    opened_by      TEXT NOT NULL,
    opened_at      BIGINT NOT NULL,
    closed_at      BIGINT,
    results        TEXT,
    CHECK ((canvas_id IS NULL) <> (board_id IS NULL))
);
CREATE INDEX vote_rounds_by_expedition ON vote_rounds(expedition_id, opened_at);
CREATE UNIQUE INDEX one_open_round_per_target
    ON vote_rounds(COALESCE(canvas_id, board_id)) WHERE status = 'open';

CREATE TABLE round_dots (
    round_id   TEXT NOT NULL REFERENCES vote_rounds(id) ON DELETE CASCADE,
    member_id  TEXT NOT NULL,
    item_id    TEXT NOT NULL,
    dots       INTEGER NOT NULL,
    PRIMARY KEY (round_id, member_id, item_id)
);
