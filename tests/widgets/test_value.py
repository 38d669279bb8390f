"""Tests of ``crmlib.widgets._value`` (split from the old test_value.py).

Tests for crmlib.value: seed figures (seeds 000, 002, 004), hand calculations, invariants."""
from __future__ import annotations

import pandas as pd

from crmlib import value


def test_widgets_show_tested_numbers():
    from crmlib.widgets import accumulation_simulator, clv_calculator, value_map_explorer

    w = clv_calculator(100, 0.8, 0.1, 10)
    ten_years = sum(100 * 0.8 ** t / 1.1 ** t for t in range(1, 11))  # the ten terms by hand
    assert f"{ten_years:,.2f}" == "255.63" and "255.63" in w.children[4].value
    w.children[1].value = 0.5  # retention slider
    assert "83.33" in w.children[4].value  # m r / (1 + d - r) = 50 / 0.6
    s = accumulation_simulator(a_to_b=0.1, periods=1)
    assert "1.22" in s.children[3].value
    d = pd.DataFrame({"relative_quality": [1.2, 0.9], "relative_price": [1.0, 1.1]}, index=["A", "B"])
    v = value_map_explorer(d)
    v.children[0].value = "B"
    v.children[2].value = 0.7  # B becomes cheap: better value
    assert v.children[3].value.count("better value") == 2
    assert d.loc["B", "relative_price"] == 1.1  # the caller's data is not changed
