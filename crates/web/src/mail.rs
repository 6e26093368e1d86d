//! Sending the outbox over SMTP (issue 15): [`Mailer`] is the connection to the mail
//! server, configured by a URL (`smtp://user:password@host:port`, `smtps://…` for TLS from
//! the start, `smtp://…?tls=required` for STARTTLS; lettre with rustls on the ring
//! provider, like the rest of the workspace). [`drain`] claims the mails due, sends each
//! once and marks it sent, or records the error and tries again later with a growing
//! back-off. Failures stay in the outbox for administrators to see (`/admin/post`).
//!
//! It composes nothing: what a mail says is decided in [`crate::alerts`] and queued in the
//! store before it is sent here, so a mail server that is down loses nothing.

use std::time::Duration;

use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::{Message, SmtpTransport, Transport};
use store::Store;

/// How long one sender holds the mails it claimed, in seconds: longer than sending a
/// batch takes, so that no other process sends them meanwhile.
const CLAIM_SECONDS: i64 = 300;

/// Most mails sent in one round.
const BATCH: u32 = 200;

/// The longest wait between two attempts, in seconds.
const MAX_BACKOFF: i64 = 6 * 3600;

/// The connection to a mail server and the sender's address.
#[derive(Clone)]
pub struct Mailer {
    transport: SmtpTransport,
    from: Mailbox,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Without the transport, which holds the password.
        f.debug_struct("Mailer").field("from", &self.from).finish()
    }
}

impl Mailer {
    /// A mailer for the server at `url`, sending as `from`; a Danish message for a URL or
    /// address that cannot be used.
    pub fn new(url: &str, from: &str) -> Result<Mailer, String> {
        let scheme = url.split("://").next().unwrap_or_default();
        if !matches!(scheme, "smtp" | "smtps") || !url.contains("://") {
            return Err(format!(
                "SMTP-adressen skal begynde med smtp:// eller smtps://, fx \
                 smtp://bruger:adgangskode@mail.example.dk:587?tls=required, ikke {:?}",
                redact_password(url)
            ));
        }
        let transport = SmtpTransport::from_url(url)
            .map_err(|err| {
                format!(
                    "SMTP-adressen {:?} kan ikke bruges: {err}",
                    redact_password(url)
                )
            })?
            .timeout(Some(Duration::from_secs(30)))
            .build();
        let from = from.parse::<Mailbox>().map_err(|err| {
            format!("afsenderadressen {from:?} er ikke en gyldig e-mailadresse: {err}")
        })?;
        Ok(Mailer { transport, from })
    }

    /// Sends one mail of the outbox.
    pub fn send(&self, mail: &store::Mail) -> Result<(), String> {
        let to = mail
            .recipient
            .parse::<Mailbox>()
            .map_err(|err| format!("modtageren {:?} er ugyldig: {err}", mail.recipient))?;
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(mail.subject.as_str());
        for (name, value) in &mail.headers {
            let name = HeaderName::new_from_ascii(name.clone())
                .map_err(|err| format!("felt {name:?}: {err}"))?;
            builder = builder.raw_header(HeaderValue::new(name, value.clone()));
        }
        let message = builder
            .multipart(MultiPart::alternative_plain_html(
                mail.text_body.clone(),
                mail.html_body.clone(),
            ))
            .map_err(|err| format!("kan ikke danne mailen: {err}"))?;
        self.transport
            .send(&message)
            .map(|_| ())
            .map_err(|err| describe(&err))
    }
}

/// A failed send in Danish, for the outbox page, with the server's own words after it.
fn describe(err: &lettre::transport::smtp::Error) -> String {
    let what = if err.is_timeout() {
        "mailserveren svarede ikke i tide"
    } else if err.is_permanent() {
        "mailserveren afviste mailen"
    } else if err.is_transient() {
        "mailserveren afviste mailen for nu"
    } else if err.is_tls() {
        "TLS-forbindelsen til mailserveren mislykkedes"
    } else {
        "mailserveren kan ikke nås"
    };
    format!("{what} ({err})")
}

