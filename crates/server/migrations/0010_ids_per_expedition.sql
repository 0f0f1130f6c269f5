-- no-transaction
-- Ids made by clients (stickies, op ids, learnings, boards, columns, cards, comments) are
-- unique per expedition, not across the instance: an id another expedition used is a fresh
-- id here, so no answer can tell that it exists elsewhere. Stickies and ops are keyed by
-- their canvas (whose id the server makes); the others by their expedition, which the board
-- tables now carry so their keys and references can name it.
--
-- Tables are rebuilt (SQLite cannot change a primary key in place) with foreign keys off,
-- so dropping an old table cascades nothing; the check at the end must find no row.
PRAGMA foreign_keys = OFF;
BEGIN;

CREATE TABLE stickies_scoped (
    id          TEXT NOT NULL,
    canvas_id   TEXT NOT NULL REFERENCES canvases(id) ON DELETE CASCADE,
    deleted     INTEGER NOT NULL DEFAULT 0,
    private_to  TEXT,
    PRIMARY KEY (canvas_id, id)
);
INSERT INTO stickies_scoped (id, canvas_id, deleted, private_to)
    SELECT id, canvas_id, deleted, private_to FROM stickies;
DROP TABLE stickies;
ALTER TABLE stickies_scoped RENAME TO stickies;
CREATE INDEX stickies_by_id ON stickies(id);
CREATE INDEX stickies_by_canvas ON stickies(canvas_id, deleted);
CREATE INDEX stickies_private ON stickies(canvas_id) WHERE private_to IS NOT NULL;

CREATE TABLE canvas_ops_scoped (
    op_id       TEXT NOT NULL,
    canvas_id   TEXT NOT NULL REFERENCES canvases(id) ON DELETE CASCADE,
    seq         BIGINT NOT NULL,
    idx         INTEGER NOT NULL,
    author      TEXT NOT NULL,
    at          BIGINT NOT NULL,
    op          TEXT NOT NULL,
    private_to  TEXT,
    PRIMARY KEY (canvas_id, op_id)
);
INSERT INTO canvas_ops_scoped (op_id, canvas_id, seq, idx, author, at, op, private_to)
    SELECT op_id, canvas_id, seq, idx, author, at, op, private_to FROM canvas_ops;
DROP TABLE canvas_ops;
ALTER TABLE canvas_ops_scoped RENAME TO canvas_ops;
CREATE INDEX canvas_ops_by_id ON canvas_ops(op_id);
CREATE INDEX canvas_ops_in_order ON canvas_ops(canvas_id, seq, idx);
CREATE INDEX canvas_ops_private ON canvas_ops(canvas_id) WHERE private_to IS NOT NULL;

CREATE TABLE learnings_scoped (
    id             TEXT NOT NULL,
    expedition_id  TEXT NOT NULL REFERENCES expeditions(id) ON DELETE CASCADE,
    author         TEXT NOT NULL,
    builds_on      TEXT,
    hidden         INTEGER NOT NULL DEFAULT 0,
    created_at     BIGINT NOT NULL,
    body           TEXT NOT NULL,
    PRIMARY KEY (expedition_id, id)
);
INSERT INTO learnings_scoped (id, expedition_id, author, builds_on, hidden, created_at, body)
    SELECT id, expedition_id, author, builds_on, hidden, created_at, body FROM learnings;
DROP TABLE learnings;
ALTER TABLE learnings_scoped RENAME TO learnings;
CREATE INDEX learnings_by_expedition ON learnings(expedition_id, created_at);
CREATE INDEX learnings_by_builds_on ON learnings(expedition_id, builds_on);

CREATE TABLE boards_scoped (
    id             TEXT NOT NULL,
    expedition_id  TEXT NOT NULL REFERENCES expeditions(id) ON DELETE CASCADE,
    title          TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    vote_budget    INTEGER NOT NULL,
    card_cap       INTEGER,
    locked         INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (expedition_id, id)
);
INSERT INTO boards_scoped (id, expedition_id, title, created_by, created_at, vote_budget, card_cap, locked)
    SELECT id, expedition_id, title, created_by, created_at, vote_budget, card_cap, locked FROM boards;

CREATE TABLE board_columns_scoped (
    expedition_id  TEXT NOT NULL,
    id             TEXT NOT NULL,
    board_id       TEXT NOT NULL,
    title          TEXT NOT NULL,
    key            TEXT NOT NULL,
    PRIMARY KEY (expedition_id, id),
    FOREIGN KEY (expedition_id, board_id) REFERENCES boards(expedition_id, id) ON DELETE CASCADE
);
INSERT INTO board_columns_scoped (expedition_id, id, board_id, title, key)
    SELECT b.expedition_id, k.id, k.board_id, k.title, k.key
    FROM board_columns k JOIN boards b ON b.id = k.board_id;

