#!/usr/bin/env bash
# Regenerates the PDF fixtures of the PDF reader (crates/formats/src/pdf.rs) from the seed
# minutes in ../shared/seeds. The PDFs are committed, so the tests never run this; run it by
# hand after changing it, and review the size of what it writes (a few KB each). Then bless
# the goldens beside them (`<name>.pdf.txt`) with `UPDATE_EXPECT=1 cargo test -p formats`
# and read their diff.
#
# Needs Debian's libreoffice-writer-nogui, hyphen-da (Danish hyphenation patterns), qpdf,
# poppler-utils (pdftoppm) and img2pdf, plus python3 to write the LibreOffice documents:
#   apt-get install -y libreoffice-writer-nogui hyphen-da qpdf poppler-utils img2pdf
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
seeds="${SEEDS:-$here/../../../../../shared/seeds}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Flat ODT from a seed text. Lines of one block are joined into one paragraph so that
# LibreOffice wraps and hyphenates them itself; bullets and "1)" items start a paragraph.
# The page style has a running title in the header and "Side N af M" in the footer, the
# page furniture the reader must drop. Text is Danish, justified and hyphenated
# (hyphen-da), so line ends carry hyphens such as "opsam-" + "ling".
make_fodt() { # seed-file title columns max-lines out
  python3 - "$@" <<'PY'
import re, sys
from xml.sax.saxutils import escape
seed, title, columns, max_lines, out = sys.argv[1:6]
lines = open(seed, encoding="utf-8").read().splitlines()[: int(max_lines)]
paras, cur = [], []
starts = re.compile(r"^\s*(•|◦|\d+[a-z]?\)|\d+\.\s|Punkt \d+:)")
for line in lines:
    line = line.strip().replace("**", "").lstrip("#").strip()
    if not line or line == "---":
        if cur: paras.append(" ".join(cur)); cur = []
        continue
    if starts.match(line) and cur:
        paras.append(" ".join(cur)); cur = []
    cur.append(line)
if cur: paras.append(" ".join(cur))
body = "\n".join(f'<text:p text:style-name="{"H" if p.startswith("Punkt ") else "P"}">{escape(p)}</text:p>' for p in paras)
cols = ""
if int(columns) > 1:
    cols = f'<style:columns fo:column-count="{columns}" fo:column-gap="0.8cm"/>'
doc = f'''<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls>
 <style:font-face style:name="Liberation Serif" svg:font-family="'Liberation Serif'" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"/>
</office:font-face-decls>
<office:styles>
 <style:default-style style:family="paragraph">
  <style:paragraph-properties fo:hyphenation-ladder-count="no-limit"/>
  <style:text-properties style:font-name="Liberation Serif" fo:font-size="11pt" fo:language="da" fo:country="DK"
   fo:hyphenate="true" fo:hyphenation-remain-char-count="2" fo:hyphenation-push-char-count="2"/>
 </style:default-style>
 <style:style style:name="P" style:family="paragraph">
  <style:paragraph-properties fo:text-align="justify" fo:margin-bottom="0.15cm"/>
 </style:style>
 <style:style style:name="H" style:family="paragraph">
  <style:paragraph-properties fo:margin-top="0.3cm" fo:margin-bottom="0.15cm"/>
  <style:text-properties fo:font-weight="bold" fo:hyphenate="false"/>
 </style:style>
 <style:style style:name="Furniture" style:family="paragraph">
  <style:paragraph-properties fo:text-align="center"/>
  <style:text-properties fo:font-size="9pt" fo:hyphenate="false"/>
 </style:style>
</office:styles>
<office:automatic-styles>
 <style:page-layout style:name="PL">
  <style:page-layout-properties fo:page-width="14.8cm" fo:page-height="21cm" fo:margin-top="1cm"
   fo:margin-bottom="1cm" fo:margin-left="1.5cm" fo:margin-right="1.5cm">{cols}</style:page-layout-properties>
  <style:header-style><style:header-footer-properties fo:min-height="0.6cm" fo:margin-bottom="0.3cm"/></style:header-style>
  <style:footer-style><style:header-footer-properties fo:min-height="0.6cm" fo:margin-top="0.3cm"/></style:footer-style>
 </style:page-layout>
</office:automatic-styles>
<office:master-styles>
 <style:master-page style:name="Standard" style:page-layout-name="PL">
  <style:header><text:p text:style-name="Furniture">{escape(title)}</text:p></style:header>
  <style:footer><text:p text:style-name="Furniture">Side <text:page-number text:select-page="current">1</text:page-number> af <text:page-count>1</text:page-count></text:p></style:footer>
 </style:master-page>
</office:master-styles>
<office:body><office:text>
{body}
</office:text></office:body>
</office:document>
'''
open(out, "w", encoding="utf-8").write(doc)
PY
}

