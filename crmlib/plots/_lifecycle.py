"""Chapter 2 plots: survival curves, sBG projections, cohort heatmaps, stages, purchase models."""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from .._deprecate import keyword_only_arguments
from ._style import PALETTE, new_axes

__all__ = [
    "plot_survival", "plot_sbg_projection", "plot_cohort_heatmap", "plot_stage_counts",
    "plot_predicted_vs_actual", "plot_p_alive_matrix",
]


@keyword_only_arguments("group", "ax", since="0.2", removed_in="0.3")
def plot_survival(km: pd.DataFrame, *, group: str | None = None, ax: Axes | None = None, **kwargs: Any) -> Axes:
    """Kaplan-Meier step curves with shaded confidence bands.

    Parameters
    ----------
    km : output of :func:`crmlib.lifecycle.kaplan_meier`.
    group : the grouping column used there (one curve per group), or None.

    Examples
    --------
    >>> from crmlib.lifecycle import kaplan_meier
    >>> d = pd.DataFrame({"tenure": [1, 2, 2, 3], "churned": [1, 1, 0, 1]})
    >>> plot_survival(kaplan_meier(d)).get_ylabel()
    'Share still a customer (survival)'
    """
    ax = new_axes(ax)
    parts = [(None, km)] if group is None else list(km.groupby(group, sort=False))
    for i, (key, part) in enumerate(parts):
        colour = PALETTE[(i + 5) % len(PALETTE)] if group is None else PALETTE[(i + 1) % len(PALETTE)]
        ax.step(part["time"], part["survival"], where="post", color=colour, label=None if key is None else str(key),
                **kwargs)
        ax.fill_between(part["time"], part["lower"], part["upper"], step="post", color=colour, alpha=0.2, lw=0)
    ax.set(xlabel="Tenure", ylabel="Share still a customer (survival)", ylim=(0, 1.02))
    if group is not None:
        ax.legend(title=group, frameon=False)
    return ax


def plot_sbg_projection(model: Any, periods: int = 12, actual: Any = None, calibration: int | None = None,
                        ax: Axes | None = None, **kwargs: Any) -> Axes:
    """Survivors projected by a fitted sBG model, with the data it was fitted to and any holdout.

    Parameters
    ----------
    model : fitted :class:`crmlib.lifecycle.ShiftedBetaGeometric`.
    periods : last period projected.
    actual : optional full series of actual survivors (periods 0, 1, ...), e.g. to check the projection.
    calibration : last period used to fit (a dashed vertical line); default the fitted data's last.
    """
    ax = new_axes(ax)
    seen = {line.get_label() for line in ax.get_lines()}

    def once(text: str) -> str:  # several cohorts on one Axes: label the markers once
        return "_nolegend_" if text in seen else text

    proj = model.project(periods)
    label = kwargs.pop("label", "sBG projection")
    ax.plot(proj.index, proj["survivors"], color=kwargs.pop("color", PALETTE[5]), label=label, **kwargs)
    fitted = model.survivors_
    ax.plot(fitted.index, fitted.to_numpy(), "o", color=PALETTE[0], label=once("fitted data"))
    if actual is not None:
        act = pd.Series(np.asarray(actual, float))
        extra = act.iloc[len(fitted):]
        ax.plot(extra.index, extra.to_numpy(), "s", mfc="none", color=PALETTE[6], label=once("actual (holdout)"))
    cal = len(fitted) - 1 if calibration is None else calibration
    ax.axvline(cal, color="grey", ls="--", lw=1)
    ax.set(xlabel="Period", ylabel="Customers still active", ylim=(0, None))
    ax.legend(frameon=False)
    return ax


def plot_cohort_heatmap(matrix: pd.DataFrame, ax: Axes | None = None, fmt: str = ".0%", **kwargs: Any) -> Axes:
    """Seaborn heatmap of a cohort retention matrix (:func:`crmlib.lifecycle.cohort_retention`).

    The matrix's ``customers`` column (cohort sizes) is not a period and is left out.
    """
    import seaborn as sns

    ax = new_axes(ax, figsize=kwargs.pop("figsize", (8, 5)))
    data = matrix.drop(columns="customers", errors="ignore")
    data.index = data.index.astype(str)
    sns.heatmap(data, ax=ax, cmap=kwargs.pop("cmap", "Blues"), annot=kwargs.pop("annot", len(data) <= 20), fmt=fmt,
                annot_kws={"fontsize": 7}, cbar_kws={"label": "retention"}, **kwargs)
    ax.set(xlabel="Periods since acquisition", ylabel="Acquisition cohort")
    return ax


def plot_stage_counts(stages: pd.DataFrame, ax: Axes | None = None, **kwargs: Any) -> Axes:
    """Bar chart of customers per lifecycle stage (output of :func:`crmlib.lifecycle.classify_stages`)."""
    ax = new_axes(ax)
    counts = stages["stage"].value_counts(sort=False).reindex(stages["stage"].cat.categories, fill_value=0)
    colours = [PALETTE[i] for i in (2, 3, 5, 1, 6)][: len(counts)]
    ax.bar(counts.index.astype(str), counts.to_numpy(), color=kwargs.pop("color", colours), **kwargs)
    for i, v in enumerate(counts.to_numpy()):
        ax.annotate(f"{v:,}", (i, v), ha="center", va="bottom", fontsize="small")
    ax.set(xlabel="Lifecycle stage", ylabel="Customers")
    return ax


def plot_predicted_vs_actual(table: pd.DataFrame, ax: Axes | None = None, **kwargs: Any) -> Axes:
    """Mean holdout purchases, actual vs BG/NBD, by calibration frequency (FHL 2005, fig. 4).

    *table* is :func:`crmlib.clv.predicted_vs_actual`.
    """
    ax = new_axes(ax)
    x = np.arange(len(table))
    ax.plot(x, table["actual"], "o-", color=PALETTE[0], label="actual", **kwargs)
    ax.plot(x, table["predicted"], "s--", color=PALETTE[5], label="BG/NBD")
    labels = [str(i) for i in table.index]
    labels[-1] += "+"
    ax.set_xticks(x, labels)
    ax.set(xlabel="Repeat purchases in calibration period", ylabel="Mean purchases in holdout period")
    ax.legend(frameon=False)
    return ax


def plot_p_alive_matrix(model: Any, T: float, max_frequency: int = 20, ax: Axes | None = None, **kwargs: Any) -> Axes:
    """P(alive) over frequency (y) and recency (x) for customers observed for *T* periods."""
    ax = new_axes(ax)
    rec = np.linspace(0, T, 60)
    freq = np.arange(0, max_frequency + 1)
    R, F = np.meshgrid(rec, freq)
    P = model.p_alive(F, np.where(F == 0, 0, R), np.full_like(R, T))
    mesh = ax.pcolormesh(rec, freq, P, cmap=kwargs.pop("cmap", "viridis"), vmin=0, vmax=1, shading="auto", **kwargs)
    ax.figure.colorbar(mesh, ax=ax, label="P(alive)")
    ax.set(xlabel="Recency (time of last purchase)", ylabel="Repeat purchases (frequency)")
    return ax
