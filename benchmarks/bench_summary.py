"""Time per-customer summaries side by side, in one process, on the same data.

Contenders
----------
crmlib pandas        ``customer_summary(pandas_df)`` (the default engine)
crmlib polars        ``customer_summary(polars_df)`` (eager)
crmlib polars lazy   ``customer_summary(polars_df.lazy()).collect()``
crmlib duckdb        ``customer_summary(duckdb_table).df()`` (result fetched into pandas)
pandas groupby       a hand-written vectorised pandas groupby (two groupbys, no Python per customer)
naive pandas         ``groupby("customer_id").apply(per_customer_function)``
raw DuckDB SQL       one hand-written SQL query computing the same columns, fetched into pandas
lifetimes            ``lifetimes.utils.summary_data_from_transaction_data`` run in its own venv
                     (``--lifetimes-python``), timed inside that process on the same data

Every contender gets the data already in its own memory format (conversion not timed); each
time is the median of ``--repeat`` runs (the minimum is kept in the JSON). Every result is
checked against crmlib pandas before its time is recorded.

Synthetic logs come from crmlib's own seeded generator, ``crmlib.datasets.make_transactions``
(BG/NBD + Gamma-Gamma), with purchase rates raised so that a customer makes about ten purchases
in 78 weeks (the shape of the issue's reference: 5M rows, 500k customers). They are cached as
Parquet in ``BENCH_TMP`` (default: the system temp folder).

Usage::

    CRMLIB_DATA_DIR=/work/shared/data python benchmarks/bench_summary.py \\
        --sizes cdnow,1M,10M --repeat 3 --lifetimes-python /tmp/benchvenv/bin/python \\
        --memory 100M --memory-engines duckdb,polars --out benchmarks/RESULTS.md
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
NAIVE_MAX_CUSTOMERS = 1_000   # groupby-apply costs milliseconds per customer: time a sample


# ----------------------------------------------------------------------------------------
# data
# ----------------------------------------------------------------------------------------


#: BG/NBD + Gamma-Gamma parameters for the synthetic logs: CDNow's spend, but a higher and more
#: even purchase rate and rarer drop-out, so a customer makes about 10 purchases in 78 weeks.
GEN_PARAMS = {"r": 2.0, "alpha": 14.0, "a": 0.3, "b": 12.0}
CHUNK_CUSTOMERS = 1_000_000


def bench_dir() -> Path:
    folder = Path(os.environ.get("BENCH_TMP") or tempfile.gettempdir()) / "crmlib_bench"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def write_synthetic(path: Path, n_rows: int) -> None:
    """About ``n_rows`` purchases by ``n_rows // 10`` customers, drawn with
    :func:`crmlib.datasets.make_transactions` (seeded) in chunks of a million customers and
    written to one Parquet file (columns ``customer_id``, ``date``, ``amount``)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from crmlib.datasets import make_transactions

    n_customers = max(1, n_rows // 10)
    tmp = path.with_suffix(".partial")
    writer = None
    for i, start in enumerate(range(0, n_customers, CHUNK_CUSTOMERS)):
        part = make_transactions(n_customers=min(CHUNK_CUSTOMERS, n_customers - start), random_state=2026 + i,
                                 params=GEN_PARAMS)[["customer_id", "date", "amount"]]
        if n_customers > CHUNK_CUSTOMERS:  # keep the chunks' customers apart
            part["customer_id"] = f"P{i:03d}" + part["customer_id"].astype(str)
        table = pa.Table.from_pandas(part, preserve_index=False).cast(
            pa.schema([("customer_id", pa.string()), ("date", pa.timestamp("us")), ("amount", pa.float64())]))
        if writer is None:
            writer = pq.ParquetWriter(tmp, table.schema)
        writer.write_table(table, row_group_size=1_000_000)
        del part, table
    writer.close()
    tmp.rename(path)


def synthetic_path(n_rows: int) -> Path:
    path = bench_dir() / f"synthetic_{n_rows}_seed2026.parquet"
    if not path.exists():
        t0 = time.perf_counter()
        write_synthetic(path, n_rows)
        print(f"generated {path} in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    return path


def synthetic(n_rows: int) -> pd.DataFrame:
    return pd.read_parquet(synthetic_path(n_rows))


def cdnow_master() -> pd.DataFrame:
    from crmlib.datasets import load_cdnow_master

    tx = load_cdnow_master()
    return tx[["customer_id", "date", "amount"]].assign(date=tx["date"].astype("datetime64[us]"))


def parse_size(text: str) -> int:
    text = text.strip().upper()
    mult = {"K": 1_000, "M": 1_000_000}.get(text[-1], 1)
    return int(float(text[:-1] if text[-1] in "KM" else text) * mult)


# ----------------------------------------------------------------------------------------
# contenders
# ----------------------------------------------------------------------------------------

SQL = """
WITH daily AS (
    SELECT customer_id, date_trunc('day', date) AS day, sum(amount) AS amount, count(*) AS n
    FROM tx
    WHERE date_trunc('day', date) <= TIMESTAMP '{end}'
    GROUP BY customer_id, day
), per AS (
    SELECT customer_id, min(day) AS first, max(day) AS last, count(*) AS n_days,
           sum(n) AS n_orders, sum(amount) AS total, arg_min(amount, day) AS first_amount
    FROM daily GROUP BY customer_id
)
SELECT customer_id,
       n_days - 1 AS frequency,
       date_diff('day', first, last) / {unit} AS recency,
       date_diff('day', first, TIMESTAMP '{end}') / {unit} AS T,
       CASE WHEN n_days > 1 THEN (total - first_amount) / (n_days - 1) ELSE 0 END AS monetary,
       n_orders, total, first, last, date_diff('day', first, TIMESTAMP '{end}') AS tenure
FROM per ORDER BY customer_id
"""


def pandas_groupby(tx: pd.DataFrame, end: pd.Timestamp, unit: float) -> pd.DataFrame:
    """A careful hand-written vectorised pandas version (no Python call per customer)."""
    day = tx["date"].dt.normalize()
    keep = day <= end
    daily = (tx.loc[keep, ["customer_id", "amount"]].assign(day=day[keep])
             .groupby(["customer_id", "day"], sort=True)["amount"].sum().reset_index())
    g = daily.groupby("customer_id", sort=True)
    first, last, n = g["day"].min(), g["day"].max(), g.size()
    total, first_amount = g["amount"].sum(), g["amount"].first()  # rows are in day order
    x = n - 1
    return pd.DataFrame({
        "frequency": x,
        "recency": (last - first).dt.days / unit,
        "T": (end - first).dt.days / unit,
        "monetary": ((total - first_amount) / x.where(x > 0)).fillna(0.0),
    })


def naive_pandas(tx: pd.DataFrame, end: pd.Timestamp, unit: float) -> pd.DataFrame:
    """What one writes by hand: a Python function per customer."""
    tx = tx[tx["date"].dt.normalize() <= end]

    def one(g: pd.DataFrame) -> pd.Series:
        days = g.groupby(g["date"].dt.normalize())["amount"].sum()
        x = len(days) - 1
        return pd.Series({
            "frequency": x,
            "recency": (days.index[-1] - days.index[0]).days / unit,
            "T": (end - days.index[0]).days / unit,
            "monetary": days.iloc[1:].mean() if x else 0.0,
        })

    return tx.groupby("customer_id")[["date", "amount"]].apply(one)


LIFETIMES_SCRIPT = r"""
import json, sys, time
import pandas as pd
from lifetimes.utils import summary_data_from_transaction_data
path, end, repeat = sys.argv[1], sys.argv[2], int(sys.argv[3])
tx = pd.read_parquet(path)
if len(tx) <= 2_000_000:  # an untimed warm-up run, as for the other contenders
    summary_data_from_transaction_data(tx, "customer_id", "date", monetary_value_col="amount",
                                       observation_period_end=end, freq="D")
times = []
for _ in range(repeat):
    t0 = time.perf_counter()
    s = summary_data_from_transaction_data(tx, "customer_id", "date", monetary_value_col="amount",
                                           observation_period_end=end, freq="D")
    times.append(time.perf_counter() - t0)
import statistics, lifetimes
print(json.dumps({"seconds": statistics.median(times), "min": min(times), "rows": len(s),
                  "frequency_sum": float(s["frequency"].sum()), "monetary_sum": float(s["monetary_value"].sum()),
                  "pandas": pd.__version__, "lifetimes": lifetimes.__version__}))
"""


def best_of(fn, repeat: int, warmup: bool = True) -> tuple[float, object]:
    """Median wall time of ``repeat`` runs after one untimed warm-up run (imports, caches);
    all times are kept in ``TIMES``. Returns (median, last result)."""
    times, out = [], None
    if warmup:
        fn()
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    TIMES.append(times)
    return statistics.median(times), out


TIMES: list[list[float]] = []


def _agree(name: str, out: pd.DataFrame, ref: pd.DataFrame) -> None:
    """Check a contender's result against crmlib pandas (same customers, same numbers)."""
    if "customer_id" in out.columns:
        out = out.set_index("customer_id")
    out = out.sort_index()
    assert len(out) == len(ref), (name, len(out), len(ref))
    assert (out.index.astype(str) == ref.index.astype(str)).all(), name
    assert (out["frequency"].to_numpy() == ref["frequency"].to_numpy()).all(), name
    for col in ("recency", "T", "monetary"):
        assert np.allclose(out[col].to_numpy(dtype=float), ref[col].to_numpy(dtype=float)), (name, col)


def run_size(label: str, tx: pd.DataFrame, parquet: Path, repeat: int, lifetimes_python: str | None) -> dict:
    import duckdb
    import polars as pl

    from crmlib.summary import customer_summary

    end = tx["date"].max().normalize()
    unit = 1.0
    results: dict[str, float | str] = {}
    t, ref = best_of(lambda: customer_summary(tx, end, progress=False), repeat)
    results["crmlib pandas"] = t
    pl_df = pl.from_pandas(tx)
    t, out = best_of(lambda: customer_summary(pl_df, end, progress=False), repeat)
    results["crmlib polars"] = t
    _agree("polars", out.to_pandas(), ref)
    t, out = best_of(lambda: customer_summary(pl_df.lazy(), end, progress=False).collect(), repeat)
    results["crmlib polars lazy"] = t
    _agree("polars lazy", out.to_pandas(), ref)
    del pl_df, out
    con = duckdb.connect()
    con.register("tx_view", tx)
    con.execute("CREATE TABLE tx AS SELECT * FROM tx_view")
    con.unregister("tx_view")
    table = con.table("tx")
    t, out = best_of(lambda: customer_summary(table, end, progress=False).df(), repeat)
    results["crmlib duckdb"] = t
    _agree("crmlib duckdb", out, ref)
    sql = SQL.format(end=end.strftime("%Y-%m-%d"), unit=unit)
    t, out = best_of(lambda: con.sql(sql).df(), repeat)
    results["raw DuckDB SQL"] = t
    _agree("raw DuckDB SQL", out, ref)
    con.close()
    t, out = best_of(lambda: pandas_groupby(tx, end, unit), repeat)
    results["pandas groupby (hand-written)"] = t
    _agree("pandas groupby", out, ref)
    if len(ref) <= NAIVE_MAX_CUSTOMERS:
        t, out = best_of(lambda: naive_pandas(tx, end, unit), 1, warmup=False)
        results["naive pandas apply"] = t
        _agree("naive pandas apply", out, ref)
    else:
        # a Python call per customer scales linearly in customers: time an evenly spaced
        # sample of NAIVE_MAX_CUSTOMERS customers and scale up
        step = len(ref) // NAIVE_MAX_CUSTOMERS
        ids = ref.index.to_numpy()[::step]
        part = tx[tx["customer_id"].isin(ids)]
        t, out = best_of(lambda: naive_pandas(part, end, unit), 1, warmup=False)
        _agree("naive pandas apply (sample)", out, ref.loc[ids])
        results["naive pandas apply"] = t * len(ref) / len(ids)
        results["naive pandas apply note"] = f"extrapolated from {len(ids):,} customers"
    lifetimes_info = None
    if lifetimes_python:
        try:
            proc = subprocess.run([lifetimes_python, "-c", LIFETIMES_SCRIPT, str(parquet), str(end.date()), str(repeat)],
                                  capture_output=True, text=True, timeout=1800)
            ok, err = proc.returncode == 0, (proc.stderr.strip().splitlines() or [""])[-1][:160]
        except subprocess.TimeoutExpired:
            ok, err = False, "timed out after 30 min"
        if ok:
            lifetimes_info = json.loads(proc.stdout.strip().splitlines()[-1])
            results["lifetimes"] = lifetimes_info["seconds"]
            assert lifetimes_info["frequency_sum"] == ref["frequency"].sum(), lifetimes_info
            assert np.isclose(lifetimes_info["monetary_sum"], ref["monetary"].sum()), lifetimes_info
        else:
            results["lifetimes"] = "failed: " + err
    else:
        results["lifetimes"] = "skipped (no --lifetimes-python)"
    return {"label": label, "rows": len(tx), "customers": int(ref.shape[0]), "seconds": results,
            "lifetimes": lifetimes_info}


# ----------------------------------------------------------------------------------------
# memory: a large Parquet file through customer_summary_from_path
# ----------------------------------------------------------------------------------------

MEMORY_SCRIPT = r"""
import json, resource, sys, time
from crmlib.summary import customer_summary_from_path
t0 = time.perf_counter()
s = customer_summary_from_path(sys.argv[1], engine=sys.argv[2], memory_limit=sys.argv[3] or None)
print(json.dumps({"seconds": time.perf_counter() - t0, "customers": len(s),
                  "frequency_sum": int(s["frequency"].sum()),
                  "peak_rss_gb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2}))
"""


def run_memory(n_rows: int, engines: list[str], memory_limit: str) -> list[dict]:
    path = synthetic_path(n_rows)
    import pyarrow.parquet as pq

    rows = pq.ParquetFile(path).metadata.num_rows
    print(f"memory run on {path} ({rows:,} rows, {path.stat().st_size / 1e9:.2f} GB)", file=sys.stderr)
    out = []
    for engine in engines:
        try:
            proc = subprocess.run([sys.executable, "-c", MEMORY_SCRIPT, str(path), engine, memory_limit],
                                  capture_output=True, text=True, timeout=1800)
            info = (json.loads(proc.stdout.strip().splitlines()[-1]) if proc.returncode == 0
                    else {"error": ((proc.stderr.strip().splitlines() or [f"exit code {proc.returncode}"])[-1])[:200]})
        except subprocess.TimeoutExpired:
            info = {"error": "timed out after 30 min"}
        limit = (memory_limit or "DuckDB default") if engine == "duckdb" else "n/a"
        out.append({"engine": engine, "rows": rows, "file_gb": path.stat().st_size / 1e9,
                    "memory_limit": limit, **info})
        print(out[-1], file=sys.stderr)
    return out


# ----------------------------------------------------------------------------------------
# report
# ----------------------------------------------------------------------------------------

CONTENDERS = ["crmlib pandas", "crmlib polars", "crmlib polars lazy", "crmlib duckdb", "raw DuckDB SQL",
              "pandas groupby (hand-written)", "naive pandas apply", "lifetimes"]
ENGINES = ["crmlib pandas", "crmlib polars", "crmlib polars lazy", "crmlib duckdb"]


def fmt(v) -> str:
    return f"{v:.3f}" if isinstance(v, float) else str(v)


def _num(r: dict, name: str) -> float | None:
    v = r["seconds"].get(name)
    return v if isinstance(v, float) else None


def timing_tables(runs: list[dict]) -> str:
    head = "| contender | " + " | ".join(f"{r['label']}<br>{r['rows']:,} rows, {r['customers']:,} customers"
                                          for r in runs) + " |"
    rule = "|---|" + "---:|" * len(runs)
    lines = ["Median wall time in seconds:", "", head, rule]
    for name in CONTENDERS:
        cells = []
        for r in runs:
            v = r["seconds"].get(name, "-")
            note = r["seconds"].get(f"{name} note")
            cells.append(fmt(v) + (" *" if note else ""))
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    if any("naive pandas apply note" in r["seconds"] for r in runs):
        lines += ["", f"\\* extrapolated from a run on an evenly spaced sample of about {NAIVE_MAX_CUSTOMERS:,} customers (a Python call per customer costs time linear in customers)."]
    lines += ["", "Ratios: time / time of the raw DuckDB SQL query (lower is better), and lifetimes' time / the "
              "contender's time (lifetimes/this: how many times faster than lifetimes; below 1 means slower):", "", head, rule]
    for name in CONTENDERS:
        cells = []
        for r in runs:
            v, base, lt = _num(r, name), _num(r, "raw DuckDB SQL"), _num(r, "lifetimes")
            if v is None:
                cells.append("-")
                continue
            cell = f"{v / base:.2f}x SQL"
            if lt is not None and name != "lifetimes":
                cell += f"; lifetimes/this {lt / v:.1f}"
            cells.append(cell)
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def targets(runs: list[dict], memory: list[dict]) -> str:
    big = [r for r in runs if r["rows"] >= 1_000_000]
    lines = ["| target (from the issue) | measured | met? |", "|---|---|---|"]

    def best_engine(r):
        return min(((_num(r, e), e) for e in ENGINES if _num(r, e) is not None))

    if big:
        cells, ok = [], True
        for r in big:
            t, e = best_engine(r)
            ratio = t / _num(r, "raw DuckDB SQL")
            ok &= ratio <= 1.5
            cells.append(f"{r['label']}: {e} {ratio:.2f}x")
        lines.append(f"| best engine within 1.5x of raw DuckDB SQL, from 1M rows | {'; '.join(cells)} | {'yes' if ok else 'no'} |")
        cells, ok, have = [], True, False
        for r in big:
            lt = _num(r, "lifetimes")
            if lt is None:
                cells.append(f"{r['label']}: lifetimes not measured")
                continue
            have = True
            t, e = best_engine(r)
            ok &= lt / t >= 10
            cells.append(f"{r['label']}: {e} {lt / t:.1f}x")
        lines.append(f"| best engine >= 10x faster than lifetimes, from 1M rows | {'; '.join(cells)} | "
                     f"{('yes' if ok else 'no') if have else 'not measured'} |")
    cells, ok, have = [], True, False
    for r in runs:
        lt, t = _num(r, "lifetimes"), _num(r, "crmlib pandas")
        if lt is None:
            continue
        have = True
        ok &= lt / t >= 3
        cells.append(f"{r['label']}: {lt / t:.1f}x")
    lines.append(f"| default pandas engine >= 3x faster than lifetimes | {'; '.join(cells) or '-'} | "
                 f"{('yes' if ok else 'no') if have else 'not measured'} |")
    for m in memory:
        if "error" in m:
            lines.append(f"| {m['rows']:,} rows from Parquet under 8 GB RSS ({m['engine']}) | failed: {m['error']} | no |")
        else:
            lines.append(f"| {m['rows']:,} rows from Parquet under 8 GB RSS ({m['engine']}) | "
                         f"{m['peak_rss_gb']:.2f} GB peak RSS, {m['seconds']:.0f} s | {'yes' if m['peak_rss_gb'] < 8 else 'no'} |")
    return "\n".join(lines)


def memory_table(memory: list[dict]) -> str:
    for m in memory:  # DuckDB's memory_limit does not apply to the other engines
        if m["engine"] != "duckdb":
            m["memory_limit"] = "n/a"
    lines = ["| engine | rows | Parquet file (GB) | DuckDB memory_limit | seconds | peak RSS (GB) | customers |",
             "|---|---:|---:|---|---:|---:|---:|"]
    for m in memory:
        if "error" in m:
            lines.append(f"| {m['engine']} | {m['rows']:,} | {m['file_gb']:.2f} | {m['memory_limit']} | failed: {m['error']} | | |")
        else:
            lines.append(f"| {m['engine']} | {m['rows']:,} | {m['file_gb']:.2f} | {m['memory_limit']} | {m['seconds']:.1f} | "
                         f"{m['peak_rss_gb']:.2f} | {m['customers']:,} |")
    return "\n".join(lines)


def machine() -> str:
    import duckdb
    import narwhals
    import polars as pl

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    return (f"{cpu}; {os.cpu_count()} cores (shared with other jobs), {ram:.0f} GB RAM; {platform.system()} "
            f"{platform.release()}; Python {platform.python_version()}, pandas {pd.__version__}, polars {pl.__version__}, "
            f"duckdb {duckdb.__version__}, narwhals {narwhals.__version__}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="cdnow,1M,10M", help="comma-separated: cdnow and/or row counts such as 1M")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--lifetimes-python", default=None, help="python of a venv with lifetimes installed")
    parser.add_argument("--memory", default=None, help="rows for the Parquet peak-memory run, e.g. 100M")
    parser.add_argument("--memory-engines", default="duckdb,polars")
    parser.add_argument("--memory-limit", default="", help="DuckDB memory_limit for the memory run, e.g. 6GB")
    parser.add_argument("--memory-from", default=None,
                        help="reuse the memory results of an earlier run's --json file instead of measuring again")
    parser.add_argument("--json", default=None, help="also write the raw results here")
    parser.add_argument("--out", default=None, help="write the Markdown report here (e.g. benchmarks/RESULTS.md)")
    parser.add_argument("--append", action="append", default=[], help="Markdown file(s) appended to --out verbatim")
    args = parser.parse_args()
    started = datetime.datetime.now()
    load = os.getloadavg()
    print(f"# machine: {machine()}; load average at start {load[0]:.1f}", file=sys.stderr)
    runs = []
    for size in filter(None, args.sizes.split(",")):
        if size == "cdnow":
            tx, label = cdnow_master(), "CDNow master"
            folder = tempfile.TemporaryDirectory()
            parquet = Path(folder.name) / "cdnow.parquet"
            tx.to_parquet(parquet)
        else:
            parquet, label = synthetic_path(parse_size(size)), f"synthetic {size}"
            tx = pd.read_parquet(parquet)
        TIMES.clear()
        runs.append(run_size(label, tx, parquet, args.repeat, args.lifetimes_python))
        runs[-1]["all_times"] = list(TIMES)
        print(f"done {label}: {runs[-1]['seconds']}", file=sys.stderr)
        del tx
    memory = run_memory(parse_size(args.memory), args.memory_engines.split(","), args.memory_limit) if args.memory else []
    if args.memory_from:
        earlier = json.loads(Path(args.memory_from).read_text())
        memory += [dict(m, reused_from=earlier.get("finished", args.memory_from)) for m in earlier["memory"]]
    finished = datetime.datetime.now()
    command = "python benchmarks/bench_summary.py " + " ".join(shlex.quote(a) for a in sys.argv[1:])
    parts = ["# Benchmark results", "",
             "Produced by (from the repository root, with `CRMLIB_DATA_DIR` pointing at the data):", "",
             f"```bash\n{command}\n```", "",
             f"- date: {started:%Y-%m-%d %H:%M}–{finished:%H:%M} (local time)",
             f"- machine: {machine()}",
             f"- load average (1 min) at start / end: {load[0]:.1f} / {os.getloadavg()[0]:.1f}"]
    lt = next((r["lifetimes"] for r in runs if r.get("lifetimes")), None)
    if lt:
        parts.append(f"- lifetimes {lt['lifetimes']} with pandas {lt['pandas']}, in its own venv (`--lifetimes-python`)")
    parts += [f"- each time is the median of {args.repeat} runs after one untimed warm-up run (naive apply: 1 run); every result is checked "
              "against crmlib pandas before it is recorded", ""]
    if runs:
        parts += ["## customer_summary", "", timing_tables(runs), ""]
    if memory:
        parts += ["## Peak memory: a large Parquet file through `customer_summary_from_path`", "",
                  "Each engine runs in a fresh process; peak RSS is that process's `ru_maxrss`."
                  + ("".join(sorted({f" Measured by an earlier run of this script (finished {m['reused_from']}) "
                                     "and reused with `--memory-from`." for m in memory if "reused_from" in m}))), "",
                  memory_table(memory), ""]
    parts += ["## Targets", "", targets(runs, memory), ""]
    report = "\n".join(parts)
    for extra in args.append:
        report += "\n" + Path(extra).read_text()
    print(report)
    if args.out:
        Path(args.out).write_text(report)
    if args.json:
        Path(args.json).write_text(json.dumps({"finished": f"{finished:%Y-%m-%d %H:%M}", "command": command,
                                               "runs": runs, "memory": memory}, indent=2, default=str))


if __name__ == "__main__":
    main()
