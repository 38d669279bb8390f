"""Chapter 4 (satisfaction and loyalty): answer checkers.

Every expected answer is computed with :mod:`crmlib.satisfaction` when a student checks.
"""
from __future__ import annotations

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


@register("ch4.kano", hint="Find row 'must-be' (2) and column 'dislike' (5) of KANO_TABLE; answer with the letter.")
def _kano() -> str:
    return satisfaction.kano_category(2, 5)


@register("ch4.iceberg", hint="If only 4 % of dissatisfied customers complain, complaints = 0.04 x dissatisfied.")
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
