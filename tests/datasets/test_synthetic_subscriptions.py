"""Tests of ``crmlib.datasets._synthetic_subscriptions`` (split from the old test_datasets.py).

Tests for crmlib.datasets: the manifest and lookup order, the checksummed download
(against a local HTTP server on 127.0.0.1), the real loaders, and the synthetic
transaction generator's ground truth."""
from __future__ import annotations

import pandas as pd

from crmlib.datasets import make_transactions


def test_every_generator_gives_its_info_explicitly():
    """return_info=True returns the same data plus the dict that used to be reachable only through
    DataFrame.attrs, which pandas drops when a table is rebuilt."""
    from crmlib.datasets import make_b2b_customers, make_subscriptions, make_survey

    calls = {
        make_transactions: {"n_customers": 50, "random_state": 3, "mess": True},
        make_subscriptions: {"n_customers": 60, "random_state": 3, "alpha": 0.5, "beta": 2.0},
        make_b2b_customers: {"n_customers": 40, "random_state": 3},
        make_survey: {"n_respondents": 30, "random_state": 3, "scale_points": 5},
    }
    for make, kwargs in calls.items():
        plain = make(**kwargs)
        data, info = make(**kwargs, return_info=True)
        pd.testing.assert_frame_equal(data, plain)
        assert set(info) == set(plain.attrs)  # the deprecated attrs (until 0.3) hold the same keys
    _, info = make_subscriptions(60, random_state=3, alpha=0.5, beta=2.0, return_info=True)
    assert (info["params"]["alpha"], info["params"]["beta"], info["params"]["periods"]) == (0.5, 2.0, 12)
    _, info = make_survey(30, random_state=3, scale_points=5, return_info=True)
    assert info["scale"] == (1, 5) and info["reverse_coded"] == ["SAT3"]
    assert float(info["paths"].loc["Satisfaction", "Quality"]) == 0.45  # ECSI-like truth of the generator
    _, b2b_info = make_b2b_customers(40, random_state=3, return_info=True)
    assert len(b2b_info["ground_truth"]["latent_loyalty"]) == 40
    tx, truth, info = make_transactions(n_customers=50, random_state=3, periods_days=70, return_truth=True, return_info=True)
    assert info["period"] == ("2024-01-01", "2024-03-10") and "mess" not in info  # 70 days from 1 January
    assert len(truth) == 50 and info["params"]["r"] == 0.243
