"""Tests of ``crmlib.value._delivered`` (split from the old test_value.py).

Tests for crmlib.value: seed figures (seeds 000, 002, 004), hand calculations, invariants."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from crmlib import DataFormatError, value


def test_delivered_value_difference_and_ratio():
    dv = value.delivered_value(value.mercedes_s350_bids())
    b = dv.loc["Beijing Baixing"]
    assert b["total_value"] == 120 + 6 + 4 + 4
    assert b["total_cost"] == pytest.approx(106 + 0.5 + 0.5 + 0.5)
    assert b["delivered_value"] == pytest.approx(134 - 107.5)
    assert b["value_ratio"] == pytest.approx(134 / 107.5)
    assert dv["rank"].tolist() == [1, 2, 3]
    # the winner does not have the lowest (assumed) price: value, not price, decided
    assert dv["monetary"].idxmin() != dv["delivered_value"].idxmax()


def test_delivered_value_errors():
    with pytest.raises(DataFormatError, match="has no columns .service."):
        value.delivered_value(pd.DataFrame({"product": [1]}))


def test_score_value_dimensions():
    r = pd.DataFrame({"a": [1, 7], "b": [3, np.nan], "c": [4, 4]})
    s = value.score_value_dimensions(r, {"functional": ["a", "b"], "social": ["c"]})
    assert s["functional"].tolist() == [2.0, 7.0]
