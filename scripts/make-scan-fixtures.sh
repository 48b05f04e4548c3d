#!/usr/bin/env bash
# Scanned-report fixtures (issue 13): fixture PDFs printed to page pictures
# and degraded the way an office scanner does (150 dpi grey, a small
# rotation, Gaussian noise, JPEG quality 60), wrapped into image-only PDFs
# (img2pdf: no text layer), plus a web page whose report is those pictures
# as data: URIs. Each keeps the truth of the PDF it was made from.
# Needs poppler-utils (pdftoppm), imagemagick (convert) and img2pdf:
#   apt-get install -y poppler-utils imagemagick img2pdf
# Output: fixtures/scan/ (small: about 100 KB a page).
set -euo pipefail
cd "$(dirname "$0")/.."
out=fixtures/scan
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# name  source pdf  dpi  angles (one per page, cycled)  noise  quality
make_scan() {
  local name=$1 src=$2 dpi=$3 angles=$4 noise=$5 quality=$6
  rm -f "$tmp"/p-*.png "$tmp"/p-*.jpg
  pdftoppm -r "$dpi" -gray -png "$src" "$tmp/p"
  local i=0
  local -a a=($angles)
  for png in "$tmp"/p-*.png; do
    local angle=${a[$((i % ${#a[@]}))]}
    convert "$png" -background white -rotate "$angle" \
      -attenuate "$noise" +noise Gaussian -colorspace Gray \
      -strip -quality "$quality" "${png%.png}.jpg"
    i=$((i + 1))
  done
  img2pdf --pagesize A4 -o "$out/$name.scan.pdf" "$tmp"/p-*.jpg
  cp "${src}.truth.json" "$out/$name.scan.pdf.truth.json"
  # the same pictures as a web page's "图片版"
  {
    echo '<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开工作年度报告</title></head><body><div class="article">'
    for jpg in "$tmp"/p-*.jpg; do
      printf '<p><img src="data:image/jpeg;base64,%s"></p>\n' "$(base64 -w0 "$jpg")"
    done
    echo '</div></body></html>'
  } > "$tmp/$name.scan.html"
  if [ "${7:-}" = html ]; then
    cp "$tmp/$name.scan.html" "$out/$name.scan.html"
    cp "${src}.truth.json" "$out/$name.scan.html.truth.json"
  fi
}

make_scan 003_378100d4189c1d99.chrome fixtures/pdf/003_378100d4189c1d99.chrome.pdf 150 "0.8 -0.6 1.0" 0.12 60 html

ls -la "$out"
