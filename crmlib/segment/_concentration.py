"""Customer concentration: ABC classes, the Lorenz curve, Gini, top shares, the Pareto statement (ch3_identification_abc)."""
from __future__ import annotations

from typing import Any, Sequence

import narwhals as nw
import numpy as np
import pandas as pd

from .._errors import CRMLibError, DataFormatError
from .._validate import numeric_series
from ._rfm import _TIE_DIGITS


# ---------------------------------------------------------------------------
# ABC classification, Lorenz curve, Gini
# ---------------------------------------------------------------------------

#: The three ABC classes of seeds 000/003 with their Chinese names.
ABC_NAMES: dict[str, str] = {"A": "VIP (贵宾型)", "B": "important (重要型)", "C": "ordinary (普通型)"}


def abc_classes(values: Any, cuts: Sequence[float] = (0.8, 0.95), *, value: str = "total") -> Any:
    """ABC classes by cumulative share of value (customers sorted from most to least valuable).

    A customer is in class A while the cumulative share of value *before* them is below
    ``cuts[0]`` — so the customer who carries the total across the cut is still in A — and
    in B while it is below ``cuts[1]``; the rest are C. Ties keep their input order
    (stable sort), so the result is deterministic.

    Parameters
    ----------
    values : one non-negative value per customer (revenue, profit …), a Series or array; or a
        Polars, DuckDB or Spark table with ``customer_id`` and the ``value`` column (ties are
        then ranked by ``customer_id``, the order of a pandas summary).
    cuts : the cumulative shares ending classes A and B, ``0 < a < b <= 1``.
    value : the value column of a table (ignored for a Series or array).

    Returns
    -------
    DataFrame in the input order with columns ``value``, ``rank`` (1 = most valuable),
    ``cum_customers`` and ``cum_value`` (shares after this customer) and ``abc``
    (categorical A < B < C). A table gives a table of its engine with ``customer_id`` first,
    sorted by it, ``abc`` as text, computed lazily: only the total, the minimum and the counts
    are collected (the cumulative sums are a window over the whole per-customer table, one
    partition on Spark: fine for millions of customers).

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
    from .._frames import collect_pandas, to_narwhals  # noqa: PLC0415

    a, b = (float(c) for c in cuts)
    if not 0 < a < b <= 1:
        raise CRMLibError(f"cuts={tuple(cuts)} must satisfy 0 < A-cut < B-cut <= 1, e.g. (0.8, 0.95).")
    if _is_table(values):
        from .._clean_engines import materialise  # noqa: PLC0415

        frame = to_narwhals(values, "abc_classes")
        names = list(frame.collect_schema().names())
        if "customer_id" not in names or value not in names:
            raise DataFormatError(f"abc_classes on a table needs 'customer_id' and value={value!r} columns; "
                                  f"the table has {', '.join(names)}.")
        # computed once: the collect below and the result then read it, not the plan behind it
        frame = materialise(frame.select("customer_id", nw.col(value).cast(nw.Float64).alias("value")))
        key, index = "customer_id", None
    else:
        s = numeric_series(values)
        frame = nw.from_native(pd.DataFrame({"value": s.to_numpy(), "_pos": np.arange(len(s))}), eager_only=True)
        key, index = "_pos", s.index
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
    # rank on rounded values so that sums differing only in the last bits count as ties on
    # every engine (see _TIE_DIGITS); ties keep the input order (pandas) or the customer order
    order = ["_neg", key]
    frame = frame.with_columns(_neg=-nw.col("value").round(_TIE_DIGITS))
    frame = frame.with_columns(rank=nw.col("value").cum_count().over(order_by=order),
                               _cum=nw.col("value").cum_sum().over(order_by=order))
    before = (nw.col("_cum") / total).shift(1).over(order_by=order).fill_null(0.0)
    abc = (nw.when(before < a - 1e-12).then(nw.lit("A"))
           .otherwise(nw.when(before < b - 1e-12).then(nw.lit("B")).otherwise(nw.lit("C"))))
    out = frame.select(
        *([key] if index is None else []), "value", nw.col("rank").cast(nw.Int64),
        (nw.col("rank") / n).alias("cum_customers"), (nw.col("_cum") / total).alias("cum_value"),
        abc.alias("abc"),
    )
    if index is None:
        return out.sort("customer_id").to_native()
    table = out.to_native()
    table.index = index
    table["abc"] = pd.Categorical(table["abc"], categories=["A", "B", "C"], ordered=True)
    return table


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
    s = numeric_series(values)
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
    v = numeric_series(values)
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
