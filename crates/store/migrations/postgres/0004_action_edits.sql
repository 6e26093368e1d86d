-- Schema 3 for PostgreSQL, as migrations/sqlite/0003_action_edits.sql: the owners and due
-- dates of follow-ups as a sekretær corrected them (issue 13).
-- Keyed like action_status, so a new version of the meeting keeps them; the extracted
-- values stay in actions, and the register shows these instead where they are set.
CREATE TABLE action_edits (
    action_id       TEXT COLLATE "C" PRIMARY KEY,  -- '<meeting id>/<item position>/<position>'
    owners          TEXT,               -- names, one per line; NULL: as extracted
    due_by          TEXT                -- 'YYYY-MM-DD'; NULL: as extracted
);
