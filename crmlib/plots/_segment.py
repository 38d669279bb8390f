"""Chapter 3 plots: Pareto/Lorenz curve, RFM heatmap, segment sizes, elbow/silhouette, CLP matrix."""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from .._deprecate import keyword_only_arguments, warn_deprecated
from .. import segment
from ._style import PALETTE, new_axes

__all__ = ["plot_lorenz", "plot_rfm_heatmap", "plot_segment_sizes", "plot_choose_k", "plot_clp_matrix"]


def plot_lorenz(values: Any, cuts: tuple[float, float] | None = (0.8, 0.95), ax: Axes | None = None,
                **kwargs: Any) -> Axes:
    """Pareto curve (cumulative share of value against share of customers, most valuable first).

    With ``cuts`` the ABC class boundaries of :func:`crmlib.segment.abc_classes` are drawn as
    dashed lines and the classes' customer shares are shaded. The diagonal is perfect equality.

    Examples
    --------
    >>> plot_lorenz([50, 30, 10, 5, 5]).get_xlabel()
    'Share of customers (most valuable first)'
    """
    ax = new_axes(ax)
    curve = segment.lorenz_curve(values)
    ax.plot(curve["cum_customers"], curve["cum_value"], color=kwargs.pop("color", PALETTE[5]), lw=2,
            label=kwargs.pop("label", f"Gini = {segment.gini(values):.2f}"), **kwargs)
    ax.plot([0, 1], [0, 1], color=PALETTE[0], lw=1, ls=":", label="equal value")
    if cuts is not None:
        abc = segment.abc_classes(values, cuts)
        shares = abc["abc"].value_counts(normalize=True).reindex(["A", "B", "C"], fill_value=0).cumsum()
        start = 0.0
        for cls, colour in zip("ABC", (PALETTE[6], PALETTE[1], PALETTE[2])):
            ax.axvspan(start, shares[cls], color=colour, alpha=0.15, lw=0)
            if shares[cls] > start:
                ax.text((start + shares[cls]) / 2, 0.04, cls, ha="center", fontweight="bold")
            start = shares[cls]
        for c in cuts:
            ax.axhline(c, color=PALETTE[0], lw=0.8, ls="--")
    ax.set(xlim=(0, 1), ylim=(0, 1.02), xlabel="Share of customers (most valuable first)",
           ylabel="Cumulative share of value")
    ax.legend(loc="center right", frameon=False)
    return ax


@keyword_only_arguments("value", "ax", since="0.2", removed_in="0.3")
def plot_rfm_heatmap(scores: pd.DataFrame, *, value: str = "monetary_value", ax: Axes | None = None,
                     **kwargs: Any) -> Axes:
    """Heatmap of the mean of ``value`` (spend by default) in each R × F score cell.

    Empty cells are left blank; each cell shows its mean and customer count.

    Examples
    --------
    >>> sc = pd.DataFrame({"R": [1, 2], "F": [1, 2], "monetary_value": [10.0, 30.0]})
    >>> plot_rfm_heatmap(sc).get_xlabel()
    'F score (frequency)'
    """
    ax = new_axes(ax)
    levels = range(1, int(max(scores["R"].max(), scores["F"].max())) + 1)
    g = scores.groupby(["R", "F"])[value]
    mean = g.mean().unstack().reindex(index=levels, columns=levels)
    count = g.size().unstack().reindex(index=levels, columns=levels)
    im = ax.imshow(mean.to_numpy(float), origin="lower", cmap=kwargs.pop("cmap", "Blues"), aspect="auto", **kwargs)
    for i, r in enumerate(levels):
        for j, f in enumerate(levels):
            m = mean.loc[r, f]
            if pd.notna(m):
                ax.text(j, i, f"{m:,.0f}\n(n={int(count.loc[r, f])})", ha="center", va="center", fontsize="x-small",
                        color="white" if m > np.nanmax(mean.to_numpy(float)) * 0.6 else "black")
    ax.set_xticks(range(len(levels)), labels=list(levels))
    ax.set_yticks(range(len(levels)), labels=list(levels))
    ax.set(xlabel="F score (frequency)", ylabel="R score (recency)")
    ax.figure.colorbar(im, ax=ax, label=f"mean {value}")
    return ax


