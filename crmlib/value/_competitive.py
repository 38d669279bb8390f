"""Competitive value analysis: perceived profiles, the customer value map, won/lost, head-to-head, key events, what/who (ch1_competitive_value_analysis)."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._errors import CRMLibError
from .._deprecate import keyword_only_arguments
from .._validate import require_columns


# ---------------------------------------------------------------------------
# Gale's customer value analysis
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class ProfileResult:
    """Result of :func:`perceived_profile`.

    Attributes
    ----------
    table : DataFrame
        Per attribute: ``weight`` (share, sums to 1), ``ours``, ``competitors``,
        ``ratio`` (ours / competitors), ``weighted_ours``, ``weighted_competitors``.
    score_ours, score_competitors : float
        Weighted scores, Σ wᵢ xᵢ.
    ratio : float
        Gale's market-perceived ratio: the weighted mean of attribute ratios,
        Σ wᵢ (oursᵢ / competitorsᵢ).
    score_ratio : float
        Ratio of the weighted scores, score_ours / score_competitors.
    relative_price : float
        1 / ratio: for a *price* profile, how expensive we are perceived to be relative
        to competitors (< 1: cheaper in the customers' eyes).
    """

    table: pd.DataFrame
    score_ours: float
    score_competitors: float
    ratio: float
    score_ratio: float
    relative_price: float


def perceived_profile(
    weights: Mapping[str, float] | pd.Series,
    ours: Mapping[str, float] | pd.Series,
    competitors: Mapping[str, float] | pd.Series,
) -> ProfileResult:
    """Gale's market-perceived quality (or price) profile (市场感知质量/价格水平).

    Customers weight the attributes that drive their choice, then rate us and our
    competitors on each. The same arithmetic serves the quality profile (ratings of
    performance) and the price profile (ratings of satisfaction with each price
    attribute: purchase price, resale price, financing …).

    Parameters
    ----------
    weights : mapping or Series
        Attribute → importance. Any positive scale (e.g. points summing to 100);
        normalised to sum to 1.
    ours, competitors : mapping or Series
        Attribute → rating of our offer and of the competitors' (e.g. 1–10).

    Returns
    -------
    ProfileResult
        Weighted scores, Gale's ratio (weighted mean of attribute ratios), the ratio of
        weighted scores, and the relative price 1 / ratio.

    References
    ----------
    Gale, B. T. (1994), *Managing Customer Value*, Free Press, ch. 2–3; seed 004.

    Examples
    --------
    The seed's price-satisfaction table (seed 004):

    >>> p = perceived_profile({"purchase": 60, "gift": 20, "resale": 10, "financing": 10},
    ...                       {"purchase": 9, "gift": 6, "resale": 9, "financing": 7},
    ...                       {"purchase": 7, "gift": 6, "resale": 8, "financing": 7})
    >>> round(p.score_ours, 2), round(p.score_competitors, 2), round(p.ratio, 3)
    (8.2, 6.9, 1.184)
    """
    w = pd.Series(weights, dtype=float)
    a = pd.Series(ours, dtype=float)
    b = pd.Series(competitors, dtype=float)
    if not (set(w.index) == set(a.index) == set(b.index)):
        raise CRMLibError(
            "weights, ours and competitors must name the same attributes; "
            f"got {sorted(w.index)}, {sorted(a.index)}, {sorted(b.index)}."
        )
    if (w < 0).any() or w.sum() <= 0:
        raise CRMLibError("Attribute weights must be non-negative and not all zero.")
    if (b <= 0).any():
        raise CRMLibError("Competitor ratings must be positive to form ratios; use a rating scale that starts at 1.")
    a, b = a[w.index], b[w.index]
    share = w / w.sum()
    table = pd.DataFrame({"weight": share, "ours": a, "competitors": b, "ratio": a / b,
                          "weighted_ours": share * a, "weighted_competitors": share * b})
    table.index.name = "attribute"
    score_a, score_b = float(table["weighted_ours"].sum()), float(table["weighted_competitors"].sum())
    ratio = float((share * a / b).sum())
    return ProfileResult(table, score_a, score_b, ratio, score_a / score_b, 1.0 / ratio)


@keyword_only_arguments("quality", "price", "slope", "tolerance", since="0.2", removed_in="0.3")
def value_map(
    data: pd.DataFrame,
    *,
    quality: str = "relative_quality",
    price: str = "relative_price",
    slope: float = 1.0,
    tolerance: float = 0.02,
) -> pd.DataFrame:
    """Customer value map (客户价值图) data: position of each competitor against the fair-value line.

    The fair-value line (平价价值线) passes through the market average (1, 1) with the
    given slope: along it, a higher relative quality is exactly paid for by a higher
    relative price. Below the line (cheaper than the quality justifies) a competitor
    offers *better* value and gains share; above it, *worse* value.

    Parameters
    ----------
    data : DataFrame
        One row per competitor with relative (market-perceived) quality and price, each
        1.0 at the market average.
    quality, price : str
        Column names.
    slope : float
        Price premium the market pays per unit of relative quality (1.0 by default; the
        ratio of the weights customers give quality and price is a common choice).
    tolerance : float
        Distance from the line still called "fair value".

    Returns
    -------
    DataFrame
        A copy with ``fair_price`` (the line at that quality), ``value_advantage``
        (fair_price − price; positive = better value) and ``region``
        ("better value", "fair value", "worse value").

    References
    ----------
    Gale (1994), *Managing Customer Value*, ch. 4; seed 004 (A/B/C cars).

    Examples
    --------
    >>> cars = pd.DataFrame({"relative_quality": [1.2, 0.9, 1.0],
    ...                      "relative_price": [1.05, 1.1, 1.0]}, index=list("ABC"))
    >>> value_map(cars)["region"].tolist()
    ['better value', 'worse value', 'fair value']
    """
    require_columns(data, [quality, price], what="value_map: the data")
    out = data.copy()
    out["fair_price"] = 1.0 + slope * (data[quality] - 1.0)
    out["value_advantage"] = out["fair_price"] - data[price]
    out["region"] = np.select(
        [out["value_advantage"] > tolerance, out["value_advantage"] < -tolerance],
        ["better value", "worse value"], default="fair value",
    )
    return out


@keyword_only_arguments("outcome", "reason", since="0.2", removed_in="0.3")
def won_lost(deals: pd.DataFrame, *, outcome: str = "outcome", reason: str = "reason") -> pd.DataFrame:
    """Won/lost analysis (得失分析): why deals were won or lost, counted and shared.

    Parameters
    ----------
    deals : DataFrame
        One row per deal with an outcome (``"won"``/``"lost"``) and the main reason given.
    outcome, reason : str
        Column names.

    Returns
    -------
    DataFrame
        Index reason, columns ``won``, ``lost``, ``total``, ``win_rate`` and
        ``share_of_losses``, sorted by losses.

    Examples
    --------
    >>> d = pd.DataFrame({"outcome": ["won", "lost", "lost", "won"],
    ...                   "reason": ["price", "price", "service", "service"]})
    >>> won_lost(d)[["won", "lost", "win_rate"]].to_dict("index")
    {'price': {'won': 1, 'lost': 1, 'win_rate': 0.5}, 'service': {'won': 1, 'lost': 1, 'win_rate': 0.5}}
    """
    require_columns(deals, [outcome, reason], what="won_lost: the data")
    bad = set(deals[outcome]) - {"won", "lost"}
    if bad:
        raise CRMLibError(f"Outcomes must be 'won' or 'lost'; found {sorted(map(str, bad))}. Recode the {outcome!r} column.")
    tab = pd.crosstab(deals[reason], deals[outcome]).reindex(columns=["won", "lost"], fill_value=0)
    tab.columns.name = None
    tab["total"] = tab["won"] + tab["lost"]
    tab["win_rate"] = tab["won"] / tab["total"]
    n_lost = tab["lost"].sum()
    tab["share_of_losses"] = tab["lost"] / n_lost if n_lost else 0.0
    return tab.sort_values(["lost", "total"], ascending=False, kind="stable")


def head_to_head(weights: Mapping[str, float] | pd.Series, ours: Mapping[str, float] | pd.Series,
                 rival: Mapping[str, float] | pd.Series) -> pd.DataFrame:
    """Head-to-head comparison (客户分析对照图) with one named rival, attribute by attribute.

    Returns
    -------
    DataFrame
        Per attribute: ``weight`` (share), ``ours``, ``rival``, ``gap`` (ours − rival) and
        ``weighted_gap`` (weight × gap), sorted by weighted gap; the weighted gaps sum to
        the difference of the weighted scores (the area between the two profiles).

    References
    ----------
    Gale (1994), *Managing Customer Value*, ch. 5.

    Examples
    --------
    >>> h = head_to_head({"q": 3, "s": 1}, {"q": 8, "s": 5}, {"q": 6, "s": 7})
    >>> h["weighted_gap"].round(2).tolist(), round(float(h["weighted_gap"].sum()), 2)
    ([1.5, -0.5], 1.0)
    """
    p = perceived_profile(weights, ours, rival)
    t = p.table.rename(columns={"competitors": "rival"})[["weight", "ours", "rival"]]
    t["gap"] = t["ours"] - t["rival"]
    t["weighted_gap"] = t["weight"] * t["gap"]
    return t.sort_values("weighted_gap", ascending=False)


@keyword_only_arguments("period", "event", since="0.2", removed_in="0.3")
def key_events(ratios: pd.Series, events: pd.DataFrame, *, period: str = "period", event: str = "event") -> pd.DataFrame:
    """Key events table (关键事件表): how each event moved a value ratio.

    Parameters
    ----------
    ratios : Series
        A ratio (e.g. market-perceived quality ratio) indexed by period, in time order.
    events : DataFrame
        One row per event with the ``period`` in which it happened and a description.

    Returns
    -------
    DataFrame
        The events with ``before`` (ratio in the previous period), ``after`` (ratio in the
        event's period) and ``change``.

    Examples
    --------
    >>> r = pd.Series([1.0, 1.1, 0.95], index=[2021, 2022, 2023])
    >>> e = pd.DataFrame({"period": [2022, 2023], "event": ["new model", "recall"]})
    >>> key_events(r, e)["change"].round(2).tolist()
    [0.1, -0.15]
    """
    require_columns(events, [period, event], what="key_events: the data")
    pos = {p: i for i, p in enumerate(ratios.index)}
    unknown = [p for p in events[period] if p not in pos or pos[p] == 0]
    if unknown:
        raise CRMLibError(f"Event periods {unknown} need a ratio in that period and in the one before it.")
    out = events.copy()
    out["before"] = [float(ratios.iloc[pos[p] - 1]) for p in events[period]]
    out["after"] = [float(ratios.iloc[pos[p]]) for p in events[period]]
    out["change"] = out["after"] - out["before"]
    return out


@keyword_only_arguments("what", "who", "role", since="0.2", removed_in="0.3")
def what_who_matrix(assignments: pd.DataFrame, *, what: str = "what", who: str = "who", role: str = "role") -> pd.DataFrame:
    """What/who matrix (What/Who矩阵): which department does what to deliver each value attribute.

    Parameters
    ----------
    assignments : DataFrame
        One row per (what, who) pair with a role: ``"L"`` (leads) or ``"S"`` (supports).

    Returns
    -------
    DataFrame
        Attributes × departments, cells ``"L"``, ``"S"`` or ``""``.

    Raises
    ------
    CRMLibError
        If an attribute has no lead or more than one: every value attribute needs one owner.

    Examples
    --------
    >>> a = pd.DataFrame({"what": ["delivery", "delivery", "price"],
    ...                   "who": ["logistics", "sales", "sales"], "role": ["L", "S", "L"]})
    >>> what_who_matrix(a).loc["delivery"].tolist()
    ['L', 'S']
    """
    require_columns(assignments, [what, who, role], what="what_who_matrix: the data")
    leads = assignments[assignments[role] == "L"].groupby(what)[who].nunique()
    whats = assignments[what].unique()
    wrong = [w for w in whats if leads.get(w, 0) != 1]
    if wrong:
        raise CRMLibError(f"Each attribute needs exactly one lead ('L'); fix {wrong}.")
    m = assignments.pivot_table(index=what, columns=who, values=role, aggfunc="first").fillna("")
    m.columns.name = None
    return m.reindex(whats)
