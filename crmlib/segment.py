"""Customer identification and segmentation (客户识别与细分): ABC, RFM, CLP, ordering, clusters.

Chapter 3 of the book. Everything here is a pure function on pandas objects:

* :func:`abc_classes`, :func:`lorenz_curve`, :func:`gini`, :func:`pareto_statement` —
  ABC classification (VIP 贵宾型 / important 重要型 / ordinary 普通型) by cumulative share.
* :func:`rfm_scores` — R, F, M scores with tie-aware quantile bins, user thresholds or
  mean splits; :func:`score_rfm` also says how many levels each letter got when ties merged
  bins, with the cut points as a table.
* :func:`rfm_segments` with the schemes ``"cn8"`` (the Chinese eight-class model),
  ``"ten"`` (an R-rfm-style ten-segment grid) or a custom rules table; :func:`fedex_groups`
  (the seven FedEx groups of seed 000); :func:`segment_summary`.
* :func:`clp_classes` — CLP (customer lifetime profit, 客户生命周期利润) analysis.
* :func:`loyalty_index`, :func:`ordering_classes`, :func:`ordering_table`,
  :func:`development_order` — the customer ordering model (客户顺序模型) of seed 001.
* :func:`rfm_features`, :func:`choose_k`, :func:`rfm_clusters`, :func:`cluster_profiles`,
  :func:`name_clusters` — k-means on log-scaled RFM values.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

import narwhals as nw
import numpy as np
import pandas as pd

from ._errors import CRMLibError, DataFormatError

__all__ = [
    "ABC_NAMES", "abc_classes", "abc_summary", "lorenz_curve", "gini", "pareto_statement", "top_share",
    "tie_aware_bins", "rfm_scores", "score_rfm", "RFMScoring", "SCHEMES", "scheme_rules", "check_scheme", "rfm_segments",
    "SEGMENT_STRATEGIES", "segment_summary", "rfm_cell_means", "fedex_features", "fedex_groups", "FEDEX_GROUPS",
    "CLP_CLASSES", "clp_classes", "LOYALTY_INDICATORS", "CREDIT_LEVELS", "SIZE_LEVELS", "loyalty_index",
    "ORDERING_CLASSES",
    "ordering_classes", "ordering_table", "development_order", "classify_customer",
    "rfm_features", "choose_k", "rfm_clusters", "cluster_profiles", "name_clusters",
]


# ---------------------------------------------------------------------------
# ABC classification, Lorenz curve, Gini
# ---------------------------------------------------------------------------

#: The three ABC classes of seeds 000/003 with their Chinese names.
ABC_NAMES: dict[str, str] = {"A": "VIP (贵宾型)", "B": "important (重要型)", "C": "ordinary (普通型)"}


def _values(values: Any, name: str = "values") -> pd.Series:
    s = pd.Series(values) if not isinstance(values, pd.Series) else values
    if s.empty:
        raise CRMLibError(f"{name} is empty: pass one value per customer.")
    try:
        s = s.astype(float)
    except (TypeError, ValueError) as exc:
        raise DataFormatError(f"{name} must be numeric (one value per customer).") from exc
    if s.isna().any():
        raise DataFormatError(f"{name} has {int(s.isna().sum())} missing values: fill or drop them first.")
    return s


def abc_classes(values: Any, cuts: Sequence[float] = (0.8, 0.95), *, value: str = "total") -> pd.DataFrame:
    """ABC classes by cumulative share of value (customers sorted from most to least valuable).

    A customer is in class A while the cumulative share of value *before* them is below
    ``cuts[0]`` — so the customer who carries the total across the cut is still in A — and
    in B while it is below ``cuts[1]``; the rest are C. Ties keep their input order
    (stable sort), so the result is deterministic.

    Parameters
    ----------
    values : one non-negative value per customer (revenue, profit …), a Series or array.
    cuts : the cumulative shares ending classes A and B, ``0 < a < b <= 1``.

    Returns
    -------
    DataFrame in the input order with columns ``value``, ``rank`` (1 = most valuable),
    ``cum_customers`` and ``cum_value`` (shares after this customer) and ``abc``
    (categorical A < B < C).

    References
    ----------
    Seed 000 (北大版《客户关系管理》第5章, ABC分类法); seed 003 (客户识别).

    Examples
    --------
    >>> r = abc_classes([50, 30, 10, 5, 5])
    >>> r["abc"].tolist()
    ['A', 'A', 'B', 'B', 'C']
    >>> r["cum_value"].round(2).tolist()
    [0.5, 0.8, 0.9, 0.95, 1.0]
    """
    a, b = (float(c) for c in cuts)
    if not 0 < a < b <= 1:
        raise CRMLibError(f"cuts={tuple(cuts)} must satisfy 0 < A-cut < B-cut <= 1, e.g. (0.8, 0.95).")
    if _is_table(values):
        return _abc_classes_frame(values, a, b, value)
    s = _values(values)
    if (s < 0).any():
        raise CRMLibError("ABC classes need non-negative values; drop or floor the negative ones (e.g. refunds).")
    total = s.sum()
    if total <= 0:
        raise CRMLibError("All values are zero: there is nothing to classify.")
    # rank on rounded values so that sums differing only in the last bits count as ties on
    # every engine (see _TIE_DIGITS); ties keep the input order
    order = np.argsort(-np.round(s.to_numpy(), _TIE_DIGITS), kind="stable")
    sorted_v = s.to_numpy()[order]
    cum = np.cumsum(sorted_v) / total
    before = np.concatenate([[0.0], cum[:-1]])
    labels = np.where(before < a - 1e-12, "A", np.where(before < b - 1e-12, "B", "C"))
    n = len(s)
    out = pd.DataFrame(index=s.index[order])
    out["value"] = sorted_v
    out["rank"] = np.arange(1, n + 1)
    out["cum_customers"] = np.arange(1, n + 1) / n
    out["cum_value"] = cum
    out["abc"] = pd.Categorical(labels, categories=["A", "B", "C"], ordered=True)
    out = out.iloc[np.argsort(order, kind="stable")]
    out.attrs["cuts"] = (a, b)
    return out


def abc_summary(values: Any, cuts: Sequence[float] = (0.8, 0.95)) -> pd.DataFrame:
    """Per ABC class: how many customers, and their shares of customers and of value.

    The classes are those of :func:`abc_classes` with the same ``cuts``.

    Parameters
    ----------
    values : one non-negative value per customer (revenue, profit …), a Series or array.
    cuts : the cumulative shares ending classes A and B, ``0 < a < b <= 1``.

    Returns
    -------
    DataFrame indexed by class ``A``, ``B``, ``C`` (all three, empty classes kept) with
    ``customers``, ``value`` (sum), ``customer_share`` and ``value_share``.

    References
    ----------
    Seed 000 (ABC分类法).

    Examples
    --------
    >>> abc_summary([50, 30, 10, 5, 5]).to_dict("list")  # doctest: +NORMALIZE_WHITESPACE
    {'customers': [2, 2, 1], 'value': [80.0, 15.0, 5.0], 'customer_share': [0.4, 0.4, 0.2],
     'value_share': [0.8, 0.15, 0.05]}
    """
    abc = abc_classes(values, cuts)
    g = abc.groupby("abc", observed=False)["value"]
    out = pd.DataFrame({"customers": g.size().astype(int), "value": g.sum()})
    out.index = pd.Index([str(c) for c in out.index], name="abc")
    out["customer_share"] = out["customers"] / len(abc)
    out["value_share"] = out["value"] / abc["value"].sum()
    return out


def _is_table(obj: Any) -> bool:
    """A Polars, DuckDB or Spark table (not pandas, not an array)."""
    mod = type(obj).__module__
    return mod.startswith(("polars", "duckdb", "pyspark", "narwhals"))


def _abc_classes_frame(values: Any, a: float, b: float, value: str) -> Any:
    """:func:`abc_classes` on a Polars, DuckDB or Spark table with ``customer_id`` and ``value``.

    Customers are ranked by value, ties by ``customer_id`` (the order of a pandas summary,
    which is sorted by customer id). Cumulative sums run over that order: on Spark this is a
    window over the whole per-customer table (one partition), fine for millions of customers.
    """
    from ._frames import collect_pandas, to_narwhals  # noqa: PLC0415

    frame = to_narwhals(values, "abc_classes")
    names = list(frame.collect_schema().names())
    if "customer_id" not in names or value not in names:
        raise DataFormatError(f"abc_classes on a table needs 'customer_id' and value={value!r} columns; "
                              f"the table has {', '.join(names)}.")
    frame = frame.select("customer_id", nw.col(value).cast(nw.Float64).alias("value"))
    stats = collect_pandas(frame.select(nw.col("value").min().alias("lo"), nw.col("value").sum().alias("total"),
                                        nw.col("value").null_count().alias("nulls"), nw.len().alias("n"))).iloc[0]
    if int(stats["n"]) == 0:
        raise CRMLibError("values is empty: pass one value per customer.")
    if int(stats["nulls"]):
        raise DataFormatError(f"values has {int(stats['nulls'])} missing values: fill or drop them first.")
    if float(stats["lo"]) < 0:
        raise CRMLibError("ABC classes need non-negative values; drop or floor the negative ones (e.g. refunds).")
    if float(stats["total"]) <= 0:
        raise CRMLibError("All values are zero: there is nothing to classify.")
    total, n = float(stats["total"]), int(stats["n"])
    order = ["_neg", "customer_id"]
    frame = frame.with_columns(_neg=-nw.col("value").round(_TIE_DIGITS))
    frame = frame.with_columns(
        rank=nw.col("value").cum_count().over(order_by=order),
        _cum=nw.col("value").cum_sum().over(order_by=order),
    )
    frame = frame.with_columns(_before=(nw.col("_cum") - nw.col("value")) / total)
    abc = (nw.when(nw.col("_before") < a - 1e-12).then(nw.lit("A"))
           .otherwise(nw.when(nw.col("_before") < b - 1e-12).then(nw.lit("B")).otherwise(nw.lit("C"))))
    return frame.select(
        "customer_id", "value", nw.col("rank").cast(nw.Int64),
        (nw.col("rank") / n).alias("cum_customers"), (nw.col("_cum") / total).alias("cum_value"),
        abc.alias("abc"),
    ).sort("customer_id").to_native()


def lorenz_curve(values: Any) -> pd.DataFrame:
    """Pareto (concentration) curve: share of customers (most valuable first) vs share of value.

    Returns
    -------
    DataFrame with ``cum_customers`` and ``cum_value`` starting at (0, 0) and ending at (1, 1).
    Sorting from the *most* valuable customer makes the curve concave, as in the 20/80 plots of
    the seeds; the classic Lorenz curve (least valuable first) is its point reflection.

    Examples
    --------
    >>> lorenz_curve([3, 1]).round(2).to_dict("list")
    {'cum_customers': [0.0, 0.5, 1.0], 'cum_value': [0.0, 0.75, 1.0]}
    """
    s = _values(values)
    v = np.sort(s.to_numpy())[::-1]
    total = v.sum()
    if total <= 0:
        raise CRMLibError("All values are zero: the concentration curve is undefined.")
    n = len(v)
    return pd.DataFrame({
        "cum_customers": np.arange(n + 1) / n,
        "cum_value": np.concatenate([[0.0], np.cumsum(v) / total]),
    })


def gini(values: Any) -> float:
    """Gini coefficient of value across customers: 0 = everyone equal, → 1 = one customer has all.

    Computed as ``sum_i (2i - n - 1) x_(i) / (n sum x)`` with ``x`` sorted ascending, which is
    twice the area between the Lorenz curve and the diagonal.

    Examples
    --------
    >>> gini([1, 1, 1, 1])
    0.0
    >>> gini([0, 0, 0, 10])
    0.75
    """
    v = _values(values)
    x = np.sort(v.to_numpy())
    if (x < 0).any():
        label = f"column {v.name!r}" if v.name is not None else "the values"
        raise CRMLibError(f"gini needs non-negative values, but {label} has {int((x < 0).sum())} negative "
                          f"value(s), e.g. {x[0]:g}; net returns first (crmlib.io.load_transactions does).")
    n, total = len(x), x.sum()
    if total <= 0:
        raise CRMLibError("All values are zero: the Gini coefficient is undefined.")
    i = np.arange(1, n + 1)
    return float(np.sum((2 * i - n - 1) * x) / (n * total))


def top_share(values: Any, customers: float = 0.2) -> float:
    """Share of total value given by the top ``customers`` share of customers (most valuable first).

    Linear interpolation inside the customer who straddles the share, so the answer is a
    point on :func:`lorenz_curve`.

    Examples
    --------
    >>> top_share([50, 30, 10, 5, 5], 0.2)
    0.5
    >>> top_share([50, 30, 10, 5, 5], 0.3)
    0.65
    """
    if not 0 <= customers <= 1:
        raise CRMLibError(f"customers={customers} must be a share between 0 and 1 (0.2 for the top 20 %).")
    curve = lorenz_curve(values)
    return float(np.interp(customers, curve["cum_customers"], curve["cum_value"]))


def pareto_statement(values: Any, customers: float = 0.2) -> str:
    """A sentence "x % of customers give y % of value" for the top ``customers`` share.

    Examples
    --------
    >>> pareto_statement([50, 30, 10, 5, 5])
    'The top 20 % of customers give 50.0 % of the value; the bottom 80 % give 50.0 %.'
    """
    y = top_share(values, customers)
    return (f"The top {customers:.0%} of customers give {y:.1%} of the value; "
            f"the bottom {1 - customers:.0%} give {1 - y:.1%}.").replace("%", " %")


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
    s = _values(values)
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


_RFM_COLS = ("recency_days", "frequency_value", "monetary_value")

#: Values are compared after rounding to this many decimals, so that sums that differ only in
#: the last bits (pandas, Polars, DuckDB and Spark add in different orders) stay tied and every
#: engine gives the same scores.
_TIE_DIGITS = 6


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

    * **R** — days since the last purchase, ``T - recency`` of :func:`crmlib.summary.customer_summary`
      (or the column named by ``recency``). Fewer days = *higher* score.
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
        "F": [...], "M": [...]}``; ascending, R in days; a value equal to a cut point goes with the values
        below it); ``"mean"`` — 2 if at least as
        good as the average (R: days <= mean; F, M: >= mean), else 1, as in the Chinese eight-class model.
    recency, frequency, monetary : column names (see above).
    thresholds : cut points for ``method="thresholds"``.

    Returns
    -------
    DataFrame indexed like ``summary`` with ``recency_days``, ``frequency_value``,
    ``monetary_value``, the integer scores ``R``, ``F``, ``M`` and the code ``RFM`` (e.g. ``"545"``).
    ``.attrs`` holds ``method``, ``bins``, ``columns`` and ``thresholds``: for F and M the
    largest raw value of scores 1..bins-1; for R, in days, the smallest number of days of scores
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
                "pass recency='<column of days since last purchase>' instead.")
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
        "recency_days": _values(r_days, "recency").to_numpy(),
        "frequency_value": _values(summary[frequency], "frequency").to_numpy(),
        "monetary_value": _values(summary[monetary], "monetary").to_numpy(),
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
                              "(ascending cut points; R in days since last purchase).")
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
    """What :func:`score_rfm` returns: the scores and how the bins came out.

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
    """:func:`rfm_scores` plus how the bins came out: levels used per letter and the cut points.

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
    scores = rfm_scores(summary, bins, method, recency=recency, frequency=frequency, monetary=monetary,
                        thresholds=thresholds)
    used = {k: [float(c) for c in v] for k, v in scores.attrs["thresholds"].items()}
    asked = int(scores.attrs["bins"])
    if method == "quantile":
        bins_used = {k: len(v) + 1 for k, v in used.items()}
    else:
        bins_used = {k: asked for k in used}
    width = max([len(v) for v in used.values()] + [0])
    table = pd.DataFrame({k: pd.Series(v + [np.nan] * (width - len(v)), dtype="float64") for k, v in used.items()},
                         columns=list("RFM"))
    table.index = pd.RangeIndex(1, width + 1, name="cut")
    return RFMScoring(scores, asked, bins_used, table)


def _rfm_scores_frame(summary: Any, bins: int, method: str, *, recency: str | None, frequency: str,
                      monetary: str, thresholds: Mapping[str, Sequence[float]] | None) -> Any:
    """:func:`rfm_scores` on a Polars, DuckDB or Spark table: the same rules as narwhals expressions.

    Bin edges need the distinct values with their counts (one small collect for all three
    letters); the scores are then computed in the engine, lazily for lazy inputs.
    """
    from ._frames import collect_pandas, to_narwhals, value_counts  # noqa: PLC0415

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
                "pass recency='<column of days since last purchase>' instead.")
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
        r_expr.cast(nw.Float64).alias("recency_days"),
        nw.col(frequency).cast(nw.Float64).alias("frequency_value"),
        nw.col(monetary).cast(nw.Float64).alias("monetary_value"),
    )
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
                              "(ascending cut points; R in days since last purchase).")
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
        ``"cn8"`` (mean splits: recomputed from the raw values unless ``scores`` already came
        from ``method="mean"``), or a rules DataFrame (columns ``segment`` and any of R, F, M, FM
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
            raise DataFormatError("scheme='cn8' needs the raw values of rfm_scores (recency_days, "
                                  "frequency_value, monetary_value) to split at the means.")
        mean_scores = pd.DataFrame(index=scores.index)
        for letter, col in zip("RFM", _RFM_COLS):
            mu = scores[col].mean()
            good = scores[col] <= mu if letter == "R" else scores[col] >= mu
            mean_scores[letter] = np.where(good, 2, 1)
        scores = mean_scores
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
    from ._frames import collect_pandas, to_narwhals  # noqa: PLC0415

    frame = to_narwhals(scores, "rfm_segments")
    names = list(frame.collect_schema().names())
    if "customer_id" not in names or not {"R", "F", "M"} <= set(names):
        raise DataFormatError("rfm_segments needs the output of rfm_scores (customer_id, R, F, M); "
                              f"the table has {', '.join(names)}.")
    if name == "cn8":
        if not set(_RFM_COLS) <= set(names):
            raise DataFormatError("scheme='cn8' needs the raw values of rfm_scores (recency_days, "
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

    ``revenue_share`` is the share of ``monetary_value`` (total spend by default). Rows follow the
    segment categories; empty segments are kept with zero customers.

    Examples
    --------
    >>> sc = pd.DataFrame({"R": [5, 1], "F": [5, 1], "M": [5, 1], "recency_days": [1, 300],
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
    for c, label in zip(_RFM_COLS, ("mean_days_since_last", "mean_orders", "mean_spend")):
        if c in df:
            out[label] = g[c].mean()
    return out


def rfm_cell_means(scores: pd.DataFrame, value: str = "monetary_value") -> pd.DataFrame:
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


# ---------------------------------------------------------------------------
# FedEx's seven groups (seed 000)
# ---------------------------------------------------------------------------

#: The seven FedEx groups (seed 000) with the strategy for each; groups 1–4 carry the seed's own
#: strategies, 5–7 are the book's (the seed gives none for them).
FEDEX_GROUPS: dict[str, tuple[str, str]] = {
    "1 Top-10% stable": ("贡献额最高的10%稳定客户群", "Do everything to keep them (seed)."),
    "2 High-contribution growing": ("高贡献额的成长客户群", "Find what drives their growth and use it to grow other customers (seed)."),
    "3 Mid/high-contribution lapsed": ("过去六个月流失的中贡献额客户群", "Phone them, learn why they cut back, and keep them (seed)."),
    "4 Seasonal low-contribution": ("季节性低贡献额客户群", "Cut marketing spend outside their buying season (seed)."),
    "5 Mid-contribution stable": ("中贡献额的稳定客户群", "Maintain at low cost; test up-selling (book)."),
    "6 Low-contribution lapsed": ("低贡献额且在过去六个月内的流失客户群", "No active spend; cheap automated reminder at most (book)."),
    "7 Low-contribution just resumed": ("低贡献额但刚恢复交易的客户群", "Welcome-back message; watch whether they stay (book)."),
}


def fedex_features(tx: pd.DataFrame, observation_end: Any = None, window: int = 182, *,
                   customer_id: str = "customer_id", date: str = "date", amount: str = "amount") -> pd.DataFrame:
    """Per-customer inputs of the FedEx groups from a transaction log.

    Columns: ``total`` (contribution), ``recency_days`` (days since last purchase day),
    ``spend_recent`` (last ``window`` days), ``spend_prior`` (the ``window`` days before that),
    ``gap_before_last`` (days between the last two purchase days; NaN with one purchase day).

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": [1, 1, 2], "amount": [10.0, 30.0, 5.0],
    ...                    "date": pd.to_datetime(["2020-01-01", "2020-12-01", "2020-06-01"])})
    >>> fedex_features(tx)[["recency_days", "spend_recent", "gap_before_last"]].to_dict("list")
    {'recency_days': [0, 183], 'spend_recent': [30.0, 0.0], 'gap_before_last': [335.0, nan]}
    """
    for c in (customer_id, date, amount):
        if c not in tx.columns:
            raise DataFormatError(f"fedex_features needs a {c!r} column (columns: {', '.join(map(str, tx.columns))}).")
    d = pd.to_datetime(tx[date]).dt.normalize()
    end = d.max() if observation_end is None else pd.Timestamp(observation_end).normalize()
    t = pd.DataFrame({"c": tx[customer_id].to_numpy(), "d": d.to_numpy(), "a": tx[amount].astype(float).to_numpy()})
    t = t[t["d"] <= end]
    age = (end - t["d"]).dt.days
    g = t.groupby("c")
    out = pd.DataFrame({"total": g["a"].sum()})
    out["recency_days"] = (end - g["d"].max()).dt.days
    out["spend_recent"] = t[age < window].groupby("c")["a"].sum().reindex(out.index, fill_value=0.0)
    out["spend_prior"] = t[(age >= window) & (age < 2 * window)].groupby("c")["a"].sum().reindex(out.index, fill_value=0.0)
    days = t.drop_duplicates(["c", "d"]).sort_values(["c", "d"])
    last2 = days.groupby("c")["d"].apply(lambda s: (s.iloc[-1] - s.iloc[-2]).days if len(s) > 1 else np.nan)
    out["gap_before_last"] = last2.reindex(out.index).astype(float)
    out.index.name = customer_id
    return out


def fedex_groups(features: pd.DataFrame, window: int = 182, top: float = 0.10, low: float = 0.50,
                 growth: float = 1.5) -> pd.Series:
    """The seven FedEx groups of seed 000, with explicit and exhaustive rules.

    Contribution tier by ``total``: *top* = the highest ``top`` share of customers, *low* = the
    lowest ``low`` share, *mid* in between. *Active* = bought within the last ``window`` days.
    *Growing* = ``spend_recent > growth * spend_prior``. *Resumed* = active and the gap before the
    last purchase exceeded ``window``. Rules, applied to disjoint cases:

    ===========================  =====================================================
    inactive, top or mid         3 mid/high-contribution lapsed
    inactive, low                6 low-contribution lapsed
    active, top or mid, growing  2 high-contribution growing
    active, top, not growing     1 top-10 % stable
    active, mid, not growing     5 mid-contribution stable
    active, low, resumed         7 low-contribution just resumed
    active, low, not resumed     4 seasonal (occasional) low-contribution
    ===========================  =====================================================

    Returns
    -------
    Categorical Series named ``fedex`` with the seven groups (keys of :data:`FEDEX_GROUPS`).

    Examples
    --------
    >>> f = pd.DataFrame({"total": [100.0, 50, 10, 5], "recency_days": [10, 300, 20, 400],
    ...                   "spend_recent": [50.0, 0, 10, 0], "spend_prior": [50.0, 0, 0, 5],
    ...                   "gap_before_last": [30.0, None, 200, None]})
    >>> fedex_groups(f, top=0.25).tolist()
    ['1 Top-10% stable', '3 Mid/high-contribution lapsed', '7 Low-contribution just resumed', '6 Low-contribution lapsed']
    """
    need = {"total", "recency_days", "spend_recent", "spend_prior", "gap_before_last"}
    if not need <= set(features.columns):
        raise DataFormatError(f"fedex_groups needs the columns of fedex_features(): missing {sorted(need - set(features.columns))}.")
    if not (0 < top < 1 and 0 < low < 1 and top + low <= 1):
        raise CRMLibError(f"top={top}, low={low}: need shares with top + low <= 1 (default 0.10 and 0.50).")
    pct = features["total"].rank(method="average", pct=True).to_numpy()
    is_top = pct > 1 - top
    is_low = pct <= low
    active = features["recency_days"].to_numpy() < window
    growing = features["spend_recent"].to_numpy() > growth * features["spend_prior"].to_numpy()
    resumed = active & (features["gap_before_last"].fillna(0).to_numpy() > window)
    keys = list(FEDEX_GROUPS)
    code = np.select(
        [~active & ~is_low, ~active & is_low, active & ~is_low & growing, active & is_top & ~growing,
         active & ~is_low & ~is_top & ~growing, active & is_low & resumed, active & is_low & ~resumed],
        [2, 5, 1, 0, 4, 6, 3], default=-1)
    if (code < 0).any():  # cannot happen: the cases above are exhaustive
        raise CRMLibError("internal error: a customer fell through the FedEx rules.")
    return pd.Series(pd.Categorical.from_codes(code, categories=keys), index=features.index, name="fedex")


# ---------------------------------------------------------------------------
# CLP analysis
# ---------------------------------------------------------------------------

#: The four CLP classes (current value x growth potential) and their strategy.
CLP_CLASSES: dict[str, tuple[str, str]] = {
    "I": ("低当前价值-低增值潜力 low current, low potential", "Serve at minimum cost; reduce or end unprofitable relationships."),
    "II": ("低当前价值-高增值潜力 low current, high potential", "Develop: invest to capture more of their wallet."),
    "III": ("高当前价值-低增值潜力 high current, low potential", "Maintain: keep service level, protect the current profit."),
    "IV": ("高当前价值-高增值潜力 high current, high potential", "Invest most: key accounts, dedicated resources."),
}


def clp_classes(data: pd.DataFrame, current: str = "current_value", potential: str = "potential_value",
                cuts: tuple[float, float] | None = None) -> pd.DataFrame:
    """CLP (customer lifetime profit, 客户生命周期利润) analysis: current value x growth potential.

    A customer's lifetime profit is split into the profit already being earned (*current value*,
    e.g. this year's profit continued at today's level) and the extra profit the relationship could
    still yield (*growth potential*, 增值潜力, e.g. margin on the share of the customer's wallet the
    firm does not yet hold). Splitting both at a cut point (median by default) gives four classes
    I–IV, the CLP matrix used to decide where to invest (seed 000 names the method; the definition
    follows 陈明亮 (2002), see the chapter).

    Returns
    -------
    DataFrame with ``current_value``, ``potential_value``, ``lifetime_profit`` (their sum),
    ``high_current``, ``high_potential`` and ``clp`` (categorical I < II < III < IV).
    ``.attrs["cuts"]`` holds the cut points used.

    Examples
    --------
    >>> d = pd.DataFrame({"current_value": [1, 1, 9, 9], "potential_value": [1, 9, 1, 9]})
    >>> clp_classes(d)["clp"].tolist()
    ['I', 'II', 'III', 'IV']
    """
    for c in (current, potential):
        if c not in data.columns:
            raise DataFormatError(f"clp_classes needs a {c!r} column; pass current=/potential= to name yours.")
    cv, pv = _values(data[current], current), _values(data[potential], potential)
    c_cut, p_cut = (float(cv.median()), float(pv.median())) if cuts is None else (float(cuts[0]), float(cuts[1]))
    hc, hp = (cv > c_cut).to_numpy(), (pv > p_cut).to_numpy()
    code = 2 * hc.astype(int) + hp.astype(int)
    out = pd.DataFrame({"current_value": cv, "potential_value": pv, "lifetime_profit": cv + pv,
                        "high_current": hc, "high_potential": hp}, index=data.index)
    out["clp"] = pd.Categorical.from_codes(code, categories=list(CLP_CLASSES), ordered=True)
    out.attrs["cuts"] = (c_cut, p_cut)
    return out


# ---------------------------------------------------------------------------
# Customer ordering model (seed 001)
# ---------------------------------------------------------------------------

#: The six loyalty indicators of seed 001 and whether a larger value means more loyal.
LOYALTY_INDICATORS: dict[str, tuple[str, int]] = {
    "repeat_purchases": ("重复购买的次数", +1),
    "cross_purchases": ("交叉购买的数量", +1),
    "price_sensitivity": ("对价格的敏感程度", -1),
    "quality_tolerance": ("对质量事故的宽容度", +1),
    "choice_time": ("购买时挑选商品的时间", -1),
    "referrals": ("推荐行为", +1),
}

#: The eight ordered classes of the three-way ordering model (seed 001), in development order.
ORDERING_CLASSES: list[str] = [
    "high credit, large, high loyalty", "high credit, large, low loyalty",
    "high credit, small, high loyalty", "high credit, small, low loyalty",
    "low credit, large, high loyalty", "low credit, large, low loyalty",
    "low credit, small, high loyalty", "low credit, small, low loyalty",
]

_TWO_WAY_ADVICE = [
    "first choice for development (首选)",
    "order hard to decide (发展顺序难以确定)",
    "develop at the right time with a strong team (选择恰当时间，配备高素质队伍)",
    "develop last (排在最后)",
]

#: Credit grades (资信) from best to worst; the first two count as high credit.
CREDIT_LEVELS: tuple[str, ...] = ("best", "good", "fair", "poor")
#: Size grades (规模) from largest to smallest; the first two count as large.
SIZE_LEVELS: tuple[str, ...] = ("large", "medium", "small", "sporadic")
_HIGH_CREDIT = set(CREDIT_LEVELS[:2])
_LARGE = set(SIZE_LEVELS[:2])
_CREDIT = list(CREDIT_LEVELS)
_SIZE = list(SIZE_LEVELS)


def loyalty_index(data: pd.DataFrame, weights: Mapping[str, float] | None = None) -> pd.Series:
    """Loyalty index 0–100 from the six loyalty indicators of seed 001.

    Each indicator is turned into a percentile rank (average rank for ties, reversed for price
    sensitivity and choice time, where larger means *less* loyal) and the index is the weighted
    mean of the ranks times 100. Equal weights by default.

    Examples
    --------
    >>> d = pd.DataFrame({"repeat_purchases": [1, 9], "cross_purchases": [1, 5],
    ...   "price_sensitivity": [0.9, 0.1], "quality_tolerance": [0.1, 0.8],
    ...   "choice_time": [10, 2], "referrals": [0, 3]})
    >>> loyalty_index(d).tolist()
    [50.0, 100.0]
    """
    missing = [c for c in LOYALTY_INDICATORS if c not in data.columns]
    if missing:
        raise DataFormatError(f"loyalty_index needs the six indicator columns; missing {missing}.")
    w = pd.Series({c: 1.0 for c in LOYALTY_INDICATORS} if weights is None else dict(weights), dtype=float)
    if set(w.index) != set(LOYALTY_INDICATORS) or (w < 0).any() or w.sum() <= 0:
        raise CRMLibError(f"weights must give a non-negative weight to each of {list(LOYALTY_INDICATORS)}.")
    parts = []
    for c, (_, sign) in LOYALTY_INDICATORS.items():
        x = _values(data[c], c) * sign
        parts.append(x.rank(method="average", pct=True) * w[c])
    return (sum(parts) / w.sum() * 100).rename("loyalty_index")


def ordering_classes(data: pd.DataFrame, loyalty: str = "loyalty_index", credit: str = "credit",
                     size: str = "size", loyalty_cut: float | None = None) -> pd.DataFrame:
    """Place each customer in the ordering model: loyalty × size, loyalty × credit, all three.

    High loyalty = ``loyalty >= loyalty_cut`` (median by default); high credit = grade ``best``
    or ``good`` (of best/good/fair/poor); large = ``large`` or ``medium`` (of
    large/medium/small/sporadic).

    Returns
    -------
    DataFrame with ``high_loyalty``, ``high_credit``, ``large``, ``size_class`` and
    ``credit_class`` (rank 1–4 in the two-way tables), ``order_class`` (name, categorical in
    development order) and ``order_rank`` (1–8).

    References
    ----------
    Seed 001 (销售客户管理, 第四节 客户细分指标与客户顺序模型).

    Examples
    --------
    >>> d = pd.DataFrame({"loyalty_index": [80, 20], "credit": ["good", "poor"], "size": ["small", "large"]})
    >>> ordering_classes(d, loyalty_cut=50)[["size_class", "credit_class", "order_rank"]].to_dict("list")
    {'size_class': [3, 2], 'credit_class': [1, 4], 'order_rank': [3, 6]}
    """
    for c in (loyalty, credit, size):
        if c not in data.columns:
            raise DataFormatError(f"ordering_classes needs a {c!r} column (see make_b2b_customers()).")
    cr = data[credit].astype(str).str.lower()
    sz = data[size].astype(str).str.lower()
    bad = sorted(set(cr) - set(_CREDIT)) + sorted(set(sz) - set(_SIZE))
    if bad:
        raise DataFormatError(f"Unknown grades {bad}: credit must be one of {_CREDIT}, size one of {_SIZE}.")
    lo = _values(data[loyalty], loyalty)
    cut = float(lo.median()) if loyalty_cut is None else float(loyalty_cut)
    hl = (lo >= cut).to_numpy()
    hc = cr.isin(_HIGH_CREDIT).to_numpy()
    lg = sz.isin(_LARGE).to_numpy()
    out = pd.DataFrame({"high_loyalty": hl, "high_credit": hc, "large": lg}, index=data.index)
    out["size_class"] = 1 + 2 * (~lg) + (~hl)
    out["credit_class"] = 1 + 2 * (~hc) + (~hl)
    rank = 1 + 4 * (~hc) + 2 * (~lg) + (~hl)
    out["order_rank"] = rank.astype(int)
    out["order_class"] = pd.Categorical.from_codes(rank - 1, categories=ORDERING_CLASSES, ordered=True)
    out.attrs["loyalty_cut"] = cut
    return out


def ordering_table(classes: pd.DataFrame, kind: str = "all") -> pd.DataFrame:
    """One of the three ordering tables: customer counts per class with rank and advice.

    ``kind`` is ``"size"`` (loyalty × size), ``"credit"`` (loyalty × credit) or ``"all"``
    (the eight classes). Classes with no customers are kept.

    Examples
    --------
    >>> d = pd.DataFrame({"loyalty_index": [80, 20], "credit": ["good", "poor"], "size": ["small", "large"]})
    >>> ordering_table(ordering_classes(d, loyalty_cut=50), "size")["customers"].tolist()
    [0, 1, 1, 0]
    """
    if kind == "all":
        counts = classes["order_class"].value_counts(sort=False).reindex(ORDERING_CLASSES, fill_value=0)
        return pd.DataFrame({"rank": range(1, 9), "customers": counts.to_numpy()}, index=pd.Index(ORDERING_CLASSES, name="class"))
    if kind not in ("size", "credit"):
        raise CRMLibError(f"kind={kind!r}: use 'size', 'credit' or 'all'.")
    first = ("large", "small") if kind == "size" else ("high credit", "low credit")
    names = [f"{a}, {b} loyalty" for a in first for b in ("high", "low")]
    col = f"{kind}_class"
    counts = classes[col].value_counts().reindex(range(1, 5), fill_value=0)
    return pd.DataFrame({"rank": range(1, 5), "customers": counts.to_numpy(), "advice": _TWO_WAY_ADVICE},
                        index=pd.Index(names, name="class"))


def development_order(data: pd.DataFrame, classes: pd.DataFrame, loyalty: str = "loyalty_index") -> pd.DataFrame:
    """Customers in the order to develop them: by ordering class, then by loyalty index (descending).

    Examples
    --------
    >>> d = pd.DataFrame({"loyalty_index": [80, 20, 90], "credit": ["good", "poor", "good"],
    ...                   "size": ["small", "large", "small"]})
    >>> development_order(d, ordering_classes(d, loyalty_cut=50)).index.tolist()
    [2, 0, 1]
    """
    df = data.join(classes[["order_rank", "order_class"]])
    return df.sort_values(["order_rank", loyalty], ascending=[True, False], kind="stable")


def classify_customer(customer: Mapping[str, Any], reference: pd.DataFrame) -> dict[str, Any]:
    """Place one new customer in the ordering model, against a reference customer base.

    The customer's six indicators are ranked together with the reference customers
    (:func:`loyalty_index` on the reference plus this customer); high loyalty means an index at
    least the median index of the reference alone.

    Returns
    -------
    dict with ``loyalty_index``, ``loyalty_cut``, ``order_rank`` (1–8), ``order_class``,
    ``size_class`` and ``credit_class`` (1–4).

    Examples
    --------
    >>> from crmlib.datasets import make_b2b_customers
    >>> ref = make_b2b_customers(200)
    >>> new = dict(ref.iloc[0]) | {"size": "large", "credit": "best", "repeat_purchases": 99,
    ...   "cross_purchases": 20, "price_sensitivity": 0.0, "quality_tolerance": 1.0,
    ...   "choice_time": 0.1, "referrals": 20}
    >>> classify_customer(new, ref)["order_rank"]
    1
    """
    row = pd.DataFrame([dict(customer)], index=pd.Index(["__new__"]))
    both = pd.concat([reference[list(LOYALTY_INDICATORS) + ["credit", "size"]],
                      row[list(LOYALTY_INDICATORS) + ["credit", "size"]]])
    both.attrs = {}
    li_both = loyalty_index(both)
    cut = float(loyalty_index(reference).median())
    cls = ordering_classes(both.assign(loyalty_index=li_both), loyalty_cut=cut).loc["__new__"]
    return {"loyalty_index": float(li_both.loc["__new__"]), "loyalty_cut": cut,
            "order_rank": int(cls["order_rank"]), "order_class": str(cls["order_class"]),
            "size_class": int(cls["size_class"]), "credit_class": int(cls["credit_class"])}


# ---------------------------------------------------------------------------
# k-means clustering on RFM
# ---------------------------------------------------------------------------

def rfm_features(scores: pd.DataFrame) -> pd.DataFrame:
    """Log-transformed, standardised RFM values for clustering.

    ``log1p`` of days since last purchase, orders and spend (all are right-skewed), then each
    column centred and divided by its (population) standard deviation.

    Examples
    --------
    >>> sc = pd.DataFrame({"recency_days": [0, 9], "frequency_value": [1, 3], "monetary_value": [5.0, 50]})
    >>> rfm_features(sc).round(3).to_numpy().tolist()
    [[-1.0, -1.0, -1.0], [1.0, 1.0, 1.0]]
    """
    missing = [c for c in _RFM_COLS if c not in scores.columns]
    if missing:
        raise DataFormatError(f"rfm_features needs the raw columns of rfm_scores(); missing {missing}.")
    if (scores[list(_RFM_COLS)] < 0).any().any():
        raise CRMLibError("RFM values must be non-negative before the log transform (drop refunds first).")
    x = np.log1p(scores[list(_RFM_COLS)].astype(float))
    sd = x.std(ddof=0).replace(0, 1.0)
    return ((x - x.mean()) / sd).set_axis(["log_recency", "log_frequency", "log_monetary"], axis=1)


def choose_k(features: pd.DataFrame, ks: Iterable[int] = range(2, 9), random_state: int = 2026,
             sample_size: int | None = 5000) -> pd.DataFrame:
    """Elbow (inertia) and silhouette score of k-means for each k.

    The silhouette is computed on a seeded random sample of ``sample_size`` customers (its cost
    grows with n²); ``None`` uses everyone.

    Returns
    -------
    DataFrame indexed by ``k`` with ``inertia`` and ``silhouette``.
    """
    from sklearn.cluster import KMeans  # noqa: PLC0415
    from sklearn.metrics import silhouette_score  # noqa: PLC0415

    X = features.to_numpy()
    rows = []
    for k in ks:
        if k < 2 or k >= len(X):
            raise CRMLibError(f"k={k}: need 2 <= k < number of customers ({len(X)}).")
        km = KMeans(n_clusters=k, n_init=10, random_state=random_state).fit(X)
        n = None if sample_size is None or sample_size >= len(X) else sample_size
        sil = silhouette_score(X, km.labels_, sample_size=n, random_state=random_state)
        rows.append((k, float(km.inertia_), float(sil)))
    return pd.DataFrame(rows, columns=["k", "inertia", "silhouette"]).set_index("k")


def rfm_clusters(features: pd.DataFrame, k: int, random_state: int = 2026) -> pd.Series:
    """k-means cluster labels (0..k-1), relabelled so that cluster 0 has the highest mean spend.

    Relabelling by descending mean of the last feature column (log spend) makes the labels
    reproducible across scikit-learn versions for the same partition.
    """
    from sklearn.cluster import KMeans  # noqa: PLC0415

    km = KMeans(n_clusters=k, n_init=10, random_state=random_state).fit(features.to_numpy())
    lab = pd.Series(km.labels_, index=features.index)
    means = features.iloc[:, -1].groupby(lab).mean().sort_values(ascending=False)
    remap = {old: new for new, old in enumerate(means.index)}
    return lab.map(remap).astype(int).rename("cluster")


def cluster_profiles(scores: pd.DataFrame, labels: pd.Series) -> pd.DataFrame:
    """Per cluster: customers, share, mean days since last purchase, mean orders, mean spend.

    Examples
    --------
    >>> sc = pd.DataFrame({"recency_days": [1, 3, 300], "frequency_value": [5, 7, 1], "monetary_value": [50.0, 70, 10]})
    >>> cluster_profiles(sc, pd.Series([0, 0, 1]))["mean_orders"].tolist()
    [6.0, 1.0]
    """
    df = scores[list(_RFM_COLS)].assign(cluster=labels.to_numpy())
    g = df.groupby("cluster")
    out = pd.DataFrame({"customers": g.size()})
    out["share"] = out["customers"] / out["customers"].sum()
    out["mean_days_since_last"] = g["recency_days"].mean()
    out["mean_orders"] = g["frequency_value"].mean()
    out["mean_spend"] = g["monetary_value"].mean()
    return out


def name_clusters(profiles: pd.DataFrame, reference: pd.DataFrame | None = None) -> pd.Series:
    """Readable names for clusters from their profile relative to the whole base.

    Each cluster mean is divided by the overall mean (the customer-weighted mean of ``profiles``
    unless ``reference``, a one-row frame with the same columns, is given):

    * days since last purchase: ratio <= 0.5 "very recent", <= 1 "recent", else "lapsed";
    * orders: ratio >= 2 "very frequent", >= 1 "frequent", >= 0.5 "occasional", else "one-off";
    * spend: ratio >= 2 "top-spend", >= 1 "high-spend", >= 0.5 "low-spend", else "minimal-spend".

    Names that would still coincide get the cluster label appended, e.g. ``"… (cluster 3)"``.

    Examples
    --------
    >>> p = pd.DataFrame({"customers": [1, 3], "mean_days_since_last": [100.0, 300],
    ...                   "mean_orders": [8.0, 1], "mean_spend": [400.0, 20]})
    >>> name_clusters(p).tolist()
    ['very recent, very frequent, top-spend', 'lapsed, one-off, minimal-spend']
    """
    cols = ["mean_days_since_last", "mean_orders", "mean_spend"]
    if reference is None:
        w = profiles["customers"] / profiles["customers"].sum()
        ref = {c: float((profiles[c] * w).sum()) for c in cols}
    else:
        ref = {c: float(reference[c].iloc[0]) for c in cols}

    def word(ratio: float, cuts: tuple[float, ...], words: tuple[str, ...], low_is_good: bool) -> str:
        for cut, w in zip(cuts, words):
            if (ratio <= cut) if low_is_good else (ratio >= cut):
                return w
        return words[-1]

    names = []
    for _, row in profiles.iterrows():
        r = row["mean_days_since_last"] / ref["mean_days_since_last"] if ref["mean_days_since_last"] else 1.0
        f = row["mean_orders"] / ref["mean_orders"] if ref["mean_orders"] else 1.0
        m = row["mean_spend"] / ref["mean_spend"] if ref["mean_spend"] else 1.0
        names.append(", ".join([
            word(r, (0.5, 1.0), ("very recent", "recent", "lapsed"), True),
            word(f, (2.0, 1.0, 0.5), ("very frequent", "frequent", "occasional", "one-off"), False),
            word(m, (2.0, 1.0, 0.5), ("top-spend", "high-spend", "low-spend", "minimal-spend"), False),
        ]))
    dup = pd.Series(names).duplicated(keep=False).to_numpy()
    names = [f"{n} (cluster {label})" if d else n for n, d, label in zip(names, dup, profiles.index)]
    return pd.Series(names, index=profiles.index, name="name")
