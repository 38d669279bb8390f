"""Customer lifecycle (客户生命周期) and retention (客户保持): stages, cohorts, survival, churn.

* :func:`classify_stages` puts every customer of a transaction log in a lifecycle stage —
  identification (识别期/考察期), development (发展期/形成期), stable (稳定期), decline (衰退期)
  or lapsed — from tenure, the trend of the purchase rate and the time since the last
  purchase measured in the customer's own inter-purchase times.
* :func:`cohort_retention` builds the acquisition-cohort × period retention matrix.
* :func:`kaplan_meier` and :func:`logrank_test` estimate and compare survival curves
  (statsmodels underneath).
* :class:`ShiftedBetaGeometric` is the contractual retention model of Fader & Hardie (2007),
  with survival projections and the discounted expected residual lifetime (DERL).
* churn: :func:`churn_rate`, :data:`CHURN_TYPES`, :func:`early_warning`, and
  :func:`retention_economics` (Reichheld & Sasser's "+5 % retention").

The code lives in private files named after chapter 2's sections (``_stages``, ``_cohorts``,
``_survival``, ``_sbg``, ``_churn``, ``_economics``), re-exported here, so
``crmlib.lifecycle.classify_stages`` and ``from crmlib.lifecycle import STAGES`` keep working.
"""
from __future__ import annotations

from ._stages import (
    STAGES,
    STAGE_STRATEGIES,
    classify_stages,
    stage_summary,
)
from ._cohorts import (
    cohort_retention,
    pooled_retention,
    last_complete_period,
    incomplete_period_note,
)
from ._survival import (
    kaplan_meier,
    logrank_test,
    survivors_from_customers,
)
from ._sbg import (
    ShiftedBetaGeometric,
    sbg_mean_churn,
)
from ._churn import (
    CHURN_TYPES,
    churn_rate,
    churn_types,
    early_warning,
)
from ._economics import (
    retention_economics,
)

__all__ = [
    "STAGES", "STAGE_STRATEGIES", "CHURN_TYPES",
    "classify_stages", "stage_summary",
    "cohort_retention", "pooled_retention", "last_complete_period", "incomplete_period_note",
    "kaplan_meier", "logrank_test",
    "ShiftedBetaGeometric", "sbg_mean_churn", "survivors_from_customers",
    "churn_rate", "churn_types", "early_warning", "retention_economics",
]
