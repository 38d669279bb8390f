"""Customer identification and segmentation (客户识别与细分): ABC, RFM, CLP, ordering, clusters.

Chapter 3 of the book. Everything here is a pure function on pandas objects; ``rfm_scores``,
``rfm_segments`` and ``abc_classes`` also take Polars, DuckDB and Spark tables (one narwhals
implementation for all) and return a table of the same engine. No function stores or reads
``DataFrame.attrs``:

* :func:`abc_classes`, :func:`lorenz_curve`, :func:`gini`, :func:`pareto_statement` —
  ABC classification (VIP 贵宾型 / important 重要型 / ordinary 普通型) by cumulative share.
* :func:`rfm_scores` — R, F, M scores with tie-aware quantile bins, user thresholds or
  mean splits (R scores the ``gap``, the time since the last purchase); :class:`RFMScoring`
  is the same scoring as a fitted object that keeps the cut points (``thresholds_``) and the
  levels used per letter when ties merged bins; :func:`score_rfm` is ``RFMScoring(...).fit(summary)``.
* :func:`rfm_segments` with the schemes ``"cn8"`` (the Chinese eight-class model),
  ``"ten"`` (an R-rfm-style ten-segment grid) or a custom rules table; :func:`fedex_groups`
  (the seven FedEx groups of seed 000); :func:`segment_summary`.
* CLP (customer lifetime profit, 客户生命周期利润) analysis is :func:`crmlib.value.value_matrix`
  (classes I–IV); :func:`clp_classes` is its deprecated alias, :data:`CLP_CLASSES` its table.
* :func:`loyalty_index`, :func:`ordering_classes`, :func:`ordering_table`,
  :func:`development_order` — the customer ordering model (客户顺序模型) of seed 001.
* :func:`rfm_features`, :func:`choose_k`, :func:`rfm_clusters`, :func:`cluster_profiles`,
  :func:`name_clusters` — k-means on log-scaled RFM values.
"""
from __future__ import annotations

from ._concentration import (
    ABC_NAMES,
    abc_classes,
    abc_summary,
    lorenz_curve,
    gini,
    top_share,
    pareto_statement,
)
from ._rfm import (
    tie_aware_bins,
    rfm_scores,
    RFMScoring,
    score_rfm,
    SCHEMES,
    SEGMENT_STRATEGIES,
    scheme_rules,
    check_scheme,
    rfm_segments,
    segment_summary,
    rfm_cell_means,
)
from ._fedex import (
    FEDEX_GROUPS,
    fedex_features,
    fedex_groups,
)
from ._clp import (
    CLP_CLASSES,
    clp_classes,
)
from ._ordering import (
    LOYALTY_INDICATORS,
    ORDERING_CLASSES,
    CREDIT_LEVELS,
    SIZE_LEVELS,
    loyalty_index,
    ordering_classes,
    ordering_table,
    development_order,
    classify_customer,
)
from ._clusters import (
    rfm_features,
    choose_k,
    rfm_clusters,
    cluster_profiles,
    name_clusters,
)

__all__ = [
    "ABC_NAMES", "abc_classes", "abc_summary", "lorenz_curve", "gini", "pareto_statement", "top_share",
    "tie_aware_bins", "rfm_scores", "score_rfm", "RFMScoring", "SCHEMES", "scheme_rules", "check_scheme", "rfm_segments",
    "SEGMENT_STRATEGIES", "segment_summary", "rfm_cell_means", "fedex_features", "fedex_groups", "FEDEX_GROUPS",
    "CLP_CLASSES", "clp_classes", "LOYALTY_INDICATORS", "CREDIT_LEVELS", "SIZE_LEVELS", "loyalty_index",
    "ORDERING_CLASSES",
    "ordering_classes", "ordering_table", "development_order", "classify_customer",
    "rfm_features", "choose_k", "rfm_clusters", "cluster_profiles", "name_clusters",
]
