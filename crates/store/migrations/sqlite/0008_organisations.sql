-- Schema 8: meetings of several organisations (issue 20). A meeting belongs to the
-- organisation it was imported for (`referat import --organisation`, or the one its source
-- names); NULL: none was stated, and the organisation is named like its body. The
-- organisation given with a visibility (meeting_visibility) is the same, stated earlier.
--
-- When meetings of several organisations share an id (two municipalities' byråd met on
-- the same day), each organisation's meetings are kept as `<organisation>-<id>` and the
-- ids they had before are kept in meeting_moves, so that old links still find them.
-- seq is meta.change_seq of the move (a search index drops the old id).
ALTER TABLE meetings ADD COLUMN organisation TEXT;
UPDATE meetings SET organisation =
    (SELECT v.organisation FROM meeting_visibility v WHERE v.meeting_id = meetings.id);

CREATE TABLE meeting_moves (
    old_id      TEXT NOT NULL,
    new_id      TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    PRIMARY KEY (old_id, new_id)
);
CREATE INDEX meeting_moves_seq ON meeting_moves (seq);
