"""Chapter 3 (customer identification and segmentation): answer checkers.

Each expected answer is computed by :mod:`crmlib.segment` (or from a seed table), never typed
in. The exercise texts are in ``book/ch3_segmentation.md`` and the chapter 3 notebooks.
"""
from __future__ import annotations

import pandas as pd

from .. import segment
from ..datasets import load_seed_table, make_b2b_customers
from . import register

__all__: list[str] = []

#: Annual revenue (10k yuan) of Manager D's ten customers, used by the ABC exercises.
MANAGER_D_REVENUE = pd.Series([420, 35, 260, 18, 90, 12, 55, 150, 25, 40],
                              index=[f"K{i:02d}" for i in range(1, 11)], name="revenue")


@register("ch3.fortune-ratio",
          hint="Find the column of the survey table that holds the share of revenue from the top-10 customers; "
               "the ratio is the high-growth firms' share over the low-growth firms' share.")
def _fortune_ratio() -> float:
    t = load_seed_table("fortune1000_identification").set_index("group")
    return float(t.loc["high growth", "top10_revenue_pct"] / t.loc["low growth", "top10_revenue_pct"])


@register("ch3.abc-a-customers",
          hint="Sort the revenues from largest to smallest; a customer is in A while the cumulative share "
               "before it is below 80 %. Answer with the list of ids from most to least valuable, e.g. ['K01', 'K03'].")
def _abc_a_customers() -> list:
    abc = segment.abc_classes(MANAGER_D_REVENUE).sort_values("rank")
    return abc.index[abc["abc"] == "A"].tolist()


@register("ch3.gini", hint="Sort ascending, then G = Σ (2i − n − 1) xᵢ / (n Σ x) with i = 1 … n.")
def _gini() -> float:
    return segment.gini(MANAGER_D_REVENUE)


@register("ch3.top20-share",
          hint="Manager D keeps the top 20 % of customers (2 of 10): add their revenue and divide by the total.")
def _top20() -> float:
    return segment.top_share(MANAGER_D_REVENUE, 0.2)


@register("ch3.rfm-code",
          hint="R = T − recency days since the last purchase, scored so that fewer days = higher score; "
               "use crmlib.segment.rfm_scores on the summary and read customer 3's RFM code (a string like '545').")
def _rfm_code() -> str:
    from ..datasets import load_cdnow_master  # noqa: PLC0415
    from ..summary import customer_summary  # noqa: PLC0415

    scores = segment.rfm_scores(customer_summary(load_cdnow_master()))
    return str(scores.loc[3, "RFM"])


@register("ch3.ordering-rank",
          hint="High credit = best/good, large = large/medium, high loyalty = index ≥ median; "
               "rank = 1 + 4·(low credit) + 2·(small) + (low loyalty).")
def _ordering_rank() -> int:
    b = make_b2b_customers()
    classes = segment.ordering_classes(b.assign(loyalty_index=segment.loyalty_index(b)))
    return int(classes.loc["C0003", "order_rank"])


@register("ch3.cn8-important-value",
          hint="Mean splits on days since last purchase (≤ mean is recent), orders and spend (≥ mean is high); "
               "count the customers who are recent, frequent and high-spending.")
def _cn8_count() -> int:
    from ..datasets import load_cdnow_master  # noqa: PLC0415
    from ..summary import customer_summary  # noqa: PLC0415

    scores = segment.rfm_scores(customer_summary(load_cdnow_master()), method="mean")
    seg = segment.rfm_segments(scores, "cn8")
    return int((seg == "重要价值客户 Important value").sum())


@register("ch3.positioning-reach",
          hint="Step 2 differentiates Manager D's ten customers with an ABC classification (cuts 80 % and 95 %); "
               "step 3 keeps the classes worth a one-to-one relationship, step 4 only the most valuable class. "
               "Answer with two counts, [step 3, step 4].")
def _positioning_reach() -> list:
    abc = segment.abc_classes(MANAGER_D_REVENUE)["abc"]
    return [int(abc.isin(["A", "B"]).sum()), int((abc == "A").sum())]


@register("ch3.kmeans-k3",
          hint="Same features as the notebook (segment.rfm_features), k=3 and random_state=2026; cluster 0 is the "
               "highest-spending cluster. Read its row of segment.cluster_profiles: [share, mean_orders].")
def _kmeans_k3() -> list:
    from ..datasets import load_cdnow_master  # noqa: PLC0415
    from ..summary import customer_summary  # noqa: PLC0415

    scores = segment.rfm_scores(customer_summary(load_cdnow_master()))
    labels = segment.rfm_clusters(segment.rfm_features(scores), k=3, random_state=2026)
    top = segment.cluster_profiles(scores, labels).loc[0]
    return [float(top["share"]), float(top["mean_orders"])]
