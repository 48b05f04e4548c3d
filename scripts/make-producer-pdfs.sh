#!/usr/bin/env bash
# Print the repo's own HTML fixtures to PDF with other producers than the
# corpus uses (wkhtmltopdf, WeasyPrint), into fixtures/pdf/producers/ as
# NAME.wk.pdf / NAME.wp.pdf, each with the source fixture's truth.
# Read by crates/xxgknb-pdf/tests/producers.rs.
#
# Usage: scripts/make-producer-pdfs.sh [NAME ...]   (default: the set below)
# Needs: apt-get install wkhtmltopdf fonts-noto-cjk; WeasyPrint in a venv
# (python3 -m venv /tmp/wp-venv && /tmp/wp-venv/bin/pip install weasyprint),
# or WEASYPRINT=/path/to/weasyprint.
set -euo pipefail
cd "$(dirname "$0")/.."
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  names=(100_f996102965cf2f4d 004_669b05754e9fb909 002_c70a77332f90186d)
fi
WK=${WKHTMLTOPDF:-wkhtmltopdf}
WP=${WEASYPRINT:-weasyprint}
for n in "${names[@]}"; do
  src=fixtures/html/$n.html
  [ -f "$src" ] || { echo "missing $src" >&2; exit 1; }
  # the fixtures are saved pages: no network, so external resources fail;
  # wkhtmltopdf then exits 1 but writes the PDF
  mkdir -p fixtures/pdf/producers
  "$WK" -q --encoding utf-8 --load-error-handling ignore --load-media-error-handling ignore \
    "$src" "fixtures/pdf/producers/$n.wk.pdf" || [ -s "fixtures/pdf/producers/$n.wk.pdf" ]
  "$WP" -q "$src" "fixtures/pdf/producers/$n.wp.pdf"
  for p in wk wp; do
    cp "$src.truth.json" "fixtures/pdf/producers/$n.$p.pdf.truth.json"
  done
  echo "made fixtures/pdf/producers/$n.{wk,wp}.pdf"
done
