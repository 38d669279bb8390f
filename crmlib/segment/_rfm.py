"""RFM scores and segment schemes (ch3_rfm)."""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import narwhals as nw
import numpy as np
import pandas as pd

from .._errors import CRMLibError, DataFormatError
from .._deprecate import keyword_only_arguments
from .._validate import numeric_series


# ---------------------------------------------------------------------------
# RFM scores
# ---------------------------------------------------------------------------

def tie_aware_bins(values: Any, bins: int = 5) -> tuple[pd.Series, list[float]]:
    """Quantile bins 1..``bins`` (1 = lowest values) that never split a group of tied values.

    Sort the distinct values and place the boundaries one at a time: each at the end of the tie
    group whose cumulative count is nearest to an equal share of the customers not yet placed
    (``done + (n - done) / bins_left``), subject to every bin being non-empty. Re-targeting after
    each boundary spreads the customers left after a large tie group evenly over the remaining bins. Equal values always get the same score, larger values never get a lower
    one, and as long as there are at least ``bins`` distinct values every score 1..bins is used.
    Without ties this is the usual rank-based quantile binning (bins differ in size by at most
    one customer).

    Returns
    -------
    (scores, upper_edges): integer scores aligned with ``values`` and the largest value in each
    of the first ``bins - 1`` bins (a value ``v`` gets score ``1 + #(edges < v)``).

    Examples
    --------
    >>> s, edges = tie_aware_bins([1, 1, 1, 1, 1, 1, 2, 2, 3, 4], bins=4)
    >>> s.tolist(), edges
    ([1, 1, 1, 1, 1, 1, 2, 2, 3, 4], [1.0, 2.0, 3.0])
    """
    s = numeric_series(values)
    if bins < 2:
        raise CRMLibError(f"bins={bins}: use at least 2 bins.")
    distinct, counts = np.unique(s.to_numpy(), return_counts=True)
    edges = _bin_edges(distinct, counts, bins)
    scores = 1 + np.searchsorted(np.asarray(edges), s.to_numpy(), side="left")
    return pd.Series(scores.astype(int), index=s.index, name=s.name), edges


def _bin_edges(distinct: np.ndarray, counts: np.ndarray, bins: int) -> list[float]:
    """The upper edges of :func:`tie_aware_bins` from the sorted distinct values and their counts.

    Only the value counts are needed (one row per distinct value), so a Spark, DuckDB or Polars
    table is binned by collecting its value counts and running this same code.
    """
    d, n = len(distinct), int(np.sum(counts))
    cum = np.cumsum(counts)  # cum[i] = customers with value <= distinct[i]
    k = min(bins, d)
    ends: list[int] = []  # index (into distinct) of the last value of each of the first k-1 bins
    prev = -1
    for j in range(1, k):
        done = float(cum[prev]) if prev >= 0 else 0.0
        target = done + (n - done) / (k - j + 1)  # equal shares of the customers still to place
        lo, hi = prev + 1, d - 1 - (k - j)  # leave at least one distinct value per later bin
        cand = np.arange(lo, hi + 1)
        best = cand[np.argmin(np.abs(cum[cand] - target))] if len(cand) else lo
        ends.append(int(best))
        prev = int(best)
    return [float(distinct[i]) for i in ends]


#: Values are compared after rounding to this many decimals, so that sums that differ only in
#: the last bits (pandas, Polars, DuckDB and Spark add in different orders) stay tied and every
#: engine gives the same scores.
_TIE_DIGITS = 6

#: The raw values behind R, F and M in the output of :func:`rfm_scores`: ``gap`` is the time since
#: the last purchase (``T - recency``, the ``gap`` of :func:`crmlib.summary.purchase_gaps`) in the
#: summary's time unit, so it is not called ``recency_days`` (it is in weeks for a weekly summary).
_RFM_COLS = ("gap", "frequency_value", "monetary_value")


