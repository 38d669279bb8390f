"""Chapter 1 plots: value map, whale curve, accumulation effect, CLV curves, value matrix."""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from .._deprecate import keyword_only_arguments
from .._errors import CRMLibError
from ._style import PALETTE, new_axes

__all__ = [
    "plot_value_map", "plot_whale_curve", "plot_decile_profits", "plot_accumulation",
    "plot_cumulative_clv", "plot_head_to_head", "plot_value_matrix", "plot_cohort_value",
    "plot_perceived_profile",
]


@keyword_only_arguments("quality", "price", "slope", "ax", since="0.2", removed_in="0.3")
def plot_value_map(data: pd.DataFrame, *, quality: str = "relative_quality", price: str = "relative_price",
                   slope: float = 1.0, ax: Axes | None = None, **kwargs: Any) -> Axes:
    """Gale's customer value map: relative quality (x) against relative price (y).

    The fair-value line passes through (1, 1) with the given slope; the area below it
    (better value) is shaded green, above it (worse value) orange. Points are labelled
    with the index of *data*. Keyword arguments go to :meth:`Axes.scatter`.

    Examples
    --------
    >>> d = pd.DataFrame({"relative_quality": [1.2, 0.9], "relative_price": [1.0, 1.1]}, index=["A", "B"])
    >>> plot_value_map(d).get_xlabel()
    'Relative perceived quality'
    """
    ax = new_axes(ax)
    x, y = data[quality].to_numpy(float), data[price].to_numpy(float)
    lo = min(0.6, float(np.min(x)) - 0.1, float(np.min(y)) - 0.1)
    hi = max(1.4, float(np.max(x)) + 0.1, float(np.max(y)) + 0.1)
    grid = np.linspace(lo, hi, 50)
    line = 1.0 + slope * (grid - 1.0)
    ax.fill_between(grid, lo, line, color=PALETTE[3], alpha=0.12, label="better value")
    ax.fill_between(grid, line, hi, color=PALETTE[1], alpha=0.12, label="worse value")
    ax.plot(grid, line, color=PALETTE[0], lw=1.5, label="fair-value line")
    ax.scatter(x, y, s=kwargs.pop("s", 60), color=kwargs.pop("color", PALETTE[5]), zorder=3, **kwargs)
    for name, xi, yi in zip(data.index, x, y):
        ax.annotate(str(name), (xi, yi), xytext=(5, 5), textcoords="offset points")
    ax.set(xlim=(lo, hi), ylim=(lo, hi), xlabel="Relative perceived quality", ylabel="Relative perceived price")
    ax.legend(loc="upper left", frameon=False, fontsize="small")
    return ax


def plot_whale_curve(curves: pd.DataFrame | dict[str, pd.DataFrame], ax: Axes | None = None, **kwargs: Any) -> Axes:
    """Cumulative % of profit against cumulative % of customers (output of ``value.whale_curve``).

    Pass one table or a dict of label → table to compare years. A dashed line marks 100 %.

    Examples
    --------
    >>> from crmlib.value import whale_curve
    >>> plot_whale_curve(whale_curve([5, 3, -1])).get_ylabel()
    'Cumulative profit (% of total)'
    """
    ax = new_axes(ax)
    items = curves.items() if isinstance(curves, dict) else [(None, curves)]
    for i, (label, c) in enumerate(items):
        xs = np.concatenate([[0.0], c["customer_share"].to_numpy(float)])
        ys = np.concatenate([[0.0], c["cumulative_profit"].to_numpy(float)])
        ax.plot(xs, ys, marker="o", color=PALETTE[(5, 6, 3, 1)[i % 4]], label=label, **kwargs)
    ax.axhline(100, color=PALETTE[0], ls="--", lw=1)
    ax.set(xlabel="Customers ranked by profit (cumulative %)", ylabel="Cumulative profit (% of total)")
    if isinstance(curves, dict):
        ax.legend(frameon=False)
    return ax


def plot_decile_profits(shares: pd.DataFrame, ax: Axes | None = None, **kwargs: Any) -> Axes:
    """Grouped bars of profit share by customer decile, one colour per column (e.g. year).

    Examples
    --------
    >>> s = pd.DataFrame({"1980": [60, 40], "1992": [120, -20]}, index=[1, 2])
    >>> len(plot_decile_profits(s).patches)
    4
    """
    ax = new_axes(ax)
    n, k = shares.shape
    width = 0.8 / k
    for j, col in enumerate(shares.columns):
        ax.bar(np.arange(n) + (j - (k - 1) / 2) * width, shares[col].to_numpy(float), width,
               color=PALETTE[(5, 1, 3, 6)[j % 4]], label=str(col), **kwargs)
    ax.axhline(0, color=PALETTE[0], lw=0.8)
    ax.set_xticks(np.arange(n), [str(i) for i in shares.index])
    ax.set(xlabel="Customer decile (1 = largest customers)", ylabel="Share of total profit (%)")
    ax.legend(frameon=False)
    return ax


