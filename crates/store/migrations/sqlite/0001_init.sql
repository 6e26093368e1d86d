-- Schema 1: sources, versioned meetings and the current version's rows.
--
-- Portable SQL on purpose (TEXT, INTEGER, BLOB, plain indexes): the PostgreSQL backend keeps
-- the same tables with BYTEA for BLOB. Dates are TEXT 'YYYY-MM-DD' and times 'HH:MM', so
-- comparisons are lexicographic in both databases.

-- Original bytes of every imported file, content-addressed by SHA-256 (lowercase hex).
CREATE TABLE sources (
    sha256      TEXT PRIMARY KEY,
    name        TEXT NOT NULL,          -- file name as first given
    size        INTEGER NOT NULL,
    bytes       BLOB NOT NULL
);

-- One row per meeting: the current version, denormalised for listing.
CREATE TABLE meetings (
    id              TEXT PRIMARY KEY,
    version         INTEGER NOT NULL,
    source_sha256   TEXT NOT NULL REFERENCES sources (sha256),
    body            TEXT NOT NULL,
    date            TEXT,
    start_time      TEXT,
    end_time        TEXT,
    location        TEXT,
    kind            TEXT NOT NULL,      -- minutes | agenda
    format          TEXT NOT NULL,
    n_items         INTEGER NOT NULL,
    changed_seq     INTEGER NOT NULL    -- value of meta.change_seq when this row last changed
);
CREATE INDEX meetings_date ON meetings (date);
CREATE INDEX meetings_body ON meetings (body);
CREATE INDEX meetings_changed ON meetings (changed_seq);

-- Every version of every meeting, the current one included, as the JSON of spec/model.md.
-- Old versions are kept when a changed file is imported.
CREATE TABLE meeting_versions (
    meeting_id      TEXT NOT NULL REFERENCES meetings (id),
    version         INTEGER NOT NULL,
    source_sha256   TEXT NOT NULL REFERENCES sources (sha256),
    json            TEXT NOT NULL,
    PRIMARY KEY (meeting_id, version)
);
CREATE INDEX meeting_versions_source ON meeting_versions (source_sha256);

-- The rows below describe the current version only; put_meeting rewrites them.

CREATE TABLE slots (
    meeting_id      TEXT NOT NULL REFERENCES meetings (id),
    position        INTEGER NOT NULL,
    item            TEXT NOT NULL,
    start_time      TEXT,
    end_time        TEXT,
    note            TEXT,
    span_page       INTEGER,
    span_line       INTEGER,
    span_end_line   INTEGER,
    PRIMARY KEY (meeting_id, position)
);

-- Items are addressed as '<meeting id>/<position>' (1-based).
CREATE TABLE items (
    meeting_id      TEXT NOT NULL REFERENCES meetings (id),
    position        INTEGER NOT NULL,
    number          TEXT NOT NULL,
    title           TEXT NOT NULL,
    text            TEXT NOT NULL,
    case_number     TEXT,
    span_page       INTEGER,
    span_line       INTEGER,
    span_end_line   INTEGER,
    PRIMARY KEY (meeting_id, position)
);
CREATE INDEX items_case ON items (case_number);

CREATE TABLE decisions (
    meeting_id      TEXT NOT NULL,
    item_position   INTEGER NOT NULL,
    position        INTEGER NOT NULL,
    actor           TEXT,
    kind            TEXT NOT NULL,
    text            TEXT NOT NULL,
    span_page       INTEGER,
    span_line       INTEGER,
    span_end_line   INTEGER,
    PRIMARY KEY (meeting_id, item_position, position),
    FOREIGN KEY (meeting_id, item_position) REFERENCES items (meeting_id, position)
);
CREATE INDEX decisions_kind ON decisions (kind);

-- Actions are addressed as '<meeting id>/<item position>/<position>'.
CREATE TABLE actions (
    meeting_id      TEXT NOT NULL,
    item_position   INTEGER NOT NULL,
    position        INTEGER NOT NULL,
    text            TEXT NOT NULL,
    due_text        TEXT,
    due_from        TEXT,
    due_by          TEXT,
    recurring       TEXT,
    forum           TEXT,
    span_page       INTEGER,
    span_line       INTEGER,
    span_end_line   INTEGER,
    PRIMARY KEY (meeting_id, item_position, position),
    FOREIGN KEY (meeting_id, item_position) REFERENCES items (meeting_id, position)
);
CREATE INDEX actions_due ON actions (due_by);

-- Whether an action is done. Keyed by the action's address, so it survives re-extraction
-- and new versions of the meeting (the follow-up register is about the same item).
CREATE TABLE action_status (
    action_id       TEXT PRIMARY KEY,
    status          TEXT NOT NULL       -- open | done
);

-- The person registry: canonical names and every written form seen.
CREATE TABLE people (
    name            TEXT PRIMARY KEY
);
CREATE TABLE person_aliases (
    alias           TEXT NOT NULL,
    name            TEXT NOT NULL REFERENCES people (name),
    PRIMARY KEY (alias, name)
);

-- Who appears in a meeting and how. role: participant | absent | presenter | owner.
-- item_position is set for presenters (of a slot's item number, when it matches) and owners.
CREATE TABLE meeting_people (
    meeting_id      TEXT NOT NULL REFERENCES meetings (id),
    role            TEXT NOT NULL,
    position        INTEGER NOT NULL,   -- order within the role (and action)
    name            TEXT NOT NULL REFERENCES people (name),
    as_written      TEXT NOT NULL,
    item_position   INTEGER,
    action_position INTEGER,
    span_page       INTEGER,
    span_line       INTEGER,
    span_end_line   INTEGER
);
CREATE INDEX meeting_people_meeting ON meeting_people (meeting_id);
CREATE INDEX meeting_people_name ON meeting_people (name);

-- Counters. change_seq grows by one with every meeting change, so a search index can tell
-- which meetings it has not seen yet.
CREATE TABLE meta (
    key             TEXT PRIMARY KEY,
    value           INTEGER NOT NULL
);
INSERT INTO meta (key, value) VALUES ('change_seq', 0);