def rfm_scores(
    summary: pd.DataFrame,
    bins: int = 5,
    method: str = "quantile",
    *,
    recency: str | None = None,
    frequency: str = "n_orders",
    monetary: str = "total",
    thresholds: Mapping[str, Sequence[float]] | None = None,
) -> pd.DataFrame:
    """Score each customer's recency, frequency and monetary value 1..bins (higher = better).

    Definitions (chosen explicitly, since ``crmlib.summary`` uses the Fader–Hardie *recency*):

    * **R** — the ``gap``, time since the last purchase: ``T - recency`` of
      :func:`crmlib.summary.customer_summary` (the ``gap`` of :func:`crmlib.summary.purchase_gaps`), in
      the summary's time unit (days by default), or the column named by ``recency``. A shorter gap =
      *higher* score.
    * **F** — number of orders, column ``n_orders`` (``frequency`` selects another column, e.g.
      ``"frequency"`` for repeat purchase days).
    * **M** — total spend, column ``total`` (``monetary="monetary"`` for the mean repeat spend).

    Parameters
    ----------
    summary : one row per customer, e.g. from :func:`crmlib.summary.customer_summary`.
    bins : number of score levels (ignored by ``method="mean"``, which uses 2).
    method : ``"quantile"`` — tie-aware quantile bins (:func:`tie_aware_bins`): a group of tied
        values is never split, so heavy ties (half of CDNow buys once) cost at most the bins they
        must; ``"thresholds"`` — user cut points in ``thresholds`` (``{"R": [30, 90, 180, 365],
        "F": [...], "M": [...]}``; ascending, R as a gap in the summary's unit; a value equal to a cut point goes with the values
        below it); ``"mean"`` — 2 if at least as
        good as the average (R: gap <= mean; F, M: >= mean), else 1, as in the Chinese eight-class model.
    recency, frequency, monetary : column names (see above).
    thresholds : cut points for ``method="thresholds"``.

    Returns
    -------
    DataFrame indexed like ``summary`` with ``gap`` (called ``recency_days`` before crmlib 0.2, a
    wrong label for weekly summaries), ``frequency_value``, ``monetary_value``, the integer scores ``R``, ``F``, ``M`` and the code ``RFM`` (e.g. ``"545"``).
    ``.attrs`` holds ``method``, ``bins``, ``columns`` and ``thresholds``: for F and M the
    largest raw value of scores 1..bins-1; for R, in the gap's unit, the smallest gap of scores
    1..bins-1 (quantile) or the user's cut points (thresholds); the means for ``method="mean"``.

    References
    ----------
    Hughes (1994) *Strategic Database Marketing*; seeds 000 and 002 (RFM分析法);
    R package ``rfm`` (Hebbali) for the scheme it inspired.

    Examples
    --------
    >>> s = pd.DataFrame({"T": [100, 100, 50, 10], "recency": [90, 0, 40, 0],
    ...                   "n_orders": [5, 1, 2, 1], "total": [500.0, 20.0, 80.0, 35.0]})
    >>> rfm_scores(s, bins=2)[["R", "F", "M", "RFM"]].to_dict("list")
    {'R': [2, 1, 2, 2], 'F': [2, 1, 2, 1], 'M': [2, 1, 2, 1], 'RFM': ['222', '111', '222', '211']}
    """
    if not isinstance(summary, pd.DataFrame):
        return _rfm_scores_frame(summary, bins, method, recency=recency, frequency=frequency, monetary=monetary,
                                 thresholds=thresholds)
    if recency is None:
        missing = [c for c in ("T", "recency") if c not in summary.columns]
        if missing:
            raise DataFormatError(
                f"rfm_scores computes R as T - recency but the data has no {missing} column(s); "
                "pass recency='<column of the time since the last purchase>' instead.")
        r_days = summary["T"] - summary["recency"]
    else:
        if recency not in summary.columns:
            raise DataFormatError(f"No recency column {recency!r}; columns: {', '.join(map(str, summary.columns))}.")
        r_days = summary[recency]
    for role, col in (("frequency", frequency), ("monetary", monetary)):
        if col not in summary.columns:
            raise DataFormatError(f"No {role} column {col!r}; columns: {', '.join(map(str, summary.columns))}. "
                                  f"Pass {role}='<column>'.")
    raw = pd.DataFrame({
        "gap": numeric_series(r_days, name="recency").to_numpy(),
        "frequency_value": numeric_series(summary[frequency], name="frequency").to_numpy(),
        "monetary_value": numeric_series(summary[monetary], name="monetary").to_numpy(),
    }, index=summary.index)
    signs = {"R": -1.0, "F": 1.0, "M": 1.0}
    cols = dict(zip("RFM", _RFM_COLS))
    out = raw.copy()
    used: dict[str, list[float]] = {}
    if method == "quantile":
        for letter, col in cols.items():
            sc, edges = tie_aware_bins((signs[letter] * raw[col]).round(_TIE_DIGITS), bins)
            out[letter] = sc
            used[letter] = [signs[letter] * e for e in edges]
    elif method == "thresholds":
        if not thresholds or set(thresholds) != {"R", "F", "M"}:
            raise CRMLibError('method="thresholds" needs thresholds={"R": [...], "F": [...], "M": [...]} '
                              "(ascending cut points; R as the time since the last purchase, in the summary's unit).")
        for letter, col in cols.items():
            cuts = np.asarray(sorted(float(c) for c in thresholds[letter]))
            if len(cuts) != bins - 1:
                raise CRMLibError(f"thresholds[{letter!r}] has {len(cuts)} cut points; bins={bins} needs {bins - 1}.")
            level = np.searchsorted(cuts, raw[col].round(_TIE_DIGITS).to_numpy(), side="left")  # value == cut -> lower
            out[letter] = (bins - level if letter == "R" else 1 + level).astype(int)
            used[letter] = cuts.tolist()
    elif method == "mean":
        bins = 2
        for letter, col in cols.items():
            mu = float(raw[col].mean())
            v, m = raw[col].round(_TIE_DIGITS), round(mu, _TIE_DIGITS)
            good = v <= m if letter == "R" else v >= m
            out[letter] = np.where(good, 2, 1).astype(int)
            used[letter] = [mu]
    else:
        raise CRMLibError(f"method={method!r}: use 'quantile', 'thresholds' or 'mean'.")
    out["RFM"] = out["R"].astype(str) + out["F"].astype(str) + out["M"].astype(str)
    out.attrs.update(method=method, bins=int(bins), thresholds=used,
                     columns={"R": recency or "T - recency", "F": frequency, "M": monetary})
    return out


