"""Writes a flat OpenDocument text (FODT) of one seed minutes text, laid out the way a
secretariat's Word template would have it, for LibreOffice to turn into PDF and DOCX.

    python3 seed_fodt.py SEED.txt OUT.fodt

The seed is either text taken from a PDF (lines wrapped at the old page width) or the same
minutes as Markdown. Both become the same document: the lines of a wrapped paragraph are
joined so that LibreOffice wraps them again at its own width (so the reader and the
extractor see other line breaks than in the seed); bullets and "1)", "1a)", "1." labels
become real list paragraphs whose labels LibreOffice writes; "Punkt N:" and "Beslutning for
Punkt N:" lines become bold headings; the page has a running title and a "Side N af M"
footer, the page furniture a reader must drop.
"""

import re
import sys
from xml.sax.saxutils import escape

seed, out = sys.argv[1:3]
raw = open(seed, encoding="utf-8").read().splitlines()

# A line that always starts a paragraph of its own.
STARTS = re.compile(
    r"^(•|◦|-\s|\d{1,2}[a-z]?\)|\d{1,2}\.\s|Punkt \d+:|Beslutning for Punkt|Pkt\.|\(pkt\.|"
    r"Mødedeltagere|Afbud|Fraværende|Deltagere|Information|Referat\b|Indhold\b|Bilag\b)"
)

# Paragraphs: (text, heading?). A Markdown hard break (two trailing spaces) ends a
# paragraph, as does a blank line; a wrapped line continues the one before it.
paras = []
cur = []
hard_break = False
# Above the participants, the head of the minutes and the time plan: one line a paragraph.
in_head = True
for line in raw:
    if line.strip().lstrip("*").startswith("Mødedeltagere"):
        in_head = False
    md_break = line.endswith("  ")
    text = line.strip()
    if text.startswith("#"):
        text = text.lstrip("#").strip()
        heading_line = True
    else:
        heading_line = False
    # Markdown emphasis (**strong**, *em*) is only styling.
    text = re.sub(r"\*\*|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])", "", text).strip()
    # An indented "- " line is a sub-item of the list above.
    if re.match(r"^\s+[-•]\s", line):
        text = "◦ " + text[1:].strip()
    if not text or text == "---":
        if cur:
            paras.append(" ".join(cur))
            cur = []
        hard_break = False
        continue
    if cur and (in_head or hard_break or heading_line or "\t" in text or STARTS.match(text)):
        paras.append(" ".join(cur))
        cur = []
    cur.append(text)
    hard_break = md_break or "\t" in text
if cur:
    paras.append(" ".join(cur))

# Body: list paragraphs inside text:list elements (nested for level 2), others plain.
body = []
open_list = None  # (style, level)


def close_list():
    global open_list
    if open_list:
        body.append("</text:list-item></text:list>" * open_list[1])
        open_list = None


def list_item(style, level, text):
    global open_list
    if open_list and open_list[0] != style:
        close_list()
    if not open_list:
        body.append(
            f'<text:list text:style-name="{style}"><text:list-item>'
            + "<text:list><text:list-item>" * (level - 1)
        )
    elif level > open_list[1]:
        body.append("<text:list><text:list-item>" * (level - open_list[1]))
    else:
        body.append(
            "</text:list-item></text:list>" * (open_list[1] - level)
            + "</text:list-item><text:list-item>"
        )
    open_list = (style, level)
    body.append(f'<text:p text:style-name="P">{escape(text)}</text:p>')


for p in paras:
    m = re.match(r"^(?:•\s*◦|◦)\s*(.*)", p)
    if m:
        # Under a numbered item, a bullet of that list's second level.
        list_item(open_list[0] if open_list and open_list[0] == "Dot" else "Bul", 2, m.group(1))
        continue
    m = re.match(r"^[•-]\s+(.*)", p)
    if m:
        list_item("Bul", 1, m.group(1))
        continue
    m = re.match(r"^\d+[a-z]\)\s*(.*)", p)
    if m:
        list_item("Paren", 2, m.group(1))
        continue
    m = re.match(r"^\d+\)\s*(.*)", p)
    if m:
        list_item("Paren", 1, m.group(1))
        continue
    m = re.match(r"^\d{1,2}\.\s+(.*)", p)
    if m:
        list_item("Dot", 1, m.group(1))
        continue
    close_list()
    style = "H" if re.match(r"^(Punkt \d+:|Beslutning for Punkt)", p) and "\t" not in p else "P"
    body.append(f'<text:p text:style-name="{style}">{escape(p)}</text:p>')
