"""Tests of ``crmlib.widgets._segment`` (split from the old test_segment.py).

Tests for crmlib.segment (chapter 3): hand cases, seed tables, CDNow facts and invariants."""
from __future__ import annotations

import pandas as pd

from crmlib.datasets import make_b2b_customers


def test_widgets_show_crmlib_numbers():
    from crmlib.widgets import abc_explorer, ordering_form, rfm_explorer

    w = abc_explorer([50, 30, 10, 5, 5])
    assert "A: 2 customers (40.0 %)" in w.children[2].value
    w.children[0].value = 0.5  # A ends at 50 %: only the first customer
    assert "A: 1 customers (20.0 %)" in w.children[2].value
    s = pd.DataFrame({"T": [100, 100, 50, 10, 80] * 4, "recency": [90, 0, 40, 0, 10] * 4,
                      "n_orders": [5, 1, 2, 1, 3] * 4, "total": [500.0, 20.0, 80.0, 35.0, 60.0] * 4})
    r = rfm_explorer(s)
    r.children[2].value = "cn8"
    # by hand: mean gap (T - recency) 40, mean orders 2.4, mean spend 139 → customers 1 (gap 10, 5 orders,
    # 500) are 222, 2 are 111, 3 and 4 are 211, 5 are 121; ×4 each; revenue share of 222 = 2000 / 2780
    cells = lambda seg: f"<th>{seg}</th>\n      <td>"  # noqa: E731
    html = r.children[3].value
    for seg, n, share in (("重要价值客户 Important value", 4, 2000 / 2780), ("一般发展客户 General development", 8, 460 / 2780),
                          ("一般保持客户 General keep-in-touch", 4, 240 / 2780), ("一般挽留客户 General win-back", 4, 80 / 2780)):
        assert f"{cells(seg)}{n}</td>\n      <td>{n / 20:.3f}</td>\n      <td>{share:.3f}</td>" in html
    f = ordering_form(make_b2b_customers(100))
    assert "order rank <b>1</b> of 8" in f.children[-1].value  # the default form: good credit, medium size, loyal
    f.children[-3].value, f.children[-2].value = "poor", "sporadic"
    # low credit (+4), small (+2), still high loyalty (+0): rank 1 + 4 + 2 = 7
    assert "order rank <b>7</b> of 8" in f.children[-1].value
