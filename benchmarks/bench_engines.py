"""Load + clean + summary + RFM on Spark (local mode), DuckDB and Polars, side by side.

Every contender reads the same synthetic Parquet file (written once by ``bench_summary.py``'s
seeded generator) in a FRESH process, so its peak memory is its own:

* ``crmlib <engine>``: ``load_transactions(path, engine=...)`` (every cleaning rule, the
  report), then ``customer_summary``, ``rfm_scores`` and ``rfm_segments``, with the segment
  sizes collected at the end (which forces the whole computation);
* ``crmlib duckdb clean+summary``: the same without RFM, fetched into pandas, against
* ``raw DuckDB SQL summary``: the hand-written summary query alone, no cleaning (the goal:
  the cleaned route within 1.5x of it).

Peak memory is the process's ``ru_maxrss``; for Spark the JVM's own peak (``VmHWM``) is
added, since Spark computes in a separate Java process.

    python benchmarks/bench_engines.py --sizes 10M,100M --out benchmarks/engines_section.md

At 100M rows the seeded generator takes over half an hour; ``--replicate-from`` builds the
file instead from a smaller one in a few minutes: k copies of it (k = size / its rows, 10 for
10M -> 100M), the customer ids of copy j suffixed with ``-j`` so that the copies share no
customer (the file has k times the customers and rows, each customer's history unchanged)::

    python benchmarks/bench_engines.py --sizes 100M --replicate-from <synthetic_10000000_seed2026.parquet>
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

CONTENDERS = ["spark", "duckdb", "polars", "duckdb-summary", "polars-summary", "raw-sql"]
LABELS = {
    "spark": "crmlib spark (local[*]): load+clean+summary+RFM",
    "duckdb": "crmlib duckdb: load+clean+summary+RFM",
    "polars": "crmlib polars: load+clean+summary+RFM",
    "duckdb-summary": "crmlib duckdb: load+clean+summary",
    "polars-summary": "crmlib polars: load+clean+summary",
    "raw-sql": "raw DuckDB SQL: summary only, no cleaning",
}


def _jvm_peak_gb(spark) -> float:
    try:
        pid = spark.sparkContext._gateway.proc.pid
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1e6
    except Exception:  # noqa: BLE001
        pass
    return 0.0


def worker(contender: str, path: str) -> dict:
    """One contender in this (fresh) process; prints a JSON line."""
    import warnings

    warnings.filterwarnings("ignore")
    import narwhals as nw

    from crmlib._frames import collect_pandas
    from crmlib.io import load_transactions
    from crmlib.segment import rfm_scores, rfm_segments
    from crmlib.summary import customer_summary

    info: dict = {"contender": contender}
    limit = os.environ.get("BENCH_DUCKDB_MEMORY_LIMIT")
    if limit:  # DuckDB's own buffers, the cleaning's temporary tables included (its default: 80 % of RAM)
        import duckdb

        duckdb.default_connection().execute(f"SET memory_limit = '{limit}'")
        # spills go to the bench folder, not to a .tmp in the working directory
        spill = Path(os.environ.get("BENCH_TMP") or "/tmp") / "duckdb_spill"
        duckdb.default_connection().execute(f"SET temp_directory = '{spill}'")
        info["duckdb_memory_limit"] = limit
    spark = None
    t0 = time.perf_counter()
    if contender == "spark":
        from crmlib.spark import session

        spark = session("local[*]")
        info["spark_start_s"] = time.perf_counter() - t0
    t1 = time.perf_counter()
    if contender == "raw-sql":
        import duckdb

        from bench_summary import SQL

        con = duckdb.default_connection()
        end = con.sql(f"SELECT max(date)::DATE FROM read_parquet('{path}')").fetchall()[0][0]
        sql = SQL.replace("FROM tx", f"FROM read_parquet('{path}')").format(end=end, unit=1.0)
        out = con.sql(sql).df()
        info["customers"] = len(out)
        info["rows_in"] = None
    else:
        engine = contender.split("-")[0]
        tx, report = load_transactions(path, engine=engine)
        info["clean_s"] = time.perf_counter() - t1
        info["rows_in"], info["rows_out"] = report.rows_in, report.rows_out
        info["removed"] = report.counts()
        summary = customer_summary(tx, progress=False)
        if contender == "duckdb-summary":
            out = summary.df()
            info["customers"] = len(out)
        elif contender == "polars-summary":
            info["customers"] = len(collect_pandas(nw.from_native(summary)))
        else:
            if spark is not None:
                summary = summary.cache()
            segments = rfm_segments(rfm_scores(summary), "ten")
            sizes = collect_pandas(nw.from_native(segments).group_by("segment").agg(nw.len().alias("n")))
            info["customers"] = int(sizes["n"].sum())
            info["segments"] = {str(k): int(v) for k, v in zip(sizes["segment"], sizes["n"])}
    info["seconds"] = time.perf_counter() - t1
    info["peak_gb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6
    if spark is not None:
        info["jvm_peak_gb"] = _jvm_peak_gb(spark)
        info["peak_gb"] += info["jvm_peak_gb"]
        spark.stop()
    return info


def replicated_path(n_rows: int, source: Path, memory_limit: str = "4GB") -> Path:
    """``n_rows`` (rounded to whole copies) as copies of ``source`` with disjoint customer ids.

    One DuckDB ``COPY``: the source crossed with ``range(k)``, the id of copy j being
    ``customer_id || '-' || j``. Written next to the source, under a name that says how.
    """
    import duckdb
    import pyarrow.parquet as pq

    base = pq.ParquetFile(source).metadata.num_rows
    k = max(1, round(n_rows / base))
    path = source.with_name(f"{source.stem}_x{k}_disjoint_ids.parquet")
    if not path.exists():
        t0 = time.perf_counter()
        con = duckdb.connect()
        con.execute(f"SET memory_limit = '{memory_limit}'")
        con.execute("SET enable_progress_bar = false")
        tmp = path.with_suffix(".part")
        con.execute(f"""COPY (SELECT customer_id || '-' || k AS customer_id, date, amount
                              FROM read_parquet('{source}'), range({k}) t(k))
                        TO '{tmp}' (FORMAT parquet)""")
        tmp.rename(path)
        print(f"replicated {source.name} x{k} into {path} in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    return path


def run(contender: str, path: Path, timeout: int) -> dict:
    try:
        proc = subprocess.run([sys.executable, __file__, "--worker", contender, str(path)], capture_output=True,
                              text=True, timeout=timeout, env=dict(os.environ, PYTHONPATH=str(HERE.parent)))
        if proc.returncode == 0:
            return json.loads(proc.stdout.strip().splitlines()[-1])
        return {"contender": contender, "error": (proc.stderr.strip().splitlines() or ["?"])[-1][:300]}
    except subprocess.TimeoutExpired:
        return {"contender": contender, "error": f"timed out after {timeout} s"}


def table(runs: dict[str, list[dict]]) -> str:
    lines = ["| contender | rows | customers | seconds | of which cleaning (s) | peak RSS (GB) | per million rows (s) |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for size, results in runs.items():
        for r in results:
            label = LABELS.get(r["contender"], r["contender"])
            if "error" in r:
                lines.append(f"| {label} | {size} | | {r['error']} | | | |")
                continue
            rows = r.get("rows_in") or r.get("file_rows")
            per = r["seconds"] / (rows / 1e6) if rows else float("nan")
            lines.append(f"| {label} | {rows:,} | {r.get('customers', 0):,} | {r['seconds']:.1f} | "
                         f"{r.get('clean_s', float('nan')):.1f} | {r['peak_gb']:.2f} | {per:.2f} |")
    return "\n".join(lines)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        print(json.dumps(worker(sys.argv[2], sys.argv[3])))
        return
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10M")
    parser.add_argument("--contenders", default=",".join(CONTENDERS))
    parser.add_argument("--duckdb-memory-limit", help="SET memory_limit in every DuckDB process, e.g. 6GB")
    parser.add_argument("--make-only", action="store_true", help="only write the files, run nothing")
    parser.add_argument("--timeout", type=int, default=3600)
    parser.add_argument("--json")
    parser.add_argument("--out")
    parser.add_argument("--replicate-from", type=Path,
                        help="build each size from copies of this Parquet file (disjoint customer ids) "
                             "instead of the seeded generator")
    args = parser.parse_args()
    from bench_summary import machine, parse_size, synthetic_path

    import pyarrow.parquet as pq

    if args.duckdb_memory_limit:
        os.environ["BENCH_DUCKDB_MEMORY_LIMIT"] = args.duckdb_memory_limit
    runs: dict[str, list[dict]] = {}
    started = time.strftime("%Y-%m-%d %H:%M:%S")
    load_start = os.getloadavg()[0]
    for size in [s for s in args.sizes.split(",") if s]:
        path = (replicated_path(parse_size(size), args.replicate_from) if args.replicate_from
                else synthetic_path(parse_size(size)))
        rows = pq.ParquetFile(path).metadata.num_rows
        if args.make_only:
            print(f"{path}: {rows:,} rows", file=sys.stderr)
            continue
        runs[size] = []
        for contender in args.contenders.split(","):
            r = run(contender, path, args.timeout)
            r["file_rows"] = rows
            print(r, file=sys.stderr, flush=True)
            runs[size].append(r)
            if args.json:
                Path(args.json).write_text(json.dumps(runs, indent=1))
    text = (f"Run {started} to {time.strftime('%H:%M:%S')}; load average {load_start:.1f} at start, "
            f"{os.getloadavg()[0]:.1f} at end; {machine()}\n\n" + table(runs) + "\n")
    if args.out:
        Path(args.out).write_text(text)
    print(text)


if __name__ == "__main__":
    main()
