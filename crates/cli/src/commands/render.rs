//! `referat render MEETING.json --to pdf|docx|md|html [-o FILE] [--template DIR]
//! [--offentlig]`: writes a meeting in the house layout, for the public without what closed
//! items hold. The meeting is JSON as `referat extract --json` prints it or
//! in the scorer's gold layout; replacement templates come from a folder.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::{Args, ValueEnum};

use crate::ExitStatus;

#[derive(Debug, Args)]
pub(crate) struct RenderArgs {
    /// Mødet som JSON: som `referat extract --json` skriver det, eller med personer som
    /// navne alene.
    #[arg(value_name = "MØDE.json")]
    meeting: PathBuf,
    /// Formatet, der skrives: pdf (A4 med skriften indlejret), docx (Word), md (Markdown)
    /// eller html (webside).
    #[arg(long = "to", value_enum, value_name = "FORMAT")]
    format: RenderFormat,
    /// Filen, der skrives (standard: standardoutput). En eksisterende fil overskrives.
    #[arg(short = 'o', long = "output", value_name = "FIL")]
    output: Option<PathBuf>,
    /// Udelad lukkede punkters tekst, opfølgning og bilag (som på det offentlige website: nummer,
    /// titel og frigivne beslutninger).
    #[arg(long = "offentlig")]
    public: bool,
    /// En mappe med egne skabeloner (referat.md, referat.html, referat.docx.xml,
    /// styles.docx.xml, referat.pdf.md); de, der mangler, er de indbyggede.
    #[arg(long = "template", value_name = "MAPPE")]
    template: Option<PathBuf>,
}

// No doc comments on the variants: clap would list them under an English heading.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum RenderFormat {
    Pdf,
    Docx,
    Md,
    Html,
}

impl From<RenderFormat> for render::Format {
    fn from(format: RenderFormat) -> render::Format {
        match format {
            RenderFormat::Pdf => render::Format::Pdf,
            RenderFormat::Docx => render::Format::Docx,
            RenderFormat::Md => render::Format::Markdown,
            RenderFormat::Html => render::Format::Html,
        }
    }
}

pub(crate) fn run(args: RenderArgs) -> anyhow::Result<ExitStatus> {
    let mut meeting = read_meeting(&args.meeting)?;
    if args.public {
        meeting.redact_closed();
    }
    let templates = match &args.template {
        Some(dir) => read_templates(dir)?,
        None => render::Templates::builtin(),
    };
    let bytes = render::render(&meeting, args.format.into(), &templates)?;
    match &args.output {
        Some(path) => std::fs::write(path, &bytes)
            .with_context(|| format!("{} kan ikke skrives", path.display()))?,
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(&bytes)?;
            stdout.flush()?;
        }
    }
    Ok(ExitStatus::Success)
}

fn read_meeting(path: &Path) -> anyhow::Result<model::Meeting> {
    let json = std::fs::read(path).with_context(|| format!("{}", path.display()))?;
    let json = String::from_utf8(json)
        .map_err(|_| anyhow::anyhow!("{}: er ikke tekst i UTF-8", path.display()))?;
    render::meeting_from_json(&json)
        .map_err(|err| anyhow::anyhow!("{}: er ikke et møde: {err}", path.display()))
}

/// The templates of `dir` in place of the built-in ones. A folder with none of the known
/// names is a mistake (a wrong path), not a wish for the built-in layout.
fn read_templates(dir: &Path) -> anyhow::Result<render::Templates> {
    let mut templates = render::Templates::builtin();
    let entries =
        std::fs::read_dir(dir).with_context(|| format!("skabelonmappen {}", dir.display()))?;
    let mut found = 0;
    for entry in entries {
        let entry = entry.with_context(|| format!("skabelonmappen {}", dir.display()))?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if !render::Templates::NAMES.contains(&name) {
            continue;
        }
        let path = entry.path();
        let source = std::fs::read_to_string(&path)
            .with_context(|| format!("skabelonen {}", path.display()))?;
        templates.set(name, source);
        found += 1;
    }
    if found == 0 {
        bail!(
            "skabelonmappen {} har ingen af skabelonerne {}",
            dir.display(),
            render::Templates::NAMES.join(", ")
        );
    }
    Ok(templates)
}
