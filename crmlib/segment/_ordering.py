"""The customer ordering model: loyalty index, ordering classes, development order (ch3_ordering_and_clusters)."""
from __future__ import annotations

from typing import Any, Mapping

import pandas as pd

from .._errors import CRMLibError, DataFormatError
from .._deprecate import keyword_only_arguments
from .._validate import numeric_series, require_columns


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
        x = numeric_series(data[c], name=c) * sign
        parts.append(x.rank(method="average", pct=True) * w[c])
    return (sum(parts) / w.sum() * 100).rename("loyalty_index")


@keyword_only_arguments("loyalty", "credit", "size", "loyalty_cut", since="0.2", removed_in="0.3")
def ordering_classes(data: pd.DataFrame, *, loyalty: str = "loyalty_index", credit: str = "credit",
                     size: str = "size", loyalty_cut: float | None = None) -> pd.DataFrame:
    """Place each customer in the ordering model: loyalty × size, loyalty × credit, all three.

    High loyalty = ``loyalty >= loyalty_cut`` (the median of ``loyalty`` by default: pass the
    cut explicitly to report or reuse it; it is not stored in ``.attrs``, which pandas drops);
    high credit = grade ``best`` or ``good`` (of best/good/fair/poor); large = ``large`` or
    ``medium`` (of large/medium/small/sporadic).

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
    require_columns(data, [loyalty, credit, size], what="ordering_classes: the data",
                    hint="Pass loyalty=, credit= and size= to name your columns (see make_b2b_customers()).")
    cr = data[credit].astype(str).str.lower()
    sz = data[size].astype(str).str.lower()
    bad = sorted(set(cr) - set(_CREDIT)) + sorted(set(sz) - set(_SIZE))
    if bad:
        raise DataFormatError(f"Unknown grades {bad}: credit must be one of {_CREDIT}, size one of {_SIZE}.")
    lo = numeric_series(data[loyalty], name=loyalty)
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


@keyword_only_arguments("loyalty", since="0.2", removed_in="0.3")
def development_order(data: pd.DataFrame, classes: pd.DataFrame, *, loyalty: str = "loyalty_index") -> pd.DataFrame:
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
    li_both = loyalty_index(both)
    cut = float(loyalty_index(reference).median())
    cls = ordering_classes(both.assign(loyalty_index=li_both), loyalty_cut=cut).loc["__new__"]
    return {"loyalty_index": float(li_both.loc["__new__"]), "loyalty_cut": cut,
            "order_rank": int(cls["order_rank"]), "order_class": str(cls["order_class"]),
            "size_class": int(cls["size_class"]), "credit_class": int(cls["credit_class"])}
