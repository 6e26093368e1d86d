-- Schema 7: meetings written in referat (issue 14). A series is a body's run of meetings
-- with its signing policy; an authored meeting is the secretariat's working copy (a
-- Meeting of spec/model.md as JSON, so that what is written is what referat reads) with
-- its state and time plan; each version sent for approval is kept whole beside the seal
-- (model::seal) it got when every signer had approved. Times are Unix seconds.

-- signing: alle (the members who took part), formand og sekretær, formand, ingen. chair and
-- secretary are the accounts (emails) that sign for those roles.
CREATE TABLE series (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    body            TEXT NOT NULL,
    organisation    TEXT NOT NULL,
    signing         TEXT NOT NULL,
    chair           TEXT,
    secretary       TEXT,
    location        TEXT,
    created_at      INTEGER NOT NULL
);

-- state: kladde, dagsorden udsendt, afholdt, referat til godkendelse, godkendt,
-- offentliggjort, aflyst. json is the working copy; plan the JSON list of each item's
-- duration in minutes and whether it recurs in every meeting (standing), in item order;
-- revision grows with every save, and a save names the revision it edits, so two editors
-- cannot overwrite each other unseen. published_id and published_version name what
-- publishing stored through the import path (meetings, meeting_versions).
CREATE TABLE authored_meetings (
    id                  TEXT PRIMARY KEY,
    series_id           INTEGER NOT NULL REFERENCES series (id),
    state               TEXT NOT NULL,
    json                TEXT NOT NULL,
    plan                TEXT NOT NULL,
    revision            INTEGER NOT NULL,
    published_id        TEXT,
    published_version   INTEGER,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL
);
CREATE INDEX authored_meetings_series ON authored_meetings (series_id);

-- A version sent for approval: the content as the signers read it, who must sign (the
-- JSON list of account emails the policy named then), and its seal once complete. Never
-- updated but for the seal: a correction is the next version.
CREATE TABLE authored_versions (
    meeting_id      TEXT NOT NULL REFERENCES authored_meetings (id),
    version         INTEGER NOT NULL,
    json            TEXT NOT NULL,
    signers         TEXT NOT NULL,
    submitted_at    INTEGER NOT NULL,
    submitted_by    TEXT,
    seal            TEXT,
    sealed_at       INTEGER,
    PRIMARY KEY (meeting_id, version)
);

-- A signature: approved, with a reservation when given.
CREATE TABLE approvals (
    meeting_id      TEXT NOT NULL,
    version         INTEGER NOT NULL,
    email           TEXT NOT NULL,
    approved_at     INTEGER NOT NULL,
    reservation     TEXT,
    PRIMARY KEY (meeting_id, version, email),
    FOREIGN KEY (meeting_id, version) REFERENCES authored_versions (meeting_id, version)
);

-- Attachments uploaded to an item, kept content-addressed in sources like originals.
CREATE TABLE authored_attachments (
    meeting_id      TEXT NOT NULL REFERENCES authored_meetings (id),
    item_number     TEXT NOT NULL,
    name            TEXT NOT NULL,
    sha256          TEXT NOT NULL REFERENCES sources (sha256),
    added_at        INTEGER NOT NULL,
    PRIMARY KEY (meeting_id, item_number, sha256)
);
CREATE INDEX authored_attachments_sha256 ON authored_attachments (sha256);
