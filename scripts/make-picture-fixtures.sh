#!/usr/bin/env bash
# Report-picture fixtures (issue 13, "where the pictures are"), made from the
# scanned fixture of scripts/make-scan-fixtures.sh (its page pictures are
# taken out losslessly, so the OCR sees the same pixels):
#   - a mixed PDF: page 1 from the text PDF (text layer), pages 2-3 (the
#     tables) scanned (image-only pages);
#   - a DOCX whose report is the three page pictures in word/media
#     (JPEG, PNG, JPEG);
#   - a saved web page whose <img> pictures are files beside it
#     (report_files/page1.jpg, page2.png, page3.jpg).
# Each keeps the truth of the PDF it was made from.
# Needs poppler-utils (pdfimages, pdfseparate, pdfunite), Pillow and
# python-docx:
#   apt-get install -y poppler-utils && pip install pillow python-docx
# Output: fixtures/pictures/.
set -euo pipefail
cd "$(dirname "$0")/.."
out=fixtures/pictures
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

name=003_378100d4189c1d99.chrome
text=fixtures/pdf/$name.pdf
scan=fixtures/scan/$name.scan.pdf
truth=$text.truth.json

pdfimages -j "$scan" "$tmp/p"          # p-000.jpg p-001.jpg p-002.jpg
# PNG page: the JPEG's pixels as an 8-bit grey PNG
python3 -c 'import sys; from PIL import Image; Image.open(sys.argv[1]).convert("L").save(sys.argv[2], optimize=True)' \
  "$tmp/p-001.jpg" "$tmp/p-001.png"

# mixed PDF: text page 1, scanned pages 2 and 3
pdfseparate -f 1 -l 1 "$text" "$tmp/text-%d.pdf"
pdfseparate -f 2 -l 3 "$scan" "$tmp/scan-%d.pdf"
pdfunite "$tmp/text-1.pdf" "$tmp/scan-2.pdf" "$tmp/scan-3.pdf" "$out/$name.mixed.pdf"
cp "$truth" "$out/$name.mixed.pdf.truth.json"

# DOCX of page pictures (inline, 6.3 in wide: a page squeezed between margins)
python3 - "$tmp" "$out/$name.pictures.docx" <<'PY'
import sys
from docx import Document
from docx.shared import Inches
tmp, dest = sys.argv[1], sys.argv[2]
doc = Document()
for pic in ("p-000.jpg", "p-001.png", "p-002.jpg"):
    doc.add_paragraph().add_run().add_picture(f"{tmp}/{pic}", width=Inches(6.3))
doc.save(dest)
PY
cp "$truth" "$out/$name.pictures.docx.truth.json"

# saved web page with its pictures in report_files/
files=$out/report_files
mkdir -p "$files"
cp "$tmp/p-000.jpg" "$files/page1.jpg"
cp "$tmp/p-001.png" "$files/page2.png"
cp "$tmp/p-002.jpg" "$files/page3.jpg"
cat > "$out/$name.files.html" <<'HTML'
<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开工作年度报告</title></head><body><div class="article">
<p><img src="report_files/page1.jpg" alt="第1页"></p>
<p><img src="./report_files/page2.png" alt="第2页"></p>
<p><img src="report_files/page3.jpg?v=2" alt="第3页"></p>
<p><img src="../outside.jpg"><img src="/etc/hosts"><img src="http://example.invalid/x.jpg"></p>
</div></body></html>
HTML
cp "$truth" "$out/$name.files.html.truth.json"

ls -la "$out" "$files"
