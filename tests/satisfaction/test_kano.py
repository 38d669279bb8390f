"""Tests of ``crmlib.satisfaction._kano`` (split from the old test_satisfaction.py).

Tests for crmlib.satisfaction (chapter 4): published numbers, hand calculations, invariants."""
from __future__ import annotations

import matplotlib
import pandas as pd
import pytest

from crmlib import CRMLibError
from crmlib import satisfaction as cs
from crmlib.datasets import make_survey


matplotlib.use("Agg")


def test_kano_table_and_hand_worked_counts() -> None:
    assert [cs.kano_category(1, d) for d in range(1, 6)] == ["Q", "A", "A", "A", "O"]
    assert [cs.kano_category(f, 5) for f in range(2, 5)] == ["M", "M", "M"]
    assert cs.kano_category(5, 5) == "Q" and cs.kano_category(3, 3) == "I" and cs.kano_category(4, 2) == "I"
    df = pd.DataFrame({"f": [1, 1, 1, 2, 3, 3, 5, 1], "d": [5, 5, 3, 5, 5, 3, 1, 1]})
    t = cs.kano_classify(df, {"x": ("f", "d")}).loc["x"]
    # O O A M M I R Q
    assert (t["A"], t["O"], t["M"], t["I"], t["R"], t["Q"]) == (1, 2, 2, 1, 1, 1)
    assert t["category"] == "M"  # M and O tie at 2: must-be wins the tie
    assert t["better"] == pytest.approx(3 / 6) and t["worse"] == pytest.approx(-4 / 6)
    with pytest.raises(CRMLibError):
        cs.kano_category(0, 6)


def test_kano_recovers_synthetic_truth() -> None:
    s, info = make_survey(800, return_info=True)
    t = cs.kano_classify(s, info["kano_features"])
    assert t["category"].to_dict() == info["kano_truth"]
    assert t.loc["free_gift_wrap", "value_level"] == "unanticipated"


def test_kano_names_cover_the_table() -> None:
    assert set(cs.KANO_NAMES) == set(cs.KANO_TABLE.to_numpy().ravel()) == set(cs.KANO_VALUE_LEVEL)
    assert cs.KANO_NAMES[cs.kano_category(3, 5)] == "Must-be"
