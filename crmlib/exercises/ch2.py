"""Chapter 2 (customer lifecycle and retention): answer checkers.

Each expected answer is computed by :mod:`crmlib.lifecycle` or :mod:`crmlib.clv` from the
exercise's inputs, never typed in. The exercise texts are in ``book/ch2_lifecycle.md`` and
the chapter 2 notebooks.
"""
from __future__ import annotations

import pandas as pd

from .. import clv, lifecycle
from . import register

__all__: list[str] = []

REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241]
HIGHEND = [1000, 869, 743, 653, 593, 551, 517, 491]


@register("ch2.retention-uplift",
          hint="The first year's margin is certain here (chapter 1's first_margin='certain' convention). The margin "
               "cancels out of a relative change: compare the two lifetime values as a ratio.")
def _retention_uplift() -> float:
    return float(lifecycle.retention_economics(0.75, 0.05, margin=1.0, discount_rate=0.12)["clv_change"])


@register("ch2.churn-rate",
          hint="The year-end count mixes losses with the new customers won: work out how many of the customers "
               "present on 1 January were lost, then divide by the right base.")
def _churn_rate() -> float:
    # 2,400 customers on 1 January, 2,310 on 31 December, 270 new customers won during the year
    return lifecycle.churn_rate(2400, 2400 + 270 - 2310)


@register("ch2.sbg-year12",
          hint="Fit the shifted-beta-geometric model to the regular cohort, then project it beyond the data; "
               "the answer is a number of customers, not a share.")
def _sbg_year12() -> float:
    return float(lifecycle.ShiftedBetaGeometric().fit(REGULAR).project(12)["survivors"].iloc[12])


@register("ch2.derl-highend",
          hint="Fit the sBG to the high-end cohort first; DERL counts the discounted future payments of a customer "
               "who has not renewed yet.")
def _derl_highend() -> float:
    return lifecycle.ShiftedBetaGeometric().fit(HIGHEND).derl(0.10)


@register("ch2.p-alive",
          hint="Build a BG/NBD model from the published parameters (no fitting needed) and ask it for P(alive); "
               "x counts repeat purchases and t_x is the week of the last one.")
def _p_alive() -> float:
    model = clv.BetaGeo.from_params(0.2426, 4.4136, 0.7929, 2.4259)
    return float(model.p_alive(4, 20.0, 38.86))


@register("ch2.telco-km-12",
          hint="Estimate the Kaplan–Meier curve by contract type; the curve is a step function, so read the "
               "month-to-month step in force at month 12.")
def _telco_km_12() -> float:
    from ..datasets import load_telco

    km = lifecycle.kaplan_meier(load_telco(), duration="tenure", event="Churn", group="Contract")
    m2m = km[(km["Contract"] == "Month-to-month") & (km["time"] <= 12)]
    return float(m2m["survival"].iloc[-1])


#: A small shop's purchase log for the cohort and stage exercises (customer → purchase dates).
SHOP_LOG: dict[str, list[str]] = {
    "A": ["2024-01-04", "2024-02-08", "2024-03-07", "2024-05-16", "2024-08-22", "2024-11-28"],
    "B": ["2024-01-15", "2024-04-11"],
    "C": ["2024-01-22"],
    "D": ["2024-02-02", "2024-02-20", "2024-03-05", "2024-04-18", "2024-07-01", "2024-10-10", "2024-12-12"],
    "E": ["2024-02-14", "2024-03-14"],
    "F": ["2024-02-27", "2024-03-30", "2024-04-25"],
    "G": ["2024-03-03"],
    "H": ["2024-03-18", "2024-03-29", "2024-04-30", "2024-06-12", "2024-09-09", "2024-12-20"],
}


def shop_log() -> pd.DataFrame:
    """:data:`SHOP_LOG` as a transaction log with ``customer_id`` and ``date`` columns.

    Examples
    --------
    >>> tx = shop_log()
    >>> len(tx), tx["customer_id"].nunique()
    (28, 8)
    """
    rows = [(c, d) for c, dates in SHOP_LOG.items() for d in dates]
    tx = pd.DataFrame(rows, columns=["customer_id", "date"])
    tx["date"] = pd.to_datetime(tx["date"])
    return tx


@register("ch2.cohort-matrix",
          hint="Give each customer the month of their first purchase as cohort; count, for months 1 and 2 after "
               "that month, how many of the February cohort bought at least once, and divide by the cohort's size.")
def _cohort_matrix() -> list[float]:
    rates = lifecycle.cohort_retention(shop_log(), period="M", kind="rate")
    return rates.loc[pd.Period("2024-02", "M"), [1, 2]].tolist()


@register("ch2.lapsed",
          hint="For each repeat buyer compare the silence since the last purchase with the customer's own mean "
               "gap between purchases; one-time buyers have their own rule. Answer with a set of letters.")
def _lapsed() -> set[str]:
    stages = lifecycle.classify_stages(shop_log(), "2024-12-31")
    return set(stages.index[stages["stage"] == "lapsed"])