CREATE TABLE board_cards_scoped (
    expedition_id  TEXT NOT NULL,
    id             TEXT NOT NULL,
    board_id       TEXT NOT NULL,
    column_id      TEXT NOT NULL,
    key            TEXT NOT NULL,
    content        TEXT NOT NULL,
    added_by       TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    from_learning  TEXT,
    PRIMARY KEY (expedition_id, id),
    FOREIGN KEY (expedition_id, board_id) REFERENCES boards(expedition_id, id) ON DELETE CASCADE,
    FOREIGN KEY (expedition_id, column_id) REFERENCES board_columns(expedition_id, id)
);
INSERT INTO board_cards_scoped (expedition_id, id, board_id, column_id, key, content, added_by, created_at, from_learning)
    SELECT b.expedition_id, c.id, c.board_id, c.column_id, c.key, c.content, c.added_by, c.created_at, c.from_learning
    FROM board_cards c JOIN boards b ON b.id = c.board_id;

CREATE TABLE board_votes_scoped (
    expedition_id  TEXT NOT NULL,
    card_id        TEXT NOT NULL,
    member_id      TEXT NOT NULL,
    board_id       TEXT NOT NULL,
    count          INTEGER NOT NULL,
    PRIMARY KEY (expedition_id, card_id, member_id),
    FOREIGN KEY (expedition_id, card_id) REFERENCES board_cards(expedition_id, id) ON DELETE CASCADE,
    FOREIGN KEY (expedition_id, board_id) REFERENCES boards(expedition_id, id) ON DELETE CASCADE
);
INSERT INTO board_votes_scoped (expedition_id, card_id, member_id, board_id, count)
    SELECT b.expedition_id, v.card_id, v.member_id, v.board_id, v.count
    FROM board_votes v JOIN boards b ON b.id = v.board_id;

CREATE TABLE board_comments_scoped (
    expedition_id  TEXT NOT NULL,
    id             TEXT NOT NULL,
    card_id        TEXT NOT NULL,
    board_id       TEXT NOT NULL,
    author         TEXT NOT NULL,
    text           TEXT NOT NULL,
    at             BIGINT NOT NULL,
    PRIMARY KEY (expedition_id, id),
    FOREIGN KEY (expedition_id, card_id) REFERENCES board_cards(expedition_id, id) ON DELETE CASCADE,
    FOREIGN KEY (expedition_id, board_id) REFERENCES boards(expedition_id, id) ON DELETE CASCADE
);
INSERT INTO board_comments_scoped (expedition_id, id, card_id, board_id, author, text, at)
    SELECT b.expedition_id, m.id, m.card_id, m.board_id, m.author, m.text, m.at
    FROM board_comments m JOIN boards b ON b.id = m.board_id;

-- Rounds keep their server-made ids; a board round now names its board with the expedition.
CREATE TABLE vote_rounds_scoped (
    id             TEXT PRIMARY KEY,
    expedition_id  TEXT NOT NULL REFERENCES expeditions(id) ON DELETE CASCADE,
    canvas_id      TEXT REFERENCES canvases(id) ON DELETE CASCADE,
    board_id       TEXT,
    budget         INTEGER NOT NULL,
    cap            INTEGER,
    anonymous      INTEGER NOT NULL,
    status         TEXT NOT NULL,
    voters         INTEGER NOT NULL DEFAULT 0,
    opened_by      TEXT NOT NULL,
    opened_at      BIGINT NOT NULL,
    closed_at      BIGINT,
    results        TEXT,
    CHECK ((canvas_id IS NULL) <> (board_id IS NULL)),
    FOREIGN KEY (expedition_id, board_id) REFERENCES boards(expedition_id, id) ON DELETE CASCADE
);
INSERT INTO vote_rounds_scoped (id, expedition_id, canvas_id, board_id, budget, cap, anonymous,
        status, voters, opened_by, opened_at, closed_at, results)
    SELECT id, expedition_id, canvas_id, board_id, budget, cap, anonymous,
        status, voters, opened_by, opened_at, closed_at, results FROM vote_rounds;

DROP TABLE vote_rounds;
DROP TABLE board_comments;
DROP TABLE board_votes;
DROP TABLE board_cards;
DROP TABLE board_columns;
DROP TABLE boards;
ALTER TABLE boards_scoped RENAME TO boards;
ALTER TABLE board_columns_scoped RENAME TO board_columns;
ALTER TABLE board_cards_scoped RENAME TO board_cards;
ALTER TABLE board_votes_scoped RENAME TO board_votes;
ALTER TABLE board_comments_scoped RENAME TO board_comments;
ALTER TABLE vote_rounds_scoped RENAME TO vote_rounds;

CREATE INDEX boards_by_expedition ON boards(expedition_id);
CREATE INDEX board_columns_by_board ON board_columns(expedition_id, board_id);
CREATE INDEX board_cards_by_board ON board_cards(expedition_id, board_id, column_id, key);
CREATE INDEX board_cards_by_column ON board_cards(expedition_id, column_id, key);
CREATE INDEX board_votes_by_member ON board_votes(expedition_id, board_id, member_id);
CREATE INDEX board_comments_by_board ON board_comments(expedition_id, board_id, at);
CREATE INDEX vote_rounds_by_expedition ON vote_rounds(expedition_id, opened_at);
CREATE UNIQUE INDEX one_open_round_per_target
    ON vote_rounds(expedition_id, COALESCE(canvas_id, board_id)) WHERE status = 'open';

COMMIT;
PRAGMA foreign_keys = ON;
