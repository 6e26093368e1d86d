#!/usr/bin/env bash
# Regenerates the seed minutes as PDF and DOCX (the fixtures of tests/it/formats.rs) from
# the seed texts committed in crates/extract/tests/data. The files are committed, so the
# tests never run this; run it by hand after changing seed_fodt.py and review the sizes.
#
# Needs Debian's libreoffice-writer-nogui, qpdf and python3:
#   apt-get install -y libreoffice-writer-nogui qpdf
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
seeds="$here/../../../../extract/tests/data"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

for seed in "$seeds"/seed_*.txt; do
  name="$(basename "${seed%.txt}")"
  python3 "$here/seed_fodt.py" "$seed" "$work/$name.fodt"
  soffice --headless --convert-to pdf --outdir "$work" "$work/$name.fodt" >/dev/null 2>&1
  soffice --headless --convert-to docx:"MS Word 2007 XML" --outdir "$work" "$work/$name.fodt" >/dev/null 2>&1
  # Without the embedded font programs a PDF is a few KB instead of 40: the reader needs
  # only each font's widths, encoding and ToUnicode map.
  qpdf --qdf --object-streams=disable "$work/$name.pdf" "$work/$name.qdf"
  sed -i -E 's#/FontFile2? [0-9]+ 0 R##' "$work/$name.qdf"
  fix-qdf "$work/$name.qdf" > "$work/$name.fixed.pdf"
  qpdf --object-streams=generate --compression-level=9 --recompress-flate \
    --deterministic-id "$work/$name.fixed.pdf" "$here/$name.pdf"
  # A fixed time stamp in every zip entry, so that regenerating gives the same bytes.
  python3 - "$work/$name.docx" "$here/$name.docx" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as src, zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as dst:
    for info in src.infolist():
        info.date_time = (2025, 7, 1, 0, 0, 0)
        dst.writestr(info, src.read(info.filename), compress_type=zipfile.ZIP_DEFLATED)
PY
done
ls -l "$here"/*.pdf "$here"/*.docx