close_list()


def indent(level):
    """The label hangs in the margin and a tab stop separates it from the text, as in Word."""
    left = 0.75 * level
    return (
        '<style:list-level-properties text:list-level-position-and-space-mode="label-alignment">'
        f'<style:list-level-label-alignment text:label-followed-by="listtab" '
        f'text:list-tab-stop-position="{left}cm" fo:text-indent="-0.75cm" fo:margin-left="{left}cm"/>'
        "</style:list-level-properties>"
    )


def number_style(name, levels):
    out = [f'<text:list-style style:name="{name}">']
    for level, (fmt, suffix, display) in enumerate(levels, 1):
        out.append(
            f'<text:list-level-style-number text:level="{level}" style:num-format="{fmt}" '
            f'style:num-suffix="{suffix}" text:display-levels="{display}">{indent(level)}'
            "</text:list-level-style-number>"
        )
    return "".join(out) + "</text:list-style>"


styles = (
    number_style("Paren", [("1", ")", 1), ("a", ")", 2)])
    + number_style("Dot", [("1", ".", 1)])[: -len("</text:list-style>")]
    + f'<text:list-level-style-bullet text:level="2" text:bullet-char="•">{indent(2)}</text:list-level-style-bullet>'
    + "</text:list-style>"
    + '<text:list-style style:name="Bul">'
    + f'<text:list-level-style-bullet text:level="1" text:bullet-char="•">{indent(1)}</text:list-level-style-bullet>'
    + f'<text:list-level-style-bullet text:level="2" text:bullet-char="◦">{indent(2)}</text:list-level-style-bullet>'
    + "</text:list-style>"
)

doc = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls>
 <style:font-face style:name="Liberation Sans" svg:font-family="'Liberation Sans'"/>
</office:font-face-decls>
<office:styles>
 <style:default-style style:family="paragraph">
  <style:text-properties style:font-name="Liberation Sans" fo:font-size="10.5pt" fo:language="da" fo:country="DK"/>
 </style:default-style>
 <style:style style:name="P" style:family="paragraph">
  <style:paragraph-properties fo:margin-bottom="0.2cm"/>
 </style:style>
 <style:style style:name="H" style:family="paragraph">
  <style:paragraph-properties fo:margin-top="0.4cm" fo:margin-bottom="0.2cm" fo:keep-with-next="always"/>
  <style:text-properties fo:font-weight="bold"/>
 </style:style>
 <style:style style:name="Furniture" style:family="paragraph">
  <style:paragraph-properties fo:text-align="end"/>
  <style:text-properties fo:font-size="8pt"/>
 </style:style>
 {styles}
</office:styles>
<office:automatic-styles>
 <style:page-layout style:name="PL">
  <style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="1.5cm"
   fo:margin-bottom="1.5cm" fo:margin-left="2.5cm" fo:margin-right="2.5cm"/>
  <style:header-style><style:header-footer-properties fo:min-height="0.6cm" fo:margin-bottom="0.4cm"/></style:header-style>
  <style:footer-style><style:header-footer-properties fo:min-height="0.6cm" fo:margin-top="0.4cm"/></style:footer-style>
 </style:page-layout>
</office:automatic-styles>
<office:master-styles>
 <style:master-page style:name="Standard" style:page-layout-name="PL">
  <style:header><text:p text:style-name="Furniture">Referat</text:p></style:header>
  <style:footer><text:p text:style-name="Furniture">Side <text:page-number text:select-page="current">1</text:page-number> af <text:page-count>1</text:page-count></text:p></style:footer>
 </style:master-page>
</office:master-styles>
<office:body><office:text>
{"".join(body)}
</office:text></office:body>
</office:document>
"""
open(out, "w", encoding="utf-8").write(doc)
