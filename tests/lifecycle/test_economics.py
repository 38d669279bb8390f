"""Tests of ``crmlib.lifecycle._economics`` (split from the old test_lifecycle.py).

Lifecycle: sBG reproduces Fader & Hardie (2007); KM by hand; cohorts; stages; churn economics."""

import pytest

from crmlib import CRMLibError
from crmlib.lifecycle import retention_economics


def test_retention_economics():
    # r 0.80 -> 0.85, d = 10 %: CLV from 100/0.30 to 100/0.25, +20 %
    res = retention_economics(0.80, 0.05, margin=100, discount_rate=0.10)
    assert res["clv_before"] == pytest.approx(100 / 0.30)
    assert res["clv_change"] == pytest.approx(0.20)
    assert res["lifetime_after"] == pytest.approx(1 / 0.15)
    # with profit growing with tenure the effect is larger, reaching Reichheld-Sasser's range
    grow = retention_economics(0.85, 0.05, margin=100, discount_rate=0.10, margin_growth=0.08)
    assert grow["clv_change"] > 0.25
    direct = sum(100 * 1.08 ** (t - 1) * 0.85 ** (t - 1) / 1.1**t for t in range(1, 4000))
    assert grow["clv_before"] == pytest.approx(direct)
    with pytest.raises(CRMLibError):
        retention_economics(0.98, 0.05, margin_growth=0.2)


def test_retention_economics_uses_value_retention_clv():
    from crmlib import value

    res = retention_economics(0.80, 0.05, margin=100, discount_rate=0.10, margin_growth=0.03)
    assert res["clv_before"] == pytest.approx(
        value.retention_clv(100, 0.80, 0.10, first_margin="certain", margin_growth=0.03), rel=1e-12)
    assert res["clv_after"] == pytest.approx(100 / (1.10 - 0.85 * 1.03), rel=1e-12)
