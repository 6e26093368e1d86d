//! What `referat serve` runs with, resolved from its flags, the environment, the
//! configuration file (`referat.toml`, see [`crate::config`]) and the defaults, in that
//! order, each value with where it came from. `serve` uses the values; `referat config`
//! prints them with their sources and the secrets hidden.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use crate::commands::serve::ServeArgs;
use crate::config::{self, LogFormat, Setting, resolve, resolve_optional};

/// The address listened on when nothing says otherwise.
const DEFAULT_ADDR: &str = "127.0.0.1:8080";

/// Every setting of `referat serve`.
#[derive(Debug)]
pub(crate) struct ServeSettings {
    pub(crate) data: Setting<PathBuf>,
    pub(crate) database: Option<Setting<String>>,
    pub(crate) addr: Setting<SocketAddr>,
    pub(crate) public_url: Option<Setting<web::Origin>>,
    pub(crate) search_cache: Setting<usize>,
    pub(crate) header_timeout: Setting<u64>,
    pub(crate) body_timeout: Setting<u64>,
    pub(crate) idle_timeout: Setting<u64>,
    pub(crate) request_timeout: Setting<u64>,
    pub(crate) max_connections_per_client: Setting<usize>,
    pub(crate) max_searches: Setting<u64>,
    pub(crate) search_queue: Setting<usize>,
    pub(crate) max_large_answers: Setting<u64>,
    pub(crate) oidc_issuer: Option<Setting<String>>,
    pub(crate) oidc_client_id: Option<Setting<String>>,
    pub(crate) oidc_client_secret: Option<Setting<String>>,
    pub(crate) oidc_groups_claim: Setting<String>,
    pub(crate) oidc_roles: Setting<Vec<String>>,
    pub(crate) oidc_name: Option<Setting<String>>,
    pub(crate) log_format: Setting<LogFormat>,
}

impl ServeArgs {
    /// The flags resolved against the environment, the configuration file and the
    /// defaults. The file's values were checked when it was read.
    pub(crate) fn settings(&self) -> anyhow::Result<ServeSettings> {
        let config = config::get();
        let file = &config.file.serve;
        let oidc = &config.file.oidc;
        let limits = &self.limits;
        let public_url_env = match config::env("REFERAT_PUBLIC_URL") {
            Some((name, raw)) => Some((
                name,
                raw.trim()
                    .parse::<web::Origin>()
                    .map_err(|err| anyhow::anyhow!("{name}: {err}"))?,
            )),
            None => None,
        };
        let log_format_env = match config::env("REFERAT_LOG_FORMAT") {
            Some((name, raw)) => Some((
                name,
                LogFormat::parse(&raw).map_err(|err| anyhow::anyhow!("{name}: {err}"))?,
            )),
            None => None,
        };
        let roles = if self.oidc.oidc_role.is_empty() {
            None
        } else {
            Some(self.oidc.oidc_role.clone())
        };
        let file_roles = oidc.roles.as_ref().map(|roles| {
            let values = roles
                .get_ref()
                .iter()
                .map(|r| r.get_ref().clone())
                .collect();
            (values, config.line(roles))
        });
        let settings = ServeSettings {
            data: self.data.dir_setting(),
            database: self.data.database_setting(),
            addr: resolve(
                self.addr,
                None,
                config.parsed("serve.addr", file.addr.as_ref(), |raw| {
                    crate::commands::serve::parse_addr(raw)
                })?,
                crate::commands::serve::parse_addr(DEFAULT_ADDR).map_err(anyhow::Error::msg)?,
            ),
            public_url: resolve_optional(
                self.public_url.clone(),
                public_url_env,
                config.parsed("serve.public_url", file.public_url.as_ref(), |raw| {
                    raw.parse::<web::Origin>()
                })?,
            ),
            search_cache: resolve(
                self.search_cache,
                None,
                config.at(file.search_cache.as_ref()),
                search::CACHE_ENTRIES,
            ),
            header_timeout: resolve(
                limits.header_timeout,
                None,
                config.at(file.header_timeout.as_ref()),
                10,
            ),
            body_timeout: resolve(
                limits.body_timeout,
                None,
                config.at(file.body_timeout.as_ref()),
                10,
            ),
            idle_timeout: resolve(
                limits.idle_timeout,
                None,
                config.at(file.idle_timeout.as_ref()),
                10,
            ),
            request_timeout: resolve(
                limits.request_timeout,
                None,
                config.at(file.request_timeout.as_ref()),
                30,
            ),
            max_connections_per_client: resolve(
                limits.max_connections_per_client,
                None,
                config.at(file.max_connections_per_client.as_ref()),
                100,
            ),
            max_searches: resolve(
                limits.max_searches,
                None,
                config.at(file.max_searches.as_ref()),
                4,
            ),
            search_queue: resolve(
                limits.search_queue,
                None,
                config.at(file.search_queue.as_ref()),
                64,
            ),
            max_large_answers: resolve(
                limits.max_large_answers,
                None,
                config.at(file.max_large_answers.as_ref()),
                2,
            ),
            oidc_issuer: resolve_optional(
                self.oidc.oidc_issuer.clone(),
                None,
                config.at(oidc.issuer.as_ref()),
            ),
            oidc_client_id: resolve_optional(
                self.oidc.oidc_client_id.clone(),
                None,
                config.at(oidc.client_id.as_ref()),
            ),
            oidc_client_secret: resolve_optional(
                self.oidc.oidc_client_secret.clone(),
                config::env("REFERAT_OIDC_CLIENT_SECRET"),
                config.at(oidc.client_secret.as_ref()),
            ),
            oidc_groups_claim: resolve(
                self.oidc.oidc_groups_claim.clone(),
                None,
                config.at(oidc.groups_claim.as_ref()),
                "groups".to_owned(),
            ),
            oidc_roles: resolve(roles, None, file_roles, Vec::new()),
            oidc_name: resolve_optional(
                self.oidc.oidc_name.clone(),
                None,
                config.at(oidc.name.as_ref()),
            ),
            log_format: resolve(
                None,
                log_format_env,
                config.parsed("log.format", config.file.log.format.as_ref(), |raw| {
                    LogFormat::parse(raw)
                })?,
                LogFormat::Auto,
            ),
        };
        if settings.oidc_issuer.is_some() != settings.oidc_client_id.is_some() {
            anyhow::bail!(
                "OpenID Connect kræver både udbyder og klient-id: angiv --oidc-issuer og \
                 --oidc-client-id (eller issuer og client_id under [oidc] i \
                 konfigurationsfilen)"
            );
        }
        Ok(settings)
    }
}

