"""Tests of ``crmlib.lifecycle._churn`` (split from the old test_lifecycle.py).

Lifecycle: sBG reproduces Fader & Hardie (2007); KM by hand; cohorts; stages; churn economics."""

import pandas as pd
import pytest

from crmlib import CRMLibError
from crmlib.lifecycle import CHURN_TYPES, churn_rate, churn_types, early_warning


def test_churn_helpers():
    assert churn_rate(1000, 150) == 0.15
    with pytest.raises(CRMLibError):
        churn_rate(100, 150)
    assert len(CHURN_TYPES) == 5 and not CHURN_TYPES.loc["natural", "controllable"]
    labelled = churn_types(pd.Series(["moved", "price war", "moved"]), {"moved": "natural", "price war": "poached"})
    assert labelled.value_counts()["natural"] == 2
    with pytest.raises(CRMLibError):
        churn_types(pd.Series(["x"]), {"x": "bored"})


def test_early_warning_recency_ratio():
    s = pd.DataFrame({"frequency": [4, 4, 0], "recency": [40.0, 10.0, 0.0], "T": [50.0, 50.0, 50.0]},
                     index=[1, 2, 3])
    flagged = early_warning(s)
    # customer 2: mean gap 2.5, silent 40 -> ratio 16; customer 1: ratio 1
    assert flagged.index.tolist() == [2]
    assert flagged.loc[2, "silence_ratio"] == 16
