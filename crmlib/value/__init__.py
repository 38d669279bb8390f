"""Customer value, both ways round: the value a firm delivers to its customers, and the
value of a customer to the firm.

Value *to* the customer (客户视角的客户价值)
    :func:`delivered_value` (Kotler's customer delivered value, 客户让渡价值),
    :func:`mercedes_s350_bids` (the seeds' three-dealer case), :func:`score_value_dimensions`
    (survey scoring of Sheth–Newman–Gross or Holbrook value types).
Gale's customer value analysis (盖尔的客户价值分析)
    :func:`perceived_profile`, :func:`value_map`, :func:`won_lost`, :func:`head_to_head`,
    :func:`key_events`, :func:`what_who_matrix`.
Value *of* the customer (企业视角的客户价值)
    :func:`purchase_stream_value`, :func:`retention_clv`, :func:`retention_clv_curve`,
    :func:`dwyer_table`,
    :func:`cohort_value`, :func:`accumulation_effect`, :func:`simulate_accumulation`,
    :func:`whale_curve`, :func:`value_destroying_share`, :func:`activity_based_cost`,
    :func:`value_matrix` (also chapter 3's CLP analysis).

Every function takes data first and options after, and returns a new object.
"""
from __future__ import annotations

from ._delivered import (
    VALUE_COMPONENTS,
    COST_COMPONENTS,
    delivered_value,
    mercedes_s350_bids,
    score_value_dimensions,
)
from ._competitive import (
    ProfileResult,
    perceived_profile,
    value_map,
    won_lost,
    head_to_head,
    key_events,
    what_who_matrix,
)
from ._clv import (
    purchase_stream_value,
    retention_clv,
    retention_clv_curve,
    dwyer_table,
    cohort_value,
)
from ._accumulation import (
    accumulation_effect,
    simulate_accumulation,
)
from ._profitability import (
    whale_curve,
    value_destroying_share,
    activity_based_cost,
    VALUE_MATRIX_CLASSES,
    VALUE_MATRIX_STRATEGIES,
    value_matrix,
)

__all__ = [
    "VALUE_COMPONENTS", "COST_COMPONENTS", "delivered_value", "mercedes_s350_bids",
    "score_value_dimensions", "ProfileResult", "perceived_profile", "value_map", "won_lost",
    "head_to_head", "key_events", "what_who_matrix", "purchase_stream_value", "retention_clv",
    "retention_clv_curve", "dwyer_table", "cohort_value", "accumulation_effect", "simulate_accumulation",
    "whale_curve", "value_destroying_share", "activity_based_cost", "value_matrix",
    "VALUE_MATRIX_CLASSES", "VALUE_MATRIX_STRATEGIES",
]
