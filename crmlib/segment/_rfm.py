"""RFM scores and segment schemes (ch3_rfm)."""
from __future__ import annotations

import math
from typing import Any, Mapping, Sequence

import narwhals as nw
import numpy as np
import pandas as pd

from .._base import BaseModel
from .._errors import CRMLibError, DataFormatError, NotFittedError
from .._deprecate import keyword_only_arguments, warn_deprecated
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
    summary: Any,
    bins: int = 5,
    method: str = "quantile",
    *,
    recency: str | None = None,
    frequency: str = "n_orders",
    monetary: str = "total",
    thresholds: Mapping[str, Sequence[float]] | None = None,
) -> Any:
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
    summary : one row per customer, e.g. from :func:`crmlib.summary.customer_summary`: a pandas
        DataFrame, or a Polars, DuckDB or Spark table with a ``customer_id`` column.
    bins : number of score levels (ignored by ``method="mean"``, which uses 2).
    method : ``"quantile"`` — tie-aware quantile bins (:func:`tie_aware_bins`): a group of tied
        values is never split, so heavy ties (half of CDNow buys once) cost at most the bins they
        must; ``"thresholds"`` — user cut points in ``thresholds`` (``{"R": [30, 90, 180, 365],
        "F": [...], "M": [...]}``; ascending, R as a gap in the summary's unit; a value equal to a cut point goes with the values
        below it); ``"mean"`` — 2 if at least as
        good as the average (R: gap <= mean; F, M: >= mean), else 1, as in the Chinese eight-class model.
        Every method compares values (and the mean) rounded to 6 decimals, so that values that differ
        only in float noise are tied, and pandas, Polars, DuckDB and Spark — which add in
        different orders — give the same scores.
    recency, frequency, monetary : column names (see above).
    thresholds : cut points for ``method="thresholds"``.

    Returns
    -------
    For pandas, a DataFrame indexed like ``summary`` with ``gap`` (called ``recency_days`` before
    crmlib 0.2, a wrong label for weekly summaries), ``frequency_value``, ``monetary_value``, the
    integer scores ``R``, ``F``, ``M`` and the code ``RFM`` (e.g. ``"545"``). A Polars, DuckDB or
    Spark table gives a table of the same engine with ``customer_id`` first, sorted by it,
    computed lazily for lazy inputs; only the distinct values with their counts (for the bin
    edges) and a few numbers are collected. The three raw values per customer are computed
    once (Polars collects them, DuckDB holds them as an Arrow table, Spark caches them:
    ``spark.catalog.clearCache()`` frees them), so those collects and the result do not re-run
    the plan behind ``summary``.

    The cut points used (the bin edges, the means) are not stored on the table (pandas drops
    ``DataFrame.attrs`` in many operations): :class:`RFMScoring` keeps them in ``thresholds_``,
    with the same arguments: ``RFMScoring(bins, method).fit(summary)``.

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
    return _score(summary, bins, method, recency=recency, frequency=frequency, monetary=monetary,
                  thresholds=thresholds)[0]


def _count_above(expr: nw.Expr, cuts: Sequence[float]) -> nw.Expr:
    """How many of ``cuts`` lie strictly below each value (``searchsorted(cuts, v, "left")``)."""
    total = nw.lit(0, dtype=nw.Int64)
    for cut in cuts:
        total = total + (expr > float(cut)).cast(nw.Int64)
    return total


