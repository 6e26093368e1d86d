-- Schema 1 for PostgreSQL: the tables of migrations/sqlite/0001_init.sql with PostgreSQL's
-- types (BYTEA for BLOB, BIGINT where SQLite's INTEGER holds 64 bits). Text that is sorted
-- or compared is COLLATE "C", so PostgreSQL orders by bytes as SQLite does, whatever locale
-- the cluster was created with. Dates are TEXT 'YYYY-MM-DD' and times 'HH:MM' as in SQLite.

CREATE TABLE sources (
    sha256      TEXT COLLATE "C" PRIMARY KEY,
    name        TEXT COLLATE "C" NOT NULL,
    size        BIGINT NOT NULL,
    bytes       BYTEA NOT NULL
);

CREATE TABLE meetings (
    id              TEXT COLLATE "C" PRIMARY KEY,
    version         INTEGER NOT NULL,
    source_sha256   TEXT COLLATE "C" NOT NULL REFERENCES sources (sha256),
    body            TEXT COLLATE "C" NOT NULL,
    date            TEXT COLLATE "C",
    start_time      TEXT,
    end_time        TEXT,
    location        TEXT,
    kind            TEXT NOT NULL,
    format          TEXT NOT NULL,
    n_items         INTEGER NOT NULL,
    changed_seq     BIGINT NOT NULL
);
CREATE INDEX meetings_date ON meetings (date);
CREATE INDEX meetings_body ON meetings (body);
CREATE INDEX meetings_changed ON meetings (changed_seq);

CREATE TABLE meeting_versions (
    meeting_id      TEXT COLLATE "C" NOT NULL REFERENCES meetings (id),
    version         INTEGER NOT NULL,
    source_sha256   TEXT COLLATE "C" NOT NULL REFERENCES sources (sha256),
    json            TEXT NOT NULL,
    PRIMARY KEY (meeting_id, version)
);
CREATE INDEX meeting_versions_source ON meeting_versions (source_sha256);

CREATE TABLE slots (
    meeting_id      TEXT COLLATE "C" NOT NULL REFERENCES meetings (id),
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

CREATE TABLE items (
    meeting_id      TEXT COLLATE "C" NOT NULL REFERENCES meetings (id),
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
    meeting_id      TEXT COLLATE "C" NOT NULL,
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

CREATE TABLE actions (
    meeting_id      TEXT COLLATE "C" NOT NULL,
    item_position   INTEGER NOT NULL,
    position        INTEGER NOT NULL,
    text            TEXT NOT NULL,
    due_text        TEXT,
    due_from        TEXT COLLATE "C",
    due_by          TEXT COLLATE "C",
    recurring       TEXT,
    forum           TEXT,
    span_page       INTEGER,
    span_line       INTEGER,
    span_end_line   INTEGER,
    PRIMARY KEY (meeting_id, item_position, position),
    FOREIGN KEY (meeting_id, item_position) REFERENCES items (meeting_id, position)
);
CREATE INDEX actions_due ON actions (due_by);

CREATE TABLE action_status (
    action_id       TEXT COLLATE "C" PRIMARY KEY,
    status          TEXT NOT NULL
);

CREATE TABLE people (
    name            TEXT COLLATE "C" PRIMARY KEY
);
CREATE TABLE person_aliases (
    alias           TEXT COLLATE "C" NOT NULL,
    name            TEXT COLLATE "C" NOT NULL REFERENCES people (name),
    PRIMARY KEY (alias, name)
);

CREATE TABLE meeting_people (
    meeting_id      TEXT COLLATE "C" NOT NULL REFERENCES meetings (id),
    role            TEXT COLLATE "C" NOT NULL,
    position        INTEGER NOT NULL,
    name            TEXT COLLATE "C" NOT NULL REFERENCES people (name),
    as_written      TEXT NOT NULL,
    item_position   INTEGER,
    action_position INTEGER,
    span_page       INTEGER,
    span_line       INTEGER,
    span_end_line   INTEGER
);
CREATE INDEX meeting_people_meeting ON meeting_people (meeting_id);
CREATE INDEX meeting_people_name ON meeting_people (name);

-- change_seq grows by one with every meeting change. put_meeting locks this row first, so
-- writers on every node take turns and commit in the order of their numbers: a reader that
-- sees change_seq = N sees every change up to N.
CREATE TABLE meta (
    key             TEXT PRIMARY KEY,
    value           BIGINT NOT NULL
);
INSERT INTO meta (key, value) VALUES ('change_seq', 0);