/// `url` with the password of its user part replaced by `***`, for messages and logs.
pub fn redact_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (authority, tail) = rest.split_at(rest.find(['/', '?']).unwrap_or(rest.len()));
    match authority.rsplit_once('@') {
        Some((user, host)) => {
            let user = user.split(':').next().unwrap_or_default();
            format!("{scheme}://{user}:***@{host}{tail}")
        }
        None => url.to_owned(),
    }
}

/// The wait before attempt `attempts + 1`: a minute, doubled after each failure, at most
/// six hours.
pub fn backoff(attempts: u32) -> i64 {
    (60_i64 << attempts.min(16)).min(MAX_BACKOFF)
}

/// What one drain of the outbox did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Drained {
    pub sent: usize,
    pub failed: usize,
}

/// Sends the mails due at `now()`: each claimed by this process alone, marked sent when
/// the server took it, else kept with its error for a later attempt.
/// With `early`, mails waiting for a later attempt are sent now too.
pub fn drain(
    store: &dyn Store,
    mailer: &Mailer,
    now: &dyn Fn() -> i64,
    early: bool,
) -> store::Result<Drained> {
    let start = now();
    let due_by = if early { i64::MAX } else { start };
    let mut drained = Drained::default();
    for queued in store.claim_mail(due_by, start, start + CLAIM_SECONDS, BATCH)? {
        match mailer.send(&queued.mail) {
            Ok(()) => {
                store.mail_sent(queued.id, now())?;
                drained.sent += 1;
            }
            Err(error) => {
                let at = now();
                store.mail_failed(queued.id, &error, at + backoff(queued.attempts))?;
                drained.failed += 1;
            }
        }
    }
    Ok(drained)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_not_shown() {
        assert_eq!(
            redact_password("smtp://post:hemmelig@mail.example.dk:587?tls=required"),
            "smtp://post:***@mail.example.dk:587?tls=required"
        );
        assert_eq!(
            redact_password("smtp://localhost:25"),
            "smtp://localhost:25"
        );
    }

    #[test]
    fn the_backoff_grows_to_six_hours() {
        assert_eq!(backoff(0), 60);
        assert_eq!(backoff(1), 120);
        assert_eq!(backoff(5), 1920);
        assert_eq!(backoff(30), 6 * 3600);
    }

    #[test]
    fn bad_urls_are_refused_in_danish() {
        let err = Mailer::new("http://mail.example.dk", "referat@example.dk").unwrap_err();
        assert!(err.contains("smtp://"), "{err}");
        let err = Mailer::new("smtp://localhost:25", "ikke en adresse").unwrap_err();
        assert!(err.contains("afsenderadressen"), "{err}");
        assert!(Mailer::new("smtps://u:p@mail.example.dk", "referat@example.dk").is_ok());
    }

    #[test]
    fn a_server_that_is_not_there_is_said_in_danish() {
        // A port nothing listens on: bound, then let go.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .map(|addr| addr.port())
            .unwrap();
        let mailer =
            Mailer::new(&format!("smtp://127.0.0.1:{port}"), "referat@example.dk").unwrap();
        let mail = store::Mail {
            kind: "digest".into(),
            recipient: "a@example.dk".into(),
            subject: "Prøve".into(),
            text_body: "tekst".into(),
            html_body: "<p>tekst</p>".into(),
            headers: vec![("List-Unsubscribe".into(), "<https://x/afmeld/t>".into())],
        };
        let err = mailer.send(&mail).unwrap_err();
        assert!(err.starts_with("mailserveren kan ikke nås ("), "{err}");
        let bad = store::Mail {
            recipient: "ikke en adresse".into(),
            ..mail
        };
        assert!(mailer.send(&bad).unwrap_err().starts_with("modtageren"));
    }
}