def _raw_values(summary: Any, recency: str | None, frequency: str, monetary: str) -> tuple[Any, pd.Index | None]:
    """The three raw values as a narwhals frame (``gap``, ``frequency_value``, ``monetary_value``).

    pandas: a frame in the input's row order and the input's index (to put back); the values
    are checked by :func:`crmlib._validate.numeric_series`, which names a bad row. Other engines:
    ``customer_id`` first, computed once (:func:`crmlib._clean_engines.materialise`), so the
    collects that follow do not re-run the plan behind ``summary``.
    """
    from .._frames import to_narwhals  # noqa: PLC0415

    is_pd = isinstance(summary, pd.DataFrame)
    frame = None if is_pd else to_narwhals(summary, "rfm_scores")
    names = [str(c) for c in summary.columns] if is_pd else list(frame.collect_schema().names())
    if not is_pd and "customer_id" not in names:
        raise DataFormatError("rfm_scores on a Polars/DuckDB/Spark table needs a 'customer_id' column "
                              f"(columns: {', '.join(names)}); customer_summary returns one.")
    if recency is None:
        missing = [c for c in ("T", "recency") if c not in names]
        if missing:
            raise DataFormatError(
                f"rfm_scores computes R as T - recency but the data has no {missing} column(s); "
                "pass recency='<column of the time since the last purchase>' instead.")
    elif recency not in names:
        raise DataFormatError(f"No recency column {recency!r}; columns: {', '.join(names)}.")
    for role, col in (("frequency", frequency), ("monetary", monetary)):
        if col not in names:
            raise DataFormatError(f"No {role} column {col!r}; columns: {', '.join(names)}. Pass {role}='<column>'.")
    if is_pd:
        r = summary["T"] - summary["recency"] if recency is None else summary[recency]
        raw = pd.DataFrame({
            "gap": numeric_series(r, name="recency").to_numpy(),
            "frequency_value": numeric_series(summary[frequency], name="frequency").to_numpy(),
            "monetary_value": numeric_series(summary[monetary], name="monetary").to_numpy(),
        })
        return nw.from_native(raw, eager_only=True), summary.index
    from .._clean_engines import materialise  # noqa: PLC0415

    r_expr = nw.col("T") - nw.col("recency") if recency is None else nw.col(recency)
    return materialise(frame.select(
        nw.col("customer_id"),
        r_expr.cast(nw.Float64).alias("gap"),
        nw.col(frequency).cast(nw.Float64).alias("frequency_value"),
        nw.col(monetary).cast(nw.Float64).alias("monetary_value"),
    )), None


def _score(summary: Any, bins: int, method: str, *, recency: str | None, frequency: str, monetary: str,
           thresholds: Mapping[str, Sequence[float]] | None) -> tuple[Any, dict[str, list[float]], int]:
    """The one RFM scoring of every engine: (scores table, cut points per letter, levels asked).

    Written once with narwhals. Bin edges need the distinct values with their counts (one small
    collect for the three letters, binned by :func:`_bin_edges`, the code of
    :func:`tie_aware_bins`); the means are one more small collect; the scores are then
    expressions, computed lazily for lazy inputs.
    """
    from .._frames import collect_pandas, value_counts  # noqa: PLC0415

    if method not in ("quantile", "thresholds", "mean"):
        raise CRMLibError(f"method={method!r}: use 'quantile', 'thresholds' or 'mean'.")
    if method == "quantile" and bins < 2:
        raise CRMLibError(f"bins={bins}: use at least 2 bins.")
    if method == "thresholds" and (not thresholds or set(thresholds) != {"R", "F", "M"}):
        raise CRMLibError('method="thresholds" needs thresholds={"R": [...], "F": [...], "M": [...]} '
                          "(ascending cut points; R as the time since the last purchase, in the summary's unit).")
    raw, index = _raw_values(summary, recency, frequency, monetary)
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
    scores: dict[str, nw.Expr] = {}
    used: dict[str, list[float]] = {}
    # values rounded once, so that sums differing only in the last bits stay tied on every
    # engine; quantile bins rank R by the negated gap (a shorter gap is better)
    sign = {"R": -1.0, "F": 1.0, "M": 1.0} if method == "quantile" else {"R": 1.0, "F": 1.0, "M": 1.0}
    work = raw.with_columns(**{f"_{k}": (sign[k] * nw.col(c)).round(_TIE_DIGITS) for k, c in cols.items()})
    if method == "quantile":
        counts = value_counts(work.select("_R", "_F", "_M"), ["_R", "_F", "_M"])
        for letter in "RFM":
            edges = _bin_edges(*counts[f"_{letter}"], bins)
            scores[letter] = 1 + _count_above(nw.col(f"_{letter}"), edges)
            used[letter] = [sign[letter] * e for e in edges]
    elif method == "thresholds":
        for letter in "RFM":
            cuts = sorted(float(c) for c in thresholds[letter])  # type: ignore[index]
            if len(cuts) != bins - 1:
                raise CRMLibError(f"thresholds[{letter!r}] has {len(cuts)} cut points; bins={bins} needs {bins - 1}.")
            level = _count_above(nw.col(f"_{letter}"), cuts)  # value == cut -> lower level
            scores[letter] = (bins - level) if letter == "R" else (1 + level)
            used[letter] = cuts
    else:
        bins = 2
        for letter, col in cols.items():
            mu = float(stats[f"{col}_mean"])
            v, m = nw.col(f"_{letter}"), round(mu, _TIE_DIGITS)
            scores[letter] = nw.when(v <= m if letter == "R" else v >= m).then(2).otherwise(1)
            used[letter] = [mu]
    keys = ["customer_id"] if index is None else []
    out = work.with_columns(**{k: v.cast(nw.Int64) for k, v in scores.items()}).select(
        *keys, *_RFM_COLS, "R", "F", "M",
        nw.concat_str([nw.col(k).cast(nw.String) for k in "RFM"]).alias("RFM"),
    )
    if index is None:
        return out.sort("customer_id").to_native(), used, int(bins)
    table = out.to_native()
    table.index = index
    table["RFM"] = table["RFM"].astype(str)
    return table, used, int(bins)


