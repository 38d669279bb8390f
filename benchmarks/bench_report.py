"""Time ``crm report`` against the same work done in one Python process, side by side.

Two figures (issue 12, "Speed"):

1. ``crm report`` on a 100-row file (wall time; the goal is under 3 s);
2. on a large synthetic log with returns, ``crm report -t rfm`` against the in-process work a
   script would do anyway: load and clean (``crmlib.io.load_transactions``), summarise
   (``customer_summary``), score (``segment.score_rfm`` + ``rfm_segments`` + ``abc_classes``) and
   write the Excel workbook (``write_workbook``). Goal: ratio at most 1.5.

Both sides run as fresh ``python`` processes (imports included), one after the other, each
``--repeat`` times; the median wall time is kept, and the CPU time (user + system, from
``resource.getrusage``) is recorded too, because on a shared machine wall time also measures
the other processes. The in-process script's customer count and revenue are checked against
the report's workbook before anything is recorded.

Usage (from the repository root)::

    PYTHONPATH=. python benchmarks/bench_report.py --rows 500000 --repeat 3 --out benchmarks/RESULTS.md
"""
from __future__ import annotations

import argparse
import datetime
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

IN_PROCESS = r"""
import sys
from pathlib import Path
from crmlib.io import load_transactions
from crmlib.summary import customer_summary
from crmlib import segment
from crmlib.report import write_workbook
src, out = Path(sys.argv[1]), Path(sys.argv[2])
tx, cleaning = load_transactions(src, validate=False)
summary = customer_summary(tx, progress=False)
rfm = segment.score_rfm(summary, bins=5)
segments = segment.rfm_segments(rfm, "ten")
abc = segment.abc_classes(summary["total"], cuts=[0.8, 0.95])
customers = summary[["first", "last", "n_orders", "total"]].join(rfm.scores_[["gap", "R", "F", "M", "RFM"]])
customers["segment"] = segments.astype(str)
customers["abc"] = abc["abc"].astype(str)
write_workbook(out / "inprocess.xlsx", {"customers": customers, "thresholds": rfm.thresholds_}, cleaning)
print(len(customers), round(float(customers["total"].sum()), 2))
"""


def make_log(rows: int, seed: int = 2026) -> pd.DataFrame:
    """A transaction log of *rows* lines, ~10 lines per customer, with 2 % returns of earlier lines."""
    rng = np.random.default_rng(seed)
    n_customers = max(1, rows // 10)
    buys = int(rows * 0.98)
    customer = rng.integers(0, n_customers, buys)
    start = np.datetime64("2023-01-01T00:00")
    minutes = rng.integers(0, 2 * 365 * 24 * 60, buys)
    date = start + minutes.astype("timedelta64[m]")
    quantity = rng.integers(1, 6, buys)
    price = np.round(rng.lognormal(2.5, 0.8, buys), 2)
    log = pd.DataFrame({"customer_id": [f"C{c:07d}" for c in customer], "order_id": [f"O{i:08d}" for i in range(buys)],
                        "date": date, "product": rng.choice(["tea", "cup", "pot", "gift box"], buys),
                        "quantity": quantity, "unit_price": price, "amount": np.round(quantity * price, 2)})
    back = log.sample(rows - buys, random_state=seed)
    back = back.assign(order_id=["R" + o[1:] for o in back["order_id"]], date=back["date"] + np.timedelta64(2, "D"),
                       quantity=-back["quantity"], amount=-back["amount"])
    out = pd.concat([log, back], ignore_index=True).sort_values("date", kind="stable")
    out["date"] = out["date"].dt.strftime("%Y-%m-%d %H:%M")
    return out


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall and CPU (user + system) seconds of one subprocess, and its stdout."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{proc.stderr[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, proc.stdout


def median_run(cmd: list[str], env: dict[str, str], repeat: int) -> tuple[float, float, str]:
    runs = [timed(cmd, env) for _ in range(repeat)]
    return (statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs), runs[-1][2])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=500_000, help="rows of the large synthetic log")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--template", default="rfm")
    parser.add_argument("--out", type=Path, help="append a results section to this Markdown file")
    args = parser.parse_args()

    env = dict(os.environ)
    tmp = Path(tempfile.mkdtemp(prefix="bench_report_"))
    small, large = tmp / "small.csv", tmp / "large.csv"
    make_log(100, seed=1).to_csv(small, index=False)
    make_log(args.rows).to_csv(large, index=False)
    size_mb = large.stat().st_size / 1e6
    crm = [sys.executable, "-m", "crmlib", "report"]

    small_wall, small_cpu, _ = median_run(crm + [str(small), "-t", args.template, "-o", str(tmp / "small_out")],
                                          env, args.repeat)
    crm_wall, crm_cpu, _ = median_run(crm + [str(large), "-t", "rfm", "-o", str(tmp / "large_out")], env, args.repeat)
    work_wall, work_cpu, printed = median_run([sys.executable, "-c", IN_PROCESS, str(large), str(tmp)], env,
                                              args.repeat)
    customers, revenue = printed.split()
    book = pd.read_excel(tmp / "large_out" / "rfm.xlsx", sheet_name="customers")
    assert len(book) == int(customers), (len(book), customers)
    assert abs(book["total"].sum() - float(revenue)) < 0.01, (book["total"].sum(), revenue)

    load = os.getloadavg()
    lines = [
        f"\n## crm report overhead ({datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC)\n",
        f"`PYTHONPATH=. python benchmarks/bench_report.py --rows {args.rows} --repeat {args.repeat}` on "
        f"{platform.machine()} with {os.cpu_count()} CPUs, Python {platform.python_version()}; load average "
        f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (1 / 5 / 15 min) when it finished. Medians of "
        f"{args.repeat} runs, each a fresh process (imports included).\n",
        "| run | wall s | CPU s |",
        "|---|---:|---:|",
        f"| `crm report` -t {args.template}, 100-row file | {small_wall:.2f} | {small_cpu:.2f} |",
        f"| `crm report` -t rfm, {args.rows:,} rows ({size_mb:,.0f} MB CSV, 2 % returns), {int(customers):,} customers "
        f"| {crm_wall:.2f} | {crm_cpu:.2f} |",
        f"| same work in one process (load, clean, summarise, score, write Excel) | {work_wall:.2f} | {work_cpu:.2f} |",
        f"| **ratio crm report / in-process** | **{crm_wall / work_wall:.2f}** | **{crm_cpu / work_cpu:.2f}** |",
        "",
        "Goals: under 3 s on the 100-row file; ratio at most 1.5.",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        with args.out.open("a", encoding="utf-8") as handle:
            handle.write(text)


if __name__ == "__main__":
    main()
