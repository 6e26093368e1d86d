-- Schema 5 for PostgreSQL, as migrations/sqlite/0005_totp.sql: optional TOTP (RFC 6238)
-- for local accounts (issue 13). totp_secret is base32 (NULL: TOTP off); totp_last_step
-- is the 30-second step of the last code accepted, so no code is accepted twice.
ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_last_step BIGINT;