class RFMScoring(BaseModel):
    """An RFM scoring that keeps how its bins came out: the cut points, the levels used.

    :func:`rfm_scores` returns the table (one row per customer, what the chapter and
    :func:`rfm_segments` work with); ``RFMScoring(...).fit(summary)`` computes the same table
    (``scores_``, with the same code) and keeps what the table cannot carry: the cut points
    (``thresholds_``), the levels used per letter, the method and the number of levels.
    :func:`rfm_segments` accepts the fitted object in place of the table and then checks the
    scheme against ``method`` and ``bins_``. :func:`score_rfm` is the shorthand
    ``RFMScoring(...).fit(summary)`` that the templates use.

    Parameters
    ----------
    bins, method, recency, frequency, monetary, thresholds : as in :func:`rfm_scores`
        (``thresholds`` are the user's cut points for ``method="thresholds"``).

    Attributes
    ----------
    scores_ : table
        As returned by :func:`rfm_scores` (one row per customer; the input's engine).
    bins_ : int
        The number of score levels asked for (2 for ``method="mean"``).
    cuts_ : dict
        The cut points per letter: for F and M the largest raw value of scores 1..k-1, for R the
        smallest gap of scores 1..k-1 (``method="quantile"``); the user's cut points
        (``"thresholds"``); the mean (``"mean"``).
    thresholds_ : DataFrame
        ``cuts_`` as a table, one column per letter and one row per cut (``cut`` 1, 2, …); a
        letter with merged bins has fewer cuts, the rest of its column is missing.
    bins_used_ : dict
        Score levels actually used per letter: fewer than ``bins_`` when ties (or too few
        distinct values) merged bins, e.g. ``{"R": 4, "F": 3, "M": 4}``.
    columns_ : dict
        The summary column behind each letter (``"T - recency"`` for R by default).

    Examples
    --------
    >>> s = pd.DataFrame({"T": [30, 30, 30, 30, 30], "recency": [0, 10, 20, 25, 30],
    ...                   "n_orders": [1, 1, 1, 2, 4], "total": [5.0, 9.0, 12.0, 40.0, 90.0]})
    >>> r = RFMScoring(bins=4).fit(s)
    >>> r.bins_used_, r.merged
    ({'R': 4, 'F': 3, 'M': 4}, ['F'])
    >>> r.cuts_["F"]
    [1.0, 2.0]
    """

    def __init__(self, bins: int = 5, method: str = "quantile", *, recency: str | None = None,
                 frequency: str = "n_orders", monetary: str = "total",
                 thresholds: Mapping[str, Sequence[float]] | None = None) -> None:
        self.bins = bins
        self.method = method
        self.recency = recency
        self.frequency = frequency
        self.monetary = monetary
        self.thresholds = thresholds

    def fit(self, summary: Any) -> "RFMScoring":
        """Score ``summary`` (any engine, as :func:`rfm_scores`) and keep the cut points."""
        scores, cuts, bins = _score(summary, self.bins, self.method, recency=self.recency,
                                    frequency=self.frequency, monetary=self.monetary, thresholds=self.thresholds)
        self.scores_, self.cuts_, self.bins_ = scores, cuts, bins
        self.bins_used_ = {k: (len(v) + 1 if self.method == "quantile" else bins) for k, v in cuts.items()}
        width = max([len(v) for v in cuts.values()] + [0])
        table = pd.DataFrame({k: pd.Series(v + [np.nan] * (width - len(v)), dtype="float64") for k, v in cuts.items()},
                             columns=list("RFM"))
        table.index = pd.RangeIndex(1, width + 1, name="cut")
        self.thresholds_ = table
        self.columns_ = {"R": self.recency or "T - recency", "F": self.frequency, "M": self.monetary}
        return self

    def _check_fitted(self) -> None:
        if not hasattr(self, "scores_"):
            raise NotFittedError("This RFMScoring is not fitted yet: call .fit(summary) before asking for results.")

    @classmethod
    def from_scores(cls, scores: pd.DataFrame, bins: int = 5, method: str = "quantile",
                    thresholds: Mapping[str, Sequence[float]] | None = None) -> "RFMScoring":
        """Deprecated (crmlib 0.2.0 read the cut points from ``DataFrame.attrs``): use ``fit``.

        Re-scores the raw values of a table from :func:`rfm_scores` (``gap``,
        ``frequency_value``, ``monetary_value``) with the given ``bins``, ``method`` and
        ``thresholds`` (the table itself no longer records them), so it gives the same scores and
        cut points as ``RFMScoring(bins, method).fit(summary)``. Removed in crmlib 0.3.
        """
        warn_deprecated("RFMScoring.from_scores is deprecated: use RFMScoring(bins, method).fit(summary) "
                        "(removed in crmlib 0.3)")
        return cls(bins, method, recency="gap", frequency="frequency_value", monetary="monetary_value",
                   thresholds=thresholds).fit(scores)

    @property
    def scores(self) -> Any:
        """Deprecated name of ``scores_`` (crmlib 0.2.0); removed in 0.3."""
        warn_deprecated("RFMScoring.scores is deprecated: use scores_ (removed in crmlib 0.3)")
        return self.scores_

    @property
    def bins_used(self) -> dict[str, int]:
        """Deprecated name of ``bins_used_`` (crmlib 0.2.0); removed in 0.3."""
        warn_deprecated("RFMScoring.bins_used is deprecated: use bins_used_ (removed in crmlib 0.3)")
        return self.bins_used_

    @property
    def merged(self) -> list[str]:
        """Letters scored on fewer levels than asked for."""
        self._check_fitted()
        return [k for k, v in self.bins_used_.items() if v < self.bins_]

    @property
    def note(self) -> str:
        """One sentence for a report when bins merged; ``""`` otherwise."""
        if not self.merged:
            return ""
        parts = ", ".join(f"{k} {self.bins_used_[k]}" for k in self.merged)
        return (f"Scores use fewer than {self.bins_} levels where tied values (or too few distinct values) "
                f"left no room for more bins: {parts} levels. Tied customers always share a score, so "
                "these scores are on a shorter scale than the others.")


