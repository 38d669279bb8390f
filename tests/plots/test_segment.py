"""Tests of ``crmlib.plots._segment`` (split from the old test_segment.py).

Tests for crmlib.segment (chapter 3): hand cases, seed tables, CDNow facts and invariants."""
from __future__ import annotations

import pandas as pd
import pytest

from crmlib import segment


def test_plot_clp_matrix_is_a_deprecated_alias_of_plot_value_matrix():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from crmlib import plots, value

    d = pd.DataFrame({"current_value": [1.0, 2, 9, 8], "potential_value": [1.0, 9, 2, 8]})
    ax = plots.plot_value_matrix(value.value_matrix(d, potential="potential_value"), potential="potential_value",
                                 log=True)
    # one scatter per occupied class, the cut lines at the medians 5 and 5
    assert [c.get_label() for c in ax.collections] == ["I", "II", "III", "IV"]
    assert ax.get_xscale() == "log" and ax.lines[0].get_xdata()[0] == 5.0
    with pytest.warns(FutureWarning):
        old = plots.plot_clp_matrix(segment.clp_classes(d))
    assert [c.get_label() for c in old.collections] == ["I", "II", "III", "IV"]
    # cuts other than the medians are passed explicitly (clp_classes no longer hides them in attrs)
    with pytest.warns(FutureWarning):
        moved = plots.plot_clp_matrix(segment.clp_classes(d, cuts=(3.0, 4.0)), current_cut=3.0, potential_cut=4.0)
    assert moved.lines[0].get_xdata()[0] == 3.0 and moved.lines[1].get_ydata()[0] == 4.0
    plt.close("all")
