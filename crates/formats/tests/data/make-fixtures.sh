#!/usr/bin/env bash
# Regenerates the PDF fixtures of the PDF reader (crates/formats/src/pdf.rs) from the seed
# minutes in ../shared/seeds. The PDFs are committed, so the tests never run this; run it by
# hand after changing it, and review the size of what it writes (a few KB each).
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