def score_rfm(
    summary: Any,
    bins: int = 5,
    method: str = "quantile",
    *,
    recency: str | None = None,
    frequency: str = "n_orders",
    monetary: str = "total",
    thresholds: Mapping[str, Sequence[float]] | None = None,
) -> RFMScoring:
    """:func:`rfm_scores` plus how the bins came out: ``RFMScoring(bins, method, ...).fit(summary)``.

    Small or low-frequency files (a few customers, most buying once or twice) tie so much
    that quantile bins merge: F may get 3 levels while R and M keep 5. The cut points then
    differ in number per letter; :attr:`RFMScoring.thresholds_` holds them as a table with
    missing cells, and :attr:`RFMScoring.note` says so in one sentence. Any summary with at
    least one customer gives a result.

    Parameters
    ----------
    summary, bins, method, recency, frequency, monetary, thresholds : as in :func:`rfm_scores`.

    Returns
    -------
    :class:`RFMScoring`, fitted.

    Examples
    --------
    >>> s = pd.DataFrame({"T": [30, 30, 30, 30, 30], "recency": [0, 10, 20, 25, 30],
    ...                   "n_orders": [1, 1, 1, 2, 4], "total": [5.0, 9.0, 12.0, 40.0, 90.0]})
    >>> r = score_rfm(s, bins=4)
    >>> r.bins_used_, r.merged
    ({'R': 4, 'F': 3, 'M': 4}, ['F'])
    >>> r.thresholds_["F"].tolist()
    [1.0, 2.0, nan]
    """
    return RFMScoring(bins, method, recency=recency, frequency=frequency, monetary=monetary,
                      thresholds=thresholds).fit(summary)


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
    """Boolean matrix score triples x rules (the one reading of a rules table)."""
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


