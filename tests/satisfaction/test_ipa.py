"""Tests of ``crmlib.satisfaction._ipa`` (split from the old test_satisfaction.py).

Tests for crmlib.satisfaction (chapter 4): published numbers, hand calculations, invariants."""
from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
import pytest

from crmlib import CRMLibError
from crmlib import satisfaction as cs


matplotlib.use("Agg")


def test_ipa_hand_worked_stated_and_derived() -> None:
    perf = pd.DataFrame({"a": [6, 6, 7], "b": [3, 2, 4], "c": [6, 7, 5], "d": [3, 3, 3]})
    imp = pd.Series({"a": 6.0, "b": 6.5, "c": 2.0, "d": 3.0})
    t = cs.importance_performance(perf, imp)
    # cuts: mean importance 17.5 / 4, mean performance (19/3 + 3 + 6 + 3) / 4 = 55 / 12
    assert cs.ipa_cutoffs(t) == pytest.approx((4.375, 55 / 12))
    assert t["quadrant"].to_dict() == {
        "a": "Keep up the good work", "b": "Concentrate here", "c": "Possible overkill", "d": "Low priority"}
    overall = pd.Series([5, 3, 7])
    derived = cs.importance_performance(perf[["a", "b", "c"]], overall=overall)
    assert derived.loc["a", "importance"] == pytest.approx(np.corrcoef(perf["a"], overall)[0, 1])
    custom = cs.importance_performance(perf, imp, cutoffs=(6.0, 3.0))
    assert custom.loc["a", "quadrant"] == "Keep up the good work"  # equal to the cut counts as high
    with pytest.raises(CRMLibError):
        cs.importance_performance(perf)


def test_ipa_plot_draws_the_cuts_of_the_table_without_attrs() -> None:
    """The grid's lines come from the cutoffs argument, not from DataFrame.attrs (which a copy
    through pandas can lose): here the medians, by hand 4.5 (importance) and 6.0 (performance)."""
    import matplotlib.pyplot as plt

    from crmlib import plots

    perf = pd.DataFrame({"a": [6, 6], "b": [3, 3], "c": [6, 6], "d": [5, 6], "e": [7, 7]})
    imp = pd.Series({"a": 6.0, "b": 6.0, "c": 2.0, "d": 3.0, "e": 4.5})
    t = cs.importance_performance(perf, imp, cutoffs="median")
    assert cs.ipa_cutoffs(t, "median") == (4.5, 6.0)
    shown = pd.DataFrame({c: t[c] for c in t.columns})  # rebuilt from its columns: pandas drops attrs
    assert shown.attrs == {}
    ax = plots.plot_ipa(shown, cutoffs="median")
    assert ax.lines[0].get_xdata()[0] == 6.0 and ax.lines[1].get_ydata()[0] == 4.5
    assert t.loc["d", "quadrant"] == "Low priority"  # 5.5 < 6.0
    with pytest.raises(CRMLibError, match="cutoffs='mean'"):  # the mean cut 5.5 would make 'd' overkill
        plots.plot_ipa(shown)
    plt.close("all")