to_pdf() { # fodt-file out-pdf
  local name
  name="$(basename "${1%.fodt}")"
  soffice --headless --convert-to pdf --outdir "$work" "$1" >/dev/null 2>&1
  # Drop the embedded font programs: the reader needs only each font's widths, encoding
  # and ToUnicode map, and without them a fixture is a few KB instead of 30. Then pack
  # objects into object streams, the way many producers write PDFs today.
  qpdf --qdf --object-streams=disable "$work/$name.pdf" "$work/$name.qdf"
  sed -i -E 's#/FontFile2? [0-9]+ 0 R##' "$work/$name.qdf"
  fix-qdf "$work/$name.qdf" > "$work/$name.fixed.pdf"
  qpdf --object-streams=generate --compression-level=9 --recompress-flate \
    "$work/$name.fixed.pdf" "$2"
}

# 1. Hyphenated, justified minutes with a running header and "Side N af M" footer.
make_fodt "$seeds/000_9103abb0bcf6959c.txt" "Rådmandsmøde 1. juli 2025 – referat" 1 60 "$work/minutes-hyphenated.fodt"
to_pdf "$work/minutes-hyphenated.fodt" "$here/minutes-hyphenated.pdf"

# 2. The same kind of text set in two columns: reading order must go column by column.
make_fodt "$seeds/001_663a87bf173458ce.txt" "Rådmandsmøde – referat" 2 200 "$work/two-columns.fodt"
to_pdf "$work/two-columns.fodt" "$here/two-columns.pdf"

# 3. Encrypted with a user password: the reader cannot open it and says so.
qpdf --encrypt secret owner-secret 256 -- "$here/two-columns.pdf" "$here/encrypted.pdf"

# 4. Encrypted with an empty user password (only permissions are restricted): anyone can
#    open it, so the reader reads it.
qpdf --encrypt "" owner-secret 256 --print=none -- "$here/two-columns.pdf" "$here/encrypted-no-user-password.pdf"

# 5. A scan: the first page as a small grey image, with no text layer.
pdftoppm -f 1 -l 1 -r 50 -mono -png "$here/minutes-hyphenated.pdf" "$work/scan"
img2pdf --output "$here/scanned.pdf" "$work"/scan*.png

# 6. Truncated: the first half of a real PDF, cut mid-stream.
size=$(stat -c %s "$here/two-columns.pdf")
head -c $((size / 2)) "$here/two-columns.pdf" > "$here/truncated.pdf"

# 7. A %PDF header followed by binary garbage (fixed seed, so the file is reproducible).
python3 -c '
import random, sys
random.seed(20250827)
sys.stdout.buffer.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes(random.randrange(256) for _ in range(3000)))
' > "$here/garbage.pdf"

