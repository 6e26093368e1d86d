//! `referat config [SERVE FLAGS]`: prints the configuration `referat serve` would run with,
//! as a `referat.toml` with each value's source beside it (flag, environment variable, the
//! file's line, or the default), the database password and the OpenID Connect client
//! secret hidden. The output can be edited into a configuration file.

use clap::Args;

use crate::ExitStatus;
use crate::commands::input::LimitArgs;
use crate::commands::serve::ServeArgs;
use crate::config::{self, Setting, Source};

#[derive(Debug, Args)]
pub(crate) struct ConfigArgs {
    #[command(flatten)]
    serve: ServeArgs,
    #[command(flatten)]
    import: LimitArgs,
}

pub(crate) fn run(args: ConfigArgs) -> anyhow::Result<ExitStatus> {
    let settings = args.serve.settings()?;
    let mut out = String::new();
    match &config::get().path {
        Some(path) => out.push_str(&format!("# konfigurationsfil: {}\n", path.display())),
        None => out.push_str(&format!(
            "# ingen konfigurationsfil (angiv en med --config eller {})\n",
            config::CONFIG_ENV
        )),
    }
    out.push_str("# rækkefølge: tilvalg, så miljøvariabel, så fil, så standard\n");
    line(
        &mut out,
        "data",
        Some(&settings.data.clone().map(|dir| dir.display().to_string())),
    );
    line(
        &mut out,
        "database",
        settings
            .database
            .clone()
            .map(|url| url.map(|url| config::hide_password(&url)))
            .as_ref(),
    );
    out.push_str("\n[serve]\n");
    line(
        &mut out,
        "addr",
        Some(&settings.addr.clone().map(|addr| addr.to_string())),
    );
    line(
        &mut out,
        "public_url",
        settings
            .public_url
            .clone()
            .map(|url| url.map(|url| url.as_str().to_owned()))
            .as_ref(),
    );
    number(&mut out, "search_cache", &settings.search_cache);
    number(&mut out, "header_timeout", &settings.header_timeout);
    number(&mut out, "body_timeout", &settings.body_timeout);
    number(&mut out, "idle_timeout", &settings.idle_timeout);
    number(&mut out, "request_timeout", &settings.request_timeout);
    number(
        &mut out,
        "max_connections_per_client",
        &settings.max_connections_per_client,
    );
    number(&mut out, "max_searches", &settings.max_searches);
    number(&mut out, "search_queue", &settings.search_queue);
    number(&mut out, "max_large_answers", &settings.max_large_answers);
    out.push_str("\n[oidc]\n");
    line(&mut out, "issuer", settings.oidc_issuer.as_ref());
    line(&mut out, "client_id", settings.oidc_client_id.as_ref());
    line(
        &mut out,
        "client_secret",
        settings
            .oidc_client_secret
            .clone()
            .map(|secret| secret.map(|_| "***".to_owned()))
            .as_ref(),
    );
    line(&mut out, "groups_claim", Some(&settings.oidc_groups_claim));
    let roles = &settings.oidc_roles;
    let listed: Vec<String> = roles.value.iter().map(|role| quote(role)).collect();
    out.push_str(&format!(
        "roles = [{}]  # {}\n",
        listed.join(", "),
        source(&roles.source)
    ));
    line(&mut out, "name", settings.oidc_name.as_ref());
    out.push_str("\n[mail]\n");
    let mail = &args.serve.mail;
    line(
        &mut out,
        "smtp",
        mail.smtp_setting()
            .map(|url| url.map(|url| config::hide_password(&url)))
            .as_ref(),
    );
    line(&mut out, "mail_from", Some(&mail.sender_setting()));
    number(&mut out, "remind_days", &mail.remind_days_setting());
    number(&mut out, "alerts_every", &mail.alerts_every_setting());
    out.push_str("\n[import]\n");
    number(&mut out, "max_tekst", &args.import.max_text_mb());
    out.push_str("\n[log]\n");
    line(
        &mut out,
        "format",
        Some(&settings.log_format.clone().map(|f| f.name().to_owned())),
    );
    print!("{out}");
    Ok(ExitStatus::Success)
}

/// `key = "value"  # source`, or a commented line when nothing sets it.
fn line(out: &mut String, key: &str, setting: Option<&Setting<String>>) {
    match setting {
        Some(setting) => out.push_str(&format!(
            "{key} = {}  # {}\n",
            quote(&setting.value),
            source(&setting.source)
        )),
        None => out.push_str(&format!("# {key} = (ikke sat)\n")),
    }
}

fn number<T: std::fmt::Display>(out: &mut String, key: &str, setting: &Setting<T>) {
    out.push_str(&format!(
        "{key} = {}  # {}\n",
        setting.value,
        source(&setting.source)
    ));
}

/// A TOML basic string: JSON's escapes are TOML's.
fn quote(value: &str) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| format!("\"{value}\""))
}

fn source(source: &Source) -> String {
    match source {
        Source::Flag => "tilvalg".to_owned(),
        Source::Env(name) => format!("miljøvariabel {name}"),
        Source::File(line) => format!("fil, linje {line}"),
        Source::Default => "standard".to_owned(),
    }
}
