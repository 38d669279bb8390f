"""Tests of ``crmlib.segment._fedex`` (split from the old test_segment.py).

Tests for crmlib.segment (chapter 3): hand cases, seed tables, CDNow facts and invariants."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmlib import segment
from tests._helpers.segment import cdnow_tx  # noqa: F401 (fixtures)


def test_fedex_features_by_hand():
    tx = pd.DataFrame({"customer_id": [1, 1, 1, 2], "amount": [10.0, 5.0, 30.0, 7.0],
                       "date": pd.to_datetime(["2020-01-01", "2020-01-01", "2020-12-31", "2020-07-01"])})
    f = segment.fedex_features(tx, window=183)
    assert f.loc[1, "total"] == 45 and f.loc[1, "gap"] == 0
    assert f.loc[1, "spend_recent"] == 30 and f.loc[1, "spend_prior"] == 15  # Jan 1 is 365 days back (leap year)
    assert segment.fedex_features(tx, window=182).loc[1, "spend_prior"] == 0  # 365 >= 2 x 182: outside
    assert f.loc[1, "last_interval"] == 365 and np.isnan(f.loc[2, "last_interval"])
    assert f.loc[2, "gap"] == 183 and f.loc[2, "spend_recent"] == 0
    old = f.rename(columns={"gap": "recency_days", "last_interval": "gap_before_last"})
    with pytest.warns(FutureWarning, match="now gap and last_interval"):
        assert segment.fedex_groups(old).equals(segment.fedex_groups(f))


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.floats(0.01, 1e4, allow_nan=False), st.integers(0, 500), st.floats(0, 1e3, allow_nan=False),
                          st.floats(0, 1e3, allow_nan=False), st.one_of(st.none(), st.floats(1, 500, allow_nan=False))),
                min_size=1, max_size=60))
def test_fedex_every_customer_exactly_one_group(rows):
    f = pd.DataFrame(rows, columns=["total", "gap", "spend_recent", "spend_prior", "last_interval"])
    g = segment.fedex_groups(f)
    assert g.notna().all() and set(g.cat.categories) == set(segment.FEDEX_GROUPS)
    lapsed = f["gap"] >= 182
    assert g[lapsed].astype(str).str.contains("lapsed").all()
    assert not g[~lapsed].astype(str).str.contains("lapsed").any()


def test_fedex_on_cdnow(cdnow_tx):
    g = segment.fedex_groups(segment.fedex_features(cdnow_tx))
    assert len(g) == 23570
    top = g == "1 Top-10% stable"
    assert 0 < top.sum() < 0.1 * len(g)  # a subset of the top decile
