"""Customer profitability: the whale curve, activity-based cost, the value matrix (ch1_value_of_customer, Current value, potential and the value matrix)."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from .._errors import CRMLibError
from ._common import _require_columns


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
