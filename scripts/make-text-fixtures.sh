#!/usr/bin/env bash
# Make the generated fixtures (issue 10, item 7), from the repository's own
# fixtures only:
#   fixtures/text/layout/<pdf>.layout.txt  pdftotext -layout of every fixtures/pdf/*.pdf
#   fixtures/text/raw/<pdf>.raw.txt        plain pdftotext of the same
#   fixtures/pdf/rerender/<docx>.<variant>.pdf
#       every fixtures/docx/*.docx with truth, printed again by LibreOffice
#       headless with another font and other column widths, so that the
#       geometry code meets more than one set of column positions
# each with the source's truth copied beside it (<output>.truth.json).
#
# Needs: pdftotext (poppler-utils), soffice (libreoffice-writer),
# fonts-noto-cjk, python3. Run from anywhere; outputs are overwritten.
# Usage: scripts/make-text-fixtures.sh [--text-only]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
fx="$root/fixtures"
mkdir -p "$fx/text/layout" "$fx/text/raw" "$fx/pdf/rerender"

text_of() { # pdf outdir
  local pdf="$1" b
  b="$(basename "$pdf")"
  b="${b%.pdf}"
  [ -f "$pdf.truth.json" ] || return 0
  pdftotext -layout -q "$pdf" "$fx/text/layout/$b.layout.txt"
  cp "$pdf.truth.json" "$fx/text/layout/$b.layout.txt.truth.json"
  pdftotext -q "$pdf" "$fx/text/raw/$b.raw.txt"
  cp "$pdf.truth.json" "$fx/text/raw/$b.raw.txt.truth.json"
}

if [ "${1:-}" != "--text-only" ]; then
  command -v soffice >/dev/null || { echo "soffice not found (apt-get install libreoffice-writer fonts-noto-cjk)" >&2; exit 1; }
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  for docx in "$fx"/docx/*.docx; do
    [ -f "$docx.truth.json" ] || continue
    b="$(basename "$docx" .docx)"
    # variant: font, column-width factor for odd columns, for even columns
    for variant in "serif:Noto Serif CJK SC:1.35:0.8" "sans:Noto Sans CJK SC:0.75:1.25"; do
      IFS=: read -r name font odd even <<<"$variant"
      out="$tmp/$b.$name.docx"
      python3 - "$docx" "$out" "$font" "$odd" "$even" <<'PY'
import re, sys, zipfile
src, dst, font, odd, even = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), float(sys.argv[5])
def widths(xml):
    # scale each table's grid columns and cell widths alternately
    def grid(m):
        k = [0]
        def col(c):
            f = odd if k[0] % 2 == 0 else even
            k[0] += 1
            return '<w:gridCol w:w="%d"' % max(200, int(int(c.group(1)) * f))
        return re.sub(r'<w:gridCol w:w="(\d+)"', col, m.group(0))
    xml = re.sub(r'<w:tblGrid>.*?</w:tblGrid>', grid, xml, flags=re.S)
    def row(m):
        k = [0]
        def cell(c):
            f = odd if k[0] % 2 == 0 else even
            k[0] += 1
            return '<w:tcW w:w="%d"' % max(200, int(int(c.group(1)) * f))
        return re.sub(r'<w:tcW w:w="(\d+)"', cell, m.group(0))
    xml = re.sub(r'<w:tr[ >].*?</w:tr>', row, xml, flags=re.S)
    # a fixed table width would undo the new widths
    xml = re.sub(r'<w:tblW [^>]*/>', '<w:tblW w:w="0" w:type="auto"/>', xml)
    return xml
def fonts(xml):
    xml = re.sub(r'w:(eastAsia|ascii|hAnsi|cs)="[^"]*"', lambda m: 'w:%s="%s"' % (m.group(1), font), xml)
    return xml
with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED) as zout:
    for item in zin.infolist():
        data = zin.read(item.filename)
        if item.filename in ('word/document.xml', 'word/styles.xml', 'word/fontTable.xml'):
            xml = data.decode('utf-8')
            if item.filename == 'word/document.xml':
                xml = widths(xml)
            xml = fonts(xml)
            if item.filename == 'word/styles.xml' and 'w:rFonts' not in xml:
                xml = xml.replace('<w:rPrDefault><w:rPr>', '<w:rPrDefault><w:rPr><w:rFonts w:eastAsia="%s" w:ascii="%s" w:hAnsi="%s"/>' % (font, font, font), 1)
            data = xml.encode('utf-8')
        zout.writestr(item, data)
PY
      soffice --headless --norestore "-env:UserInstallation=file://$tmp/profile" \
        --convert-to pdf --outdir "$tmp" "$out" >/dev/null 2>&1
      mv "$tmp/$b.$name.pdf" "$fx/pdf/rerender/$b.$name.pdf"
      cp "$docx.truth.json" "$fx/pdf/rerender/$b.$name.pdf.truth.json"
    done
  done
fi

for pdf in "$fx"/pdf/*.pdf "$fx"/pdf/rerender/*.pdf; do
  [ -f "$pdf" ] && text_of "$pdf"
done
echo "made: $(ls "$fx/text/layout" | grep -vc truth) layout, $(ls "$fx/text/raw" | grep -vc truth) raw, $(ls "$fx/pdf/rerender" | grep -vc truth) rerendered PDFs"