def plot_accumulation(table: pd.DataFrame, x: str | None = None, ax: Axes | None = None, **kwargs: Any) -> Axes:
    """Customers of store A and store B (output of ``accumulation_effect`` or ``simulate_accumulation``).

    Examples
    --------
    >>> from crmlib.value import accumulation_effect
    >>> len(plot_accumulation(accumulation_effect()).lines)
    2
    """
    ax = new_axes(ax)
    xs = table.index.to_numpy() if x is None else table[x].to_numpy()
    ax.plot(xs, table["a_customers"], marker="o", color=PALETTE[6], label="store A", **kwargs)
    ax.plot(xs, table["b_customers"], marker="s", color=PALETTE[5], label="store B", **kwargs)
    ax.set(xlabel=str(table.index.name or x or ""), ylabel="Customers")
    ax.legend(frameon=False)
    return ax


def plot_cumulative_clv(cumulative: pd.Series | pd.DataFrame, limit: float | None = None,
                        ax: Axes | None = None, **kwargs: Any) -> Axes:
    """Cumulative customer value against the horizon, with an optional asymptote.

    Parameters
    ----------
    cumulative : Series or DataFrame
        Index = horizon (periods), values = cumulative (discounted) value; one line per column.
    limit : float or None
        Infinite-horizon value drawn as a dashed line.

    Examples
    --------
    >>> s = pd.Series([0, 72.7, 125.6], index=[0, 1, 2])
    >>> plot_cumulative_clv(s, limit=266.67).get_xlabel()
    'Horizon (periods)'
    """
    ax = new_axes(ax)
    frame = cumulative.to_frame() if isinstance(cumulative, pd.Series) else cumulative
    for j, col in enumerate(frame.columns):
        ax.plot(frame.index, frame[col], color=PALETTE[(5, 6, 3, 1, 7, 2)[j % 6]], label=str(col), **kwargs)
    if limit is not None:
        ax.axhline(limit, color=PALETTE[0], ls="--", lw=1, label="infinite horizon")
    ax.set(xlabel="Horizon (periods)", ylabel="Cumulative value per customer")
    if frame.shape[1] > 1 or limit is not None:
        ax.legend(frameon=False, fontsize="small")
    return ax


def plot_head_to_head(table: pd.DataFrame, ax: Axes | None = None, **kwargs: Any) -> Axes:
    """Horizontal bars of weighted gaps (output of ``value.head_to_head``): green ahead, orange behind.

    Examples
    --------
    >>> from crmlib.value import head_to_head
    >>> len(plot_head_to_head(head_to_head({"a": 1, "b": 1}, {"a": 5, "b": 3}, {"a": 4, "b": 4})).patches)
    2
    """
    ax = new_axes(ax)
    gaps = table["weighted_gap"]
    colours = [PALETTE[3] if g >= 0 else PALETTE[1] for g in gaps]
    ax.barh([str(i) for i in table.index], gaps.to_numpy(float), color=colours, **kwargs)
    ax.axvline(0, color=PALETTE[0], lw=0.8)
    ax.invert_yaxis()
    ax.set(xlabel="Weighted gap (weight × (ours − rival))", ylabel="")
    return ax


