//! `referat.toml`: one file for everything a flag or an environment variable sets, read
//! from `--config FILE` or `$REFERAT_CONFIG` (no file is read without one of them).
//!
//! Each setting is resolved in one order: the flag, else the environment variable (where
//! there is one), else the file, else the default. [`Setting`] remembers which of them
//! gave the value, so `referat config` can say so. A key the file does not know, a value
//! of the wrong type and a value outside what is allowed are errors that name the file,
//! the line and what is allowed: all of them are checked when the file is read, before
//! any command runs.
//!
//! The accepted keys (every one optional):
//!
//! ```toml
//! data = "/var/lib/referat"          # --data, $REFERAT_DATA; relative to this file
//! database = "postgres://…"          # --database, $REFERAT_DATABASE_URL
//!
//! [serve]                            # the flags of `referat serve`
//! addr = "127.0.0.1:8080"
//! public_url = "https://referat.example.dk"   # also $REFERAT_PUBLIC_URL
//! search_cache = 1024
//! header_timeout = 10                # seconds, 1 to 3600, as the next three
//! body_timeout = 10
//! idle_timeout = 10
//! request_timeout = 30
//! max_connections_per_client = 100
//! max_searches = 4                   # 1 to 1024
//! search_queue = 64
//! max_large_answers = 2              # 1 to 64
//!
//! [oidc]                             # the --oidc-* flags of `referat serve`
//! issuer = "https://login.example.dk"
//! client_id = "referat"
//! client_secret = "…"                # also $REFERAT_OIDC_CLIENT_SECRET
//! groups_claim = "groups"
//! roles = ["referat-sekretaer=sekretær@Greve"]
//! name = "Greve Kommune"
//!
//! [mail]                             # `referat serve` and `referat alerts run`
//! smtp = "smtps://referat:…@mail.example.dk"  # also $REFERAT_SMTP_URL
//! mail_from = "referat@example.dk"   # also $REFERAT_MAIL_FROM
//! remind_days = 3                    # 0 to 365
//! alerts_every = 60                  # seconds, 1 to 86400
//!
//! [import]                           # `referat import` and `referat reextract`
//! max_tekst = 64
//!
//! [log]                              # the server's log on stderr
//! format = "json"                    # "json", "tekst", "auto" or "fra"; also $REFERAT_LOG_FORMAT
//! ```

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use anyhow::Context;
use serde::Deserialize;
use toml::Spanned;

/// The environment variable naming the file when `--config` does not.
pub(crate) const CONFIG_ENV: &str = "REFERAT_CONFIG";

/// The file as written: every key optional, none unknown.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FileConfig {
    pub(crate) data: Option<Spanned<PathBuf>>,
    pub(crate) database: Option<Spanned<String>>,
    #[serde(default)]
    pub(crate) serve: ServeSection,
    #[serde(default)]
    pub(crate) oidc: OidcSection,
    #[serde(default)]
    pub(crate) mail: MailSection,
    #[serde(default)]
    pub(crate) import: ImportSection,
    #[serde(default)]
    pub(crate) log: LogSection,
}

/// `[serve]`: the flags of `referat serve` by the same names.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ServeSection {
    pub(crate) addr: Option<Spanned<String>>,
    pub(crate) public_url: Option<Spanned<String>>,
    pub(crate) search_cache: Option<Spanned<usize>>,
    pub(crate) header_timeout: Option<Spanned<u64>>,
    pub(crate) body_timeout: Option<Spanned<u64>>,
    pub(crate) idle_timeout: Option<Spanned<u64>>,
    pub(crate) request_timeout: Option<Spanned<u64>>,
    pub(crate) max_connections_per_client: Option<Spanned<usize>>,
    pub(crate) max_searches: Option<Spanned<u64>>,
    pub(crate) search_queue: Option<Spanned<usize>>,
    pub(crate) max_large_answers: Option<Spanned<u64>>,
}

/// `[oidc]`: the `--oidc-*` flags of `referat serve`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct OidcSection {
    pub(crate) issuer: Option<Spanned<String>>,
    pub(crate) client_id: Option<Spanned<String>>,
    pub(crate) client_secret: Option<Spanned<String>>,
    pub(crate) groups_claim: Option<Spanned<String>>,
    pub(crate) roles: Option<Spanned<Vec<Spanned<String>>>>,
    pub(crate) name: Option<Spanned<String>>,
}

