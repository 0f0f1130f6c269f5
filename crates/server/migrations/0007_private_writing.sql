-- Private writing on a canvas: while `private_writing` is set ('named' or 'anonymous'), the
-- stickies participants add are private to their author until the facilitator reveals
-- them; 'anonymous' reveals them without authors.
ALTER TABLE canvases ADD COLUMN private_writing TEXT
    CHECK (private_writing IN ('named', 'anonymous'));
-- The member a private sticky, and each op on it, is private to; NULL: everyone's.
ALTER TABLE stickies ADD COLUMN private_to TEXT;
ALTER TABLE canvas_ops ADD COLUMN private_to TEXT;
-- A batch of private ops: `change` is what everyone else reads (the batch without its
-- ops), `private_change` what its author reads; both private columns go at the reveal.
ALTER TABLE events ADD COLUMN private_to TEXT;
ALTER TABLE events ADD COLUMN private_change TEXT;
CREATE INDEX stickies_private ON stickies(canvas_id) WHERE private_to IS NOT NULL;
CREATE INDEX canvas_ops_private ON canvas_ops(canvas_id) WHERE private_to IS NOT NULL;
