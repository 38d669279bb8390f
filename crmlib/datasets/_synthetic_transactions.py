"""A retail transaction log drawn from a BG/NBD purchase process with Gamma-Gamma spend.

The ground truth is known, so the book's models can be checked against it, and the book
builds on a machine without the real data. Optional *mess* adds what real exports contain:
returns, repeated order lines, missing customer ids, mixed date spellings, currency signs
and a total row.
"""
from __future__ import annotations

import copy
from typing import Any

import numpy as np
import pandas as pd

from .._deprecate import renamed_arguments
from .._errors import CRMLibError

__all__ = ["make_transactions", "DEFAULT_PARAMS", "COLUMN_NAMES"]

#: CDNow estimates, time in weeks: BG/NBD from Fader, Hardie & Lee (2005, Table 1) and
#: Gamma-Gamma from Fader & Hardie (2013, "The Gamma-Gamma model of monetary value").
DEFAULT_PARAMS: dict[str, float] = {
    "r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426,   # BG/NBD (weekly purchase rate)
    "p": 6.25, "q": 3.74, "gamma": 15.44,                  # Gamma-Gamma (spend per purchase)
}

#: Column names by language.
COLUMN_NAMES: dict[str, dict[str, str]] = {
    "en": {"customer_id": "customer_id", "order_id": "order_id", "date": "date", "product": "product",
           "quantity": "quantity", "unit_price": "unit_price", "amount": "amount"},
    "zh": {"customer_id": "客户编号", "order_id": "订单号", "date": "下单时间", "product": "商品名称",
           "quantity": "数量", "unit_price": "单价", "amount": "实付金额"},
}
_PRODUCTS = {
    "en": ["books", "music", "films", "games", "gift cards"],
    "zh": ["图书", "音乐", "影视", "游戏", "礼品卡"],
}
_PREFIX = {"en": ("C", "O", "R"), "zh": ("KH", "DD", "TH")}