@dataclass(frozen=True)
class RFMScoring:
    """An RFM scoring: the table of :func:`rfm_scores` together with how its bins came out.

    One concept, two entry points, each with its own job: :func:`rfm_scores` is *the* scoring
    function and returns the table (one row per customer, what the chapter and
    :func:`rfm_segments` work with); :class:`RFMScoring` describes a scored table (levels used
    per letter, the cut points as a table, a sentence for a report), built from it with
    :meth:`from_scores`. :func:`score_rfm` is only the shorthand
    ``RFMScoring.from_scores(rfm_scores(...))`` that the templates use.

    Attributes
    ----------
    scores : DataFrame
        As returned by :func:`rfm_scores` (one row per customer).
    bins : int
        The number of score levels asked for (2 for ``method="mean"``).
    bins_used : dict
        Score levels actually used per letter: fewer than ``bins`` when ties (or too few
        distinct values) merged bins, e.g. ``{"R": 4, "F": 3, "M": 4}``.
    thresholds : DataFrame
        The cut points, one column per letter and one row per cut (``cut`` 1, 2, …); a
        letter with merged bins has fewer cuts, the rest of its column is missing.
    """

    scores: pd.DataFrame
    bins: int
    bins_used: dict[str, int]
    thresholds: pd.DataFrame

    @classmethod
    def from_scores(cls, scores: pd.DataFrame) -> "RFMScoring":
        """Describe a table returned by :func:`rfm_scores` (it reads the table's ``attrs``)."""
        if "thresholds" not in scores.attrs or "bins" not in scores.attrs:
            raise CRMLibError("RFMScoring.from_scores needs the table returned by rfm_scores() (its attrs hold the "
                              "cut points); score again rather than passing a copy that lost them.")
        used = {k: [float(c) for c in v] for k, v in scores.attrs["thresholds"].items()}
        asked = int(scores.attrs["bins"])
        if scores.attrs.get("method") == "quantile":
            bins_used = {k: len(v) + 1 for k, v in used.items()}
        else:
            bins_used = {k: asked for k in used}
        width = max([len(v) for v in used.values()] + [0])
        table = pd.DataFrame({k: pd.Series(v + [np.nan] * (width - len(v)), dtype="float64") for k, v in used.items()},
                             columns=list("RFM"))
        table.index = pd.RangeIndex(1, width + 1, name="cut")
        return cls(scores, asked, bins_used, table)

    @property
    def merged(self) -> list[str]:
        """Letters scored on fewer levels than asked for."""
        return [k for k, v in self.bins_used.items() if v < self.bins]

    @property
    def note(self) -> str:
        """One sentence for a report when bins merged; ``""`` otherwise."""
        if not self.merged:
            return ""
        parts = ", ".join(f"{k} {self.bins_used[k]}" for k in self.merged)
        return (f"Scores use fewer than {self.bins} levels where tied values (or too few distinct values) "
                f"left no room for more bins: {parts} levels. Tied customers always share a score, so "
                "these scores are on a shorter scale than the others.")


