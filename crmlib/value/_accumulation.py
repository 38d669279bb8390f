"""The customer accumulation effect (ch1_value_of_customer, The customer accumulation effect)."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .._errors import CRMLibError


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