@keyword_only_arguments("current", "potential", "current_cut", "potential_cut", "ax", since="0.2", removed_in="0.3")
def plot_value_matrix(data: pd.DataFrame, *, current: str = "current_value", potential: str = "growth_potential",
                      current_cut: float | None = None, potential_cut: float | None = None,
                      log: bool = False, labels: bool | None = None,
                      ax: Axes | None = None, **kwargs: Any) -> Axes:
    """Customers in the value matrix: current value (x) × growth potential (y), quadrant lines at the cuts.

    The one plot of the value matrix and of CLP analysis (``value.value_matrix``): when *data*
    has its ``class`` column (I–IV) the points are coloured by class with a legend. ``log=True``
    draws both axes on log scales (for skewed B2B profits; all values must be positive).
    ``labels`` writes each customer's index next to its point (default: only for 30 customers
    or fewer).

    Examples
    --------
    >>> d = pd.DataFrame({"current_value": [1, 2, 3], "growth_potential": [3, 1, 2]})
    >>> len(plot_value_matrix(d).collections)
    1
    >>> from crmlib.value import value_matrix
    >>> m = value_matrix(pd.DataFrame({"current_value": [1, 2, 9, 8], "potential_value": [1, 9, 2, 8]}),
    ...                  potential="potential_value")
    >>> len(plot_value_matrix(m, potential="potential_value", log=True).collections)  # one per class
    4
    """
    ax = new_axes(ax)
    cc = float(data[current].median()) if current_cut is None else current_cut
    pc = float(data[potential].median()) if potential_cut is None else potential_cut
    if "class" in data.columns:
        colours = dict(zip(("I", "II", "III", "IV"), (PALETTE[0], PALETTE[3], PALETTE[1], PALETTE[6])))
        for cls, part in data.groupby("class", observed=True):
            ax.scatter(part[current], part[potential], color=colours.get(str(cls), PALETTE[5]), label=str(cls),
                       **{"s": 18, "alpha": 0.8, **kwargs})
        ax.legend(title="Class", frameon=False, fontsize="small", loc="upper left", bbox_to_anchor=(1.0, 1.0))
    else:
        ax.scatter(data[current], data[potential], color=kwargs.pop("color", PALETTE[5]), **kwargs)
    if labels if labels is not None else len(data) <= 30:
        for name, xi, yi in zip(data.index, data[current], data[potential]):
            ax.annotate(str(name), (xi, yi), xytext=(4, 4), textcoords="offset points", fontsize="small")
    if log:
        if not ((data[current] > 0).all() and (data[potential] > 0).all()):
            raise CRMLibError("log=True needs positive current values and potentials; use log=False.")
        ax.set(xscale="log", yscale="log")
    ax.margins(0.18)
    ax.axvline(cc, color=PALETTE[0], ls="--", lw=1)
    ax.axhline(pc, color=PALETTE[0], ls="--", lw=1)
    for tx, ty, label, ha, va in ((0.98, 0.98, "key: invest", "right", "top"), (0.02, 0.98, "develop", "left", "top"),
                                  (0.98, 0.02, "maintain", "right", "bottom"), (0.02, 0.02, "reduce", "left", "bottom")):
        ax.text(tx, ty, label, transform=ax.transAxes, ha=ha, va=va, color=PALETTE[6], fontsize="small")
    ax.set(xlabel="Current value", ylabel="Growth potential (增值潜力)")
    return ax


def plot_cohort_value(table: pd.DataFrame, cohorts: list[str] | None = None, ax: Axes | None = None,
                      **kwargs: Any) -> Axes:
    """Cumulative value per acquired customer by periods since acquisition (output of ``value.cohort_value``).

    Examples
    --------
    >>> t = pd.DataFrame({"customers": [2], 0: [1.0], 1: [2.0]}, index=pd.Index(["2024-01"], name="cohort"))
    >>> len(plot_cohort_value(t).lines)
    1
    """
    ax = new_axes(ax)
    periods = [c for c in table.columns if c != "customers"]
    rows = table.index if cohorts is None else cohorts
    missing = [c for c in rows if c not in table.index]
    if missing:
        raise CRMLibError(f"Cohorts {missing} are not in the table; choose from {list(table.index)}.")
    for j, c in enumerate(rows):
        ax.plot(periods, table.loc[c, periods].to_numpy(float), color=PALETTE[(5, 6, 3, 1, 7, 2, 0)[j % 7]],
                label=str(c), **kwargs)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set(xlabel="Periods since acquisition", ylabel="Cumulative value per acquired customer")
    ax.legend(frameon=False, fontsize="small", title=table.index.name)
    return ax


@keyword_only_arguments("ours", "competitors", "ax", since="0.2", removed_in="0.3")
def plot_perceived_profile(table: pd.DataFrame, *, ours: str = "ours", competitors: str = "competitors",
                           ax: Axes | None = None, **kwargs: Any) -> Axes:
    """Gale's perceived quality or price profile: ratings of us and competitors per attribute.

    *table* is ``value.perceived_profile(...).table``; attribute labels show their weight.

    Examples
    --------
    >>> from crmlib.value import perceived_profile
    >>> p = perceived_profile({"a": 3, "b": 1}, {"a": 8, "b": 5}, {"a": 6, "b": 7})
    >>> len(plot_perceived_profile(p.table).patches)
    4
    """
    ax = new_axes(ax)
    y = np.arange(len(table))
    ax.barh(y - 0.2, table[ours].to_numpy(float), 0.4, color=PALETTE[5], label="ours", **kwargs)
    ax.barh(y + 0.2, table[competitors].to_numpy(float), 0.4, color=PALETTE[1], label="competitors", **kwargs)
    labels = [f"{name} ({w:.0%})" for name, w in zip(table.index, table["weight"])] if "weight" in table else list(table.index)
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.set(xlabel="Rating", ylabel="")
    ax.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.15), ncol=2)
    return ax
