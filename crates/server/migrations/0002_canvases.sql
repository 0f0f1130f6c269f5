-- Model canvases and their operation log. A canvas's state is the fold of its ops by the
-- shared reducer (crates/model/src/canvas), so the log is the source of truth.
CREATE TABLE canvases (
    id             TEXT PRIMARY KEY,
    expedition_id  TEXT NOT NULL REFERENCES expeditions(id) ON DELETE CASCADE,
    title          TEXT NOT NULL,
    template       TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    created_at     BIGINT NOT NULL
);
CREATE INDEX canvases_by_expedition ON canvases(expedition_id);

-- Which canvas each sticky belongs to, so an op cannot reach into another canvas.
CREATE TABLE stickies (
    id         TEXT PRIMARY KEY,
    canvas_id  TEXT NOT NULL REFERENCES canvases(id) ON DELETE CASCADE
);

CREATE TABLE canvas_ops (
    op_id      TEXT PRIMARY KEY,
    canvas_id  TEXT NOT NULL REFERENCES canvases(id) ON DELETE CASCADE,
    seq        BIGINT NOT NULL,
    idx        INTEGER NOT NULL,
    author     TEXT NOT NULL,
    at         BIGINT NOT NULL,
    op         TEXT NOT NULL
);
CREATE INDEX canvas_ops_in_order ON canvas_ops(canvas_id, seq, idx);

-- Events now have an SSE name: 'change' (expedition changes) or 'ops' (canvas op batches),
-- so a client can leave the kinds it does not show undecoded.
ALTER TABLE events ADD COLUMN name TEXT NOT NULL DEFAULT 'change';
