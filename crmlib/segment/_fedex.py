"""FedEx's customer groups (ch3_rfm)."""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .._errors import CRMLibError, DataFormatError


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
