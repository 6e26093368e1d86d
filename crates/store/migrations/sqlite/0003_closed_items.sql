-- Schema 3: closed items (issue 13). An item's closed mark beside its row, so the
-- follow-up register can leave out the follow-ups of closed items without reading the
-- meeting's JSON; rows written before this version read as open until `referat reextract`.
ALTER TABLE items ADD COLUMN closed INTEGER NOT NULL DEFAULT 0;

-- The closed items whose decisions a sekretær has released to the public, by the item's
-- address (the number the minutes print), so a re-extraction or a new version of the
-- meeting keeps the release, as action_status keeps a follow-up's status.
CREATE TABLE decision_releases (
    meeting_id      TEXT NOT NULL,
    item_key        TEXT NOT NULL,
    PRIMARY KEY (meeting_id, item_key)
);