def _grid(lo: Sequence[int], hi: Sequence[int]) -> pd.DataFrame:
    """Every (R, F, M) triple with each score in ``lo[i]..hi[i]``, R slowest (see :func:`_grid_key`)."""
    r, f, m = np.meshgrid(*[np.arange(a, b + 1) for a, b in zip(lo, hi)], indexing="ij")
    return pd.DataFrame({"R": r.ravel(), "F": f.ravel(), "M": m.ravel()})


def _grid_key(lo: Sequence[int], hi: Sequence[int]) -> nw.Expr:
    """The row of :func:`_grid` holding each customer's (R, F, M), as an integer expression."""
    n_f, n_m = hi[1] - lo[1] + 1, hi[2] - lo[2] + 1
    return (((nw.col("R") - lo[0]) * n_f + (nw.col("F") - lo[1])) * n_m + (nw.col("M") - lo[2])).cast(nw.Int64)


def _grid_segments(rules: pd.DataFrame, grid: pd.DataFrame) -> tuple[list[str], np.ndarray]:
    """The segments in the scheme's order and, per grid triple, the index of its one segment
    (-1: no segment, -2: more than one)."""
    hits = _match(grid, rules)
    segs = rules["segment"].to_numpy()
    order = list(dict.fromkeys(segs))
    seg_hits = np.zeros((len(grid), len(order)), dtype=bool)
    for j, s in enumerate(segs):  # a segment may have several rules: their union
        seg_hits[:, order.index(s)] |= hits[:, j]
    n_hit = seg_hits.sum(axis=1)
    code = np.where(n_hit == 1, seg_hits.argmax(axis=1), np.where(n_hit == 0, -1, -2))
    return order, code


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
    grid = _grid((1, 1, 1), (bins, bins, bins))
    hits = _match(grid, rules)
    segs = rules["segment"].to_numpy()
    n_segments = np.array([len(set(segs[row])) for row in hits])
    grid["segments"] = [", ".join(dict.fromkeys(segs[row])) for row in hits]
    return grid[n_segments != 1].reset_index(drop=True)


#: The largest score grid :func:`rfm_segments` evaluates (scores are small integers).
_MAX_GRID = 1_000_000


