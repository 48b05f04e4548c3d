#!/usr/bin/env bash
# Time `xxgknb parse` (read + recognise + validate) against
# `pdftotext -layout` on the same PDFs, in one run, and print the ratio.
#
# Usage: scripts/bench-vs-pdftotext.sh [-n RUNS] [-b XXGKNB_BINARY] [FILE.pdf ...]
# Defaults: 10 runs per file, target/release/xxgknb (built if missing),
# all PDFs under fixtures/pdf/. Installs poppler-utils if pdftotext is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=10
bin="${CARGO_TARGET_DIR:-target}/release/xxgknb"
while getopts "n:b:" opt; do
  case "$opt" in
    n) runs="$OPTARG" ;;
    b) bin="$OPTARG" ;;
    *) echo "usage: $0 [-n RUNS] [-b BINARY] [FILE.pdf ...]" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
files=("$@")
if [ ${#files[@]} -eq 0 ]; then
  files=(fixtures/pdf/*.pdf)
fi

if ! command -v pdftotext >/dev/null 2>&1; then
  echo "pdftotext missing: installing poppler-utils" >&2
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq poppler-utils >/dev/null
  else
    sudo apt-get update -qq && sudo apt-get install -y -qq poppler-utils >/dev/null
  fi
fi
if [ ! -x "$bin" ]; then
  echo "building $bin" >&2
  cargo build --release -p xxgknb-cli >&2
fi

now() { date +%s%N; }

# median of the per-run times (ns) of one command
median_ns() {
  local -a t=()
  local i s
  for ((i = 0; i < runs; i++)); do
    s=$(now)
    "$@" >/dev/null 2>&1 || true
    t+=($(( $(now) - s )))
  done
  printf '%s\n' "${t[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

printf '%-44s %12s %12s %7s\n' "file" "xxgknb ms" "pdftotext ms" "ratio"
tx=0
tp=0
for f in "${files[@]}"; do
  # warm the page cache and check both tools accept the file
  "$bin" parse "$f" >/dev/null 2>&1 || echo "warning: xxgknb parse failed on $f" >&2
  pdftotext -layout "$f" - >/dev/null 2>&1 || echo "warning: pdftotext failed on $f" >&2
  x=$(median_ns "$bin" parse "$f")
  p=$(median_ns pdftotext -layout "$f" -)
  tx=$((tx + x))
  tp=$((tp + p))
  awk -v f="$(basename "$f")" -v x="$x" -v p="$p" \
    'BEGIN { printf "%-44s %12.2f %12.2f %7.2f\n", f, x / 1e6, p / 1e6, (p > 0 ? x / p : 0) }'
done
awk -v x="$tx" -v p="$tp" -v n="${#files[@]}" -v r="$runs" \
  'BEGIN { printf "%-44s %12.2f %12.2f %7.2f\n", "TOTAL (" n " files, median of " r " runs each)", x / 1e6, p / 1e6, (p > 0 ? x / p : 0);
           printf "ratio xxgknb/pdftotext = %.2f\n", (p > 0 ? x / p : 0) }'
