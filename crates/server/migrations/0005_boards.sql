-- Global-innovation boards. Ids are made by clients (so a retry is recognised); a card's
-- content is its JSON (`CardContent`), read whole by the board's snapshot. Column and card
-- order are fractional keys, compared as bytes; ties go by id.
CREATE TABLE boards (
    id             TEXT PRIMARY KEY,
    expedition_id  TEXT NOT NULL REFERENCES expeditions(id) ON DELETE CASCADE,
    title          TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    vote_budget    INTEGER NOT NULL,
    card_cap       INTEGER
);
CREATE INDEX boards_by_expedition ON boards(expedition_id);

CREATE TABLE board_columns (
    id        TEXT PRIMARY KEY,
    board_id  TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
    title     TEXT NOT NULL,
    key       TEXT NOT NULL
);
CREATE INDEX board_columns_by_board ON board_columns(board_id);

CREATE TABLE board_cards (
    id             TEXT PRIMARY KEY,
    board_id       TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
    column_id      TEXT NOT NULL REFERENCES board_columns(id),
    key            TEXT NOT NULL,
    content        TEXT NOT NULL,
    added_by       TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    from_learning  TEXT
);
CREATE INDEX board_cards_by_board ON board_cards(board_id, column_id, key);

-- A member's votes on a card (rows with a count of 0 are deleted).
CREATE TABLE board_votes (
    card_id    TEXT NOT NULL REFERENCES board_cards(id) ON DELETE CASCADE,
    member_id  TEXT NOT NULL,
    board_id   TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
    count      INTEGER NOT NULL,
    PRIMARY KEY (card_id, member_id)
);
CREATE INDEX board_votes_by_member ON board_votes(board_id, member_id);

CREATE TABLE board_comments (
    id        TEXT PRIMARY KEY,
    card_id   TEXT NOT NULL REFERENCES board_cards(id) ON DELETE CASCADE,
    board_id  TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
    author    TEXT NOT NULL,
    text      TEXT NOT NULL,
    at        BIGINT NOT NULL
);
CREATE INDEX board_comments_by_board ON board_comments(board_id, at);
