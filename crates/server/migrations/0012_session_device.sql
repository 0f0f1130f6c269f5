-- What each signed-in device last said it was ("Chrome · Android", from its User-Agent), so
-- a member can tell their devices apart in the list; absent until it is known.
ALTER TABLE sessions ADD COLUMN device TEXT;
