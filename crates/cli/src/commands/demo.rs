//! `referat demo [--addr 127.0.0.1:8080]`: imports the sample minutes bundled with referat
//! (five public Rådmandsmøde minutes from Aarhus, embedded in the binary) into a temporary
//! data folder and serves them. The folder is removed when the server stops, Ctrl-C
//! included.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use clap::Args;
use store::{SqliteStore, Store};

use crate::ExitStatus;
use crate::commands::{data, import, serve};

/// The bundled minutes: file name and bytes.
pub(crate) const SEEDS: [(&str, &[u8]); 5] = [
    (
        "000_9103abb0bcf6959c.txt",
        include_bytes!("../../demo/000_9103abb0bcf6959c.txt"),
    ),
    (
        "001_663a87bf173458ce.txt",
        include_bytes!("../../demo/001_663a87bf173458ce.txt"),
    ),
    (
        "002_cd6ea5bea21a9b99.txt",
        include_bytes!("../../demo/002_cd6ea5bea21a9b99.txt"),
    ),
    (
        "003_35df2c070ee89508.txt",
        include_bytes!("../../demo/003_35df2c070ee89508.txt"),
    ),
    (
        "004_3899428a4dfabd3b.txt",
        include_bytes!("../../demo/004_3899428a4dfabd3b.txt"),
    ),
];

#[derive(Debug, Args)]
pub(crate) struct DemoArgs {
    /// Adressen, der lyttes på: VÆRT:PORT eller bare PORT (på 127.0.0.1). Er porten
    /// optaget, bruges en anden ledig.
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADRESSE", value_parser = serve::parse_addr)]
    addr: SocketAddr,
}

pub(crate) fn run(args: DemoArgs) -> anyhow::Result<ExitStatus> {
    let dir = tempfile::tempdir().context("kan ikke oprette en midlertidig datamappe")?;
    let store = SqliteStore::open(dir.path()).context("kan ikke åbne datamappen")?;
    for (name, bytes) in SEEDS {
        import(&store, name, bytes).with_context(|| format!("kan ikke importere {name}"))?;
    }
    println!(
        "referat: {} eksempelreferater importeret i {}",
        SEEDS.len(),
        dir.path().display()
    );
    let index = data::open_index(&store, &dir.path().join("index"))
        .context("kan ikke bygge søgeindekset")?;
    let serving = serve::Serving {
        origin: None,
        limits: web::Limits::default(),
        oidc: None,
        log: web::LogFormat::Off,
    };
    serve::serve(
        Arc::new(store),
        Arc::new(index),
        args.addr,
        serve::Mode::Demo,
        serving,
    )?;
    let shown = dir.path().display().to_string();
    dir.close()
        .with_context(|| format!("kan ikke fjerne den midlertidige mappe {shown}"))?;
    println!("referat: stoppet; den midlertidige mappe er fjernet");
    Ok(ExitStatus::Success)
}

/// Keeps the original and stores the meeting extracted from it, the way `referat import`
/// does (through its [`import::extract_meeting`]).
fn import(store: &dyn Store, name: &str, bytes: &[u8]) -> anyhow::Result<()> {
    let source = store.put_source(bytes, name)?;
    let meeting =
        import::extract_meeting(bytes, name, &source.sha256, &formats::Limits::default())?
            .context("ligner ikke et referat")?;
    store.put_meeting(&meeting, &source.sha256)?;
    Ok(())
}
