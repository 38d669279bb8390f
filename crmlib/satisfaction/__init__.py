"""Customer satisfaction and loyalty (客户满意与忠诚): survey analytics and models.

What is here, in the order the chapter teaches it:

* the satisfaction index (客户满意度) as perceived / expected, its difference form and a 0-100 rescale;
* survey analysis for Likert (李克特量表) and semantic-differential (语义差异量表) items:
  answers exported as text labels (非常满意, "Strongly agree") read as scale points, item statistics, top-2-box, explicit reverse coding, Cronbach's alpha, alpha-if-dropped,
  item-total correlations;
* the five gaps (promotion, understanding, procedure, behaviour, perception) and SERVQUAL scores;
* the Net Promoter Score with a confidence interval, importance-performance analysis, Kano;
* PLS path modelling (:class:`PLSPathModel`, :func:`pls_path_model`) for ACSI/ECSI-type
  satisfaction index models, with bootstrap intervals and a 0-100 index;
* Jones-Sasser satisfaction-loyalty zones, the loyalty ladder and the complaints iceberg.
"""
from __future__ import annotations

from ._indices import (
    attribute_satisfaction,
    satisfaction_index,
    rescale_to_100,
)
from ._scales import (
    reverse_code,
    likert_distribution,
    top_box,
    cronbach_alpha,
    alpha_if_item_dropped,
    item_total_correlation,
    item_statistics,
    reliability_table,
    LIKERT_LABELS,
    likert_codes,
    likert_coding,
)
from ._servqual import (
    FIVE_GAPS,
    five_gap_scores,
    servqual_scores,
)
from ._nps import (
    nps_category,
    net_promoter_score,
    nps_from_shares,
)
from ._ipa import (
    IPA_QUADRANTS,
    importance_performance,
    ipa_cutoffs,
    ipa_quadrants,
)
from ._kano import (
    KANO_ANSWERS,
    KANO_TABLE,
    KANO_NAMES,
    KANO_VALUE_LEVEL,
    kano_category,
    kano_classify,
)
from ._pls import (
    ECSI_MOBI_BLOCKS,
    ECSI_PATHS,
    PLSPathModel,
    pls_path_model,
)
from ._loyalty import (
    LOYALTY_ZONES,
    loyalty_zones,
    loyalty_zone_counts,
    LOYALTY_CURVES,
    stylized_loyalty_curve,
    LOYALTY_LADDER,
    ladder_conversion,
    complaints_iceberg,
)

__all__ = [
    "ECSI_MOBI_BLOCKS", "ECSI_PATHS",
    "attribute_satisfaction", "satisfaction_index", "rescale_to_100",
    "reverse_code", "likert_distribution", "top_box", "item_statistics",
    "cronbach_alpha", "alpha_if_item_dropped", "item_total_correlation", "reliability_table",
    "LIKERT_LABELS", "likert_codes", "likert_coding",
    "FIVE_GAPS", "five_gap_scores", "servqual_scores",
    "nps_category", "net_promoter_score", "nps_from_shares",
    "IPA_QUADRANTS", "importance_performance", "ipa_cutoffs", "ipa_quadrants",
    "KANO_ANSWERS", "KANO_TABLE", "KANO_NAMES", "KANO_VALUE_LEVEL", "kano_category", "kano_classify",
    "PLSPathModel", "pls_path_model",
    "LOYALTY_ZONES", "loyalty_zones", "loyalty_zone_counts", "LOYALTY_CURVES", "stylized_loyalty_curve",
    "LOYALTY_LADDER", "ladder_conversion", "complaints_iceberg",
]
