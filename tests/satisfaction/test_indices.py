"""Tests of ``crmlib.satisfaction._indices`` (split from the old test_satisfaction.py).

Tests for crmlib.satisfaction (chapter 4): published numbers, hand calculations, invariants."""
from __future__ import annotations

import matplotlib
import pandas as pd
import pytest

from crmlib import CRMLibError
from crmlib import satisfaction as cs


matplotlib.use("Agg")


def test_satisfaction_index_hand_worked() -> None:
    p = pd.Series({"speed": 6.0, "price": 4.0, "staff": 5.0})
    e = pd.Series({"speed": 5.0, "price": 5.0, "staff": 4.0})
    w = {"speed": 0.5, "price": 0.3, "staff": 0.2}
    # 0.5 * 1.2 + 0.3 * 0.8 + 0.2 * 1.25 = 1.09
    assert cs.satisfaction_index(p, e, w) == pytest.approx(1.09)
    # difference form: 0.5 * 1 + 0.3 * (-1) + 0.2 * 1 = 0.4
    assert cs.satisfaction_index(p, e, w, form="difference") == pytest.approx(0.4)
    assert cs.rescale_to_100(4, 1, 7) == pytest.approx(50)
    with pytest.raises(CRMLibError):
        cs.attribute_satisfaction(p, pd.Series({"speed": 0.0, "price": 1.0, "staff": 1.0}))
