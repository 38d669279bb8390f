"""Chapter 1 (customer value): answer checkers.

Each expected answer is computed by :mod:`crmlib.value` from the exercise's inputs (or a
seed table), never typed in. The exercise texts are in ``book/ch1_customer_value.md`` and
the chapter 1 notebooks.
"""
from __future__ import annotations

from .. import value
from ..datasets import load_seed_table
from . import register

__all__: list[str] = []


@register("ch1.delivered-value",
          hint="Total value = product + service + personnel + image; total cost = monetary + time + energy + psychic; "
               "delivered value is their difference.")
def _delivered_value() -> float:
    # A laptop offer: product 6,000, service 800, personnel 300, image 400 (yuan-equivalents);
    # price 5,200, time 200, energy 100, psychic 150.
    import pandas as pd

    offer = pd.DataFrame({"product": [6000], "service": [800], "personnel": [300], "image": [400],
                          "monetary": [5200], "time": [200], "energy": [100], "psychic": [150]})
    return float(value.delivered_value(offer)["delivered_value"].iloc[0])


@register("ch1.price-score",
          hint="Multiply each rating by its weight (60/20/10/10 → 0.6/0.2/0.1/0.1) and add: Σ wᵢ xᵢ. "
               "Don't copy the printed 8.3 — compute it.")
def _price_score() -> float:
    t = load_seed_table("price_satisfaction_profile")
    attr = t[t["kind"] == "attribute"].set_index("row")
    return value.perceived_profile(attr["weight"], attr["brand_a"], attr["other_brands"]).score_ours


@register("ch1.accumulation-ratio",
          hint="Store A keeps 100 − k customers and store B gains them: B / A = (100 + k) / (100 − k).")
def _accumulation_ratio() -> float:
    return float(value.accumulation_effect(100, [20]).loc[20, "relative_size"])


@register("ch1.retention-clv",
          hint="Infinite horizon, margin earned once the customer is retained: m·r / (1 + d − r).")
def _retention_clv() -> float:
    return value.retention_clv(50, 0.75, 0.12)


@register("ch1.stream-a",
          hint="Discount purchase k (k = 0 … 9) by 1.08 ** (4 * k) and add: the first purchase is today.")
def _stream_a() -> float:
    lp = load_seed_table("lifetime_purchases")
    return value.purchase_stream_value(lp.loc[lp["customer"] == "A", "amount"], discount=0.08, interval=4)


@register("ch1.whale-peak",
          hint="Sort the 1992 decile shares from largest to smallest, accumulate them, and take the maximum.")
def _whale_peak() -> float:
    d = load_seed_table("printing_supplier_deciles")
    return float(value.whale_curve(d.loc[d["year"] == 1992, "profit_share_pct"])["cumulative_profit"].max())


@register("ch1.dwyer-clv",
          hint="Build the table year by year: customers × orders × order value = revenue; subtract variable, "
               "marketing and (year 1 only) acquisition cost; divide by 1.15^(t−1); add up; divide by 2,000.")
def _dwyer_clv() -> float:
    t = value.dwyer_table(customers=2000, retention=[0.4, 0.5, 0.6], orders_per_customer=1.5,
                          average_order_value=80, variable_cost_rate=0.55, marketing_cost_per_customer=6,
                          acquisition_cost_per_customer=25, discount=0.15, periods=3)
    return float(t["clv"].iloc[-1])
