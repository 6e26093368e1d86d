-- Schema 6: alerts and reminders (issue 15). Times are Unix seconds; marks are values of
-- the change counter (change_seq).

-- A search a user saved to be told of new items. query is the search as the search page's
-- address writes it (q=...&body=...&kind=...&actions=...&person=...); frequency is
-- instant, daily or weekly. token is random: it names the private Atom feed and the
-- unsubscribe link, so it is kept as given (a feed reader must present it as it is).
-- sent_seq is the change counter up to which items were looked at for the last digest,
-- sent_at when that digest was queued.
CREATE TABLE saved_searches (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    email           TEXT NOT NULL REFERENCES users (email) ON DELETE CASCADE,
    name            TEXT NOT NULL,
    query           TEXT NOT NULL,
    frequency       TEXT NOT NULL,
    token           TEXT NOT NULL UNIQUE,
    sent_seq        INTEGER NOT NULL,
    sent_at         INTEGER,
    created_at      INTEGER NOT NULL
);
CREATE INDEX saved_searches_email ON saved_searches (email);

-- The items a saved search has told of, so that a new version of a meeting does not tell
-- of the same item again.
CREATE TABLE saved_search_items (
    search_id       INTEGER NOT NULL REFERENCES saved_searches (id) ON DELETE CASCADE,
    item_id         TEXT NOT NULL,
    PRIMARY KEY (search_id, item_id)
);

-- Mail to send. A digest or reminder is written here in the same transaction that moves
-- its marks, and the sender drains it: nothing is sent twice by the queueing side and
-- nothing is lost when the mail server is down. claimed_until is the lease of the one
-- sender working on a row.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    kind            TEXT NOT NULL,      -- digest | reminder | overdue | overdue_list
    recipient       TEXT NOT NULL,
    subject         TEXT NOT NULL,
    text_body       TEXT NOT NULL,
    html_body       TEXT NOT NULL,
    headers         TEXT NOT NULL,      -- JSON object of extra headers
    created_at      INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt    INTEGER NOT NULL,
    claimed_until   INTEGER,
    last_error      TEXT,
    sent_at         INTEGER
);
CREATE INDEX outbox_pending ON outbox (sent_at, next_attempt);

-- Reminders queued, so none is sent twice: the follow-up (or for a weekly list the
-- account), the kind (before_due, overdue, overdue_list) and the period it is for (the due
-- date, or the ISO week of a list).
CREATE TABLE reminders_sent (
    subject_key     TEXT NOT NULL,
    kind            TEXT NOT NULL,
    period          TEXT NOT NULL,
    sent_at         INTEGER NOT NULL,
    PRIMARY KEY (subject_key, kind, period)
);

-- Leases: the one process (of several serve processes on one database) that runs the
-- named job until expires_at.
CREATE TABLE leases (
    name            TEXT PRIMARY KEY,
    holder          TEXT NOT NULL,
    expires_at      INTEGER NOT NULL
);

-- A person of the registry (canonical name) linked to an account: the owner of a
-- follow-up who gets its reminders.
CREATE TABLE person_accounts (
    person          TEXT PRIMARY KEY,
    email           TEXT NOT NULL REFERENCES users (email) ON DELETE CASCADE
);
