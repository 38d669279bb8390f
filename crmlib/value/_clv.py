"""Customer lifetime value: purchase streams, retention CLV, Dwyer's table, cohort value (ch1_value_of_customer, Customer lifetime value)."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd

from .._deprecate import keyword_only_arguments, renamed_arguments
from .._errors import CRMLibError, DataFormatError
from .._validate import require_columns
from ..lifecycle import cohort_retention


# ---------------------------------------------------------------------------
# Value of the customer: CLV
# ---------------------------------------------------------------------------

@renamed_arguments(discount="discount_rate", since="0.2", removed_in="0.3")
def purchase_stream_value(amounts: Sequence[float] | pd.Series, discount_rate: float = 0.0,
                          interval: float = 1.0, first: float = 0.0) -> float:
    """Present value of a customer's stream of purchases (or margins).

    Purchase k (k = 0, 1, …) happens at time ``first + k * interval`` and is discounted
    by (1 + discount_rate) to that power. With ``discount_rate=0`` this is the plain lifetime total.

    Parameters
    ----------
    amounts : sequence of float
        Purchase amounts (or margins) in time order.
    discount_rate : float
        Discount rate per unit of time, > −1 (``discount=`` is its deprecated old name).
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
    >>> round(purchase_stream_value([15_000] * 3, discount_rate=0.1, interval=4), 2)
    32242.81
    """
    a = np.asarray(amounts, dtype=float)
    if discount_rate <= -1:
        raise CRMLibError(f"discount_rate must be greater than -1, got {discount_rate}.")
    t = first + interval * np.arange(a.size)
    return float(np.sum(a / (1.0 + discount_rate) ** t))


@renamed_arguments(discount="discount_rate", since="0.2", removed_in="0.3")
def retention_clv(
    margin: float,
    retention: float,
    discount_rate: float | None = None,
    periods: int | None = None,
    first_margin: Literal["after_retention", "certain"] = "after_retention",
    *,
    margin_growth: float = 0.0,
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
        Discount rate per period, d > −1 (and d > r (1 + g) − 1 for an infinite horizon);
        required (``discount=`` is its deprecated old name).
    periods : int or None
        Horizon T in periods; None for an infinite horizon.
    first_margin : {"after_retention", "certain"}
        Convention, see above.
    margin_growth : float
        Growth of a retained customer's margin per period, g > −1 (0 = constant margin).

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
    if discount_rate is None:
        raise CRMLibError("retention_clv: discount_rate is required (e.g. discount_rate=0.1 for 10 % per period).")
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


@renamed_arguments(discount="discount_rate", since="0.2", removed_in="0.3")
def dwyer_table(
    customers: float,
    retention: float | Sequence[float],
    orders_per_customer: float | Sequence[float],
    average_order_value: float | Sequence[float],
    variable_cost_rate: float | Sequence[float],
    marketing_cost_per_customer: float | Sequence[float],
    acquisition_cost_per_customer: float,
    discount_rate: float,
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
    discount_rate : float
        Discount rate per period (``discount=`` is its deprecated old name).
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
    t["discount_factor"] = (1.0 + discount_rate) ** power
    t["npv"] = t["profit"] / t["discount_factor"]
    t["cumulative_npv"] = t["npv"].cumsum()
    t["clv"] = t["cumulative_npv"] / customers
    return t


@renamed_arguments(freq="period", discount="discount_rate", since="0.2", removed_in="0.3")
@keyword_only_arguments("customer_id", "date", "amount", "period", "margin", "discount_rate", "periods",
                        since="0.2", removed_in="0.3")
def cohort_value(
    transactions: pd.DataFrame,
    *,
    customer_id: str = "customer_id",
    date: str = "date",
    amount: str = "amount",
    period: str = "M",
    margin: float = 1.0,
    discount_rate: float = 0.0,
    periods: int | None = None,
) -> pd.DataFrame:
    """Cumulative value per acquired customer, by acquisition cohort (Dwyer's grouping on real data).

    Customers are grouped by the period of their first purchase; each cohort's spending is
    summed by periods since acquisition (0 = the acquisition period), multiplied by the
    margin, discounted to the acquisition period at ``discount_rate`` per period, accumulated
    and divided by the cohort's size.

    Parameters
    ----------
    transactions : DataFrame
        One row per purchase with customer id, date and amount.
    customer_id, date, amount : str
        Column names (keyword-only).
    period : {"M", "Q", "Y"}
        Cohort and period length: month, quarter or year (``freq=`` is its deprecated old name;
        ``period`` is the cohort length everywhere in crmlib, as in
        :func:`crmlib.lifecycle.cohort_retention`).
    margin : float
        Gross margin as a share of revenue.
    discount_rate : float
        Discount rate per period (``discount=`` is its deprecated old name).
    periods : int or None
        Keep periods 0 … periods − 1 only (None: all).

    Returns
    -------
    DataFrame
        The cohort table shape of crmlib: index ``cohort`` (a pandas ``Period`` such as
        ``1997-01``; ``.loc["1997-01"]`` works), an explicit ``customers`` column with the
        cohort sizes (not ``attrs``, which pandas drops when slicing), then one column per
        period since acquisition (0, 1, …): cumulative discounted margin per acquired
        customer. Cells beyond the data's end are NaN.

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": [1, 1, 2, 3],
    ...                    "date": pd.to_datetime(["2024-01-05", "2024-02-01", "2024-01-20", "2024-02-10"]),
    ...                    "amount": [10.0, 30.0, 20.0, 5.0]})
    >>> cohort_value(tx)  # doctest: +NORMALIZE_WHITESPACE
             customers     0     1
    cohort
    2024-01          2  15.0  30.0
    2024-02          1   5.0   NaN
    """
    require_columns(transactions, [customer_id, date, amount], what="cohort_value: the transaction log")
    if period not in ("M", "Q", "Y"):
        raise CRMLibError(f"period must be 'M', 'Q' or 'Y', got {period!r}.")
    if not pd.api.types.is_datetime64_any_dtype(transactions[date]):
        raise DataFormatError(f"Column {date!r} must hold dates; convert it with pd.to_datetime first.")
    spend = cohort_retention(transactions, period=period, customer_id=customer_id, date=date, amount=amount,
                             kind="amount")
    sizes = spend.pop("customers")
    # the table's columns were mixed ("customers", 0, 1, ...): make the ages integers again
    ages = spend.columns.astype(int).to_numpy()
    spend.columns = ages
    # cumsum skips the NaN of periods a cohort has not reached, and leaves them NaN
    cum = (spend * margin / (1.0 + discount_rate) ** ages).cumsum(axis=1).div(sizes, axis=0)
    if periods is not None:
        cum = cum.loc[:, ages < periods]
    cum.columns = [int(c) for c in cum.columns]
    cum.insert(0, "customers", sizes.astype(int))
    cum.index.name = "cohort"
    return cum
