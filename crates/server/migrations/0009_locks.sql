-- A canvas or board the facilitator locked (read-only for participants) stays locked
-- across a restart of the server.
ALTER TABLE canvases ADD COLUMN locked INTEGER NOT NULL DEFAULT 0;
ALTER TABLE boards ADD COLUMN locked INTEGER NOT NULL DEFAULT 0;
