"""Customer value, both ways round: the value a firm delivers to its customers, and the
value of a customer to the firm.

Value *to* the customer (客户视角的客户价值)
    :func:`delivered_value` (Kotler's customer delivered value, 客户让渡价值),
    :func:`mercedes_s350_bids` (the seeds' three-dealer case), :func:`score_value_dimensions`
    (survey scoring of Sheth–Newman–Gross or Holbrook value types).
Gale's customer value analysis (盖尔的客户价值分析)
    :func:`perceived_profile`, :func:`value_map`, :func:`won_lost`, :func:`head_to_head`,
    :func:`key_events`, :func:`what_who_matrix`.
Value *of* the customer (企业视角的客户价值)
    :func:`purchase_stream_value`, :func:`retention_clv`, :func:`retention_clv_curve`,
    :func:`dwyer_table`,
    :func:`cohort_value`, :func:`accumulation_effect`, :func:`simulate_accumulation`,
    :func:`whale_curve`, :func:`value_destroying_share`, :func:`activity_based_cost`,
    :func:`value_matrix`.

Every function takes data first and options after, and returns a new object.
"""
from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from ._errors import CRMLibError, DataFormatError
from .lifecycle import cohort_retention

__all__ = [
    "VALUE_COMPONENTS", "COST_COMPONENTS", "delivered_value", "mercedes_s350_bids",
    "score_value_dimensions", "ProfileResult", "perceived_profile", "value_map", "won_lost",
    "head_to_head", "key_events", "what_who_matrix", "purchase_stream_value", "retention_clv",
    "retention_clv_curve", "dwyer_table", "cohort_value", "accumulation_effect", "simulate_accumulation",
    "whale_curve", "value_destroying_share", "activity_based_cost", "value_matrix",
    "VALUE_MATRIX_STRATEGIES",
]

#: Kotler's four sources of total customer value (顾客总价值).
VALUE_COMPONENTS: tuple[str, ...] = ("product", "service", "personnel", "image")
#: Kotler's four parts of total customer cost (顾客总成本).
COST_COMPONENTS: tuple[str, ...] = ("monetary", "time", "energy", "psychic")