def plot_segment_sizes(segments: pd.Series, revenue: pd.Series | None = None, ax: Axes | None = None,
                       **kwargs: Any) -> Axes:
    """Horizontal bars of segment sizes (share of customers), with revenue share when given.

    Examples
    --------
    >>> plot_segment_sizes(pd.Series(["a", "b", "a"])).get_xlabel()
    'Share (%)'
    """
    ax = new_axes(ax)
    cats = segments.cat.categories if isinstance(segments.dtype, pd.CategoricalDtype) else sorted(segments.unique())
    size = segments.value_counts(normalize=True).reindex(cats, fill_value=0) * 100
    y = np.arange(len(cats))
    h = 0.4 if revenue is not None else 0.7
    ax.barh(y + (h / 2 if revenue is not None else 0), size.to_numpy(), height=h,
            color=kwargs.pop("color", PALETTE[5]), label="customers", **kwargs)
    if revenue is not None:
        rev = revenue.groupby(segments.to_numpy(), observed=False).sum().reindex(cats, fill_value=0)
        ax.barh(y - h / 2, (rev / revenue.sum() * 100).to_numpy(), height=h, color=PALETTE[1], label="revenue")
        ax.legend(frameon=False, loc="lower right")
    ax.set_yticks(y, labels=[str(c) for c in cats])
    ax.invert_yaxis()
    ax.set(xlabel="Share (%)")
    return ax


def plot_choose_k(table: pd.DataFrame, ax: Axes | None = None, **kwargs: Any) -> Axes:
    """Elbow curve (inertia, left axis) and silhouette score (right axis) against k.

    Examples
    --------
    >>> t = pd.DataFrame({"inertia": [9.0, 5, 4], "silhouette": [0.3, 0.4, 0.35]}, index=pd.Index([2, 3, 4], name="k"))
    >>> plot_choose_k(t).get_xlabel()
    'Number of clusters k'
    """
    ax = new_axes(ax)
    ax.plot(table.index, table["inertia"], marker="o", color=PALETTE[5], label="inertia", **kwargs)
    ax.set(xlabel="Number of clusters k", ylabel="Inertia (within-cluster sum of squares)")
    ax2 = ax.twinx()
    ax2.plot(table.index, table["silhouette"], marker="s", color=PALETTE[6], label="silhouette")
    ax2.set_ylabel("Silhouette score", color=PALETTE[6])
    ax.legend(handles=ax.get_lines() + ax2.get_lines(), frameon=False, loc="upper center")
    return ax


def plot_clp_matrix(clp: pd.DataFrame, ax: Axes | None = None, *, current_cut: float | None = None,
                    potential_cut: float | None = None, **kwargs: Any) -> Axes:
    """Deprecated alias of :func:`plot_value_matrix` (removed in crmlib 0.3).

    Plot ``value.value_matrix(data, potential="potential_value")`` with
    ``plot_value_matrix(m, potential="potential_value", log=True)`` instead. The quadrant lines
    are at ``current_cut`` and ``potential_cut`` (the medians by default, as in
    :func:`crmlib.segment.clp_classes`; pass the ``cuts`` you gave it).

    Examples
    --------
    >>> import warnings
    >>> d = pd.DataFrame({"current_value": [1, 2, 9, 8], "potential_value": [1, 9, 2, 8]})
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", FutureWarning)
    ...     plot_clp_matrix(segment.clp_classes(d)).get_xlabel()
    'Current value'
    """
    from ._value import plot_value_matrix  # noqa: PLC0415

    warn_deprecated("plot_clp_matrix is deprecated, use plot_value_matrix(value.value_matrix(data, "
                    "potential='potential_value'), potential='potential_value', log=True) (removed in crmlib 0.3)")
    data = clp.rename(columns={"clp": "class"})
    log = bool((data["current_value"] > 0).all() and (data["potential_value"] > 0).all())
    return plot_value_matrix(data, potential="potential_value", current_cut=current_cut, potential_cut=potential_cut,
                             log=log, ax=ax, **kwargs)