def score_rfm(
    summary: pd.DataFrame,
    bins: int = 5,
    method: str = "quantile",
    *,
    recency: str | None = None,
    frequency: str = "n_orders",
    monetary: str = "total",
    thresholds: Mapping[str, Sequence[float]] | None = None,
) -> RFMScoring:
    """:func:`rfm_scores` plus how the bins came out: ``RFMScoring.from_scores(rfm_scores(...))``.

    Small or low-frequency files (a few customers, most buying once or twice) tie so much
    that quantile bins merge: F may get 3 levels while R and M keep 5. The cut points then
    differ in number per letter; :attr:`RFMScoring.thresholds` holds them as a table with
    missing cells, and :attr:`RFMScoring.note` says so in one sentence. Any summary with at
    least one customer gives a result.

    Parameters
    ----------
    summary, bins, method, recency, frequency, monetary, thresholds : as in :func:`rfm_scores`.

    Returns
    -------
    :class:`RFMScoring`

    Examples
    --------
    >>> s = pd.DataFrame({"T": [30, 30, 30, 30, 30], "recency": [0, 10, 20, 25, 30],
    ...                   "n_orders": [1, 1, 1, 2, 4], "total": [5.0, 9.0, 12.0, 40.0, 90.0]})
    >>> r = score_rfm(s, bins=4)
    >>> r.bins_used, r.merged
    ({'R': 4, 'F': 3, 'M': 4}, ['F'])
    >>> r.thresholds["F"].tolist()
    [1.0, 2.0, nan]
    """
    return RFMScoring.from_scores(rfm_scores(summary, bins, method, recency=recency, frequency=frequency,
                                             monetary=monetary, thresholds=thresholds))


def _computed_once(frame: Any) -> Any:
    """A lazy Polars/DuckDB/Spark table computed once (four columns per customer, so small).

    Polars collects and DuckDB writes a temporary table, dropped with the last relation that
    reads it (``crmlib._clean_engines.duckdb_temp_table``). Spark caches; the cache is
    released when the returned DataFrame is garbage-collected (frames derived from it do not
    keep it, so reading those later recomputes the summary, with the same result).
    """
    import weakref  # noqa: PLC0415

    from .._clean_engines import materialise  # noqa: PLC0415
    from .._frames import is_spark_frame  # noqa: PLC0415

    if not isinstance(frame, nw.LazyFrame):
        return frame
    out = materialise(frame)
    jdf = getattr(out.to_native(), "_jdf", None) if is_spark_frame(out) else None
    if jdf is not None:  # the Java handle: a callback holding the DataFrame would keep it alive
        weakref.finalize(out.to_native(), _unpersist, jdf).atexit = False
    return out


def _unpersist(jdf: Any) -> None:
    try:
        jdf.unpersist()
    except Exception:  # noqa: BLE001 - a stopped Spark session has no cache left to free
        pass


