"""Returns netting: :func:`net_returns`, the reference FIFO the rules' closed form is tested against."""
from __future__ import annotations

import numpy as np
import pandas as pd


def _fifo_match(events: pd.DataFrame, keys: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """One FIFO netting pass; see :func:`net_returns` for the rule.

    *events* has ``date``, ``seq`` (input order), ``is_return``, ``value`` (>= 0) and the *keys*.
    Returns (value matched of each return event, value consumed of each purchase event), aligned
    with *events*. Closed form of the sequential rule, so every engine can compute it with
    window functions: within a key, in order (date, purchases before returns, input order),
    ``P`` = cumulative purchases, ``R`` = cumulative returns, ``C`` = cumulative matched returns
    ``= R + min(0, cummin(P - R))`` (evaluated at returns), and purchase *i* is consumed by
    ``clip(C_total - P_before_i, 0, value_i)``.
    """
    order = events.sort_values(keys + ["date", "is_return", "seq"], kind="mergesort")
    grp = order.groupby(keys, sort=False, dropna=False)
    buy = np.where(order["is_return"].to_numpy(), 0.0, order["value"].to_numpy())
    ret = np.where(order["is_return"].to_numpy(), order["value"].to_numpy(), 0.0)
    gkey = grp.ngroup().to_numpy()
    cum_p = pd.Series(buy).groupby(gkey).cumsum().to_numpy()
    cum_r = pd.Series(ret).groupby(gkey).cumsum().to_numpy()
    gap = np.where(order["is_return"].to_numpy(), cum_p - cum_r, np.inf)
    deficit = np.minimum(pd.Series(gap).groupby(gkey).cummin().to_numpy(), 0.0)
    deficit = np.where(np.isfinite(deficit), deficit, 0.0)
    cum_c = cum_r + deficit  # cumulative matched, valid at return rows (and carried at purchases)
    # C at each row = C at the latest return at or before it in the key (0 before the first)
    c_at = pd.Series(np.where(order["is_return"].to_numpy(), cum_c, np.nan)).groupby(gkey).ffill().fillna(0.0).to_numpy()
    prev_c = pd.Series(c_at).groupby(gkey).shift(1).fillna(0.0).to_numpy()
    matched = np.where(order["is_return"].to_numpy(), c_at - prev_c, 0.0)
    c_total = pd.Series(c_at).groupby(gkey).transform("last").to_numpy()
    p_before = cum_p - buy
    consumed = np.where(order["is_return"].to_numpy(), 0.0, np.clip(c_total - p_before, 0.0, buy))
    out_m = pd.Series(matched, index=order.index).reindex(events.index).to_numpy()
    out_c = pd.Series(consumed, index=order.index).reindex(events.index).to_numpy()
    return out_m, out_c


def net_returns(purchases: pd.DataFrame, returns: pd.DataFrame, *, by_product: bool) -> tuple[pd.Series, pd.Series]:
    """Net returns against the same customer's earlier purchases, first in, first out.

    The rule (the reference definition every engine follows):

    1. Purchases are lines with a positive amount; a return's value is the absolute value of
       its amount. Each return can only be netted against purchases of the **same customer**
       dated **on or before** the return (a purchase and its return at the same timestamp
       match; purchases sort before returns at equal timestamps; ties by input order).
    2. Pass 1, when the log has a product column: within each (customer, product), returns
       are taken in date order and each consumes the remaining value of the **oldest** still
       unconsumed earlier purchases (FIFO) until the return is used up or no earlier purchase
       value is left. Pass 2 (pass 1 when there is no product column): what is left of every
       return is netted the same way against what is left of the customer's purchases of any
       product.
    3. What is still left of a return after both passes (its *excess*: the goods were bought
       before the log starts, or by someone else) is not netted against later purchases; it
       is reported as unmatched value.

    FIFO, not LIFO, because it has a closed form with cumulative sums and a cumulative
    minimum (see ``_fifo_match``), so SQL/Polars/Spark compute exactly the same numbers
    with window functions instead of a loop. Revenue after netting equals
    ``sum(purchases) - sum(matched returns)``.

    Parameters
    ----------
    purchases : DataFrame with ``cust``, ``date``, ``seq`` (input order), ``value`` (> 0) and
        ``product`` when *by_product*.
    returns : DataFrame with the same columns; ``value`` is the returned value (> 0).
    by_product : run pass 1 on (customer, product).

    Returns
    -------
    (matched, consumed) : the value of each return that was netted (index of *returns*) and
        the value taken off each purchase (index of *purchases*).

    Examples
    --------
    A customer buys 12 x 15 and 4 x 15 of one product, then returns 16 x 15: both lines are
    used up; a return of 300 against 240 of purchases leaves 60 unmatched.

    >>> buy = pd.DataFrame({"cust": [1, 1], "product": ["p", "p"], "seq": [0, 1], "value": [180.0, 60.0],
    ...                     "date": pd.to_datetime(["2024-01-01", "2024-01-02"])})
    >>> ret = pd.DataFrame({"cust": [1], "product": ["p"], "seq": [2], "value": [240.0],
    ...                     "date": pd.to_datetime(["2024-01-03"])})
    >>> matched, consumed = net_returns(buy, ret, by_product=True)
    >>> matched.tolist(), consumed.tolist()
    ([240.0], [180.0, 60.0])
    >>> matched, consumed = net_returns(buy, ret.assign(value=300.0), by_product=True)
    >>> matched.tolist(), consumed.tolist()
    ([240.0], [180.0, 60.0])
    """
    cols = ["cust", "date", "seq", "value"] + (["product"] if by_product else [])
    events = pd.concat([purchases[cols].assign(is_return=False), returns[cols].assign(is_return=True)],
                       ignore_index=True)
    n_buy = len(purchases)
    matched = np.zeros(len(events))
    consumed = np.zeros(len(events))
    passes = [["cust", "product"], ["cust"]] if by_product else [["cust"]]
    for keys in passes:
        left = events["value"].to_numpy() - np.where(events["is_return"].to_numpy(), matched, consumed)
        todo = events.assign(value=np.maximum(left, 0.0))
        m, c = _fifo_match(todo, keys)
        matched += m
        consumed += c
    return (pd.Series(matched[n_buy:], index=returns.index), pd.Series(consumed[:n_buy], index=purchases.index))
