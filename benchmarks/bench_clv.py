"""Benchmark: crmlib.clv (BetaGeo, GammaGamma) against lifetimes, side by side in one process.

lifetimes 0.11 needs pandas < 2 and numpy < 2, so this script runs in a separate virtual
environment that has lifetimes and can import crmlib (crmlib.clv only needs numpy, pandas
and scipy):

    python3.11 -m venv /tmp/lifetimesvenv
    /tmp/lifetimesvenv/bin/pip install lifetimes "pandas<2" "numpy<2" scipy
    echo /path/to/repo > /tmp/lifetimesvenv/lib/python3.11/site-packages/crmlib_src.pth
    CRMLIB_DATA_DIR=/path/to/data /tmp/lifetimesvenv/bin/python benchmarks/bench_clv.py

Data sets: the CDNOW sample summary of Fader, Hardie & Lee (2005) (2,357 customers), and
1,000,000 synthetic customers simulated from the BG/NBD with the CDNOW estimates, with
purchase times on whole days (as transaction logs record them) and observation periods of
39-78 weeks. Prints a Markdown report.
"""
from __future__ import annotations

import argparse
import platform
import statistics
import time
import warnings

import numpy as np
import pandas as pd

from crmlib.clv import BetaGeo, GammaGamma, _bg_loglik_terms, _GGData

TRUE_BG = {"r": 0.2426, "alpha": 4.4136, "a": 0.7929, "b": 2.4259}
TRUE_GG = {"p": 6.25, "q": 3.74, "gamma": 15.44}


def simulate_summary(n: int, seed: int = 2026) -> pd.DataFrame:
    """BG/NBD + Gamma-Gamma customers: frequency, recency, T in weeks (on whole days), monetary."""
    rng = np.random.default_rng(seed)
    lam = rng.gamma(TRUE_BG["r"], 1 / TRUE_BG["alpha"], n)  # purchases per week
    p = rng.beta(TRUE_BG["a"], TRUE_BG["b"], n)
    T_days = rng.integers(39 * 7, 78 * 7 + 1, n)
    T = T_days / 7
    t = np.zeros(n)
    x = np.zeros(n, dtype=np.int64)
    tx = np.zeros(n)
    active = np.ones(n, bool)
    while active.any():
        idx = np.flatnonzero(active)
        t[idx] += rng.exponential(1 / np.maximum(lam[idx], 1e-12))
        inside = t[idx] <= T[idx]
        buy = idx[inside]
        x[buy] += 1
        tx[buy] = t[buy]
        active[idx[~inside]] = False
        drop = buy[rng.random(buy.size) < p[buy]]
        active[drop] = False
    tx = np.floor(tx * 7) / 7  # whole days
    nu = rng.gamma(TRUE_GG["q"], 1 / TRUE_GG["gamma"], n)
    monetary = np.where(x > 0, rng.gamma(TRUE_GG["p"] * np.maximum(x, 1), 1 / nu) / np.maximum(x, 1), 0.0)
    return pd.DataFrame({"frequency": x, "recency": tx, "T": T, "monetary": monetary})


def timed(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def compare(name: str, summary: pd.DataFrame, repeat_ours: int, repeat_theirs: int, rows: list[str]) -> None:
    from lifetimes import BetaGeoFitter, GammaGammaFitter

    rep = summary[summary["frequency"] > 0]
    t_ours, bg = timed(lambda: BetaGeo().fit(summary), repeat_ours)
    t_ours_nc, bg_nc = timed(lambda: BetaGeo(collapse=False).fit(summary), repeat_ours)
    t_lt, lt = timed(lambda: BetaGeoFitter().fit(summary["frequency"], summary["recency"], summary["T"]), repeat_theirs)
    lt_params = pd.Series(lt.params_)[["r", "alpha", "a", "b"]]
    diff = (bg.params_ - lt_params.to_numpy()).abs().max()
    rel = ((bg.params_ - lt_params.to_numpy()).abs() / lt_params.to_numpy()).max()
    x, tx, T = (summary[c].to_numpy(float) for c in ("frequency", "recency", "T"))
    ll_lt = float(_bg_loglik_terms(lt_params.to_numpy(), x, tx, T).sum())  # lifetimes' estimates, same likelihood
    rows.append(
        f"| {name} | BG/NBD | {len(summary):,} ({bg.n_unique_:,} unique) | {t_ours:.3f} s | {t_ours_nc:.3f} s | {t_lt:.3f} s "
        f"| {t_lt / t_ours:.0f}× ({t_lt / t_ours_nc:.1f}×) | {diff:.1e} ({rel:.1e} rel.) | {bg.log_likelihood_:.2f} / {ll_lt:.2f} |"
    )
    print(f"  {name} BG/NBD crmlib   ", bg.params_.round(6).to_dict())
    print(f"  {name} BG/NBD lifetimes", lt_params.round(6).to_dict())

    t_ours, gg = timed(lambda: GammaGamma().fit(summary), repeat_ours)
    t_ours_nc, _ = timed(lambda: GammaGamma(collapse=False).fit(summary), repeat_ours)
    t_lt, ltg = timed(lambda: GammaGammaFitter().fit(rep["frequency"], rep["monetary"]), repeat_theirs)
    ltg_params = pd.Series(ltg.params_)[["p", "q", "v"]].to_numpy()
    diff = np.abs(gg.params_.to_numpy() - ltg_params).max()
    rel = (np.abs(gg.params_.to_numpy() - ltg_params) / ltg_params).max()
    xr, mr = rep["frequency"].to_numpy(float), rep["monetary"].to_numpy(float)
    ll_lt = float(_GGData(xr, mr, np.ones_like(xr)).terms(ltg_params)[0].sum())
    rows.append(
        f"| {name} | Gamma-Gamma | {len(rep):,} repeat buyers | {t_ours:.3f} s | {t_ours_nc:.3f} s | {t_lt:.3f} s "
        f"| {t_lt / t_ours:.0f}× ({t_lt / t_ours_nc:.1f}×) | {diff:.1e} ({rel:.1e} rel.) | {gg.log_likelihood_:.2f} / {ll_lt:.2f} |"
    )
    print(f"  {name} GG crmlib   ", gg.params_.round(6).to_dict())
    print(f"  {name} GG lifetimes", dict(zip(["p", "q", "gamma"], np.round(ltg_params, 6))))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="synthetic customers")
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    import lifetimes
    import scipy

    from crmlib.datasets import load_cdnow_summary

    print(f"Python {platform.python_version()}, numpy {np.__version__}, pandas {pd.__version__}, "
          f"scipy {scipy.__version__}, lifetimes {lifetimes.__version__}; {platform.processor() or platform.machine()}")
    rows = [
        "| data | model | customers | crmlib | crmlib, no collapsing | lifetimes | speed-up | max abs. estimate difference | log-lik. at crmlib / lifetimes estimates |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    compare("CDNOW sample", load_cdnow_summary(), 5, 3, rows)
    start = time.perf_counter()
    synth = simulate_summary(args.n)
    print(f"  simulated {args.n:,} customers in {time.perf_counter() - start:.1f} s")
    compare(f"synthetic {args.n:,}", synth, 3, 1, rows)
    print()
    print("\n".join(rows))


if __name__ == "__main__":
    main()