def _rfm_scores_frame(summary: Any, bins: int, method: str, *, recency: str | None, frequency: str,
                      monetary: str, thresholds: Mapping[str, Sequence[float]] | None) -> Any:
    """:func:`rfm_scores` on a Polars, DuckDB or Spark table: the same rules as narwhals expressions.

    Bin edges need the distinct values with their counts (one small collect for all three
    letters); the scores are then computed in the engine, lazily for lazy inputs.
    """
    from .._frames import collect_pandas, to_narwhals, value_counts  # noqa: PLC0415

    frame = to_narwhals(summary, "rfm_scores")
    names = list(frame.collect_schema().names())
    if "customer_id" not in names:
        raise DataFormatError("rfm_scores on a Polars/DuckDB/Spark table needs a 'customer_id' column "
                              f"(columns: {', '.join(names)}); customer_summary returns one.")
    if recency is None:
        missing = [c for c in ("T", "recency") if c not in names]
        if missing:
            raise DataFormatError(
                f"rfm_scores computes R as T - recency but the data has no {missing} column(s); "
                "pass recency='<column of the time since the last purchase>' instead.")
        r_expr = nw.col("T") - nw.col("recency")
    elif recency not in names:
        raise DataFormatError(f"No recency column {recency!r}; columns: {', '.join(names)}.")
    else:
        r_expr = nw.col(recency)
    for role, col in (("frequency", frequency), ("monetary", monetary)):
        if col not in names:
            raise DataFormatError(f"No {role} column {col!r}; columns: {', '.join(names)}. Pass {role}='<column>'.")
    raw = frame.select(
        nw.col("customer_id"),
        r_expr.cast(nw.Float64).alias("gap"),
        nw.col(frequency).cast(nw.Float64).alias("frequency_value"),
        nw.col(monetary).cast(nw.Float64).alias("monetary_value"),
    )
    # a lazy summary is a plan over the transactions: computed once here, not once for the
    # statistics, once for the bin edges and again for every read of the scores
    raw = _computed_once(raw)
    signs = {"R": -1.0, "F": 1.0, "M": 1.0}
    cols = dict(zip("RFM", _RFM_COLS))
    # one small collect: missing values and the means (the means only matter for method="mean")
    stats = collect_pandas(raw.select(
        *[nw.col(c).null_count().alias(f"{c}_null") for c in _RFM_COLS],
        *[nw.col(c).mean().alias(f"{c}_mean") for c in _RFM_COLS],
        nw.len().alias("n"),
    )).iloc[0]
    if int(stats["n"]) == 0:
        raise CRMLibError("rfm_scores: the table is empty: pass one row per customer.")
    for c, role in zip(_RFM_COLS, ("recency", "frequency", "monetary")):
        if int(stats[f"{c}_null"]):
            raise DataFormatError(f"{role} has {int(stats[f'{c}_null'])} missing values: fill or drop them first.")
    rounded = {letter: (signs[letter] * nw.col(col)).round(_TIE_DIGITS) for letter, col in cols.items()}

    def count_above(expr: nw.Expr, cuts: Sequence[float]) -> nw.Expr:
        total = nw.lit(0, dtype=nw.Int64)
        for cut in cuts:
            total = total + nw.when(expr > float(cut)).then(1).otherwise(0)
        return total

    scores: dict[str, nw.Expr] = {}
    if method == "quantile":
        if bins < 2:
            raise CRMLibError(f"bins={bins}: use at least 2 bins.")
        counts = value_counts(raw.select(**{k: v for k, v in rounded.items()}), list("RFM"))
        for letter in "RFM":
            distinct, n = counts[letter]
            edges = _bin_edges(distinct, n, bins)
            scores[letter] = 1 + count_above(nw.col(f"_{letter}"), edges)
        raw = raw.with_columns(**{f"_{k}": v for k, v in rounded.items()})
    elif method == "thresholds":
        if not thresholds or set(thresholds) != {"R", "F", "M"}:
            raise CRMLibError('method="thresholds" needs thresholds={"R": [...], "F": [...], "M": [...]} '
                              "(ascending cut points; R as the time since the last purchase, in the summary's unit).")
        for letter, col in cols.items():
            cuts = sorted(float(c) for c in thresholds[letter])
            if len(cuts) != bins - 1:
                raise CRMLibError(f"thresholds[{letter!r}] has {len(cuts)} cut points; bins={bins} needs {bins - 1}.")
            level = count_above(nw.col(col).round(_TIE_DIGITS), cuts)
            scores[letter] = (bins - level) if letter == "R" else (1 + level)
    elif method == "mean":
        for letter, col in cols.items():
            mu = round(float(stats[f"{col}_mean"]), _TIE_DIGITS)
            v = nw.col(col).round(_TIE_DIGITS)
            good = v <= mu if letter == "R" else v >= mu
            scores[letter] = nw.when(good).then(2).otherwise(1)
    else:
        raise CRMLibError(f"method={method!r}: use 'quantile', 'thresholds' or 'mean'.")
    out = raw.with_columns(**{k: v.cast(nw.Int64) for k, v in scores.items()})
    out = out.select(
        "customer_id", *_RFM_COLS, "R", "F", "M",
        nw.concat_str([nw.col(k).cast(nw.String) for k in "RFM"]).alias("RFM"),
    )
    return out.sort("customer_id").to_native()


# ---------------------------------------------------------------------------
# Segment schemes
# ---------------------------------------------------------------------------

def _rules(rows: list[tuple[str, str, str, str]], cols: tuple[str, ...]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["segment", *cols])


#: Built-in schemes as rules tables: one row per (segment, rule); a cell "lo-hi" or "k" bounds a
#: score, "" leaves it free. A segment may have several rows (their union).
SCHEMES: dict[str, pd.DataFrame] = {
    # Chinese eight-class model: mean splits (2 = at least as good as average).
    "cn8": _rules([
        ("重要价值客户 Important value", "2", "2", "2"),
        ("重要发展客户 Important development", "2", "1", "2"),
        ("重要保持客户 Important keep-in-touch", "1", "2", "2"),
        ("重要挽留客户 Important win-back", "1", "1", "2"),
        ("一般价值客户 General value", "2", "2", "1"),
        ("一般发展客户 General development", "2", "1", "1"),
        ("一般保持客户 General keep-in-touch", "1", "2", "1"),
        ("一般挽留客户 General win-back", "1", "1", "1"),
    ], ("R", "F", "M")),
    # R-rfm-style ten segments on the R x FM grid, FM = round-half-up((F + M) / 2), bins = 5.
    "ten": _rules([
        ("Champions", "4-5", "4-5", ""),
        ("Loyal Customers", "3", "4-5", ""),
        ("Potential Loyalist", "4-5", "2-3", ""),
        ("New Customers", "5", "1", ""),
        ("Promising", "4", "1", ""),
        ("Need Attention", "3", "3", ""),
        ("About To Sleep", "3", "1-2", ""),
        ("At Risk", "1-2", "3", ""),
        ("At Risk", "2", "4-5", ""),
        ("Can't Lose Them", "1", "4-5", ""),
        ("Lost", "1-2", "1-2", ""),
    ], ("R", "FM", "M")),
}