/// `[mail]`: the mail flags of `referat serve` and `referat alerts run`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MailSection {
    pub(crate) smtp: Option<Spanned<String>>,
    pub(crate) mail_from: Option<Spanned<String>>,
    pub(crate) remind_days: Option<Spanned<u64>>,
    pub(crate) alerts_every: Option<Spanned<u64>>,
}

/// `[import]`: `--max-tekst` of the commands that read minutes.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ImportSection {
    pub(crate) max_tekst: Option<Spanned<usize>>,
}

/// `[log]`: how the server writes its log.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LogSection {
    pub(crate) format: Option<Spanned<String>>,
}

/// The configuration file, read once.
#[derive(Debug, Default)]
pub(crate) struct Config {
    /// The file, when one is given.
    pub(crate) path: Option<PathBuf>,
    text: String,
    pub(crate) file: FileConfig,
}

/// Where a resolved value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Source {
    Flag,
    Env(&'static str),
    /// The file, at this line.
    File(usize),
    Default,
}

/// A resolved value and where it came from.
#[derive(Debug, Clone)]
pub(crate) struct Setting<T> {
    pub(crate) value: T,
    pub(crate) source: Source,
}

impl<T> Setting<T> {
    pub(crate) fn map<U>(self, f: impl FnOnce(T) -> U) -> Setting<U> {
        Setting {
            value: f(self.value),
            source: self.source,
        }
    }
}

