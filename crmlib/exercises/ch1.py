"""Chapter 1 (customer value): answer checkers.

Each expected answer is computed by :mod:`crmlib.value` from the exercise's inputs (or a
seed table), never typed in. The exercise texts are in ``book/ch1_customer_value.md`` and
the chapter 1 notebooks.
"""
from __future__ import annotations

import pandas as pd

from .. import value
from ..datasets import load_seed_table
from . import register

__all__: list[str] = []


@register("ch1.delivered-value",
          hint="Add up the four kinds of value the customer gets and the four kinds of cost the customer bears; "
               "which form of delivered value does the question ask for?")
def _delivered_value() -> float:
    # A laptop offer: product 6,000, service 800, personnel 300, image 400 (yuan-equivalents);
    # price 5,200, time 200, energy 100, psychic 150.

    offer = pd.DataFrame({"product": [6000], "service": [800], "personnel": [300], "image": [400],
                          "monetary": [5200], "time": [200], "energy": [100], "psychic": [150]})
    return float(value.delivered_value(offer)["delivered_value"].iloc[0])


@register("ch1.price-score",
          hint="A weighted score: turn the importance weights into shares of 1, then weight brand A's ratings. "
               "The seed's printed score has a slip, so compute it rather than copy it.")
def _price_score() -> float:
    t = load_seed_table("price_satisfaction_profile")
    attr = t[t["kind"] == "attribute"].set_index("row")
    return value.perceived_profile(attr["weight"], attr["brand_a"], attr["other_brands"]).score_ours


@register("ch1.accumulation-ratio",
          hint="Each customer who switches counts twice: one fewer for A and one more for B. "
               "Compare the two stores' new sizes.")
def _accumulation_ratio() -> float:
    return float(value.accumulation_effect(100, [20]).loc[20, "relative_size"])


@register("ch1.retention-clv",
          hint="A geometric series: in year t the margin is earned only if the customer renewed t times, and it is "
               "discounted t years. Sum it to infinity (the course's convention, chapter 1 notebook 3).")
def _retention_clv() -> float:
    return value.retention_clv(50, 0.75, 0.12)


@register("ch1.stream-a",
          hint="Each purchase is discounted by the number of years until it happens; the first one happens today, "
               "and the years between purchases are fixed.")
def _stream_a() -> float:
    lp = load_seed_table("lifetime_purchases")
    return value.purchase_stream_value(lp.loc[lp["customer"] == "A", "amount"], discount_rate=0.08, interval=4)


@register("ch1.whale-peak",
          hint="A whale curve accumulates profit shares from the most to the least profitable customers; "
               "where does it stop rising?")
def _whale_peak() -> float:
    d = load_seed_table("printing_supplier_deciles")
    return float(value.whale_curve(d.loc[d["year"] == 1992, "profit_share_pct"])["cumulative_profit"].max())


@register("ch1.dwyer-clv",
          hint="Build Dwyer's table one row per year: revenue from the active customers, minus the costs that apply "
               "that year, discounted (year 1 is not discounted); then share the total among the customers "
               "acquired.")
def _dwyer_clv() -> float:
    t = value.dwyer_table(customers=2000, retention=[0.4, 0.5, 0.6], orders_per_customer=1.5,
                          average_order_value=80, variable_cost_rate=0.55, marketing_cost_per_customer=6,
                          acquisition_cost_per_customer=25, discount_rate=0.15, periods=3)
    return float(t["clv"].iloc[-1])


@register("ch1.two-views",
          hint="Answer with a dict {'customer': ..., 'firm': ...}. The customer's side is delivered value "
               "(value received minus cost borne); the firm's side is what the customer pays minus the cost of "
               "serving it, year after year, discounted.")
def _two_views() -> dict[str, float]:
    # A gym membership seen from both sides (V1). The member values the gym at 3,000 (equipment),
    # 600 (classes), 300 (trainers) and 100 (brand); pays 2,400 a year and reckons time 300,
    # energy 100, psychic cost 0. The gym spends 1,500 a year serving the member; the member
    # stays three years, paying at the start of each; discount rate 10 %.
    member = pd.DataFrame({"product": [3000], "service": [600], "personnel": [300], "image": [100],
                           "monetary": [2400], "time": [300], "energy": [100], "psychic": [0]})
    to_customer = float(value.delivered_value(member)["delivered_value"].iloc[0])
    to_firm = value.purchase_stream_value([2400 - 1500] * 3, discount_rate=0.10, interval=1)
    return {"customer": to_customer, "firm": float(to_firm)}


def wholesaler_accounts() -> tuple[pd.DataFrame, pd.DataFrame, dict[str, float], float]:
    """The chapter 1 notebook's eight wholesale customers (illustrative numbers).

    Returns
    -------
    tuple
        ``(accounts, usage, rates, margin_rate)``: gross profit and wallet per customer (P … W),
        the activities each used, the cost per use of each activity, and the average margin rate.

    Examples
    --------
    >>> accounts, usage, rates, margin_rate = wholesaler_accounts()
    >>> float(value.activity_based_cost(usage, rates)["R"])  # 200·40 + 40·250 + 30·120
    21600.0
    """
    accounts = pd.DataFrame({
        "gross_profit": [52_000, 14_000, 30_000, 38_000, 21_000, 9_000, 7_000, 20_000],
        "wallet": [160_000, 150_000, 100_000, 200_000, 70_000, 90_000, 25_000, 120_000],
    }, index=list("PQRSTUVW"))
    rates = {"order": 40.0, "sales visit": 600.0, "rush delivery": 250.0, "return": 120.0}
    usage = pd.DataFrame({
        "customer": list("PPPQQRRRSSTTUUVVWW"),
        "activity": ["order", "sales visit", "rush delivery", "order", "sales visit", "order", "rush delivery",
                     "return", "order", "sales visit", "order", "return", "order", "sales visit", "order",
                     "rush delivery", "order", "return"],
        "quantity": [120, 12, 20, 60, 10, 200, 40, 30, 50, 8, 90, 15, 30, 4, 60, 12, 40, 10],
    })
    return accounts, usage, rates, 0.35


def _current_value(accounts, usage, rates):
    out = accounts.copy()
    out["cost_to_serve"] = value.activity_based_cost(usage, rates)
    out["current_value"] = out["gross_profit"] - out["cost_to_serve"]
    return out


@register("ch1.abc-costing",
          hint="Activity-based costing (作业成本法): each activity the customer uses costs its rate per use. "
               "Add up T's uses × rates, then take that cost to serve from T's gross profit.")
def _abc_costing() -> float:
    accounts, usage, rates, _ = wholesaler_accounts()
    # T asks for 30 sales visits a year instead of none (everything else unchanged)
    usage = pd.concat([usage, pd.DataFrame([{"customer": "T", "activity": "sales visit", "quantity": 30}])],
                      ignore_index=True)
    return float(_current_value(accounts, usage, rates).loc["T", "current_value"])


@register("ch1.value-matrix",
          hint="Recompute T's growth potential (wallet × margin rate − gross profit), then place every customer "
               "again: the medians move too. Answer with the quadrant's name as value_matrix() writes it.")
def _value_matrix() -> str:
    accounts, usage, rates, margin_rate = wholesaler_accounts()
    # T's wallet turns out to be 150,000, not 70,000
    accounts.loc["T", "wallet"] = 150_000
    table = _current_value(accounts, usage, rates)
    table["growth_potential"] = (table["wallet"] * margin_rate - table["gross_profit"]).clip(lower=0)
    return str(value.value_matrix(table).loc["T", "quadrant"])

