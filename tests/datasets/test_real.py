"""Tests of ``crmlib.datasets._real`` (split from the old test_datasets.py).

Tests for crmlib.datasets: the manifest and lookup order, the checksummed download
(against a local HTTP server on 127.0.0.1), the real loaders, and the synthetic
transaction generator's ground truth."""
from __future__ import annotations

import pandas as pd

from crmlib import datasets
from tests._helpers.datasets import needs_real


@needs_real
def test_real_loaders_shapes():
    master = datasets.load_cdnow_master()
    assert master.shape == (69659, 4) and master["customer_id"].nunique() == 23570
    assert master["date"].min() == pd.Timestamp("1997-01-01") and master["date"].max() == pd.Timestamp("1998-06-30")
    sample = datasets.load_cdnow_sample()
    assert len(sample) == 6919 and sample["customer_id"].nunique() == 2357
    telco = datasets.load_telco()
    assert len(telco) == 7043 and (telco["Churn"] == "Yes").sum() == 1869
    assert telco["TotalCharges"].isna().sum() == 11 and (telco.loc[telco["TotalCharges"].isna(), "tenure"] == 0).all()
    cohorts = datasets.load_sbg_cohorts()
    regular = cohorts[cohorts["cohort"] == "regular"]
    # Fader & Hardie (2007): survivors of the regular cohort 1000, 631, 468, ...
    assert [(regular["recency"] >= t).sum() for t in (1, 2, 3)] == [1000, 631, 468]
    assert len(datasets.load_donations()) == 11104
    assert datasets.load_mobi().shape == (250, 24)
    assert datasets.load_satisfaction().shape == (250, 28)