/// The first of flag, environment, file and default that is there.
pub(crate) fn resolve<T>(
    flag: Option<T>,
    env: Option<(&'static str, T)>,
    file: Option<(T, usize)>,
    default: T,
) -> Setting<T> {
    resolve_optional(flag, env, file).unwrap_or(Setting {
        value: default,
        source: Source::Default,
    })
}

/// Like [`resolve`] without a default: `None` when nothing sets it.
pub(crate) fn resolve_optional<T>(
    flag: Option<T>,
    env: Option<(&'static str, T)>,
    file: Option<(T, usize)>,
) -> Option<Setting<T>> {
    if let Some(value) = flag {
        return Some(Setting {
            value,
            source: Source::Flag,
        });
    }
    if let Some((name, value)) = env {
        return Some(Setting {
            value,
            source: Source::Env(name),
        });
    }
    file.map(|(value, line)| Setting {
        value,
        source: Source::File(line),
    })
}

/// A non-empty environment variable.
pub(crate) fn env(name: &'static str) -> Option<(&'static str, String)> {
    std::env::var(name)
        .ok()
        .filter(|value| !value.trim().is_empty())
        .map(|value| (name, value))
}

static CONFIG: OnceLock<Config> = OnceLock::new();

/// Reads the file named by `flag` or `$REFERAT_CONFIG` and checks every value in it; the
/// commands then read it through [`get`]. Called once, by `main`, before a command runs.
pub(crate) fn init(flag: Option<PathBuf>) -> anyhow::Result<()> {
    let path = flag.or_else(|| {
        std::env::var_os(CONFIG_ENV)
            .filter(|path| !path.is_empty())
            .map(PathBuf::from)
    });
    let config = match path {
        None => Config::default(),
        Some(path) => Config::read(&path)?,
    };
    config.validate()?;
    let _ = CONFIG.set(config);
    Ok(())
}

/// The configuration [`init`] read; empty before it (in unit tests).
pub(crate) fn get() -> &'static Config {
    CONFIG.get_or_init(Config::default)
}

impl Config {
    /// Reads and parses the file at `path`.
    pub(crate) fn read(path: &Path) -> anyhow::Result<Config> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("kan ikke læse konfigurationen {}", path.display()))?;
        Config::parse(path, text)
    }

    /// Parses `text`, the contents of the file at `path`.
    pub(crate) fn parse(path: &Path, text: String) -> anyhow::Result<Config> {
        let file: FileConfig = match toml::from_str(&text) {
            Ok(file) => file,
            Err(err) => {
                let line = err.span().map_or(1, |span| line_of(&text, span.start));
                anyhow::bail!(
                    "{}, linje {line}: {}",
                    path.display(),
                    danish_message(err.message())
                );
            }
        };
        Ok(Config {
            path: Some(path.to_owned()),
            text,
            file,
        })
    }

    /// The line of a value in the file.
    pub(crate) fn line<T>(&self, value: &Spanned<T>) -> usize {
        line_of(&self.text, value.span().start)
    }

    /// A value from the file with its line, for [`resolve`].
    pub(crate) fn at<T: Clone>(&self, value: Option<&Spanned<T>>) -> Option<(T, usize)> {
        value.map(|value| (value.get_ref().clone(), self.line(value)))
    }

    /// A value from the file read with `parse`, with its line; an error names the line,
    /// the key and what is allowed.
    pub(crate) fn parsed<T, U, E: std::fmt::Display>(
        &self,
        key: &str,
        value: Option<&Spanned<T>>,
        parse: impl FnOnce(&T) -> Result<U, E>,
    ) -> anyhow::Result<Option<(U, usize)>> {
        let Some(value) = value else {
            return Ok(None);
        };
        let line = self.line(value);
        match parse(value.get_ref()) {
            Ok(parsed) => Ok(Some((parsed, line))),
            Err(err) => Err(self.invalid(line, key, &err.to_string())),
        }
    }

    /// The error for a wrong value of `key` at `line`.
    pub(crate) fn invalid(&self, line: usize, key: &str, allowed: &str) -> anyhow::Error {
        let path = self
            .path
            .as_deref()
            .map_or_else(|| "referat.toml".to_owned(), |p| p.display().to_string());
        anyhow::anyhow!("{path}, linje {line}: {key}: {allowed}")
    }

    /// The data folder from the file: relative to the file's folder.
    pub(crate) fn data(&self) -> Option<(PathBuf, usize)> {
        let (dir, line) = self.at(self.file.data.as_ref())?;
        let base = self.path.as_deref().and_then(Path::parent);
        let dir = match base {
            Some(base) if dir.is_relative() => base.join(dir),
            _ => dir,
        };
        Some((dir, line))
    }

    /// Checks every value that has rules beyond its type, so a wrong one is reported at
    /// once whichever command runs.
    fn validate(&self) -> anyhow::Result<()> {
        let serve = &self.file.serve;
        self.parsed("serve.addr", serve.addr.as_ref(), |raw| {
            crate::commands::serve::parse_addr(raw)
        })?;
        self.parsed("serve.public_url", serve.public_url.as_ref(), |raw| {
            raw.parse::<web::Origin>()
        })?;
        for (key, value) in [
            ("serve.header_timeout", &serve.header_timeout),
            ("serve.body_timeout", &serve.body_timeout),
            ("serve.idle_timeout", &serve.idle_timeout),
            ("serve.request_timeout", &serve.request_timeout),
        ] {
            self.parsed(key, value.as_ref(), |&seconds| {
                in_range(seconds, 1, 3600, "sekunder")
            })?;
        }
        self.parsed("serve.max_searches", serve.max_searches.as_ref(), |&n| {
            in_range(n, 1, 1024, "søgninger")
        })?;
        self.parsed(
            "serve.max_large_answers",
            serve.max_large_answers.as_ref(),
            |&n| in_range(n, 1, 64, "svar"),
        )?;
        let mail = &self.file.mail;
        self.parsed("mail.remind_days", mail.remind_days.as_ref(), |&days| {
            in_range(days, 0, 365, "dage")
        })?;
        self.parsed(
            "mail.alerts_every",
            mail.alerts_every.as_ref(),
            |&seconds| in_range(seconds, 1, 86_400, "sekunder"),
        )?;
        if let Some(roles) = &self.file.oidc.roles {
            for role in roles.get_ref() {
                self.parsed("oidc.roles", Some(role), |raw| {
                    raw.parse::<web::oidc::RoleMapping>()
                })?;
            }
        }
        let oidc = &self.file.oidc;
        if oidc.issuer.is_some() != oidc.client_id.is_some() {
            let (line, key) = match (&oidc.issuer, &oidc.client_id) {
                (Some(issuer), None) => (self.line(issuer), "oidc.client_id"),
                (None, Some(client_id)) => (self.line(client_id), "oidc.issuer"),
                _ => (1, "oidc"),
            };
            return Err(self.invalid(
                line,
                "oidc",
                &format!("issuer og client_id hører sammen: angiv også {key}"),
            ));
        }
        self.parsed("log.format", self.file.log.format.as_ref(), |raw| {
            LogFormat::parse(raw)
        })?;
        Ok(())
    }
}

