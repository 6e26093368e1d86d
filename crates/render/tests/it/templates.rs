//! Templates: values are escaped where the format needs it, a replaced template is used, and
//! a broken one is a Danish error naming it.

use render::{Format, Templates};

fn meeting() -> model::Meeting {
    render::meeting_from_json(
        r#"{"body": "Vej & Park <udvalg>", "date": "2026-03-10", "start": "16:00",
            "items": [{"number": "1", "title": "Skilte \"nej tak\" & <script>",
                       "decisions": [{"actor": "Udvalget", "kind": "approved", "text": "A < B"}]}]}"#,
    )
    .expect("reads")
}

fn text(format: Format, templates: &Templates) -> String {
    String::from_utf8(render::render(&meeting(), format, templates).expect("renders"))
        .expect("UTF-8")
}

#[test]
fn html_escapes_every_value() {
    let html = text(Format::Html, &Templates::builtin());
    assert!(
        html.contains("<h1>Vej &amp; Park &lt;udvalg&gt;</h1>"),
        "{html}"
    );
    assert!(
        html.contains("Skilte &quot;nej tak&quot; &amp; &lt;script&gt;"),
        "{html}"
    );
    assert!(html.contains("<li>A &lt; B</li>"), "{html}");
    assert!(!html.contains("<script>"), "{html}");
}

#[test]
fn markdown_writes_the_house_layout() {
    let markdown = text(Format::Markdown, &Templates::builtin());
    for line in [
        "# Vej & Park <udvalg>",
        "10-03-2026 16:00",
        "## Punkt 1: Skilte \"nej tak\" & <script>",
        "Udvalget godkendte:",
        "- A < B",
    ] {
        assert!(
            markdown.lines().any(|l| l == line),
            "{line:?} in\n{markdown}"
        );
    }
}

#[test]
fn docx_document_xml_is_escaped_and_well_formed() {
    let bytes = render::render(&meeting(), Format::Docx, &Templates::builtin()).expect("renders");
    let text = formats::read_docx(&bytes).expect("our DOCX reads");
    let lines: Vec<&str> = text.lines.iter().map(|l| l.text.as_str()).collect();
    assert!(lines.contains(&"Vej & Park <udvalg>"), "{lines:?}");
    assert!(
        lines.contains(&"Punkt 1: Skilte \"nej tak\" & <script>"),
        "{lines:?}"
    );
}

#[test]
fn a_replaced_template_is_used() {
    let mut templates = Templates::builtin();
    assert!(templates.set(render::MARKDOWN_TEMPLATE, "Møde i {{ body }}\n".into()));
    assert!(!templates.set("ukendt.md", String::new()));
    assert_eq!(
        text(Format::Markdown, &templates),
        "Møde i Vej & Park <udvalg>\n"
    );
}

#[test]
fn a_broken_template_names_itself_and_the_line() {
    let mut templates = Templates::builtin();
    templates.set(render::HTML_TEMPLATE, "<p>\n{{ body }\n".into());
    let err = render::render(&meeting(), Format::Html, &templates).expect_err("broken");
    assert!(
        err.to_string()
            .starts_with("skabelonen referat.html kan ikke bruges: linje 2"),
        "{err}"
    );
    templates.set(render::HTML_TEMPLATE, "{{ bodyy }}".into());
    let err = render::render(&meeting(), Format::Html, &templates).expect_err("undefined");
    assert!(err.to_string().contains("referat.html"), "{err}");
}

#[test]
fn an_agenda_is_titled_dagsorden() {
    let mut agenda = meeting();
    agenda.kind = model::DocumentKind::Agenda;
    let markdown = String::from_utf8(
        render::render(&agenda, Format::Markdown, &Templates::builtin()).expect("renders"),
    )
    .expect("UTF-8");
    assert!(markdown.contains("\n## Dagsorden\n"), "{markdown}");
    assert!(!markdown.contains("Referat"), "{markdown}");
}
