#!/usr/bin/env python3
"""Scanned renderings of text PDFs, degraded the way an office scanner does.

Each page of a PDF is rendered in grey with poppler's `pdftoppm` at a
resolution, then rotated, blurred, given a gamma, Gaussian noise and JPEG
compression (Pillow), and the pages are wrapped into an image-only PDF with
`img2pdf` (no text layer). The truth file of the source PDF is copied beside
the scan, with the settings used added to its `notes`.

Settings are drawn per page from ranges with a seeded random generator, so a
run is reproducible; `--seed` and the ranges make other degradations than
`../shared/scans` (issue 13: "the same on scans made with other degradation
settings").

Needs poppler-utils (pdftoppm), Pillow and img2pdf:
  apt-get install -y poppler-utils && pip install pillow img2pdf

Examples:
  # every corpus PDF, another set of settings, into /tmp (not the repo)
  scripts/make-scans.py --out /tmp/scans2 --seed 7 ../shared/corpus/*.pdf
  # one small fixture for the tests
  scripts/make-scans.py --out fixtures/scan --dpi 200 --seed 3 \
      --angle 1.4 --noise 0.35 --quality 40 fixtures/pdf/X.pdf
"""
import argparse
import io
import json
import os
import random
import subprocess
import sys
import tempfile

import img2pdf
from PIL import Image, ImageChops, ImageFilter


def pick(rng, spec):
    """A value from `LO:HI` (uniform), or the fixed number `spec`."""
    if ":" in spec:
        lo, hi = (float(v) for v in spec.split(":"))
        return rng.uniform(lo, hi)
    return float(spec)


def degrade(img, angle, noise, blur, gamma, quality, rng):
    """One page picture degraded; JPEG bytes."""
    img = img.convert("L")
    if gamma != 1.0:
        img = img.point(lambda v: int(255 * (v / 255) ** gamma))
    img = img.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=255)
    if blur > 0:
        img = img.filter(ImageFilter.GaussianBlur(blur))
    if noise > 0:
        # ImageMagick's `-attenuate N +noise Gaussian` is about sigma 40·N
        sigma = 40.0 * noise
        field = Image.effect_noise(img.size, sigma)
        img = ImageChops.add(img, field, scale=1.0, offset=-128)
    out = io.BytesIO()
    img.save(out, "JPEG", quality=int(quality))
    return out.getvalue()


def scan(src, out_dir, args, rng):
    name = os.path.basename(src)
    stem = name[:-4] if name.lower().endswith(".pdf") else name
    dpi = int(rng.choice(args.dpi.split(",")))
    pages = []
    with tempfile.TemporaryDirectory(prefix="make-scans-") as tmp:
        subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-gray", "-png", src, os.path.join(tmp, "p")],
            check=True,
        )
        for png in sorted(f for f in os.listdir(tmp) if f.endswith(".png")):
            s = {
                "angle": round(pick(rng, args.angle) * rng.choice([-1, 1]), 2),
                "noise": round(pick(rng, args.noise), 2),
                "blur": round(pick(rng, args.blur), 2),
                "gamma": round(pick(rng, args.gamma), 2),
                "quality": int(pick(rng, args.quality)),
            }
            with Image.open(os.path.join(tmp, png)) as img:
                jpg = degrade(img, rng=rng, **s)
            pages.append((jpg, s))
    dst = os.path.join(out_dir, f"{stem}.scan.pdf")
    with open(dst, "wb") as f:
        f.write(img2pdf.convert([p for p, _ in pages], layout_fun=a4_layout()))
    truth_src = src + ".truth.json"
    if os.path.exists(truth_src):
        truth = json.load(open(truth_src, encoding="utf-8"))
        truth["notes"] = (
            f"{truth.get('notes', '')} Scanned rendering (scripts/make-scans.py, seed {args.seed}): "
            f"{dpi} dpi, pages {[s for _, s in pages]}."
        ).strip()
        with open(dst + ".truth.json", "w", encoding="utf-8") as f:
            json.dump(truth, f, ensure_ascii=False, indent=1)
    print(f"{dst}: {len(pages)} page(s), {dpi} dpi")


def a4_layout():
    return img2pdf.get_layout_fun((img2pdf.mm_to_pt(210), img2pdf.mm_to_pt(297)))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="output directory")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--dpi", default="150,200,300", help="resolutions to choose from (per file)")
    ap.add_argument("--angle", default="0.5:1.5", help="rotation in degrees (sign drawn at random)")
    ap.add_argument("--noise", default="0.05:0.4", help="Gaussian noise (ImageMagick attenuate units)")
    ap.add_argument("--blur", default="0:0.8", help="Gaussian blur radius in pixels")
    ap.add_argument("--gamma", default="0.8:1.25")
    ap.add_argument("--quality", default="40:90", help="JPEG quality")
    ap.add_argument("pdfs", nargs="+")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for i, src in enumerate(args.pdfs):
        # one generator per file: a file's settings do not depend on the others
        rng = random.Random(f"{args.seed}:{os.path.basename(src)}:{i}")
        scan(src, args.out, args, rng)
    return 0


if __name__ == "__main__":
    sys.exit(main())
