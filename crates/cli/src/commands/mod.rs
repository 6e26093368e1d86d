//! One module per subcommand; `main::dispatch` is the only place that picks one.

pub(crate) mod actions;
pub(crate) mod alerts;
pub(crate) mod audit;
pub(crate) mod backup;
pub(crate) mod bench;
pub(crate) mod bench_pg;
pub(crate) mod bench_web;
pub(crate) mod bodies;
pub(crate) mod check;
pub(crate) mod completions;
pub(crate) mod config;
pub(crate) mod data;
pub(crate) mod demo;
pub(crate) mod extract;
pub(crate) mod import;
pub(crate) mod input;
pub(crate) mod people;
pub(crate) mod publish;
pub(crate) mod reextract;
pub(crate) mod render;
pub(crate) mod search;
pub(crate) mod serve;
pub(crate) mod settings;
pub(crate) mod show;
pub(crate) mod users;
pub(crate) mod verify;

/// An error and its causes as one line, `error: cause: cause`, with the operating system's
/// reasons for failed file and network operations in Danish.
pub(crate) fn describe(err: &anyhow::Error) -> String {
    let mut line = String::new();
    for (n, cause) in err.chain().enumerate() {
        if n > 0 {
            line.push_str(": ");
        }
        let danish = cause.downcast_ref::<std::io::Error>().and_then(io_reason);
        match danish {
            Some(reason) => line.push_str(reason),
            None => line.push_str(&cause.to_string()),
        }
    }
    line
}

/// The Danish reason for the usual kinds of failed file and network operations.
fn io_reason(err: &std::io::Error) -> Option<&'static str> {
    use std::io::ErrorKind;
    let reason = match err.kind() {
        ErrorKind::NotFound => "findes ikke",
        ErrorKind::PermissionDenied => "ingen adgang (tjek filens rettigheder)",
        ErrorKind::IsADirectory => "er en mappe, ikke en fil",
        ErrorKind::NotADirectory => "er ikke en mappe",
        ErrorKind::AlreadyExists => "findes allerede",
        ErrorKind::StorageFull => "disken er fuld",
        ErrorKind::ReadOnlyFilesystem => "filsystemet er skrivebeskyttet",
        ErrorKind::ConnectionRefused => "forbindelsen blev afvist",
        ErrorKind::TimedOut => "tiden løb ud",
        ErrorKind::AddrInUse => "adressen er allerede i brug",
        ErrorKind::AddrNotAvailable => "adressen findes ikke på denne maskine",
        ErrorKind::UnexpectedEof => "filen slutter for tidligt",
        _ => return None,
    };
    Some(reason)
}

/// `--lukkede`, for the commands that show what the store holds. Without it a command
/// answers as the web answers the public: closed items show their number and title only
/// (issue 13), so output piped onward or published leaks nothing. The local operator who
/// owns the database may ask for them whole.
#[derive(Debug, Clone, Copy, clap::Args)]
pub(crate) struct ClosedArgs {
    /// Vis lukkede punkter med tekst, beslutninger og opfølgning (kun til eget brug: uden
    /// flaget vises de som på det offentlige website, med nummer og titel).
    #[arg(long = "lukkede")]
    closed: bool,
}

impl ClosedArgs {
    /// Who the command answers for: a member for `--lukkede`, else the public.
    pub(crate) fn viewer(self) -> web::access::Viewer {
        use web::access::{Account, Role, Viewer};
        if self.closed {
            Viewer::Account(Account {
                email: "lokal-operatør".to_owned(),
                role: Role::Member,
                organisation: None,
            })
        } else {
            Viewer::Public
        }
    }
}

/// `n` and the noun in the number that goes with it: "1 møde", "2 møder", "0 møder".
pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_is_singular() {
        assert_eq!(super::plural(1, "møde", "møder"), "1 møde");
        assert_eq!(super::plural(0, "møde", "møder"), "0 møder");
        assert_eq!(
            super::plural(2, "beslutning", "beslutninger"),
            "2 beslutninger"
        );
    }
}
