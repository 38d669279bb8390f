"""The economics of retention (客户保持的价值): what a few points of retention are worth.

Chapter 2, "The economics of retention" (book/ch2_lifecycle) and "What a retained customer is
worth" (notebook ch2_contractual_retention).
"""
from __future__ import annotations

import pandas as pd

from .._errors import CRMLibError


def retention_economics(
    retention: float,
    uplift: float = 0.05,
    margin: float = 100.0,
    discount_rate: float = 0.10,
    margin_growth: float = 0.0,
    acquisition_cost: float | None = None,
) -> pd.Series:
    """What +``uplift`` points of retention do to the value of a customer (Reichheld & Sasser).

    A customer pays ``margin`` at the end of year 1, growing by ``margin_growth`` a year
    while retained (Reichheld's "profit per customer rises with tenure"); each year the
    customer stays with probability ``retention``. Then

    CLV(r) = Σ_{t≥1} m (1+g)^{t-1} r^{t-1} / (1+d)^t = m / (1 + d - r(1+g)),

    finite while r(1+g) < 1 + d. Also reported: expected lifetime 1/(1-r) years.

    Returns
    -------
    pandas.Series with ``clv_before``, ``clv_after``, ``clv_change`` (relative),
    ``lifetime_before``, ``lifetime_after`` and, with ``acquisition_cost``, the profit per
    acquired customer before/after and its relative change.

    References
    ----------
    Reichheld, F. F. & Sasser, W. E. (1990). Zero defections: quality comes to services.
    *Harvard Business Review* 68(5), 105-111. Seed 003: +5 % retention → +25 % to +85 % profit.

    Examples
    --------
    >>> round(float(retention_economics(0.80, 0.05, margin=100, discount_rate=0.10)["clv_change"]), 4)
    0.2
    """
    r0, r1 = float(retention), float(retention) + float(uplift)
    if not (0 <= r0 < 1 and 0 <= r1 < 1):
        raise CRMLibError("retention and retention + uplift must lie in [0, 1).")
    grow = 1 + margin_growth
    if r1 * grow >= 1 + discount_rate:
        raise CRMLibError("retention × (1 + margin_growth) must stay below 1 + discount_rate, or CLV is infinite.")

    from ..value import retention_clv  # value imports lifecycle; import here, not at module level

    def clv(r: float) -> float:
        # the first margin is certain (end of year 1), then retention applies
        return retention_clv(margin, r, discount_rate, first_margin="certain", margin_growth=margin_growth)

    out = {
        "clv_before": clv(r0), "clv_after": clv(r1), "clv_change": clv(r1) / clv(r0) - 1,
        "lifetime_before": 1 / (1 - r0), "lifetime_after": 1 / (1 - r1),
    }
    if acquisition_cost is not None:
        out["profit_before"] = clv(r0) - acquisition_cost
        out["profit_after"] = clv(r1) - acquisition_cost
        out["profit_change"] = out["profit_after"] / out["profit_before"] - 1
    return pd.Series(out, name="retention_economics")
