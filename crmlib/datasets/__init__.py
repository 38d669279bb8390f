"""Datasets: real public data (never shipped), the seeds' tables, synthetic generators.

Real data sets are found through ``CRMLIB_DATA_DIR``, a user cache or a checksummed
download (see :func:`data_path`). Synthetic generators take a fixed default seed and
return data with a known ground truth, so the book builds on a machine without the
real files.

Every synthetic generator (``make_transactions``, ``make_subscriptions``,
``make_b2b_customers``, ``make_survey``) returns the data alone by default. Pass
``return_info=True`` to get ``(data, info)``: a dict of how the data were made, the
generating parameters, the ground truth and, for the survey, the codebook (blocks, labels,
reverse-coded items, scale). ``make_transactions(return_truth=True)`` also gives the
per-customer truth, ``(data, truth)``, or ``(data, truth, info)`` with both.

>>> from crmlib.datasets import make_subscriptions
>>> subs, info = make_subscriptions(500, random_state=1, return_info=True)
>>> info["params"]["alpha"], info["params"]["beta"]
(0.7, 1.2)

The same dict is in the data's ``attrs`` for one release (removed in 0.3). No crmlib code
reads ``attrs``: pandas drops them when a table is rebuilt (``pd.concat`` with a table
without them, a new DataFrame from the columns, a file written and read back).
"""
from .._lazy import lazy_exports
from ._real import (
    load_cdnow_master,
    load_cdnow_sample,
    load_cdnow_summary,
    load_donations,
    load_mobi,
    load_satisfaction,
    load_sbg_cohorts,
    load_telco,
)
from ._registry import MANIFEST, DatasetInfo, cache_dir, data_path
from ._seed_tables import load_seed_table, seed_tables

_SYNTHETIC = {
    "make_transactions": "._synthetic_transactions",
    "make_subscriptions": "._synthetic_subscriptions",
    "make_b2b_customers": "._synthetic_b2b",
    "make_survey": "._synthetic_survey",
}
__getattr__, _dir_synthetic = lazy_exports(__name__, _SYNTHETIC)

__all__ = [
    "MANIFEST", "DatasetInfo", "cache_dir", "data_path",
    "load_cdnow_master", "load_cdnow_sample", "load_cdnow_summary", "load_donations",
    "load_mobi", "load_satisfaction", "load_sbg_cohorts", "load_telco",
    "load_seed_table", "seed_tables", *_SYNTHETIC,
]


def __dir__() -> list[str]:
    return sorted(__all__)
