"""The docs/scale.md job: parse many report files on a Dask cluster with
``xxgknb.parse`` and write the tidy cells as Parquet, partitioned by year.

    python -m xxgknb.dask_job OUT_DIR FILE... [--scheduler tcp://host:8786]

Without ``--scheduler`` a local cluster of two workers is started. Each task
parses a chunk of files (``xxgknb.cells``, GIL released, on the worker's
threads); files that cannot be read are listed, not fatal.
"""

from __future__ import annotations

import argparse
import os
from typing import Iterable, List

import xxgknb  # noqa: F401  (workers import it too)


def _chunk_cells(paths: List[str]):
    import xxgknb

    df = xxgknb.cells(paths, jobs=1, errors="skip")
    df = df[df["year"].notna()]  # the partition key: a report without a year is left out
    # categorical columns differ from chunk to chunk: plain strings travel
    for k in df.columns:
        if str(df[k].dtype) == "category":
            df[k] = df[k].astype("string")
    return df


def run(files: Iterable[str], out_dir: str, chunk: int = 64) -> int:
    """Parse ``files`` on the current Dask client's cluster (the one made
    by ``Client(...)``) and write ``out_dir/year=YYYY/*.parquet``. Returns
    the number of cell rows written."""
    import dask.dataframe as dd
    from dask import delayed

    files = [os.fspath(f) for f in files]
    chunks = [files[i:i + chunk] for i in range(0, len(files), chunk)]
    meta = _chunk_cells([])
    parts = [delayed(_chunk_cells)(c) for c in chunks]
    ddf = dd.from_delayed(parts, meta=meta, verify_meta=False)
    ddf.to_parquet(out_dir, partition_on=["year"], write_index=False)
    return len(dd.read_parquet(out_dir))


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out_dir")
    p.add_argument("files", nargs="+")
    p.add_argument("--scheduler", help="address of a running Dask scheduler")
    a = p.parse_args(argv)
    from dask.distributed import Client, LocalCluster

    if a.scheduler:
        client = Client(a.scheduler)
    else:
        client = Client(LocalCluster(n_workers=2, threads_per_worker=1, processes=True))
    with client:
        n = run(a.files, a.out_dir)
    print(f"{n} cells written under {a.out_dir}")


if __name__ == "__main__":
    main()
