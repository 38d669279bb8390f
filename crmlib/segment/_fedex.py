"""FedEx's customer groups (ch3_rfm)."""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .._deprecate import warn_deprecated
from .._errors import CRMLibError, DataFormatError
from .._validate import require_columns


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

    The per-customer facts come from :func:`crmlib.summary.customer_summary` (in days) and
    :func:`crmlib.summary.purchase_gaps`, the one definition of the time since the last purchase;
    only the two spending windows and the last interval need the log itself.

    Columns: ``total`` (contribution), ``gap`` (days since the last purchase day; called
    ``recency_days`` before crmlib 0.2), ``spend_recent`` (last ``window`` days), ``spend_prior``
    (the ``window`` days before that), ``last_interval`` (days between the last two purchase
    days; NaN with one purchase day; called ``gap_before_last`` before crmlib 0.2, renamed so that
    "gap" means only the current silence).

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": [1, 1, 2], "amount": [10.0, 30.0, 5.0],
    ...                    "date": pd.to_datetime(["2020-01-01", "2020-12-01", "2020-06-01"])})
    >>> fedex_features(tx)[["gap", "spend_recent", "last_interval"]].to_dict("list")
    {'gap': [0.0, 183.0], 'spend_recent': [30.0, 0.0], 'last_interval': [335.0, nan]}
    """
    from ..summary import customer_summary, purchase_gaps  # noqa: PLC0415

    require_columns(tx, [customer_id, date, amount], what="fedex_features: the transaction log",
                    hint="Pass customer_id=, date= and amount= to name your columns.")
    d = pd.to_datetime(tx[date]).dt.normalize()
    end = d.max() if observation_end is None else pd.Timestamp(observation_end).normalize()
    log = pd.DataFrame({"customer_id": tx[customer_id].to_numpy(), "date": d.to_numpy(),
                        "amount": tx[amount].astype(float).to_numpy()})
    log = log[log["date"] <= end]
    summary = customer_summary(log, observation_end=end, time_unit="D", order_id=None)
    out = pd.DataFrame({"total": summary["total"].astype(float), "gap": purchase_gaps(summary)["gap"]})
    age = (end - log["date"]).dt.days
    out["spend_recent"] = log[age < window].groupby("customer_id")["amount"].sum().reindex(out.index, fill_value=0.0)
    out["spend_prior"] = (log[(age >= window) & (age < 2 * window)].groupby("customer_id")["amount"].sum()
                          .reindex(out.index, fill_value=0.0))
    days = log.drop_duplicates(["customer_id", "date"]).sort_values(["customer_id", "date"])
    last2 = days.groupby("customer_id")["date"].apply(lambda s: (s.iloc[-1] - s.iloc[-2]).days if len(s) > 1 else np.nan)
    out["last_interval"] = last2.reindex(out.index).astype(float)
    out.index.name = customer_id
    return out


def fedex_groups(features: pd.DataFrame, window: int = 182, top: float = 0.10, low: float = 0.50,
                 growth: float = 1.5) -> pd.Series:
    """The seven FedEx groups of seed 000, with explicit and exhaustive rules.

    Contribution tier by ``total``: *top* = the highest ``top`` share of customers, *low* = the
    lowest ``low`` share, *mid* in between. *Active* = bought within the last ``window`` days.
    *Growing* = ``spend_recent > growth * spend_prior``. *Resumed* = active and the interval before
    the last purchase (``last_interval``) exceeded ``window``. *Active* means ``gap < window``. Rules, applied to disjoint cases:

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
    >>> f = pd.DataFrame({"total": [100.0, 50, 10, 5], "gap": [10, 300, 20, 400],
    ...                   "spend_recent": [50.0, 0, 10, 0], "spend_prior": [50.0, 0, 0, 5],
    ...                   "last_interval": [30.0, None, 200, None]})
    >>> fedex_groups(f, top=0.25).tolist()
    ['1 Top-10% stable', '3 Mid/high-contribution lapsed', '7 Low-contribution just resumed', '6 Low-contribution lapsed']
    """
    old = {"recency_days": "gap", "gap_before_last": "last_interval"}
    if set(old) & set(features.columns) and not set(old.values()) & set(features.columns):
        warn_deprecated("fedex_groups: the columns recency_days and gap_before_last are now gap and last_interval "
                        "(fedex_features writes the new names; the old ones are read until crmlib 0.3)")
        features = features.rename(columns=old)
    need = {"total", "gap", "spend_recent", "spend_prior", "last_interval"}
    if not need <= set(features.columns):
        raise DataFormatError(f"fedex_groups needs the columns of fedex_features(): missing {sorted(need - set(features.columns))}.")
    if not (0 < top < 1 and 0 < low < 1 and top + low <= 1):
        raise CRMLibError(f"top={top}, low={low}: need shares with top + low <= 1 (default 0.10 and 0.50).")
    pct = features["total"].rank(method="average", pct=True).to_numpy()
    is_top = pct > 1 - top
    is_low = pct <= low
    active = features["gap"].to_numpy() < window
    growing = features["spend_recent"].to_numpy() > growth * features["spend_prior"].to_numpy()
    resumed = active & (features["last_interval"].fillna(0).to_numpy() > window)
    keys = list(FEDEX_GROUPS)
    code = np.select(
        [~active & ~is_low, ~active & is_low, active & ~is_low & growing, active & is_top & ~growing,
         active & ~is_low & ~is_top & ~growing, active & is_low & resumed, active & is_low & ~resumed],
        [2, 5, 1, 0, 4, 6, 3], default=-1)
    if (code < 0).any():  # cannot happen: the cases above are exhaustive
        raise CRMLibError("internal error: a customer fell through the FedEx rules.")
    return pd.Series(pd.Categorical.from_codes(code, categories=keys), index=features.index, name="fedex")
