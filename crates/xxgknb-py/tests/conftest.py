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