def _require_columns(data: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    missing = [c for c in columns if c not in data.columns]
    if missing:
        raise DataFormatError(
            f"{what} needs columns {list(columns)}; missing {missing}. "
            f"Columns present: {list(data.columns)}. Rename your columns or pass the names explicitly."
        )


# ---------------------------------------------------------------------------
# Value to the customer
# ---------------------------------------------------------------------------

def delivered_value(
    offers: pd.DataFrame,
    value_columns: Sequence[str] = VALUE_COMPONENTS,
    cost_columns: Sequence[str] = COST_COMPONENTS,
) -> pd.DataFrame:
    """Kotler's customer delivered value (客户让渡价值) of one or several offers.

    Parameters
    ----------
    offers : DataFrame
        One row per offer; the value and cost components as money-equivalent numbers
        (all in the same unit).
    value_columns : sequence of str
        Columns summed into total customer value (顾客总价值): product, service,
        personnel and image value by default.
    cost_columns : sequence of str
        Columns summed into total customer cost (顾客总成本): monetary, time, energy
        and psychic cost by default.

    Returns
    -------
    DataFrame
        A copy of *offers* with ``total_value``, ``total_cost``, ``delivered_value``
        (difference form, value − cost), ``value_ratio`` (ratio form, value / cost)
        and ``rank`` (1 = largest delivered value).

    References
    ----------
    Kotler, P. *Marketing Management* (customer delivered value); seed 000 and 004.

    Examples
    --------
    >>> offers = pd.DataFrame({"product": [100, 100], "service": [10, 4], "personnel": [5, 5],
    ...                        "image": [5, 5], "monetary": [90, 85], "time": [2, 8],
    ...                        "energy": [1, 3], "psychic": [1, 4]}, index=["X", "Y"])
    >>> delivered_value(offers)[["total_value", "total_cost", "delivered_value", "rank"]]
       total_value  total_cost  delivered_value  rank
    X          120          94               26     1
    Y          114         100               14     2
    """
    _require_columns(offers, [*value_columns, *cost_columns], "delivered_value")
    out = offers.copy()
    out["total_value"] = offers[list(value_columns)].sum(axis=1)
    out["total_cost"] = offers[list(cost_columns)].sum(axis=1)
    if (out["total_cost"] <= 0).any():
        raise CRMLibError("Every offer needs a positive total customer cost for the ratio form; check the cost columns.")
    out["delivered_value"] = out["total_value"] - out["total_cost"]
    out["value_ratio"] = out["total_value"] / out["total_cost"]
    out["rank"] = out["delivered_value"].rank(ascending=False, method="min").astype(int)
    return out


def mercedes_s350_bids() -> pd.DataFrame:
    """The three Mercedes S350 dealers' bids for ten cars (seed 000), scored.

    Huawai Technology (Shenzhen) asked three dealers to bid for 10 Mercedes S350 within
    a week, with a price. The seed reports what each bid offered; the money-equivalent
    scores below are **assumptions** made to turn the story into numbers, in 10,000 yuan
    per car (万元/台):

    * product value 120 for all three: the car is the same S350 (the buyer's
      valuation of the car itself, above the price, as the buyer did order);
    * Beijing Baixing (北京柏星行): price 106 stated; chauffeur training and recruiting
      (service +6), references from Lenovo and Haier (personnel 4, image 4), cars in
      3 days so small time (0.5), energy (0.5) and psychic (0.5) costs;
    * Shanghai Daxing (上海达星行): no price, "will beat the lowest bid" — assumed 105;
      registration help in Beijing/Shenzhen, cars ready in 3 hours (service 3,
      personnel 2, image 3); the buyer must obtain other quotes first (time 1.5,
      energy 1) and is unsure of the final price (psychic 2);
    * Guangzhou Lanxing (广州蓝星行): no price, "negotiate face to face" — assumed
      107 (list price); near the Shenzhen head office, visits to explain after-sales
      service (service 3, personnel 2, image 2); a meeting is needed to learn the price
      (time 2, energy 1.5) and the price is unknown (psychic 2.5).

    Returns
    -------
    DataFrame
        One row per dealer with the eight components and ``price_stated`` (whether
        the bid stated a price), ready for :func:`delivered_value`.

    Examples
    --------
    >>> dv = delivered_value(mercedes_s350_bids())
    >>> dv["delivered_value"].idxmax()
    'Beijing Baixing'
    """
    rows = {
        "Beijing Baixing": (120, 6, 4, 4, 106, 0.5, 0.5, 0.5, True),
        "Shanghai Daxing": (120, 3, 2, 3, 105, 1.5, 1.0, 2.0, False),
        "Guangzhou Lanxing": (120, 3, 2, 2, 107, 2.0, 1.5, 2.5, False),
    }
    cols = [*VALUE_COMPONENTS, *COST_COMPONENTS, "price_stated"]
    out = pd.DataFrame.from_dict(rows, orient="index", columns=cols)
    out.index.name = "dealer"
    out["dealer_zh"] = ["北京柏星行", "上海达星行", "广州蓝星行"]
    return out


def score_value_dimensions(responses: pd.DataFrame, dimensions: Mapping[str, Sequence[str]]) -> pd.DataFrame:
    """Score survey answers on value dimensions (e.g. Sheth–Newman–Gross's five values).

    Parameters
    ----------
    responses : DataFrame
        One row per respondent, one column per survey item (e.g. 1–7 Likert answers).
    dimensions : mapping of str to list of str
        Dimension name → the items that measure it.

    Returns
    -------
    DataFrame
        One row per respondent, one column per dimension: the mean of its items
        (missing answers ignored).

    References
    ----------
    Sheth, Newman & Gross (1991), "Why we buy what we buy", J. Business Research 22.

    Examples
    --------
    >>> r = pd.DataFrame({"f1": [7, 4], "f2": [5, 4], "s1": [2, 6]})
    >>> score_value_dimensions(r, {"functional": ["f1", "f2"], "social": ["s1"]})
       functional  social
    0         6.0     2.0
    1         4.0     6.0
    """
    items = [i for its in dimensions.values() for i in its]
    _require_columns(responses, items, "score_value_dimensions")
    return pd.DataFrame({d: responses[list(its)].mean(axis=1) for d, its in dimensions.items()})


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


def value_map(
    data: pd.DataFrame,
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
    _require_columns(data, [quality, price], "value_map")
    out = data.copy()
    out["fair_price"] = 1.0 + slope * (data[quality] - 1.0)
    out["value_advantage"] = out["fair_price"] - data[price]
    out["region"] = np.select(
        [out["value_advantage"] > tolerance, out["value_advantage"] < -tolerance],
        ["better value", "worse value"], default="fair value",
    )
    return out


def won_lost(deals: pd.DataFrame, outcome: str = "outcome", reason: str = "reason") -> pd.DataFrame:
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
    _require_columns(deals, [outcome, reason], "won_lost")
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


def key_events(ratios: pd.Series, events: pd.DataFrame, period: str = "period", event: str = "event") -> pd.DataFrame:
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
    _require_columns(events, [period, event], "key_events")
    pos = {p: i for i, p in enumerate(ratios.index)}
    unknown = [p for p in events[period] if p not in pos or pos[p] == 0]
    if unknown:
        raise CRMLibError(f"Event periods {unknown} need a ratio in that period and in the one before it.")
    out = events.copy()
    out["before"] = [float(ratios.iloc[pos[p] - 1]) for p in events[period]]
    out["after"] = [float(ratios.iloc[pos[p]]) for p in events[period]]
    out["change"] = out["after"] - out["before"]
    return out


def what_who_matrix(assignments: pd.DataFrame, what: str = "what", who: str = "who", role: str = "role") -> pd.DataFrame:
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
    _require_columns(assignments, [what, who, role], "what_who_matrix")
    leads = assignments[assignments[role] == "L"].groupby(what)[who].nunique()
    whats = assignments[what].unique()
    wrong = [w for w in whats if leads.get(w, 0) != 1]
    if wrong:
        raise CRMLibError(f"Each attribute needs exactly one lead ('L'); fix {wrong}.")
    m = assignments.pivot_table(index=what, columns=who, values=role, aggfunc="first").fillna("")
    m.columns.name = None
    return m.reindex(whats)


# ---------------------------------------------------------------------------
# Value of the customer: CLV
# ---------------------------------------------------------------------------

def purchase_stream_value(amounts: Sequence[float] | pd.Series, discount: float = 0.0,
                          interval: float = 1.0, first: float = 0.0) -> float:
    """Present value of a customer's stream of purchases (or margins).

    Purchase k (k = 0, 1, …) happens at time ``first + k * interval`` and is discounted
    by (1 + discount) to that power. With ``discount=0`` this is the plain lifetime total.

    Parameters
    ----------
    amounts : sequence of float
        Purchase amounts (or margins) in time order.
    discount : float
        Discount rate per unit of time, > −1.
    interval : float
        Time between purchases.
    first : float
        Time of the first purchase (0 = now, undiscounted).

    Returns
    -------
    float

    References
    ----------
    Seed 002 (customers A and B buying computers).

    Examples
    --------
    >>> purchase_stream_value([15_000] * 3)
    45000.0
    >>> round(purchase_stream_value([15_000] * 3, discount=0.1, interval=4), 2)
    32242.81
    """
    a = np.asarray(amounts, dtype=float)
    if discount <= -1:
        raise CRMLibError(f"discount must be greater than -1, got {discount}.")
    t = first + interval * np.arange(a.size)
    return float(np.sum(a / (1.0 + discount) ** t))


def retention_clv(
    margin: float,
    retention: float,
    discount_rate: float | None = None,
    periods: int | None = None,
    first_margin: Literal["after_retention", "certain"] = "after_retention",
    *,
    margin_growth: float = 0.0,
    discount: float | None = None,
) -> float:
    """Lifetime value of one customer with constant margin and retention.

    Two conventions are in use; both receive margins at the *end* of each period:

    * ``"after_retention"`` (default, the course's convention; Gupta & Lehmann 2003): the
      margin of period t is earned only if the customer has been retained t times,
      CLV = Σₜ₌₁ᵀ m rᵗ / (1 + d)ᵗ, which for T → ∞ is m r / (1 + d − r).
    * ``"certain"``: the first margin is sure (the customer was just acquired), then
      retention applies, CLV = Σₜ₌₁ᵀ m rᵗ⁻¹ / (1 + d)ᵗ → m / (1 + d − r).

    The two differ by the factor r. With ``margin_growth`` g the margin of a retained
    customer grows by the factor (1 + g) each period (Reichheld's "profit per customer rises
    with tenure"): every rᵏ above becomes (r (1 + g))ᵏ, e.g. m / (1 + d − r (1 + g)).

    Parameters
    ----------
    margin : float
        Profit per period from a retained customer (in the first period of the stream).
    retention : float
        Probability a customer stays for another period, 0 ≤ r < 1 (r = 1 is allowed
        with a finite horizon).
    discount_rate : float
        Discount rate per period, d > −1 (and d > r (1 + g) − 1 for an infinite horizon).
    periods : int or None
        Horizon T in periods; None for an infinite horizon.
    first_margin : {"after_retention", "certain"}
        Convention, see above.
    margin_growth : float
        Growth of a retained customer's margin per period, g > −1 (0 = constant margin).
    discount : float
        Deprecated spelling of ``discount_rate`` (warns).

    Returns
    -------
    float
        Present value.

    References
    ----------
    Gupta, S. & Lehmann, D. R. (2003), "Customers as assets", J. Interactive Marketing 17(1).

    Examples
    --------
    >>> round(retention_clv(100, 0.8, 0.1), 2)
    266.67
    >>> round(retention_clv(100, 0.8, 0.1, first_margin="certain"), 2)
    333.33
    >>> round(retention_clv(100, 0.8, 0.1, periods=2), 2)
    125.62
    >>> round(retention_clv(100, 0.8, 0.1, first_margin="certain", margin_growth=0.05), 2)  # 100 / (1.1 - 0.8 * 1.05)
    384.62
    """
    discount_rate = _discount_rate(discount_rate, discount, "retention_clv")
    if first_margin not in ("after_retention", "certain"):
        raise CRMLibError(f"first_margin must be 'after_retention' or 'certain', got {first_margin!r}.")
    if not 0 <= retention <= 1:
        raise CRMLibError(f"retention must be a probability in [0, 1], got {retention}.")
    if discount_rate <= -1:
        raise CRMLibError(f"discount_rate must be greater than -1, got {discount_rate}.")
    if margin_growth <= -1:
        raise CRMLibError(f"margin_growth must be greater than -1, got {margin_growth}.")
    q = retention * (1.0 + margin_growth) / (1.0 + discount_rate)
    lead = margin * (retention if first_margin == "after_retention" else 1.0) / (1.0 + discount_rate)
    if periods is None:
        if q >= 1:
            raise CRMLibError("With retention × (1 + margin_growth) ≥ 1 + discount_rate the infinite-horizon "
                              "value diverges; give a finite `periods`.")
        return float(lead / (1.0 - q))
    if periods < 0 or int(periods) != periods:
        raise CRMLibError(f"periods must be a non-negative integer or None, got {periods}.")
    t = np.arange(int(periods))
    return float(lead * np.sum(q ** t))


def _discount_rate(discount_rate: float | None, discount: float | None, where: str) -> float:
    """Resolve the deprecated ``discount=`` spelling (one release of warnings, then removal)."""
    if discount is not None:
        if discount_rate is not None:
            raise CRMLibError(f"{where}: give discount_rate only (discount is its deprecated old name).")
        warnings.warn(f"{where}(discount=...) is deprecated; write discount_rate=...",
                      DeprecationWarning, stacklevel=3)
        return float(discount)
    if discount_rate is None:
        raise CRMLibError(f"{where}: discount_rate is required (e.g. discount_rate=0.1 for 10 % per period).")
    return float(discount_rate)


def retention_clv_curve(
    margin: float,
    retention: float,
    discount_rate: float,
    periods: int,
    first_margin: Literal["after_retention", "certain"] = "after_retention",
    *,
    margin_growth: float = 0.0,
) -> pd.DataFrame:
    """Cumulative discounted CLV at every horizon 0 … ``periods``: the curve behind the CLV calculator.

    Row T is :func:`retention_clv` with horizon T (row 0 is 0: nothing earned yet); the
    arguments are the same.

    Returns
    -------
    DataFrame
        Columns ``period`` (0 … periods) and ``clv``.

    Examples
    --------
    >>> retention_clv_curve(100, 0.8, 0.1, 2).round(2).to_dict("list")
    {'period': [0, 1, 2], 'clv': [0.0, 72.73, 125.62]}
    """
    if periods < 0 or int(periods) != periods:
        raise CRMLibError(f"periods must be a non-negative integer, got {periods}.")
    clv = [retention_clv(margin, retention, discount_rate, t, first_margin, margin_growth=margin_growth)
           for t in range(int(periods) + 1)]
    return pd.DataFrame({"period": np.arange(int(periods) + 1), "clv": clv})


def _per_period(x: float | Sequence[float], periods: int, name: str) -> np.ndarray:
    arr = np.asarray(x, dtype=float)
    if arr.ndim == 0:
        return np.full(periods, float(arr))
    if arr.size != periods:
        raise CRMLibError(f"{name} has {arr.size} values but the table has {periods} periods; give one per period or a single number.")
    return arr


def dwyer_table(
    customers: float,
    retention: float | Sequence[float],
    orders_per_customer: float | Sequence[float],
    average_order_value: float | Sequence[float],
    variable_cost_rate: float | Sequence[float],
    marketing_cost_per_customer: float | Sequence[float],
    acquisition_cost_per_customer: float,
    discount: float,
    periods: int = 5,
    discount_first_period: bool = False,
) -> pd.DataFrame:
    """Dwyer's customer-migration (cohort) table of customer lifetime value (客户生命周期价值).

    A group of ``customers`` is acquired at the start of period 1. In each period the
    survivors place orders; the next period starts with ``customers × retention``.
    Acquisition cost is paid once, in period 1.

    Parameters
    ----------
    customers : float
        Customers acquired.
    retention : float or sequence
        Share of period t's customers still active in t + 1 (per period or constant).
    orders_per_customer, average_order_value : float or sequence
        Orders per active customer per period, and revenue per order.
    variable_cost_rate : float or sequence
        Variable cost as a share of revenue.
    marketing_cost_per_customer : float or sequence
        Retention marketing spent per active customer per period.
    acquisition_cost_per_customer : float
        Paid for each acquired customer in period 1.
    discount : float
        Discount rate per period.
    periods : int
        Number of periods (rows).
    discount_first_period : bool
        False (Dwyer's and Hughes's tables): period 1's cash flows are at acquisition,
        discount factor (1 + d)^(t − 1). True: end-of-period, factor (1 + d)^t.

    Returns
    -------
    DataFrame
        Indexed by ``period`` with ``customers``, ``retention_rate``,
        ``orders_per_customer``, ``average_order_value``, ``revenue``, ``variable_cost``,
        ``marketing_cost``, ``acquisition_cost``, ``total_cost``, ``profit``,
        ``discount_factor`` (the divisor), ``npv``, ``cumulative_npv`` and ``clv``
        (cumulative NPV per acquired customer).

    References
    ----------
    Dwyer, F. R. (1989), "Customer lifetime valuation to support marketing decision
    making", J. Direct Marketing 3(4), 8–15; Hughes, A. M. (2005), *Strategic Database
    Marketing*; seed 000.

    Examples
    --------
    >>> t = dwyer_table(1000, 0.5, 2, 50, 0.6, 5, 20, 0.1, periods=3)
    >>> t["npv"].round(2).tolist()
    [15000.0, 15909.09, 7231.4]
    >>> round(float(t["clv"].iloc[-1]), 2)
    38.14
    """
    if customers <= 0:
        raise CRMLibError("customers must be positive.")
    if periods < 1:
        raise CRMLibError("periods must be at least 1.")
    r = _per_period(retention, periods, "retention")
    if ((r < 0) | (r > 1)).any():
        raise CRMLibError("retention rates must lie in [0, 1].")
    n = customers * np.concatenate([[1.0], np.cumprod(r[:-1])])
    orders = _per_period(orders_per_customer, periods, "orders_per_customer")
    aov = _per_period(average_order_value, periods, "average_order_value")
    vc = _per_period(variable_cost_rate, periods, "variable_cost_rate")
    mk = _per_period(marketing_cost_per_customer, periods, "marketing_cost_per_customer")
    t = pd.DataFrame({"customers": n, "retention_rate": r, "orders_per_customer": orders,
                      "average_order_value": aov}, index=pd.RangeIndex(1, periods + 1, name="period"))
    t["revenue"] = n * orders * aov
    t["variable_cost"] = t["revenue"] * vc
    t["marketing_cost"] = n * mk
    t["acquisition_cost"] = np.where(t.index == 1, customers * acquisition_cost_per_customer, 0.0)
    t["total_cost"] = t["variable_cost"] + t["marketing_cost"] + t["acquisition_cost"]
    t["profit"] = t["revenue"] - t["total_cost"]
    power = t.index.to_numpy() - (0 if discount_first_period else 1)
    t["discount_factor"] = (1.0 + discount) ** power
    t["npv"] = t["profit"] / t["discount_factor"]
    t["cumulative_npv"] = t["npv"].cumsum()
    t["clv"] = t["cumulative_npv"] / customers
    return t


def cohort_value(
    transactions: pd.DataFrame,
    customer_id: str = "customer_id",
    date: str = "date",
    amount: str = "amount",
    freq: str = "M",
    margin: float = 1.0,
    discount: float = 0.0,
    periods: int | None = None,
) -> pd.DataFrame:
    """Cumulative value per acquired customer, by acquisition cohort (Dwyer's grouping on real data).

    Customers are grouped by the period of their first purchase; each cohort's spending is
    summed by periods since acquisition (0 = the acquisition period), multiplied by the
    margin, discounted to the acquisition period at ``discount`` per period, accumulated
    and divided by the cohort's size.

    Parameters
    ----------
    transactions : DataFrame
        One row per purchase with customer id, date and amount.
    customer_id, date, amount : str
        Column names.
    freq : {"M", "Q", "Y"}
        Cohort and period length: month, quarter or year.
    margin : float
        Gross margin as a share of revenue.
    discount : float
        Discount rate per period.
    periods : int or None
        Keep periods 0 … periods − 1 only (None: all).

    Returns
    -------
    DataFrame
        Index cohort (period string such as ``"1997-01"``), columns periods since
        acquisition (0, 1, …): cumulative discounted margin per acquired customer. Cells
        beyond the data's end are NaN. The column ``customers`` gives cohort sizes.

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": [1, 1, 2, 3],
    ...                    "date": pd.to_datetime(["2024-01-05", "2024-02-01", "2024-01-20", "2024-02-10"]),
    ...                    "amount": [10.0, 30.0, 20.0, 5.0]})
    >>> cohort_value(tx).to_dict("index")
    {'2024-01': {'customers': 2, 0: 15.0, 1: 30.0}, '2024-02': {'customers': 1, 0: 5.0, 1: nan}}
    """
    _require_columns(transactions, [customer_id, date, amount], "cohort_value")
    codes = {"M": "M", "Q": "Q", "Y": "Y"}
    if freq not in codes:
        raise CRMLibError(f"freq must be 'M', 'Q' or 'Y', got {freq!r}.")
    if not pd.api.types.is_datetime64_any_dtype(transactions[date]):
        raise DataFormatError(f"Column {date!r} must hold dates; convert it with pd.to_datetime first.")
    spend = cohort_retention(transactions, period=freq, customer_id=customer_id, date=date, amount=amount,
                             kind="amount")
    ages = spend.columns.to_numpy()
    # cumsum skips the NaN of periods a cohort has not reached, and leaves them NaN
    cum = (spend * margin / (1.0 + discount) ** ages).cumsum(axis=1).div(spend.attrs["cohort_size"], axis=0)
    if periods is not None:
        cum = cum.loc[:, ages < periods]
    cum.columns = [int(c) for c in cum.columns]
    cum.insert(0, "customers", spend.attrs["cohort_size"].astype(int))
    cum.index = pd.Index([str(c) for c in cum.index], name="cohort")
    return cum


# ---------------------------------------------------------------------------
# Customer accumulation effect
# ---------------------------------------------------------------------------

def accumulation_effect(customers: int = 100, lost: Sequence[int] = (1, 2, 10, 25, 50),
                        profit_per_customer: float = 10) -> pd.DataFrame:
    """Customer accumulation effect (顾客累加效应): losing customers *to a rival* counts twice.

    Two stores start with ``customers`` each. Every customer store A loses goes to store
    B, so the gap grows by two per customer, and B's size relative to A's grows faster
    still (B / A = (n + k) / (n − k)).

    Parameters
    ----------
    customers : int
        Customers of each store at the start.
    lost : sequence of int
        Scenarios: customers A loses to B (a row for 0 is added first).
    profit_per_customer : float
        Profit per customer.

    Returns
    -------
    DataFrame
        Indexed by ``lost`` with ``a_customers``, ``a_share``, ``b_customers``,
        ``b_share`` (shares in %), ``difference`` (B − A customers), ``relative_size``
        (B / A), ``a_profit``, ``b_profit`` and ``profit_difference``.

    References
    ----------
    Seed 002 (Wang Kanliang, Xi'an Jiaotong University, CRM case 5).

    Examples
    --------
    >>> t = accumulation_effect()
    >>> t["difference"].tolist(), t["relative_size"].round(2).tolist()
    ([0, 2, 4, 20, 50, 100], [1.0, 1.02, 1.04, 1.22, 1.67, 3.0])
    """
    k = np.array([0, *lost])
    if (k < 0).any() or (k >= customers).any():
        raise CRMLibError(f"Each number lost must be between 0 and {customers - 1} (store A must keep a customer).")
    a, b = customers - k, customers + k
    out = pd.DataFrame({"a_customers": a, "a_share": 100 * a / (a + b), "b_customers": b,
                        "b_share": 100 * b / (a + b), "difference": b - a, "relative_size": b / a,
                        "a_profit": a * profit_per_customer, "b_profit": b * profit_per_customer},
                       index=pd.Index(k, name="lost"))
    out["profit_difference"] = out["b_profit"] - out["a_profit"]
    return out


def simulate_accumulation(customers: int = 100, a_to_b: float = 0.05, b_to_a: float = 0.0,
                          periods: int = 10, profit_per_customer: float = 10) -> pd.DataFrame:
    """Multi-period churn to a rival: each period A loses a share of its customers to B and B to A.

    Deterministic expected values: A(t+1) = A(t)(1 − p) + B(t) q, B(t+1) = B(t)(1 − q) + A(t) p.

    Parameters
    ----------
    customers : int
        Customers of each store at period 0.
    a_to_b, b_to_a : float
        Share of a store's customers switching to the other each period.
    periods : int
        Periods simulated.
    profit_per_customer : float
        Profit per customer per period.

    Returns
    -------
    DataFrame
        Indexed by ``period`` (0 … periods) with ``a_customers``, ``b_customers``,
        ``difference``, ``relative_size``, ``a_profit``, ``b_profit`` and
        ``cumulative_profit_gap`` (B − A profit summed over periods 1 … t).

    Examples
    --------
    >>> s = simulate_accumulation(100, a_to_b=0.1, periods=2)
    >>> s[["a_customers", "b_customers"]].round(1).to_numpy().tolist()
    [[100.0, 100.0], [90.0, 110.0], [81.0, 119.0]]
    """
    for name, p in (("a_to_b", a_to_b), ("b_to_a", b_to_a)):
        if not 0 <= p <= 1:
            raise CRMLibError(f"{name} must be a share in [0, 1], got {p}.")
    a = np.empty(periods + 1)
    b = np.empty(periods + 1)
    a[0] = b[0] = customers
    for t in range(periods):
        a[t + 1] = a[t] * (1 - a_to_b) + b[t] * b_to_a
        b[t + 1] = b[t] * (1 - b_to_a) + a[t] * a_to_b
    out = pd.DataFrame({"a_customers": a, "b_customers": b}, index=pd.RangeIndex(periods + 1, name="period"))
    out["difference"] = b - a
    with np.errstate(divide="ignore"):
        out["relative_size"] = np.where(a > 0, b / np.where(a > 0, a, 1), np.inf)
    out["a_profit"] = a * profit_per_customer
    out["b_profit"] = b * profit_per_customer
    gap = (out["b_profit"] - out["a_profit"]).to_numpy().copy()
    gap[0] = 0.0
    out["cumulative_profit_gap"] = np.cumsum(gap)
    return out


# ---------------------------------------------------------------------------
# Relationship-value divergence
# ---------------------------------------------------------------------------

def whale_curve(profits: pd.Series | Sequence[float], normalize: bool = True) -> pd.DataFrame:
    """Cumulative-profit ("whale") curve: customers ranked by profit, most profitable first.

    Parameters
    ----------
    profits : Series or sequence
        Profit per customer (or per customer group of equal size, such as deciles).
    normalize : bool
        Express cumulative profit as % of total profit (True) or in profit units.

    Returns
    -------
    DataFrame
        Indexed by rank (1 = most profitable) with ``customer`` (original label),
        ``profit``, ``customer_share`` (cumulative % of customers) and
        ``cumulative_profit`` (% of total, or units). A curve that rises above 100 %
        and falls back is a whale: the last customers destroy value.

    References
    ----------
    Kaplan, R. S. & Narayanan, V. G. (2001), "Measuring and managing customer
    profitability", J. Cost Management; seed 000 (printing supplier).

    Examples
    --------
    >>> w = whale_curve([29, 26, 22, 20, 8, 4, 0, -3, -3, -3])
    >>> float(w["cumulative_profit"].max())
    109.0
    """
    s = pd.Series(profits, dtype=float)
    if s.empty:
        raise CRMLibError("whale_curve needs at least one customer.")
    total = s.sum()
    if normalize and total <= 0:
        raise CRMLibError("Total profit is not positive, so % of total is undefined; use normalize=False.")
    order = s.sort_values(ascending=False, kind="stable")
    cum = order.cumsum()
    out = pd.DataFrame({"customer": order.index, "profit": order.to_numpy(),
                        "customer_share": 100 * np.arange(1, len(s) + 1) / len(s),
                        "cumulative_profit": (100 * cum / total if normalize else cum).to_numpy()},
                       index=pd.RangeIndex(1, len(s) + 1, name="rank"))
    return out


def value_destroying_share(profits: pd.Series | Sequence[float]) -> float:
    """Share of customers whose profit is negative (they destroy value).

    Examples
    --------
    >>> value_destroying_share([29, 26, 22, 20, 8, 4, 0, -3, -3, -3])
    0.3
    """
    s = pd.Series(profits, dtype=float)
    if s.empty:
        raise CRMLibError("value_destroying_share needs at least one customer.")
    return float((s < 0).mean())


# ---------------------------------------------------------------------------
# Current value, growth potential and the value matrix
# ---------------------------------------------------------------------------

def activity_based_cost(activities: pd.DataFrame, rates: Mapping[str, float] | pd.Series,
                        customer: str = "customer", activity: str = "activity",
                        quantity: str = "quantity") -> pd.Series:
    """Cost to serve each customer by activity-based costing (作业成本法).

    "Cost objects consume activities, activities consume resources": each customer's
    cost to serve is Σ (number of times it uses an activity × cost per use).

    Parameters
    ----------
    activities : DataFrame
        One row per (customer, activity) with the quantity of the activity used.
    rates : mapping or Series
        Activity → cost per unit of the activity driver.

    Returns
    -------
    Series
        Cost to serve, indexed by customer.

    References
    ----------
    Kaplan & Cooper (1998), *Cost & Effect*; seed 004 (客户当前价值的直接指标).

    Examples
    --------
    >>> a = pd.DataFrame({"customer": ["x", "x", "y"], "activity": ["order", "visit", "order"],
    ...                   "quantity": [10, 2, 40]})
    >>> activity_based_cost(a, {"order": 5.0, "visit": 100.0}).to_dict()
    {'x': 250.0, 'y': 200.0}
    """
    _require_columns(activities, [customer, activity, quantity], "activity_based_cost")
    r = pd.Series(rates, dtype=float)
    unknown = sorted(set(activities[activity]) - set(r.index))
    if unknown:
        raise CRMLibError(f"No cost rate for activities {unknown}; add them to `rates`.")
    cost = activities[quantity].to_numpy(dtype=float) * r.reindex(activities[activity]).to_numpy()
    out = pd.Series(cost, index=activities.index).groupby(activities[customer]).sum()
    out.name = "cost_to_serve"
    return out


#: The four quadrants of the customer value matrix and the strategy for each.
VALUE_MATRIX_STRATEGIES: dict[str, str] = {
    "high value, high potential": "key customers: invest, partner and keep (重点保持与发展)",
    "low value, high potential": "develop: grow share of wallet, up- and cross-sell (重点发展)",
    "high value, low potential": "maintain: serve efficiently, defend the margin (维持)",
    "low value, low potential": "reduce: cut cost to serve, reprice or let go (削减或放弃)",
}


def value_matrix(data: pd.DataFrame, current: str = "current_value", potential: str = "growth_potential",
                 current_cut: float | None = None, potential_cut: float | None = None) -> pd.DataFrame:
    """Customer value matrix (客户价值矩阵): current value × growth potential → four quadrants.

    Parameters
    ----------
    data : DataFrame
        One row per customer with current value (e.g. gross profit minus cost to serve)
        and growth potential (e.g. share-of-wallet headroom × margin).
    current, potential : str
        Column names.
    current_cut, potential_cut : float or None
        Thresholds for "high"; the medians when None.

    Returns
    -------
    DataFrame
        A copy with ``quadrant`` and ``strategy``.

    Examples
    --------
    >>> d = pd.DataFrame({"current_value": [10, 1, 9, 2], "growth_potential": [8, 9, 1, 2]})
    >>> value_matrix(d)["quadrant"].tolist()  # doctest: +NORMALIZE_WHITESPACE
    ['high value, high potential', 'low value, high potential',
     'high value, low potential', 'low value, low potential']
    """
    _require_columns(data, [current, potential], "value_matrix")
    cc = float(data[current].median()) if current_cut is None else current_cut
    pc = float(data[potential].median()) if potential_cut is None else potential_cut
    out = data.copy()
    hv = np.where(data[current] > cc, "high value", "low value")
    hp = np.where(data[potential] > pc, "high potential", "low potential")
    out["quadrant"] = [f"{v}, {p}" for v, p in zip(hv, hp)]
    out["strategy"] = out["quadrant"].map(VALUE_MATRIX_STRATEGIES)
    return out