/// How the server's log is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LogFormat {
    /// One JSON object per line (for a log collector).
    Json,
    /// Readable lines.
    Text,
    /// JSON unless stderr is a terminal.
    Auto,
    /// No request log.
    Off,
}

impl LogFormat {
    pub(crate) fn parse(raw: &str) -> Result<LogFormat, String> {
        match raw.trim() {
            "json" => Ok(LogFormat::Json),
            "tekst" | "text" => Ok(LogFormat::Text),
            "auto" => Ok(LogFormat::Auto),
            "fra" | "off" => Ok(LogFormat::Off),
            other => Err(format!(
                "{other:?} kendes ikke; tilladt: \"json\", \"tekst\", \"auto\" eller \"fra\""
            )),
        }
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            LogFormat::Json => "json",
            LogFormat::Text => "tekst",
            LogFormat::Auto => "auto",
            LogFormat::Off => "fra",
        }
    }
}

fn in_range(value: u64, min: u64, max: u64, unit: &str) -> Result<u64, String> {
    if (min..=max).contains(&value) {
        Ok(value)
    } else {
        Err(format!(
            "{value} er uden for det tilladte: {min} til {max} {unit}"
        ))
    }
}

/// The 1-based line of byte `offset` in `text`.
fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// serde's and the TOML parser's English message, in Danish for the common cases.
fn danish_message(message: &str) -> String {
    let message = message.trim();
    if let Some(rest) = message.strip_prefix("unknown field ") {
        // "unknown field `x`, expected one of `a`, `b`" or "…, expected `a`"
        let (field, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let field = field.replace('`', "");
        let expected = expected.trim_start_matches("one of ").replace('`', "");
        return if expected.is_empty() {
            format!("ukendt nøgle {field}")
        } else {
            format!("ukendt nøgle {field}; tilladt her: {expected}")
        };
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, "?"));
        return format!(
            "forkert type ({}); forventet {}",
            danish_kind(found),
            danish_kind(expected)
        );
    }
    if let Some(rest) = message.strip_prefix("invalid value: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, "?"));
        return format!(
            "forkert værdi ({}); forventet {}",
            danish_kind(found),
            danish_kind(expected)
        );
    }
    if let Some(field) = message.strip_prefix("duplicate key") {
        return format!("nøglen{field} står to gange");
    }
    format!("ugyldig TOML: {message}")
}

/// The kinds of value serde names, in Danish.
fn danish_kind(kind: &str) -> String {
    let kind = kind.trim();
    let danish = match kind {
        "usize" | "u64" | "u32" | "an integer" | "integer" => "et helt tal",
        "a string" | "string" => "en tekst i anførselstegn",
        "a sequence" | "sequence" => "en liste",
        "a boolean" | "boolean" => "true eller false",
        "a map" | "map" | "struct FileConfig" => "en tabel",
        "path string" => "en sti i anførselstegn",
        _ => {
            if let Some(rest) = kind.strip_prefix("string ") {
                return format!("teksten {rest}");
            }
            if let Some(rest) = kind.strip_prefix("integer ") {
                return format!("tallet {rest}");
            }
            if let Some(rest) = kind.strip_prefix("struct ") {
                return format!("tabellen {rest}");
            }
            return kind.to_owned();
        }
    };
    danish.to_owned()
}

