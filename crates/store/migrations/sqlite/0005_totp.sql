-- Schema 5: optional TOTP (RFC 6238) for local accounts (issue 13). totp_secret is the
-- shared secret in base32 as the authenticator app got it (NULL: TOTP off); it must be
-- readable to check a code, so a copy of the database holds it, like the app does.
-- totp_last_step is the 30-second step of the last code accepted: a code of that step or
-- an earlier one is refused, so a code seen over a shoulder cannot be used again.
ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_last_step INTEGER;
