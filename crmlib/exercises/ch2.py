"""Chapter 2 (customer lifecycle and retention): answer checkers.

Each expected answer is computed by :mod:`crmlib.lifecycle` or :mod:`crmlib.clv` from the
exercise's inputs, never typed in. The exercise texts are in ``book/ch2_lifecycle.md`` and
the chapter 2 notebooks.
"""
from __future__ import annotations

from .. import clv, lifecycle
from . import register

__all__: list[str] = []

REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241]
HIGHEND = [1000, 869, 743, 653, 593, 551, 517, 491]


@register("ch2.retention-uplift",
          hint="CLV = m / (1 + d − r) for a customer paying m at the end of each year retained with probability r; "
               "compare r = 0.75 and r = 0.80 at d = 0.12 and report CLV_after / CLV_before − 1.")
def _retention_uplift() -> float:
    return float(lifecycle.retention_economics(0.75, 0.05, margin=1.0, discount_rate=0.12)["clv_change"])


@register("ch2.churn-rate",
          hint="Churn rate = customers lost during the year / customers at the start of the year: "
               "(start − end + new) / start.")
def _churn_rate() -> float:
    # 2,400 customers on 1 January, 2,310 on 31 December, 270 new customers won during the year
    return lifecycle.churn_rate(2400, 2400 + 270 - 2310)


@register("ch2.sbg-year12",
          hint="Fit ShiftedBetaGeometric to the regular cohort's eight survivor counts, then read "
               "project(12)['survivors'] at period 12.")
def _sbg_year12() -> float:
    return float(lifecycle.ShiftedBetaGeometric().fit(REGULAR).project(12)["survivors"].iloc[12])


@register("ch2.derl-highend",
          hint="Fit the high-end cohort, then model.derl(0.10) for a just-acquired customer (renewals=0).")
def _derl_highend() -> float:
    return lifecycle.ShiftedBetaGeometric().fit(HIGHEND).derl(0.10)


@register("ch2.p-alive",
          hint="P(alive) = 1 / (1 + a/(b + x − 1) · ((α + T)/(α + t_x))^(r + x)) with the published "
               "r = 0.2426, α = 4.4136, a = 0.7929, b = 2.4259.")
def _p_alive() -> float:
    model = clv.BetaGeo.from_params(0.2426, 4.4136, 0.7929, 2.4259)
    return float(model.p_alive(4, 20.0, 38.86))


@register("ch2.telco-km-12",
          hint="kaplan_meier(telco, 'tenure', 'Churn', group='Contract'), keep Month-to-month, and take the "
               "survival at the last time ≤ 12.")
def _telco_km_12() -> float:
    from ..datasets import load_telco

    km = lifecycle.kaplan_meier(load_telco(), "tenure", "Churn", group="Contract")
    m2m = km[(km["Contract"] == "Month-to-month") & (km["time"] <= 12)]
    return float(m2m["survival"].iloc[-1])