#: What to do with each segment (seeds 000/002 for the FedEx and cn8 ideas; the rest are the
#: book's own suggestions, marked as such in the chapter).
SEGMENT_STRATEGIES: dict[str, str] = {
    "重要价值客户 Important value": "Keep them: VIP service, early access, no discounts needed.",
    "重要发展客户 Important development": "Raise frequency: loyalty programme, cross-selling, reminders.",
    "重要保持客户 Important keep-in-touch": "They spent a lot but have not come lately: personal contact now.",
    "重要挽留客户 Important win-back": "High spend, rare and long ago: find out why they left, win-back offer.",
    "一般价值客户 General value": "Frequent and recent but small baskets: up-sell, bundles.",
    "一般发展客户 General development": "New or light buyers: onboarding, second-purchase incentive.",
    "一般保持客户 General keep-in-touch": "Used to buy often: low-cost reactivation (e-mail).",
    "一般挽留客户 General win-back": "Low value and gone: minimal spend, or let go.",
    "Champions": "Reward them; ask for reviews and referrals; early access to new products.",
    "Loyal Customers": "Up-sell higher-value products; loyalty programme.",
    "Potential Loyalist": "Membership offers, recommendations to raise frequency.",
    "New Customers": "Onboarding support; make the second purchase easy.",
    "Promising": "Build awareness of the range; trial offers.",
    "Need Attention": "Limited-time offers based on past purchases.",
    "About To Sleep": "Share popular products; reconnect before they lapse.",
    "At Risk": "Personalised e-mails and renewal offers.",
    "Can't Lose Them": "Win them back with new products or a call; do not lose them to a competitor.",
    "Lost": "Revive with a low-cost campaign, otherwise ignore.",
}


def scheme_rules(scheme: str | pd.DataFrame) -> pd.DataFrame:
    """The rules table of a named scheme (``"cn8"``, ``"ten"``) or a custom table, validated."""
    if isinstance(scheme, str):
        try:
            return SCHEMES[scheme].copy()
        except KeyError:
            raise CRMLibError(f"Unknown scheme {scheme!r}: use one of {sorted(SCHEMES)}, 'fedex' via "
                              "fedex_groups(), or pass a rules DataFrame.") from None
    if not isinstance(scheme, pd.DataFrame) or "segment" not in scheme.columns:
        raise CRMLibError("A custom scheme is a DataFrame with a 'segment' column and score columns "
                          "(R, F, M or FM) holding ranges like '4-5', '3' or '' for any.")
    bad = [c for c in scheme.columns if c not in ("segment", "R", "F", "M", "FM")]
    if bad:
        raise CRMLibError(f"Scheme columns {bad} are not scores: use R, F, M or FM.")
    return scheme.copy()


def _parse(cell: Any) -> tuple[int, int] | None:
    if cell is None or (isinstance(cell, float) and math.isnan(cell)):
        return None
    text = str(cell).strip()
    if text in ("", "*", "any"):
        return None
    if "-" in text:
        lo, hi = text.split("-", 1)
        return int(lo), int(hi)
    return int(text), int(text)


def _fm(scores: pd.DataFrame) -> pd.Series:
    return np.floor((scores["F"] + scores["M"]) / 2 + 0.5).astype(int)


def _match(scores: pd.DataFrame, rules: pd.DataFrame) -> np.ndarray:
    """Boolean matrix customers x rules."""
    cols = {c: (_fm(scores) if c == "FM" else scores[c]).to_numpy() for c in rules.columns if c != "segment"}
    mats = []
    for _, rule in rules.iterrows():
        ok = np.ones(len(scores), dtype=bool)
        for c, arr in cols.items():
            rng = _parse(rule[c])
            if rng is not None:
                ok &= (arr >= rng[0]) & (arr <= rng[1])
        mats.append(ok)
    return np.column_stack(mats) if mats else np.zeros((len(scores), 0), dtype=bool)


def check_scheme(scheme: str | pd.DataFrame, bins: int = 5) -> pd.DataFrame:
    """Check that a scheme gives every possible (R, F, M) score triple exactly one segment.

    Evaluates the rules on the full grid ``{1..bins}^3`` and returns the triples that match no
    segment or more than one (empty when the scheme is a partition).

    Examples
    --------
    >>> check_scheme("ten").empty, check_scheme("cn8", bins=2).empty
    (True, True)
    """
    rules = scheme_rules(scheme)
    grid = pd.DataFrame([(r, f, m) for r in range(1, bins + 1) for f in range(1, bins + 1)
                         for m in range(1, bins + 1)], columns=["R", "F", "M"])
    hits = _match(grid, rules)
    segs = rules["segment"].to_numpy()
    n_segments = np.array([len(set(segs[row])) for row in hits])
    grid["segments"] = [", ".join(dict.fromkeys(segs[row])) for row in hits]
    return grid[n_segments != 1].reset_index(drop=True)