def _simulate(n: int, params: dict[str, float], horizon_days: float, acquisition_days: float,
              rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Continuous-time BG/NBD draws (days). Returns (purchases, per-customer truth)."""
    lam = rng.gamma(params["r"], 1.0 / params["alpha"], size=n) / 7.0       # purchases per day
    drop = rng.beta(params["a"], params["b"], size=n)
    nu = rng.gamma(params["q"], 1.0 / params["gamma"], size=n)              # Gamma-Gamma scale
    first = rng.uniform(0.0, acquisition_days, size=n)
    cust, times = [np.arange(n)], [first]
    t = first.copy()
    alive = np.ones(n, dtype=bool)
    active = np.arange(n)
    while active.size:
        wait = rng.exponential(1.0 / np.maximum(lam[active], 1e-12))
        t[active] += wait
        within = t[active] < horizon_days
        active = active[within]
        cust.append(active)
        times.append(t[active].copy())
        dies = rng.random(active.size) < drop[active]
        alive[active[dies]] = False
        active = active[~dies]
    # customers still alive at the horizon: those whose last draw left the window alive
    customer = np.concatenate(cust)
    when = np.concatenate(times)
    order = np.lexsort((when, customer))
    customer, when = customer[order], when[order]
    spend = rng.gamma(params["p"], 1.0 / nu[customer])
    tx = pd.DataFrame({"customer": customer, "t": when, "spend": spend})
    truth = pd.DataFrame({"lambda_per_week": lam * 7.0, "p_dropout": drop, "nu": nu,
                          "mean_spend": params["p"] / nu, "first_day": first, "alive": alive})
    return tx, truth


@renamed_arguments(seed="random_state", since="0.2", removed_in="0.3")
def make_transactions(
    n_customers: int = 1000,
    random_state: int = 2026,
    params: dict[str, float] | None = None,
    start: str = "2024-01-01",
    periods_days: int = 546,
    language: str = "en",
    mess: bool = False,
    *,
    acquisition_days: int = 84,
    return_truth: bool = False,
    return_info: bool = False,
) -> pd.DataFrame | tuple:
    """Simulate a retail transaction log from a BG/NBD + Gamma-Gamma process.

    Each customer makes a first purchase at a uniform time in the first ``acquisition_days``,
    then buys at a Poisson rate ``lambda ~ Gamma(r, alpha)`` (per week) and, after each repeat
    purchase, drops out for good with probability ``p ~ Beta(a, b)`` (Fader, Hardie & Lee 2005).
    Each purchase's value is ``Gamma(p, nu)`` with ``nu ~ Gamma(q, gamma)`` per customer
    (Fader & Hardie 2013), so the population mean spend is ``p * gamma / (q - 1)``.

    Parameters
    ----------
    n_customers : customers acquired.
    random_state : seed for :func:`numpy.random.default_rng`; the same seed gives the same log
        (the retired name is ``seed``).
    params : ``r, alpha, a, b`` (BG/NBD, weekly rate) and ``p, q, gamma`` (Gamma-Gamma);
        missing keys take :data:`DEFAULT_PARAMS` (CDNow estimates).
    start : calendar date of day 0.
    periods_days : length of the observation window in days (default 546 = 78 weeks).
    language : ``"en"`` or ``"zh"`` column names, product names and id prefixes.
    mess : add returns (about 3% of orders), repeated order lines (1%), missing customer ids
        (1%), mixed date spellings, currency-formatted amounts and a total row; the counts are
        ``info["mess"]`` (``return_info=True``). The underlying purchases are the same as with ``mess=False``.
    acquisition_days : the window in which customers make their first purchase.
    return_truth : also return the per-customer truth (``lambda_per_week``, ``p_dropout``,
        ``nu``, ``mean_spend``, ``alive`` at the end, ...).
    return_info : also return how the log was made: ``info["params"]`` (the parameters used),
        ``info["period"]`` (first and last day, ``"YYYY-MM-DD"``) and, with ``mess=True``,
        ``info["mess"]`` (the counts of each kind of mess added).

    Returns
    -------
    DataFrame with columns customer id, order id, date (datetime64; text when ``mess``),
    product, quantity, unit price and amount, in date order. With ``return_truth=True``,
    ``(df, truth)``; with ``return_info=True``, ``(df, info)``; with both, ``(df, truth, info)``.
    ``attrs`` repeat *info* for one release (removed in 0.3), a convenience no crmlib code
    reads: pandas drops ``attrs`` when a table is rebuilt.

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). Marketing Science 24(2), 275-284.
    Fader, P. S. & Hardie, B. G. S. (2013). The Gamma-Gamma model of monetary value.

    Examples
    --------
    >>> tx = make_transactions(n_customers=200, random_state=1)
    >>> tx.columns.tolist()
    ['customer_id', 'order_id', 'date', 'product', 'quantity', 'unit_price', 'amount']
    >>> tx["customer_id"].nunique()
    200
    >>> make_transactions(n_customers=5, language="zh").columns[:4].tolist()
    ['客户编号', '订单号', '下单时间', '商品名称']
    >>> messy, info = make_transactions(n_customers=200, random_state=1, mess=True, return_info=True)
    >>> info["period"], info["mess"]["total_rows"]
    (('2024-01-01', '2025-06-29'), 1)
    """
    if language not in COLUMN_NAMES:
        raise CRMLibError(f"language={language!r}: use 'en' or 'zh'.")
    if n_customers < 1 or periods_days < 1:
        raise CRMLibError("n_customers and periods_days must be positive.")
    unknown = set(params or {}) - set(DEFAULT_PARAMS)
    if unknown:
        raise CRMLibError(f"unknown params {sorted(unknown)}; use {sorted(DEFAULT_PARAMS)}.")
    full = {**DEFAULT_PARAMS, **(params or {})}
    if full["q"] <= 1:
        raise CRMLibError("Gamma-Gamma q must exceed 1 for the mean spend p*gamma/(q-1) to exist.")
    if acquisition_days > periods_days:
        acquisition_days = periods_days
    rng = np.random.default_rng(random_state)
    sim, truth = _simulate(n_customers, full, float(periods_days), float(acquisition_days), rng)
    names = COLUMN_NAMES[language]
    cust_prefix, order_prefix, _ = _PREFIX[language]
    width = max(5, len(str(n_customers)))
    origin = pd.Timestamp(start)
    # round to whole minutes in the shop's opening hours-agnostic continuous time
    dates = origin + pd.to_timedelta(np.floor(sim["t"].to_numpy() * 1440.0), unit="min")
    amount = np.round(sim["spend"].to_numpy(), 2)
    amount = np.maximum(amount, 0.01)
    quantity = rng.integers(1, 4, size=len(sim))
    product = np.asarray(_PRODUCTS[language])[rng.integers(0, len(_PRODUCTS[language]), size=len(sim))]
    df = pd.DataFrame({
        "customer_id": [f"{cust_prefix}{i + 1:0{width}d}" for i in sim["customer"]],
        "date": dates.astype("datetime64[us]"),
        "product": product,
        "quantity": quantity.astype("int64"),
        "unit_price": np.round(amount / quantity, 2),
        "amount": amount,
    })
    df = df.sort_values(["date", "customer_id"], kind="stable").reset_index(drop=True)
    df.insert(1, "order_id", [f"{order_prefix}{i + 1:07d}" for i in range(len(df))])
    truth.index = pd.Index([f"{cust_prefix}{i + 1:0{width}d}" for i in range(n_customers)], name="customer_id")
    end = origin + pd.Timedelta(days=periods_days) - pd.Timedelta(days=1)
    if mess:
        df, counts = _add_mess(df, language, np.random.default_rng([random_state, 1]), end)
    else:
        counts = None
    df = df.rename(columns=names)
    info: dict[str, Any] = {"params": dict(full), "period": (origin.strftime("%Y-%m-%d"), end.strftime("%Y-%m-%d"))}
    if counts is not None:
        info["mess"] = counts
    df.attrs.update(copy.deepcopy(info))  # deprecated convenience (removed in 0.3)
    extra = ([truth] if return_truth else []) + ([info] if return_info else [])
    return (df, *extra) if extra else df


def _add_mess(df: pd.DataFrame, language: str, rng: np.random.Generator, end: pd.Timestamp
              ) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Returns, duplicates, missing ids, mixed date and money spellings, and a total row."""
    n = len(df)
    _, _, return_prefix = _PREFIX[language]
    # 1. returns: ~3% of orders, partly or fully, 1-20 days later (within the window)
    later = df["date"] + pd.to_timedelta(rng.integers(1, 21, size=n), unit="D")
    candidates = np.flatnonzero((rng.random(n) < 0.03) & (later <= end).to_numpy())
    returned = df.iloc[candidates]
    qty_back = np.minimum(returned["quantity"].to_numpy(), rng.integers(1, 4, size=len(returned)))
    share = qty_back / returned["quantity"].to_numpy()
    returns = pd.DataFrame({
        "customer_id": returned["customer_id"].to_numpy(),
        "order_id": [f"{return_prefix}{i + 1:07d}" for i in range(len(returned))],
        "date": later.iloc[candidates].to_numpy(),
        "product": returned["product"].to_numpy(),
        "quantity": -qty_back,
        "unit_price": returned["unit_price"].to_numpy(),
        "amount": -np.round(returned["amount"].to_numpy() * share, 2),
    })
    # 2. missing customer ids on ~1% of purchase lines that were not returned
    others = np.setdiff1d(np.arange(n), candidates)
    blank = others[rng.random(others.size) < 0.01]
    blank_amount = float(df["amount"].iloc[blank].sum())
    df = df.copy()
    df.loc[blank, "customer_id"] = ""
    out = pd.concat([df, returns], ignore_index=True).sort_values("date", kind="stable").reset_index(drop=True)
    # 3. text dates in mixed spellings, money with currency signs
    ts = out["date"]
    if language == "zh":
        spellings = [
            ts.dt.year.astype(str) + "年" + ts.dt.month.astype(str) + "月" + ts.dt.day.astype(str) + "日 "
            + ts.dt.strftime("%H:%M"),
            ts.dt.strftime("%Y-%m-%d %H:%M:%S"),
            ts.dt.strftime("%Y%m%d"),
        ]
        money = out["amount"].map(lambda v: f"￥{v:,.2f}" if v >= 0 else f"-￥{-v:,.2f}")
    else:
        spellings = [ts.dt.strftime("%Y-%m-%d %H:%M:%S"), ts.dt.strftime("%Y/%m/%d %H:%M"), ts.dt.strftime("%Y%m%d")]
        money = out["amount"].map(lambda v: f"${v:,.2f}" if v >= 0 else f"-${-v:,.2f}")
    pick = rng.choice(3, size=len(out), p=[0.6, 0.3, 0.1])
    out["date"] = np.select([pick == 0, pick == 1, pick == 2], spellings)
    as_money = rng.random(len(out)) < 0.3
    out["amount"] = np.where(as_money, money, out["amount"].map(lambda v: f"{v:.2f}"))
    # 4. repeated order lines: ~1% of purchase lines with a customer id, copied right after
    is_purchase = ~out["order_id"].str.startswith(return_prefix) & (out["customer_id"] != "")
    dup = np.flatnonzero(is_purchase.to_numpy() & (rng.random(len(out)) < 0.01))
    copies = out.iloc[dup]
    out = pd.concat([out, copies]).sort_index(kind="stable").reset_index(drop=True)
    # 5. a total row at the bottom, as spreadsheet exports have
    total_word = "合计" if language == "zh" else "Total"
    total = {"customer_id": total_word, "order_id": "", "date": "", "product": "", "quantity": "",
             "unit_price": "", "amount": f"{df['amount'].sum() + returns['amount'].sum():.2f}"}
    out = pd.concat([out, pd.DataFrame([total])], ignore_index=True)
    out["quantity"] = out["quantity"].astype(str)
    out["unit_price"] = out["unit_price"].astype(str)
    counts = {
        "returns": int(len(returns)),
        "returned_amount": float(-returns["amount"].sum()),
        "duplicates": int(len(dup)),
        "missing_customer_id": int(len(blank)),
        "missing_customer_id_amount": blank_amount,
        "total_rows": 1,
    }
    return out, counts
