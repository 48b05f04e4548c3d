"""xxgknb: read and check Chinese government information-disclosure annual
reports (政府信息公开工作年度报告) in any format.

    >>> import xxgknb
    >>> r = xxgknb.parse("report.pdf")            # the MODEL.md object as a dict
    >>> r["tables"]["applications"]["new_received"]["total"]
    >>> xxgknb.check(open("report.docx", "rb").read(), format="docx")   # findings
    >>> df = xxgknb.cells(paths, jobs=4)           # pandas DataFrame, one row per cell

Parsing runs in Rust with the GIL released, so threads scale. Limits
(docs/limits.md) are keyword arguments of every function: ``max_file_bytes``,
``max_entry_bytes``, ``max_total_inflated_bytes``, ``max_xml_depth``,
``max_cells_per_table``, ``max_pages``, ``max_ops_per_page`` and ``timeout``
(seconds per file). A file that cannot be read or parsed raises
:class:`ReadError`, which names the file and the cause.
"""

from __future__ import annotations

import json
import os
from typing import Any, Iterable, List, Optional, Union

from . import _xxgknb as _native

__version__: str = _native.__version__

#: The columns of :func:`cells`, in order (those of ``xxgknb export --format csv``).
CELL_COLUMNS: List[str] = list(_native.TIDY_COLUMNS)

__all__ = ["parse", "check", "cells", "ReadError", "CELL_COLUMNS", "__version__"]

Source = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview]


class ReadError(Exception):
    """A file could not be read or parsed.

    ``path`` is the file (or the name given to bytes), ``cause`` why.
    """

    def __init__(self, path: str, cause: str) -> None:
        super().__init__(f"{path}: {cause}")
        self.path = path
        self.cause = cause


def _limits(kw: dict) -> Optional[dict]:
    return {k: float(v) for k, v in kw.items()} if kw else None


def _report_json(source: Source, format: Optional[str], name: Optional[str], kw: dict) -> str:
    try:
        if isinstance(source, (bytes, bytearray, memoryview)):
            shown = name or ("<bytes>" + (f".{format}" if format else ""))
            return _native.parse_bytes(bytes(source), shown, format, _limits(kw))
        return _native.parse_path(os.fspath(source), format, _limits(kw))
    except _native.NativeReadError as e:
        raise ReadError(*e.args) from None


def parse(source: Source, *, format: Optional[str] = None, name: Optional[str] = None,
          **limits: Any) -> dict:
    """Parse one report: a path (``str`` or ``os.PathLike``) or its bytes.

    Returns the MODEL.md object (``source``, ``meta``, ``sections``,
    ``tables``, ``findings``, ``positions``) as Python objects. ``format``
    (``"pdf"``, ``"docx"``, ``"html"`` …) forces the format where sniffing
    cannot tell; ``name`` is the path shown for bytes.
    """
    return json.loads(_report_json(source, format, name, limits))


def check(source: Source, *, format: Optional[str] = None, name: Optional[str] = None,
          **limits: Any) -> list:
    """Check one report: its findings (``rule``, ``severity``, ``message``,
    ``location``), as ``xxgknb check --format json`` lists them."""
    return parse(source, format=format, name=name, **limits)["findings"]


_CATEGORIES = ["edition", "format", "status", "table_key", "row_key", "column_key",
               "value_kind", "src_placement"]


def cells(paths: Union[Source, Iterable[Source]], jobs: Optional[int] = None, *,
          errors: str = "raise", **limits: Any):
    """The tidy cells of many reports as a pandas DataFrame: one row per
    table cell, the columns of ``xxgknb export --format csv``
    (:data:`CELL_COLUMNS`).

    Dtypes: ``count_value``, ``year``, ``src_page``, ``src_line`` and
    ``agency_year_reports`` are nullable integers (``Int64``: a blank cell
    is ``<NA>``, never 0), ``amount_wan_yuan`` (万元) and ``src_x`` floats,
    ``canonical`` bool, keys and kinds categorical, the rest strings.
    ``jobs`` parser threads (default: the number of CPUs) run with the GIL
    released. ``errors="raise"`` raises :class:`ReadError` for the first
    file that cannot be read; ``errors="skip"`` leaves such files out and
    lists them in ``df.attrs["unreadable"]`` as ``(path, cause)``.
    """
    import pandas as pd

    if isinstance(paths, (str, bytes, os.PathLike)):
        paths = [paths]
    files = [os.fspath(p) for p in paths]
    if errors not in ("raise", "skip"):
        raise ValueError("errors must be 'raise' or 'skip'")
    jobs = jobs or os.cpu_count() or 1
    try:
        cols, failed = _native.cells_columns(files, int(jobs), errors == "skip", _limits(limits))
    except _native.NativeReadError as e:
        raise ReadError(*e.args) from None
    df = pd.DataFrame({k: cols[k] for k in CELL_COLUMNS})
    for k in ("count_value", "year", "src_page", "src_line", "agency_year_reports"):
        df[k] = df[k].astype("Int64")
    for k in ("amount_wan_yuan", "src_x"):
        df[k] = df[k].astype("float64")
    df["canonical"] = df["canonical"].astype("bool")
    for k in _CATEGORIES:
        df[k] = df[k].astype("category")
    for k in ("report_id", "agency", "agency_key", "src_sheet", "src_cell", "source_file"):
        df[k] = df[k].astype("string")
    df.attrs["unreadable"] = [tuple(f) for f in failed]
    return df