/// A database URL with its password replaced by `***`, for printing.
pub(crate) fn hide_password(url: &str) -> String {
    let mut shown = url.to_owned();
    if let Some((scheme, rest)) = url.split_once("://")
        && let Some((userinfo, host)) = rest.split_once('@')
        && let Some((user, _password)) = userinfo.split_once(':')
    {
        shown = format!("{scheme}://{user}:***@{host}");
    }
    // `?password=…` in the query string too.
    if let Some(start) = shown.find("password=") {
        let value_start = start + "password=".len();
        let end = shown[value_start..]
            .find('&')
            .map_or(shown.len(), |n| value_start + n);
        shown.replace_range(value_start..end, "***");
    }
    shown
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::{Config, hide_password};

    fn error(text: &str) -> String {
        let config = Config::parse(Path::new("referat.toml"), text.to_owned());
        match config.and_then(|config| config.validate().map(|()| config)) {
            Ok(_) => "ok".to_owned(),
            Err(err) => format!("{err:#}"),
        }
    }

    #[test]
    fn an_unknown_key_names_its_line_and_the_keys_allowed() {
        assert_eq!(
            error("data = \"d\"\n\n[serve]\nport = 8080\n"),
            "referat.toml, linje 4: ukendt nøgle port; tilladt her: addr, public_url, \
             search_cache, header_timeout, body_timeout, idle_timeout, request_timeout, \
             max_connections_per_client, max_searches, search_queue, max_large_answers"
        );
        assert_eq!(
            error("[serv]\naddr = \"8080\"\n"),
            "referat.toml, linje 1: ukendt nøgle serv; tilladt her: data, database, serve, \
             oidc, mail, import, log"
        );
    }

    #[test]
    fn a_wrong_type_or_value_names_its_line_and_what_is_allowed() {
        assert_eq!(
            error("[serve]\nsearch_cache = \"mange\"\n"),
            "referat.toml, linje 2: forkert type (teksten \"mange\"); forventet et helt tal"
        );
        assert_eq!(
            error("[serve]\naddr = \"127.0.0.1:8080\"\nheader_timeout = 0\n"),
            "referat.toml, linje 3: serve.header_timeout: 0 er uden for det tilladte: 1 til \
             3600 sekunder"
        );
        assert_eq!(
            error("[serve]\naddr = \"localhost\"\n"),
            "referat.toml, linje 2: serve.addr: skriv VÆRT:PORT eller bare PORT, fx \
             127.0.0.1:8080, localhost:8080 eller 8080"
        );
        assert_eq!(
            error("[log]\nformat = \"xml\"\n"),
            "referat.toml, linje 2: log.format: \"xml\" kendes ikke; tilladt: \"json\", \
             \"tekst\", \"auto\" eller \"fra\""
        );
        assert_eq!(
            error("[oidc]\nissuer = \"https://login.example.dk\"\n"),
            "referat.toml, linje 2: oidc: issuer og client_id hører sammen: angiv også \
             oidc.client_id"
        );
        assert!(error("[serve\n").starts_with("referat.toml, linje 1: ugyldig TOML"));
    }

    #[test]
    fn a_sound_file_is_read_with_the_lines_of_its_values() {
        let text = "# referat\ndata = \"/srv/referat\"\n[serve]\nmax_searches = 8\n";
        let config = Config::parse(Path::new("/etc/referat.toml"), text.to_owned()).unwrap();
        config.validate().unwrap();
        let searches = config.file.serve.max_searches.as_ref().unwrap();
        assert_eq!((*searches.get_ref(), config.line(searches)), (8, 4));
        assert_eq!(
            config.data(),
            Some((std::path::PathBuf::from("/srv/referat"), 2))
        );
        let relative = Config::parse(
            Path::new("/etc/referat/referat.toml"),
            "data = \"d\"".into(),
        )
        .unwrap();
        assert_eq!(
            relative.data(),
            Some((std::path::PathBuf::from("/etc/referat/d"), 1))
        );
    }

    #[test]
    fn passwords_are_hidden() {
        assert_eq!(
            hide_password("postgres://referat:hemmelig@db:5432/referat"),
            "postgres://referat:***@db:5432/referat"
        );
        assert_eq!(
            hide_password("postgres://db/referat?user=r&password=hemmelig&sslmode=require"),
            "postgres://db/referat?user=r&password=***&sslmode=require"
        );
        assert_eq!(
            hide_password("postgres://db/referat"),
            "postgres://db/referat"
        );
    }
}
