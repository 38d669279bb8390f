"""Chapter 4 (satisfaction and loyalty): answer checkers.

Every expected answer is computed with :mod:`crmlib.satisfaction` when a student checks.
"""
from __future__ import annotations

import pandas as pd

from .. import satisfaction
from . import register

__all__: list[str] = []

#: Answers to "how likely are you to recommend us?" used in the NPS exercise.
NPS_ANSWERS = [10, 9, 8, 7, 6, 0, 10, 10, 5, 9]

MOBI_BLOCKS = satisfaction.ECSI_MOBI_BLOCKS
MOBI_PATHS = satisfaction.ECSI_PATHS


@register("ch4.nps", hint="Count 9-10 as promoters and 0-6 as detractors; NPS = 100 x (share P - share D).")
def _nps() -> float:
    return float(satisfaction.net_promoter_score(NPS_ANSWERS)["nps"])


@register("ch4.kano", hint="Look the answer pair up in the Kano evaluation table (cs.KANO_TABLE): functional answer = row, "
               "dysfunctional answer = column. Answer with the letter.")
def _kano() -> str:
    return satisfaction.kano_category(2, 5)


@register("ch4.iceberg", hint="The complaints you receive are the visible tip: they are the small share of the dissatisfied who "
               "speak up. Work backwards from that share.")
def _iceberg() -> float:
    return float(satisfaction.complaints_iceberg(30, 0.04)["dissatisfied"])


@register("ch4.alpha-mobi", hint="k/(k-1) x (1 - sum of item variances / variance of the sum), with ddof=1.")
def _alpha_mobi() -> float:
    from ..datasets import load_mobi

    return satisfaction.cronbach_alpha(load_mobi()[MOBI_BLOCKS["Satisfaction"]])


@register("ch4.quality-total-effect", rtol=5e-3,
          hint="Direct effect of Quality on Satisfaction plus the indirect path through Value.")
def _quality_total_effect() -> float:
    from ..datasets import load_mobi

    m = satisfaction.pls_path_model(load_mobi(), MOBI_BLOCKS, MOBI_PATHS)
    return float(m.total_effects_.loc["Satisfaction", "Quality"])


@register("ch4.zone", hint="High satisfaction but low loyalty: which Jones-Sasser zone?")
def _zone() -> str:
    return str(satisfaction.loyalty_zones([9], [3], satisfaction_cut=7, loyalty_cut=7).iloc[0])


#: A hotel's check-in measured six ways on one 1-7 scale (illustrative), for the five-gaps exercise.
CHECK_IN_MEASURES = pd.DataFrame(
    {"expected": [6.4], "management_view": [6.1], "standards": [5.9], "delivered": [4.6],
     "promised": [5.0], "perceived": [4.8]},
    index=["check-in"],
)

#: How many people reached each rung of the loyalty ladder at a gym (illustrative).
GYM_LADDER = {"suspect": 20_000, "prospect": 3_000, "customer": 900, "supporter": 360,
              "advocate": 90, "partner": 9}


@register("ch4.five-gaps",
          hint="Each gap is the later measurement minus the earlier one (negative = shortfall); the chapter's "
               "table says which two measurements each gap compares. Leave out the perception gap, which is the "
               "outcome, and answer with the English name of the firm-side gap with the largest shortfall.")
def _five_gaps() -> str:
    # the perception gap is the outcome the customer feels; the question asks for its largest cause
    inside = satisfaction.five_gap_scores(CHECK_IN_MEASURES).loc["check-in"].drop("perception")
    return str(inside.idxmin())


@register("ch4.hostages",
          hint="Start from the notebook's reverse-coded survey (SAT1, LOY1) and move both cuts to 6; a hostage is "
               "below the satisfaction cut but at or above the loyalty cut.")
def _hostages() -> int:
    from ..datasets import make_survey  # noqa: PLC0415

    survey, info = make_survey(return_info=True)
    survey = satisfaction.reverse_code(survey, info["reverse_coded"], *info["scale"])
    zones = satisfaction.loyalty_zones(survey["SAT1"], survey["LOY1"], satisfaction_cut=6, loyalty_cut=6)
    return int((zones.astype(str) == "hostage").sum())


@register("ch4.ladder",
          hint="A step rate is the number on a rung divided by the number on the rung below. Answer with the "
               "five rates from prospect up to partner, in ladder order.")
def _ladder() -> list:
    return satisfaction.ladder_conversion(GYM_LADDER)["step_rate"].iloc[1:].tolist()
