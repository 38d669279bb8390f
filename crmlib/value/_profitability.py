"""Customer profitability: the whale curve, activity-based cost, the value matrix (ch1_value_of_customer, Current value, potential and the value matrix)."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from .._errors import CRMLibError
from .._deprecate import keyword_only_arguments
from .._validate import numeric_series, require_columns


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

@keyword_only_arguments("customer", "activity", "quantity", since="0.2", removed_in="0.3")
def activity_based_cost(activities: pd.DataFrame, rates: Mapping[str, float] | pd.Series, *,
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
    require_columns(activities, [customer, activity, quantity], what="activity_based_cost: the data")
    r = pd.Series(rates, dtype=float)
    unknown = sorted(set(activities[activity]) - set(r.index))
    if unknown:
        raise CRMLibError(f"No cost rate for activities {unknown}; add them to `rates`.")
    cost = activities[quantity].to_numpy(dtype=float) * r.reindex(activities[activity]).to_numpy()
    out = pd.Series(cost, index=activities.index).groupby(activities[customer]).sum()
    out.name = "cost_to_serve"
    return out


#: The four cells of the customer value matrix (客户价值矩阵), numbered as CLP analysis (CLP分析法,
#: chapter 3) numbers its classes: ``class -> (quadrant, Chinese name)``. Class I is low on both
#: axes, IV high on both; the quadrant names are the keys of :data:`VALUE_MATRIX_STRATEGIES`.
VALUE_MATRIX_CLASSES: dict[str, tuple[str, str]] = {
    "I": ("low value, low potential", "低当前价值-低增值潜力"),
    "II": ("low value, high potential", "低当前价值-高增值潜力"),
    "III": ("high value, low potential", "高当前价值-低增值潜力"),
    "IV": ("high value, high potential", "高当前价值-高增值潜力"),
}

#: The four quadrants of the customer value matrix and the strategy for each (the one strategy
#: table: CLP analysis in chapter 3 uses it too).
VALUE_MATRIX_STRATEGIES: dict[str, str] = {
    "high value, high potential": "key customers: invest, partner and keep (重点保持与发展)",
    "low value, high potential": "develop: grow share of wallet, up- and cross-sell (重点发展)",
    "high value, low potential": "maintain: serve efficiently, defend the margin (维持)",
    "low value, low potential": "reduce: cut cost to serve, reprice or let go (削减或放弃)",
}


@keyword_only_arguments("current", "potential", "current_cut", "potential_cut", since="0.2", removed_in="0.3")
def value_matrix(data: pd.DataFrame, *, current: str = "current_value", potential: str = "growth_potential",
                 current_cut: float | None = None, potential_cut: float | None = None) -> pd.DataFrame:
    """Customer value matrix (客户价值矩阵): current value × growth potential → four quadrants.

    The one implementation of the current-value × potential split: chapter 1's value matrix
    (seed 004) and chapter 3's CLP analysis (CLP分析法, customer lifetime profit = current value
    + growth potential, after 陈明亮 2002) are the same 2 × 2 split, so both use this function
    (``segment.clp_classes`` is its deprecated alias). A customer is "high" on an axis when its
    value is strictly above the cut, so a customer at the median is "low".

    Parameters
    ----------
    data : DataFrame
        One row per customer with current value (e.g. gross profit minus cost to serve)
        and growth potential (e.g. share-of-wallet headroom × margin).
    current, potential : str
        Column names (keyword-only). CLP analysis calls the potential column
        ``potential_value``: pass ``potential="potential_value"``.
    current_cut, potential_cut : float or None
        Thresholds for "high"; the medians when None.

    Returns
    -------
    DataFrame
        A copy of *data* with ``lifetime_profit`` (current + potential), ``high_current``,
        ``high_potential``, ``class`` (ordered categorical I < II < III < IV, see
        :data:`VALUE_MATRIX_CLASSES`), ``quadrant`` and ``strategy`` (from
        :data:`VALUE_MATRIX_STRATEGIES`).

    Examples
    --------
    >>> d = pd.DataFrame({"current_value": [10, 1, 9, 2], "growth_potential": [8, 9, 1, 2]})
    >>> m = value_matrix(d)
    >>> m["quadrant"].tolist()  # doctest: +NORMALIZE_WHITESPACE
    ['high value, high potential', 'low value, high potential',
     'high value, low potential', 'low value, low potential']
    >>> m["class"].tolist()
    ['IV', 'II', 'III', 'I']
    """
    require_columns(data, [current, potential], what="value_matrix: the data",
                    hint="Pass current= and potential= to name your columns.")
    cv = numeric_series(data[current], name=current, what="one current value per customer")
    pv = numeric_series(data[potential], name=potential, what="one growth potential per customer")
    cc = float(cv.median()) if current_cut is None else float(current_cut)
    pc = float(pv.median()) if potential_cut is None else float(potential_cut)
    hc, hp = (cv > cc).to_numpy(), (pv > pc).to_numpy()
    out = data.copy()
    out["lifetime_profit"] = (cv + pv).to_numpy()
    out["high_current"], out["high_potential"] = hc, hp
    out["class"] = pd.Categorical.from_codes(2 * hc.astype(int) + hp.astype(int),
                                             categories=list(VALUE_MATRIX_CLASSES), ordered=True)
    out["quadrant"] = out["class"].map({k: v[0] for k, v in VALUE_MATRIX_CLASSES.items()}).astype(str)
    out["strategy"] = out["quadrant"].map(VALUE_MATRIX_STRATEGIES)
    return out
