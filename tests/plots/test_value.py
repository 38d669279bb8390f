"""Tests of ``crmlib.plots._value`` (split from the old test_value.py).

Tests for crmlib.value: seed figures (seeds 000, 002, 004), hand calculations, invariants."""
from __future__ import annotations

import numpy as np
import pandas as pd

from crmlib import value


def test_plots_draw_the_data():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from crmlib import plots

    d = pd.DataFrame({"relative_quality": [1.2, 0.8], "relative_price": [1.0, 1.1]}, index=["A", "B"])
    ax = plots.plot_value_map(d)
    offsets = ax.collections[-1].get_offsets()
    np.testing.assert_allclose(offsets, d.to_numpy())
    line = ax.lines[0].get_data()
    np.testing.assert_allclose(line[1], line[0])  # slope 1 through (1, 1)
    w = value.whale_curve([29, 26, 22, 20, 8, 4, 0, -3, -3, -3])
    ax = plots.plot_whale_curve(w)
    assert max(ax.lines[0].get_ydata()) == 109
    ax = plots.plot_accumulation(value.accumulation_effect())
    assert list(ax.lines[1].get_ydata()) == [100, 101, 102, 110, 125, 150]
    assert "#" in plots.PALETTE[5] and ax.lines[1].get_color().upper() == plots.PALETTE[5].upper()
    plt.close("all")
