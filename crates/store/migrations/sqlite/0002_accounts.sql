-- Schema 2: accounts, sessions, API tokens, one-time password links, the audit log, the
-- history of follow-up statuses and the visibility of meetings (issue 13). Times are Unix
-- seconds (INTEGER), so expiry and rate-limit windows compare as numbers in both databases.

-- Local accounts. email is kept lowercase; role is the Danish name (administrator,
-- sekretær, medlem, læser); organisation NULL means every organisation.
CREATE TABLE users (
    email           TEXT PRIMARY KEY,
    role            TEXT NOT NULL,
    organisation    TEXT,
    password_hash   TEXT,               -- argon2id PHC string; NULL until a password is set
    created_at      INTEGER NOT NULL
);

-- Signed-in browsers. The cookie holds a random id; only its SHA-256 is kept, so a copy of
-- the database does not sign anybody in. csrf is the token every form of the session
-- carries.
CREATE TABLE sessions (
    id_sha256       TEXT PRIMARY KEY,
    email           TEXT NOT NULL REFERENCES users (email) ON DELETE CASCADE,
    csrf            TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL
);
CREATE INDEX sessions_email ON sessions (email);

-- Tokens for scripts (Authorization: Bearer), kept as SHA-256 only.
CREATE TABLE api_tokens (
    token_sha256    TEXT PRIMARY KEY,
    email           TEXT NOT NULL REFERENCES users (email) ON DELETE CASCADE,
    created_at      INTEGER NOT NULL
);

-- One-time links to set a password (/log-ind/ny-adgangskode?token=...), SHA-256 only.
CREATE TABLE password_links (
    token_sha256    TEXT PRIMARY KEY,
    email           TEXT NOT NULL REFERENCES users (email) ON DELETE CASCADE,
    expires_at      INTEGER NOT NULL
);

-- Append-only: sign-ins, failed sign-ins, every write and every change of role. Nothing
-- updates or deletes a row. actor is the account's email (NULL: the command line or an
-- anonymous client); address the client's IP address when it came over the web.
CREATE TABLE audit_log (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    at              INTEGER NOT NULL,
    actor           TEXT,
    address         TEXT,
    event           TEXT NOT NULL,
    target          TEXT,
    detail          TEXT
);
CREATE INDEX audit_log_event ON audit_log (event, at);

-- Every change of a follow-up's status: who, when, before, after and a note. The current
-- status stays in action_status (keyed by address, so it survives re-extraction).
CREATE TABLE action_status_history (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    action_id       TEXT NOT NULL,
    at              INTEGER NOT NULL,
    actor           TEXT,
    before_status   TEXT NOT NULL,
    after_status    TEXT NOT NULL,
    note            TEXT NOT NULL
);
CREATE INDEX action_status_history_action ON action_status_history (action_id);
ALTER TABLE action_status ADD COLUMN note TEXT;

-- How a meeting was imported: public, or internal (only signed-in accounts of its
-- organisation see it), and the organisation it belongs to (NULL: the organisation named
-- like its body). Kept beside the meeting rather than in its JSON, since it is how the
-- meeting was imported, not what the minutes say. No row: public, organisation = body.
CREATE TABLE meeting_visibility (
    meeting_id      TEXT PRIMARY KEY,
    visibility      TEXT NOT NULL,      -- public | internal
    organisation    TEXT
);