impl ServeSettings {
    /// The limits on clients (`web::Limits`).
    pub(crate) fn limits(&self) -> web::Limits {
        web::Limits {
            header_timeout: Duration::from_secs(self.header_timeout.value),
            body_timeout: Duration::from_secs(self.body_timeout.value),
            idle_timeout: Duration::from_secs(self.idle_timeout.value),
            request_timeout: Duration::from_secs(self.request_timeout.value),
            connections_per_client: self.max_connections_per_client.value,
            // Bounded to 1..=1024 by the flag's parser and the file's check.
            searches: usize::try_from(self.max_searches.value).unwrap_or(1),
            search_queue: self.search_queue.value,
            // Bounded to 1..=64 by the flag's parser and the file's check.
            large_answers: usize::try_from(self.max_large_answers.value).unwrap_or(1),
        }
    }

    /// The request log: `auto` is JSON for a log collector unless stderr is a terminal.
    pub(crate) fn log(&self) -> web::LogFormat {
        use std::io::IsTerminal;
        match self.log_format.value {
            LogFormat::Json => web::LogFormat::Json,
            LogFormat::Text => web::LogFormat::Text,
            LogFormat::Auto if std::io::stderr().is_terminal() => web::LogFormat::Text,
            LogFormat::Auto => web::LogFormat::Json,
            LogFormat::Off => web::LogFormat::Off,
        }
    }

    /// Sign-in with OpenID Connect, when an issuer is set.
    pub(crate) fn oidc(&self) -> anyhow::Result<Option<web::oidc::Oidc>> {
        let (Some(issuer), Some(client_id)) = (&self.oidc_issuer, &self.oidc_client_id) else {
            return Ok(None);
        };
        let issuer = issuer.value.clone();
        let name = self.oidc_name.as_ref().map_or_else(
            || {
                let host = issuer.split("://").nth(1).unwrap_or(&issuer);
                host.split(['/', ':']).next().unwrap_or(host).to_owned()
            },
            |name| name.value.clone(),
        );
        let roles = self
            .oidc_roles
            .value
            .iter()
            .map(|raw| raw.parse().map_err(anyhow::Error::msg))
            .collect::<anyhow::Result<_>>()?;
        let config = web::oidc::OidcConfig {
            issuer,
            client_id: client_id.value.clone(),
            client_secret: self
                .oidc_client_secret
                .as_ref()
                .map(|secret| secret.value.clone())
                .filter(|secret| !secret.trim().is_empty()),
            groups_claim: self.oidc_groups_claim.value.clone(),
            roles,
            name,
        };
        web::oidc::Oidc::new(config)
            .map(Some)
            .map_err(|err| anyhow::anyhow!("OpenID Connect: {err}"))
    }
}