def rfm_segments(scores: pd.DataFrame, scheme: str | pd.DataFrame = "ten") -> pd.Series:
    """Name each customer's segment under a scheme; every customer gets exactly one.

    Parameters
    ----------
    scores : output of :func:`rfm_scores`.
    scheme : ``"ten"`` (needs 5-level scores; uses R and FM = round-half-up of (F + M)/2),
        ``"cn8"`` (mean splits: :func:`rfm_scores` with ``method="mean"`` on the raw values unless
        ``scores`` already came from it), or a rules DataFrame (columns ``segment`` and any of R, F, M, FM
        with ranges like ``"4-5"``). For the FedEx groups use :func:`fedex_groups`.

    Returns
    -------
    Categorical Series named ``segment`` in the order of the scheme's rules.

    Raises
    ------
    CRMLibError when a customer matches no segment or two different ones, naming the scores.

    Examples
    --------
    >>> sc = pd.DataFrame({"R": [5, 1, 3], "F": [5, 5, 1], "M": [4, 5, 1]})
    >>> rfm_segments(sc, "ten").tolist()
    ['Champions', "Can't Lose Them", 'About To Sleep']
    """
    name = scheme if isinstance(scheme, str) else "custom"
    rules = scheme_rules(scheme)
    if not isinstance(scores, pd.DataFrame):
        return _rfm_segments_frame(scores, rules, name)
    if name == "cn8" and scores.attrs.get("method") != "mean":
        if not set(_RFM_COLS) <= set(scores.columns):
            raise DataFormatError("scheme='cn8' needs the raw values of rfm_scores (gap, "
                                  "frequency_value, monetary_value) to split at the means.")
        # the one mean split of the eight-class model: rfm_scores(method="mean") on the raw values
        scores = rfm_scores(scores, method="mean", recency="gap", frequency="frequency_value",
                            monetary="monetary_value")
    elif name == "ten":
        top = int(max(scores[["R", "F", "M"]].max()))
        if top > 5 or scores.attrs.get("bins", 5) != 5:
            raise CRMLibError("scheme='ten' is defined on 5-level scores: call rfm_scores(..., bins=5) with "
                              "method='quantile' or 'thresholds' (method='mean' gives 2 levels).")
    hits = _match(scores, rules)
    segs = rules["segment"].to_numpy()
    order = list(dict.fromkeys(segs))
    code = np.array([order.index(s) for s in segs])
    # distinct segments matched per customer (a segment may have several rules)
    seg_hits = np.zeros((len(scores), len(order)), dtype=bool)
    for j, c in enumerate(code):
        seg_hits[:, c] |= hits[:, j]
    n_hit = seg_hits.sum(axis=1)
    if (n_hit != 1).any():
        i = int(np.flatnonzero(n_hit != 1)[0])
        row = scores.iloc[i][[c for c in ("R", "F", "M") if c in scores.columns]].to_dict()
        what = "no segment" if n_hit[i] == 0 else "more than one segment"
        raise CRMLibError(f"Scores {row} match {what} of the scheme ({int((n_hit != 1).sum())} customers "
                          "affected). Fix the rules so they partition the score grid; check_scheme() lists the gaps.")
    idx = seg_hits.argmax(axis=1)
    return pd.Series(pd.Categorical.from_codes(idx, categories=order), index=scores.index, name="segment")


