#!/usr/bin/env python3
"""Generate a national year of reports for the ingest benchmark (issue 16).

    python3 scripts/gen-national.py --out /tmp/national --count 100000

Writes COUNT report files under OUT (in sub-folders of 1,000), made from the
repository's fixtures with the format mix of a real national year: about
40% HTML, 35% PDF, 15% DOCX/DOC, 5% XLSX/XLS, 5% text. Every file has
different bytes (so none is skipped as a copy):

- HTML, DOCX, XLSX and text: the agency is renamed (a generated county
  name, unique per file) and every table number is multiplied by a factor
  of 1–7 (sums and balances stay true: the rules are linear);
- PDF, DOC, XLS: the numbers are inside compressed or binary streams; the
  file gets a trailing comment/padding that the readers ignore, so the
  parse cost is real but the content repeats (these form large agency-year
  groups of duplicates, which the canonical rule then resolves).

Keep the output out of the repository (e.g. /tmp). Deterministic for a
given --seed.
"""

from __future__ import annotations

import argparse
import io
import json
import pathlib
import random
import re
import zipfile

ROOT = pathlib.Path(__file__).resolve().parents[1]
FX = ROOT / "fixtures"

MIX = [("html", 0.40), ("pdf", 0.35), ("docx", 0.10), ("doc", 0.05),
       ("xlsx", 0.04), ("xls", 0.01), ("txt", 0.05)]

SOURCES = {
    "html": sorted((FX / "html").glob("*.html")),
    "pdf": sorted((FX / "pdf").glob("*.pdf")),
    "docx": sorted((FX / "docx").glob("*.docx")),
    "doc": sorted((FX / "doc").glob("*.doc")),
    "xlsx": sorted((FX / "sheet").glob("*.xlsx")),
    "xls": sorted((FX / "sheet").glob("*.xls")),
    "txt": sorted((FX / "seeds").glob("*.txt")) + sorted((FX / "batch").glob("*.txt")),
}

CHARS = "安宝昌崇大丰福港广海和河华吉嘉江金晋康兰乐丽临龙隆茂宁平浦青庆仁荣瑞山盛寿顺泰桃天通万文武西祥新兴阳永玉元长正中舟"


def county(i: int) -> str:
    n = len(CHARS)
    return CHARS[i % n] + CHARS[(i // n) % n] + CHARS[(i // n // n) % n] + "县人民政府"


def agency_of(path: pathlib.Path):
    truth = path.with_name(path.name + ".truth.json")
    if truth.exists():
        try:
            return json.loads(truth.read_text("utf-8"))["meta"]["agency"] or None
        except (KeyError, ValueError, TypeError):
            return None
    return None


def scale_numbers(text: str, pattern: re.Pattern, k: int) -> str:
    def one(m: re.Match) -> str:
        n = m.group(2)
        if len(n) > 9 or (len(n) == 4 and n[:2] in ("19", "20")):
            return m.group(0)  # a year or an id, not a count
        return m.group(1) + str(int(n) * k) + m.group(3)
    return pattern.sub(one, text)


HTML_CELL = re.compile(r"(<td[^>]*>(?:\s|<[^>]+>)*)(\d+)((?:\s|<[^>]+>)*</td>)")
DOCX_TEXT = re.compile(r"(<w:t(?: [^>]*)?>)(\d+)(</w:t>)")
XLSX_VALUE = re.compile(r"(<c (?:(?!t=\")[^>])*><v>)(\d+)(</v>)")
TXT_NUM = re.compile(r"(\s)(\d+)(?=\s)()")


def vary_text(text: str, agency, i: int, k: int, pattern) -> str:
    if agency:
        text = text.replace(agency, county(i))
    return scale_numbers(text, pattern, k) if pattern is not None else text


def vary_zip(data: bytes, agency, i: int, k: int, members: str, pattern) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        zout.comment = f"xxgknb-gen {i}".encode()
        for item in zin.infolist():
            body = zin.read(item.filename)
            if re.match(members, item.filename):
                text = body.decode("utf-8")
                if agency:
                    text = text.replace(agency, county(i))
                body = scale_numbers(text, pattern, k).encode("utf-8")
            zout.writestr(item, body)
    return out.getvalue()


def make(fmt: str, src: pathlib.Path, data: bytes, i: int) -> bytes:
    k = 1 + i % 7
    agency = agency_of(src)
    if fmt == "html":
        text = data.decode("utf-8", errors="surrogateescape")
        text = vary_text(text, agency, i, k, HTML_CELL) + f"\n<!-- xxgknb-gen {i} -->\n"
        return text.encode("utf-8", errors="surrogateescape")
    if fmt == "txt":
        for enc in ("utf-8", "gb18030"):
            try:
                text = data.decode(enc)
                break
            except UnicodeDecodeError:
                continue
        else:
            return data + f"\n\n{i}\n".encode()
        return (vary_text(text, agency, i, k, None) + "\n" * (1 + i % 5) + " " * (i // 5)).encode(enc)
    if fmt == "docx":
        return vary_zip(data, agency, i, k, r"word/document\.xml", DOCX_TEXT)
    if fmt == "xlsx":
        return vary_zip(data, agency, i, k, r"xl/(worksheets/.*|sharedStrings)\.xml", XLSX_VALUE)
    if fmt == "pdf":
        return data + f"\n%xxgknb-gen {i}\n".encode()
    # doc, xls: compound files are read by sector; padding after the last
    # sector is ignored
    return data + b"\0" * 512 + i.to_bytes(8, "little") + b"\0" * 504


def main() -> None:
    p = argparse.ArgumentParser(description="generate a national year of reports")
    p.add_argument("--out", required=True, type=pathlib.Path)
    p.add_argument("--count", type=int, default=100_000)
    p.add_argument("--seed", type=int, default=16)
    a = p.parse_args()
    if ROOT in a.out.resolve().parents:
        raise SystemExit("keep the generated data out of the repository (e.g. /tmp/national)")
    rng = random.Random(a.seed)
    # real reports only: a fixture with a truth file (hostile samples have none)
    cache = {f: [(s, s.read_bytes()) for s in SOURCES[f] if agency_of(s) is not None
                 and (f not in ("docx", "xlsx") or zipfile.is_zipfile(s))] for f, _ in MIX}
    for f, srcs in cache.items():
        if not srcs:
            raise SystemExit(f"no {f} fixture with a truth file")
    fmts = [f for f, _ in MIX]
    weights = [w for _, w in MIX]
    counts = {f: 0 for f in fmts}
    total = 0
    for i in range(a.count):
        fmt = rng.choices(fmts, weights)[0]
        src, data = cache[fmt][i % len(cache[fmt])]
        body = make(fmt, src, data, i)
        d = a.out / f"{i // 1000:03d}"
        d.mkdir(parents=True, exist_ok=True)
        (d / f"{i:06d}{src.suffix}").write_bytes(body)
        counts[fmt] += 1
        total += len(body)
    mix = ", ".join(f"{f} {100 * n / a.count:.1f}%" for f, n in counts.items())
    print(f"{a.count} reports, {total / 1e9:.2f} GB under {a.out}: {mix}")


if __name__ == "__main__":
    main()
