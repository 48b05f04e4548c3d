"""Shared fixtures of the Python tests: paths into the repository's fixtures/."""

import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "fixtures"


@pytest.fixture
def seed() -> pathlib.Path:
    return FIXTURES / "seeds" / "000_b0de168757f90498.txt"


@pytest.fixture
def mixed() -> list:
    """One report in several formats, and other reports: a realistic mix."""
    names = [
        "html/003_378100d4189c1d99.html",
        "pdf/003_378100d4189c1d99.pdf",
        "docx/002_c70a77332f90186d.docx",
        "sheet/100_f996102965cf2f4d.xlsx",
        "seeds/000_b0de168757f90498.txt",
        "seeds/001_898da3b058eb999e.txt",
    ]
    return [FIXTURES / n for n in names]


def xxgknb_bin() -> pathlib.Path:
    """The CLI binary: $XXGKNB_BIN, else the workspace's release build."""
    import os

    p = pathlib.Path(os.environ.get("XXGKNB_BIN", ROOT / "target" / "release" / "xxgknb"))
    if not p.exists():
        pytest.skip(f"{p} not built (cargo build --release -p xxgknb-cli)")
    return p


@pytest.fixture
def parquet_dir(tmp_path, mixed) -> pathlib.Path:
    """The mixed fixtures ingested with the CLI and exported as Parquet."""
    import subprocess

    b = xxgknb_bin()
    db = tmp_path / "x.sqlite"
    subprocess.run([b, "ingest", "--db", db, "-j", "2", *mixed], check=True, capture_output=True)
    out = tmp_path / "pq"
    subprocess.run([b, "export", "--db", db, "--format", "parquet", "-o", out], check=True,
                   capture_output=True)
    return out