ls -l "$here"/*.pdf

# ---- DOCX, text and bad-input fixtures of the other readers (docx.rs, plain.rs, sniff.rs).
# Needs libreoffice-writer-nogui and python3.

# 8. A seed as Word would have it: "Punkt N:" headings, "•" bullets and "1)", "1a)", "1."
#    labels as real list numbering (the labels are not in the text; the reader must
#    render them from numbering.xml), written by LibreOffice from a flat ODT.
python3 - "$seeds/000_9103abb0bcf6959c.txt" "$work/seed-000.fodt" <<'PY'
import re, sys
from xml.sax.saxutils import escape
seed, out = sys.argv[1:3]
lines = open(seed, encoding="utf-8").read().splitlines()
# Paragraphs: a block's wrapped lines joined; a bullet or label starts a new one.
starts = re.compile(r"^\s*(•|◦|\d+[a-z]?\)|\d+\.\s|Punkt \d+:|Pkt\. )")
paras, cur = [], []
for line in lines:
    line = line.strip()
    if not line:
        if cur: paras.append(" ".join(cur)); cur = []
        paras.append("")
        continue
    if starts.match(line) and cur:
        paras.append(" ".join(cur)); cur = []
    cur.append(line)
if cur: paras.append(" ".join(cur))
# Each paragraph gets a kind: (list style, level) or a paragraph style.
body, open_list = [], None
def close():
    global open_list
    if open_list:
        body.append("</text:list-item></text:list>" * open_list[1])
        open_list = None
def item(style, level, text):
    global open_list
    if open_list and open_list[0] != style:
        close()
    if not open_list:
        body.append(f'<text:list text:style-name="{style}"><text:list-item>' + "<text:list><text:list-item>" * (level - 1))
        open_list = (style, level)
    elif level > open_list[1]:
        body.append("<text:list><text:list-item>" * (level - open_list[1]))
        open_list = (style, level)
    else:
        body.append("</text:list-item></text:list>" * (open_list[1] - level) + "</text:list-item><text:list-item>")
        open_list = (style, level)
    body.append(f'<text:p text:style-name="P">{escape(text)}</text:p>')
for idx, p in enumerate(paras):
    m = re.match(r"^(•\s*◦|◦)\s*(.*)", p)
    if m: item("Bul", 2, m.group(2)); continue
    m = re.match(r"^•\s*(.*)", p)
    if m: item("Bul", 1, m.group(1)); continue
    m = re.match(r"^\d+[a-z]\)\s*(.*)", p)
    if m: item("Paren", 2, m.group(1)); continue
    m = re.match(r"^\d+\)\s*(.*)", p)
    if m: item("Paren", 1, m.group(1)); continue
    m = re.match(r"^\d+\.\s+(.*)", p)
    if m: item("Dot", 1, m.group(1)); continue
    if p == "" and open_list:
        # A blank line between two items of a list is spacing; after the last item it
        # is a paragraph of its own, as in the seed.
        rest = [q for q in paras[idx + 1:] if q]
        if rest and re.match(r"^(•|◦|\d+[a-z]?\)|\d+\.\s)", rest[0]):
            continue
    close()
    style = "H" if p.startswith("Punkt ") else "P"
    body.append(f'<text:p text:style-name="{style}">{escape(p)}</text:p>')
close()
def number_style(name, levels):
    out = [f'<text:list-style style:name="{name}">']
    for level, (fmt, suffix, display) in enumerate(levels, 1):
        out.append(f'<text:list-level-style-number text:level="{level}" style:num-format="{fmt}" style:num-suffix="{suffix}" text:display-levels="{display}"/>')
    return "".join(out) + "</text:list-style>"
styles = (
    number_style("Paren", [("1", ")", 1), ("a", ")", 2)])
    + number_style("Dot", [("1", ".", 1)])
    + '<text:list-style style:name="Bul">'
    + '<text:list-level-style-bullet text:level="1" text:bullet-char="•"/>'
    + '<text:list-level-style-bullet text:level="2" text:bullet-char="◦"/>'
    + "</text:list-style>"
)
doc = f'''<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:styles>
 <style:style style:name="P" style:family="paragraph"/>
 <style:style style:name="H" style:family="paragraph"><style:text-properties fo:font-weight="bold"/></style:style>
 {styles}
</office:styles>
<office:body><office:text>
{"".join(body)}
</office:text></office:body>
</office:document>
'''
open(out, "w", encoding="utf-8").write(doc)
PY
soffice --headless --convert-to docx:"MS Word 2007 XML" --outdir "$work" "$work/seed-000.fodt" >/dev/null 2>&1
# ODF cannot say "1a)" (it writes "%1.%2)"); Word writes "%1%2)", as in the seed.
python3 - "$work/seed-000.docx" "$here/seed-000.docx" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as src, zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as dst:
    for info in src.infolist():
        data = src.read(info.filename)
        if info.filename == "word/numbering.xml":
            data = data.replace(b'w:val="%1.%2)"', b'w:val="%1%2)"')
        info.date_time = (2025, 7, 1, 0, 0, 0)
        dst.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
PY

# 9. The same DOCX under a wrong name: the reader goes by content, not by extension.
cp "$here/seed-000.docx" "$here/docx-named.pdf"

# 10. Hand-written WordprocessingML with what LibreOffice does not write the way Word does:
#     split runs, tracked changes, fields, a content control, a text box with its VML
#     fallback, a table with a merged cell and a nested table, direct "%1)"/"%1%2)"
#     numbering and a style-linked bullet list.
python3 - "$here/features.docx" <<'PY'
import sys, zipfile
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
def p(text, num=None, style=None):
    ppr = ""
    if style: ppr += f'<w:pStyle w:val="{style}"/>'
    if num: ppr += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    return f'<w:p><w:pPr>{ppr}</w:pPr><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'
def cell(inner, merge=None):
    pr = f'<w:tcPr><w:vMerge w:val="{merge}"/></w:tcPr>' if merge == "restart" else ('<w:tcPr><w:vMerge/></w:tcPr>' if merge else "")
    return f"<w:tc>{pr}{inner}</w:tc>"
body = "".join([
    p("Rådmandsmøde (Rådmandsmøde)"),
    '<w:p><w:r><w:t>01-07-2025 11:30 </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>- 13:</w:t></w:r><w:r><w:t>00</w:t></w:r></w:p>',
    '<w:p><w:r><w:t>Rådmandsmødekredsen </w:t></w:r><w:del w:id="1" w:author="A"><w:r><w:delText>afviste </w:delText></w:r></w:del>'
    '<w:ins w:id="2" w:author="A"><w:r><w:t>godkendte</w:t></w:r></w:ins><w:r><w:t xml:space="preserve"> enstemmigt.</w:t></w:r></w:p>',
    '<w:p><w:r><w:t>Se</w:t></w:r><w:r><w:tab/><w:t>bilag</w:t></w:r><w:r><w:br/><w:t>på </w:t></w:r>'
    '<w:hyperlink r:id="rId9" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:r><w:t>hjemmesiden</w:t></w:r></w:hyperlink>'
    '<w:r><w:t xml:space="preserve"> side </w:t></w:r><w:fldSimple w:instr=" PAGE "><w:r><w:t>3</w:t></w:r></w:fldSimple>'
    '<w:r><w:t xml:space="preserve"> af </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> NUMPAGES </w:instrText></w:r>'
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>',
    '<w:sdt><w:sdtPr><w:alias w:val="Titel"/><w:placeholder><w:docPart w:val="x"/></w:placeholder></w:sdtPr><w:sdtContent>' + p("Punkt 1: Budget &amp; regnskab") + '</w:sdtContent></w:sdt>',
    p("Samle ledelsen", num=(1, 0)), p("Samle ansvaret", num=(1, 1)), p("Ændre fordelingen", num=(1, 1)), p("Styrke samarbejdet", num=(1, 0)),
    p("Drøftede anbefalingerne", style="ListBullet"), p("Godkendte fordelingen", style="ListBullet"),
    p("Økonomi", num=(3, 0)), p("Budget", num=(3, 1)), p("Regnskab", num=(3, 1)),
    '<w:p><w:r><w:t>Før boksen </w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><w:txbxContent>'
    + p("Tekst i boksen") + '</w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent>' + p("Tekst i boksen") +
    '</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>efter boksen</w:t></w:r></w:p>',
    "<w:tbl>"
    "<w:tr>" + cell(p("Pkt.")) + cell(p("Tid")) + cell(p("Oplæg")) + "</w:tr>"
    "<w:tr>" + cell(p("1"), "restart") + cell(p("kl. 11.30-11.55")) + cell(p("Hanne Lynghøj") + p("Klaus Bach")) + "</w:tr>"
    "<w:tr>" + cell(p(""), "continue") + cell(p("kl. 11.55-12.05")) + cell("<w:tbl><w:tr>" + cell(p("Jakob")) + cell(p("Flou")) + "</w:tr></w:tbl>" + p("")) + "</w:tr>"
    "</w:tbl>",
    p(""),
    '<w:p><w:r><w:br w:type="page"/></w:r></w:p>',
    p("Side to"),
])
document = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>{body}<w:sectPr/></w:body></w:document>'
numbering = f'''<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering {W}>
<w:abstractNum w:abstractNumId="10"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1)"/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1%2)"/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="20"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0b7"/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="30"><w:numStyleLink w:val="Outline"/></w:abstractNum>
<w:abstractNum w:abstractNumId="31"><w:styleLink w:val="Outline"/><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2."/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="10"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="20"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="30"/></w:num><w:num w:numId="4"><w:abstractNumId w:val="31"/></w:num></w:numbering>'''
styles = f'''<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles {W}>
<w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/><w:pPr><w:numPr><w:numId w:val="2"/></w:numPr></w:pPr></w:style>
<w:style w:type="numbering" w:styleId="Outline"><w:name w:val="Outline List"/><w:pPr><w:numPr><w:numId w:val="4"/></w:numPr></w:pPr></w:style></w:styles>'''
types = '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for name, data in [("[Content_Types].xml", types), ("word/document.xml", document), ("word/numbering.xml", numbering), ("word/styles.xml", styles)]:
        info = zipfile.ZipInfo(name, date_time=(2025, 7, 1, 0, 0, 0))
        z.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
PY

# 11. A zip bomb: word/document.xml unpacks to 24 MiB (one run of spaces in one paragraph),
#     about 25 KB on disk. The reader must stop unpacking it, not trust the sizes in the
#     headers.
python3 - "$here/zip-bomb.docx" <<'PY'
import sys, zipfile
head = b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t xml:space="preserve">'
with zipfile.ZipFile(sys.argv[1], "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    info = zipfile.ZipInfo("word/document.xml", date_time=(2025, 7, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    with z.open(info, "w") as f:
        f.write(head)
        chunk = b" " * (1024 * 1024)
        for _ in range(24):
            f.write(chunk)
        f.write(b"</w:t></w:r></w:p></w:body></w:document>")
PY

# 12. A zip that is not a Word document (an OpenDocument text, by its mimetype entry).
python3 - "$here/not-docx.zip" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w") as z:
    z.writestr(zipfile.ZipInfo("mimetype", date_time=(2025, 7, 1, 0, 0, 0)), "application/vnd.oasis.opendocument.text")
    z.writestr(zipfile.ZipInfo("content.xml", date_time=(2025, 7, 1, 0, 0, 0)), "<office:document-content/>")
PY

# 13. Small bad inputs: an empty file, binary garbage (fixed seed), invalid JSON, and JSON
#     that is valid but not a FirstAgenda meeting. The 100 MB text file is made by the test.
: > "$here/empty.txt"
python3 -c '
import random, sys
random.seed(20251001)
sys.stdout.buffer.write(bytes(random.randrange(256) for _ in range(2048)))
' > "$here/garbage.bin"
printf '{\n  "Moede": {\n    "Dato": "2025-01-29T17:00:00+01:00",\n    "Sted": "Biblioteket",\n  },\n}\n' > "$here/invalid.json"
printf '{"name": "referat", "items": [1, 2, 3]}\n' > "$here/not-firstagenda.json"

ls -l "$here"/*.docx "$here"/*.zip "$here"/empty.txt "$here"/garbage.bin "$here"/*.json "$here"/docx-named.pdf
