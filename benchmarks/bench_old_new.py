"""Time ``load_transactions(path, engine=...)`` and the collected summary, for one crmlib tree.

Run it with ``PYTHONPATH`` on an older tree and on this one, alternately, so both see the same
machine load (the before/after table of issue 16 in RESULTS.md)::

    PYTHONPATH=<tree> python benchmarks/bench_old_new.py duckdb <file.parquet>
"""
from __future__ import annotations

import os
import sys
import time

import duckdb
import narwhals as nw


def main() -> None:
    engine, path = sys.argv[1], sys.argv[2]
    duckdb.default_connection().execute("SET enable_progress_bar = false")  # older trees print bars
    from crmlib._frames import collect_pandas
    from crmlib.io import load_transactions
    from crmlib.summary import customer_summary

    t0 = time.perf_counter()
    tx, _ = load_transactions(path, engine=engine)
    t1 = time.perf_counter()
    n = len(collect_pandas(nw.from_native(customer_summary(tx, progress=False))))
    print(f"{engine} load+clean {t1 - t0:.1f} s, summary {time.perf_counter() - t1:.1f} s, {n} customers, "
          f"load avg {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
