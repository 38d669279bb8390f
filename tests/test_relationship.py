"""Kotler's relationship levels and the value-chain strength rule (chapter 0)."""
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, strategies as st

from crmlib import CRMLibError
from crmlib.relationship import (
    LEVELS, kotler_matrix, market_cell, relationship_level, relationship_levels, relationship_strength,
)

ORDER = list(LEVELS)  # basic < reactive < accountable < proactive < partnership


def test_matrix_is_kotlers_table():
    # Kotler (1994): the diagonal from many/low to few/high climbs the five levels.
    m = kotler_matrix()
    assert m.loc["many", "low"] == "basic"
    assert m.loc["many", "medium"] == "reactive"
    assert m.loc["many", "high"] == m.loc["medium", "medium"] == m.loc["few", "low"] == "accountable"
    assert m.loc["medium", "high"] == m.loc["few", "medium"] == "proactive"
    assert m.loc["few", "high"] == "partnership"
    assert set(m.to_numpy().ravel()) == set(LEVELS)


def test_seed_000_question_5_few_customers_high_margin_is_partnership():
    assert relationship_level(30, 0.55) == "partnership"
    assert LEVELS["partnership"].chinese == "伙伴型"


@pytest.mark.parametrize(
    "customers, margin, cell",
    [(99, 0.0999, ("few", "low")), (100, 0.10, ("medium", "medium")), (10_000, 0.40, ("many", "high"))],
)
def test_cut_offs_are_left_closed(customers, margin, cell):
    assert market_cell(customers, margin) == cell
    assert relationship_level(customers, margin) == kotler_matrix().loc[cell]


def test_vectorised_keeps_index():
    s = relationship_levels(pd.Series([50, 5e6], index=["a", "b"]), pd.Series([0.5, 0.02], index=["a", "b"]))
    assert s.to_dict() == {"a": "partnership", "b": "basic"}


@given(
    customers=st.floats(1, 1e8), margin=st.floats(-1, 1),
    more_margin=st.floats(0, 1), fewer=st.floats(0.0001, 1),
)
def test_level_never_falls_with_more_margin_or_fewer_customers(customers, margin, more_margin, fewer):
    base = ORDER.index(relationship_level(customers, margin))
    assert ORDER.index(relationship_level(customers, min(1.0, margin + more_margin))) >= base
    assert ORDER.index(relationship_level(max(1e-9, customers * fewer), margin)) >= base


@pytest.mark.parametrize("bad", [dict(n_customers=0, unit_margin=0.2), dict(n_customers=10, unit_margin=35)])
def test_bad_input_says_what_to_do(bad):
    with pytest.raises(CRMLibError, match="positive|share of price"):
        relationship_level(**bad)


@pytest.mark.parametrize("bad", [dict(n_customers=0, unit_margin=0.2), dict(n_customers=10, unit_margin=35),
                                 dict(n_customers=float("nan"), unit_margin=0.2)])
def test_market_cell_validates_like_the_levels(bad):
    # market_cell used to band any number: 0 customers landed in "few", a 3500 % margin in "high"
    with pytest.raises(CRMLibError, match="positive|share of price"):
        market_cell(**bad)
    with pytest.raises(CRMLibError, match="positive|share of price"):
        relationship_levels([bad["n_customers"]], [bad["unit_margin"]])


def test_scalar_and_vector_agree_on_kotlers_cells():
    customers, margins = [99, 100, 9_999, 10_000, 10_000], [0.40, 0.0999, 0.40, 0.10, -0.2]
    by_cell = [kotler_matrix().loc[market_cell(c, m)] for c, m in zip(customers, margins)]
    assert relationship_levels(customers, margins).tolist() == by_cell == [
        relationship_level(c, m) for c, m in zip(customers, margins)]
    # few/high, medium/low, medium/high, many/medium, many/low in Kotler's table
    assert by_cell == ["partnership", "reactive", "proactive", "reactive", "basic"]


def test_strength_inverse_square():
    assert relationship_strength(1) == 1.0
    assert relationship_strength(3) == pytest.approx(1 / 9)
    np.testing.assert_allclose(relationship_strength([2, 4], reference=2), [1.0, 0.25])
    with pytest.raises(CRMLibError, match="whole number"):
        relationship_strength(0)