def rfm_segments(scores: Any, scheme: str | pd.DataFrame = "ten") -> Any:
    """Name each customer's segment under a scheme; every customer gets exactly one.

    Parameters
    ----------
    scores : output of :func:`rfm_scores` (pandas, or a Polars, DuckDB or Spark table with
        ``customer_id``), or a fitted :class:`RFMScoring`; with the fitted object the scheme
        is also checked against how the scores were made (``"ten"`` needs
        ``bins=5`` and ``method="quantile"`` or ``"thresholds"``). A bare table only has its
        score range checked.
    scheme : ``"ten"`` (needs 5-level scores; uses R and FM = round-half-up of (F + M)/2),
        ``"cn8"`` (mean splits: :func:`rfm_scores` with ``method="mean"`` on the raw values
        ``gap``, ``frequency_value`` and ``monetary_value``; on scores that came from it this is
        the same split), or a rules DataFrame (columns ``segment`` and any of R, F, M, FM
        with ranges like ``"4-5"``). For the FedEx groups use :func:`fedex_groups`.

    Returns
    -------
    pandas: a categorical Series named ``segment`` in the order of the scheme's rules, indexed
    like ``scores``. Other engines: a table of that engine with ``customer_id`` and ``segment``
    (text), sorted by ``customer_id``, computed lazily. The rules are evaluated once on the grid
    of possible score triples and each customer's triple is looked up; only the score range
    (the minimum and maximum of R, F and M) is collected, plus, when the rules leave a triple
    of that range with no segment or several, the number of customers affected and one example.

    Raises
    ------
    CRMLibError when a customer matches no segment or two different ones, naming the scores.

    Examples
    --------
    >>> sc = pd.DataFrame({"R": [5, 1, 3], "F": [5, 5, 1], "M": [4, 5, 1]})
    >>> rfm_segments(sc, "ten").tolist()
    ['Champions', "Can't Lose Them", 'About To Sleep']
    """
    from .._frames import collect_pandas, to_narwhals  # noqa: PLC0415

    name = scheme if isinstance(scheme, str) else "custom"
    rules = scheme_rules(scheme)
    scoring = scores if isinstance(scores, RFMScoring) else None
    if scoring is not None:
        scoring._check_fitted()
        scores = scoring.scores_
    is_pd = isinstance(scores, pd.DataFrame)
    names = [str(c) for c in scores.columns] if is_pd else list(to_narwhals(scores, "rfm_segments").collect_schema().names())
    if not {"R", "F", "M"} <= set(names) or not (is_pd or "customer_id" in names):
        need = "R, F, M" if is_pd else "customer_id, R, F, M"
        raise DataFormatError(f"rfm_segments needs the output of rfm_scores ({need}); the table has {', '.join(names)}.")
    levels = None  # the score range, when known without looking at the data
    if name == "cn8":
        if scoring is None or scoring.method != "mean":
            if not set(_RFM_COLS) <= set(names):
                raise DataFormatError("scheme='cn8' needs the raw values of rfm_scores (gap, "
                                      "frequency_value, monetary_value) to split at the means.")
            # the one mean split of the eight-class model: rfm_scores(method="mean") on the raw values
            scores = rfm_scores(scores, method="mean", recency="gap", frequency="frequency_value",
                                monetary="monetary_value")
        levels = 2
    elif name == "ten" and scoring is not None and (scoring.bins_ != 5 or scoring.method == "mean"):
        raise CRMLibError("scheme='ten' is defined on 5-level scores: call rfm_scores(..., bins=5) with "
                          "method='quantile' or 'thresholds' (method='mean' gives 2 levels).")
    elif scoring is not None:
        levels = scoring.bins_
    if is_pd:
        index = scores.index
        frame = nw.from_native(pd.DataFrame({c: scores[c].to_numpy() for c in ("R", "F", "M")}), eager_only=True)
    else:
        frame = to_narwhals(scores, "rfm_segments")
    if levels is None:
        span = collect_pandas(frame.select(*[nw.col(c).min().alias(f"{c}_lo") for c in "RFM"],
                                           *[nw.col(c).max().alias(f"{c}_hi") for c in "RFM"])).iloc[0]
        lo = [int(np.floor(span[f"{c}_lo"])) for c in "RFM"]
        hi = [int(np.ceil(span[f"{c}_hi"])) for c in "RFM"]
        if name == "ten" and max(hi) > 5:
            raise CRMLibError("scheme='ten' is defined on 5-level scores: call rfm_scores(..., bins=5) with "
                              "method='quantile' or 'thresholds' (method='mean' gives 2 levels).")
        if math.prod(b - a + 1 for a, b in zip(lo, hi)) > _MAX_GRID:
            raise DataFormatError(f"rfm_segments needs small integer scores; R, F, M run from {lo} to {hi}. "
                                  "Pass the output of rfm_scores().")
    else:
        lo, hi = [1, 1, 1], [levels] * 3
    grid = _grid(lo, hi)
    order, code = _grid_segments(rules, grid)
    key = _grid_key(lo, hi)
    if (code < 0).any():  # the rules do not partition this score range: count the customers hit
        seg_code = key.replace_strict(list(range(len(grid))), code.tolist(), default=-1, return_dtype=nw.Int64)
        bad = frame.filter(seg_code < 0)
        n_bad = int(collect_pandas(bad.select(nw.len().alias("n")))["n"].iloc[0])
        if n_bad:
            first = collect_pandas(bad.select("R", "F", "M", seg_code.alias("_code")).head(1)).iloc[0]
            row = {c: int(first[c]) for c in ("R", "F", "M")}
            what = "no segment" if int(first["_code"]) == -1 else "more than one segment"
            raise CRMLibError(f"Scores {row} match {what} of the scheme ({n_bad} customers affected). "
                              "Fix the rules so they partition the score grid; check_scheme() lists the gaps.")
    if is_pd:
        codes = frame.select(key.alias("_key"))["_key"].to_numpy()
        if codes.min() < 0 or codes.max() >= len(grid):
            raise DataFormatError(f"rfm_segments: the scores lie outside 1..{hi[0]}, the levels the scoring "
                                  "made; pass the scores of this RFMScoring (scores_) unchanged.")
        return pd.Series(pd.Categorical.from_codes(code[codes], categories=order), index=index, name="segment")
    ok = code >= 0
    label = key.replace_strict(np.flatnonzero(ok).tolist(), [order[c] for c in code[ok]],
                               default=nw.lit(None, dtype=nw.String), return_dtype=nw.String)
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
