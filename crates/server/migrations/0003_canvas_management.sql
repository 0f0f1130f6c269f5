-- Canvas management: a canvas can be archived (read-only, listed apart) and says when it
-- last changed; each sticky says whether it is deleted, so the list counts stickies
-- without folding op logs. Ops are stamped in the order they are stored, so the latest
-- delete or restore of a sticky is the one that holds.
ALTER TABLE canvases ADD COLUMN archived_at BIGINT;
ALTER TABLE canvases ADD COLUMN changed_at BIGINT NOT NULL DEFAULT 0;
UPDATE canvases SET changed_at = COALESCE(
    (SELECT MAX(o.at) FROM canvas_ops o WHERE o.canvas_id = canvases.id),
    created_at
);

ALTER TABLE stickies ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0;
UPDATE stickies SET deleted = COALESCE(
    (SELECT json_extract(o.op, '$.type') = 'delete' FROM canvas_ops o
     WHERE o.canvas_id = stickies.canvas_id
       AND json_extract(o.op, '$.sticky') = stickies.id
       AND json_extract(o.op, '$.type') IN ('delete', 'restore')
     ORDER BY o.seq DESC, o.idx DESC LIMIT 1),
    0
);
CREATE INDEX stickies_by_canvas ON stickies(canvas_id, deleted);
