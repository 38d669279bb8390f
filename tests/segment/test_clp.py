"""Tests of ``crmlib.segment._clp`` (split from the old test_segment.py).

Tests for crmlib.segment (chapter 3): hand cases, seed tables, CDNow facts and invariants."""
from __future__ import annotations

import pandas as pd
import pytest

from crmlib import segment


def test_clp_is_the_value_matrix_and_clp_classes_a_deprecated_alias():
    from crmlib import value

    d = pd.DataFrame({"current_value": [1, 1, 9, 9, 5], "potential_value": [1, 9, 1, 9, 5]})
    m = value.value_matrix(d, potential="potential_value")
    assert m["class"].astype(str).tolist() == ["I", "II", "III", "IV", "I"]  # median 5 is not "high"
    assert m["lifetime_profit"].tolist() == [2, 10, 10, 18, 10]
    with pytest.warns(FutureWarning, match="clp_classes is deprecated, use value.value_matrix"):
        r = segment.clp_classes(d)
    assert r["clp"].astype(str).tolist() == ["I", "II", "III", "IV", "I"]
    assert r.attrs == {}  # the cuts are the argument (or the medians), not table metadata
    assert r["lifetime_profit"].tolist() == [2, 10, 10, 18, 10]
    with pytest.warns(FutureWarning):
        r2 = segment.clp_classes(d, cuts=(0, 0))
    assert (r2["clp"] == "IV").all()
    # one strategy table: CLP class II is the value matrix's "develop" quadrant, with the Chinese name
    assert segment.CLP_CLASSES["II"] == ("低当前价值-高增值潜力 low value, high potential",
                                         value.VALUE_MATRIX_STRATEGIES["low value, high potential"])