def _rfm_segments_frame(scores: Any, rules: pd.DataFrame, name: str) -> Any:
    """:func:`rfm_segments` on a Polars, DuckDB or Spark table of scores, in the engine.

    The rules become one ``when/then`` chain; a count of customers matching no segment or
    several (one number) is collected only when the scheme does not partition the score grid.
    """
    from .._frames import collect_pandas, to_narwhals  # noqa: PLC0415

    frame = to_narwhals(scores, "rfm_segments")
    names = list(frame.collect_schema().names())
    if "customer_id" not in names or not {"R", "F", "M"} <= set(names):
        raise DataFormatError("rfm_segments needs the output of rfm_scores (customer_id, R, F, M); "
                              f"the table has {', '.join(names)}.")
    if name == "cn8":
        if not set(_RFM_COLS) <= set(names):
            raise DataFormatError("scheme='cn8' needs the raw values of rfm_scores (gap, "
                                  "frequency_value, monetary_value) to split at the means.")
        means = collect_pandas(frame.select(*[nw.col(c).mean() for c in _RFM_COLS])).iloc[0]
        cols = {}
        for letter, col in zip("RFM", _RFM_COLS):
            mu, v = round(float(means[col]), _TIE_DIGITS), nw.col(col).round(_TIE_DIGITS)
            cols[letter] = nw.when(v <= mu if letter == "R" else v >= mu).then(2).otherwise(1)
        frame = frame.with_columns(**cols)
        bins = 2
    else:
        bins = 5
        if name == "ten":
            top = collect_pandas(frame.select(nw.max_horizontal("R", "F", "M").max().alias("top")))["top"].iloc[0]
            if int(top) > 5:
                raise CRMLibError("scheme='ten' is defined on 5-level scores: call rfm_scores(..., bins=5).")
    score = {c: nw.col(c) for c in ("R", "F", "M")}
    score["FM"] = ((nw.col("F") + nw.col("M")) / 2 + 0.5).floor().cast(nw.Int64)
    order = list(dict.fromkeys(rules["segment"]))
    conditions = []
    for seg in order:
        seg_cond = nw.lit(False)
        for _, rule in rules[rules["segment"] == seg].iterrows():
            cond = nw.lit(True)
            for c in rules.columns:
                rng = _parse(rule[c]) if c != "segment" else None
                if rng is not None:
                    cond = cond & (score[c] >= rng[0]) & (score[c] <= rng[1])
            seg_cond = seg_cond | cond
        conditions.append(seg_cond)
    if not check_scheme(rules, bins=bins).empty or name == "custom":
        hits = nw.sum_horizontal(*[nw.when(c).then(1).otherwise(0) for c in conditions])
        bad = collect_pandas(frame.filter(hits != 1).select(nw.len().alias("n")))["n"].iloc[0]
        if int(bad):
            raise CRMLibError(f"{int(bad)} customers match no segment or more than one segment of the scheme. "
                              "Fix the rules so they partition the score grid; check_scheme() lists the gaps.")
    label = nw.lit(None, dtype=nw.String)
    for seg, cond in reversed(list(zip(order, conditions))):
        label = nw.when(cond).then(nw.lit(seg)).otherwise(label)
    return frame.select("customer_id", label.alias("segment")).sort("customer_id").to_native()


def segment_summary(scores: pd.DataFrame, segments: pd.Series) -> pd.DataFrame:
    """Per segment: customers, share of customers, revenue share, mean R/F/M scores and raw values.

    The raw means are ``mean_gap`` (time since the last purchase, in the summary's unit),
    ``mean_orders`` and ``mean_spend``.

    ``revenue_share`` is the share of ``monetary_value`` (total spend by default). Rows follow the
    segment categories; empty segments are kept with zero customers.

    Examples
    --------
    >>> sc = pd.DataFrame({"R": [5, 1], "F": [5, 1], "M": [5, 1], "gap": [1, 300],
    ...                    "frequency_value": [9, 1], "monetary_value": [90.0, 10.0]})
    >>> segment_summary(sc, pd.Series(["x", "y"]))["revenue_share"].tolist()
    [0.9, 0.1]
    """
    df = scores.assign(segment=segments.set_axis(scores.index))
    g = df.groupby("segment", observed=False, sort=True)
    out = pd.DataFrame({"customers": g.size()})
    out["customer_share"] = out["customers"] / out["customers"].sum()
    if "monetary_value" in df:
        out["revenue_share"] = g["monetary_value"].sum() / df["monetary_value"].sum()
    for c in ("R", "F", "M"):
        if c in df:
            out[f"mean_{c}"] = g[c].mean()
    for c, label in zip(_RFM_COLS, ("mean_gap", "mean_orders", "mean_spend")):
        if c in df:
            out[label] = g[c].mean()
    return out


@keyword_only_arguments("value", since="0.2", removed_in="0.3")
def rfm_cell_means(scores: pd.DataFrame, *, value: str = "monetary_value") -> pd.DataFrame:
    """Customers and the mean of ``value`` in each occupied R × F score cell (the RFM heatmap).

    Parameters
    ----------
    scores : output of :func:`rfm_scores`.
    value : the column to average, total spend by default.

    Returns
    -------
    DataFrame with one row per occupied cell, sorted by R then F: ``R``, ``F``, ``customers``
    and ``mean``.

    Examples
    --------
    >>> sc = pd.DataFrame({"R": [1, 1, 2], "F": [1, 1, 2], "monetary_value": [10.0, 30.0, 5.0]})
    >>> rfm_cell_means(sc).to_dict("list")
    {'R': [1, 2], 'F': [1, 2], 'customers': [2, 1], 'mean': [20.0, 5.0]}
    """
    missing = [c for c in ("R", "F", value) if c not in scores.columns]
    if missing:
        raise DataFormatError(f"rfm_cell_means needs the columns {missing}: pass the output of rfm_scores().")
    g = scores.groupby(["R", "F"])[value]
    out = pd.DataFrame({"customers": g.size().astype(int), "mean": g.mean()}).reset_index()
    return out.astype({"R": int, "F": int})
