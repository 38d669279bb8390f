"""Chapter 4 plots: survey answers, IPA, Kano, loyalty zones and PLS path diagrams."""
from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import FancyArrowPatch

from .._deprecate import renamed_arguments
from .._errors import CRMLibError
from ._style import PALETTE, new_axes

__all__ = [
    "plot_likert_diverging", "plot_semantic_profile", "plot_ipa", "plot_kano_better_worse",
    "plot_loyalty_zones", "plot_satisfaction_loyalty_curves", "plot_path_model",
]

_ZONE_COLOURS = {
    "apostle": PALETTE[3], "loyalist": PALETTE[5], "mercenary": PALETTE[1],
    "hostage": PALETTE[7], "defector": PALETTE[6], "terrorist": PALETTE[0],
}


def plot_likert_diverging(
    data: pd.DataFrame, levels: Sequence[int], labels: Mapping[str, str] | None = None,
    ax: Axes | None = None, **kwargs: Any,
) -> Axes:
    """Diverging stacked bar chart of Likert answers, centred on the neutral answer.

    Disagreement extends left of zero, agreement right; the neutral category (odd scales)
    is split half and half across zero.

    Parameters
    ----------
    data : respondents x items.
    levels : the scale's levels in order, e.g. ``range(1, 8)``.
    labels : item -> label shown on the y axis.
    """
    from ..satisfaction import likert_distribution

    share = likert_distribution(data, levels) * 100
    levels = list(share.columns)
    k = len(levels)
    ax = new_axes(ax, figsize=(7.5, 0.45 * len(share) + 1.5))
    cmap = [PALETTE[6], "#E88A55", "#F3C29F", "#DDDDDD", "#A9D3EE", "#56B4E9", PALETTE[5]]
    colours = np.array(cmap)[np.round(np.linspace(0, 6, k)).astype(int)]
    mid = (k - 1) / 2
    left = -share[[lv for i, lv in enumerate(levels) if i < mid]].sum(axis=1)
    if k % 2:
        left -= share[levels[int(mid)]] / 2
    y = np.arange(len(share))[::-1]
    start = left.to_numpy().copy()
    for i, lv in enumerate(levels):
        w = share[lv].to_numpy()
        ax.barh(y, w, left=start, color=colours[i], label=str(lv), edgecolor="white", linewidth=0.5, **kwargs)
        start += w
    ax.axvline(0, color=PALETTE[0], lw=0.8)
    ax.set_yticks(y, [labels.get(i, i) if labels else i for i in share.index])
    ax.set_xlabel("% of answers (left: disagree, right: agree)")
    ax.legend(title="answer", ncol=k, loc="upper center", bbox_to_anchor=(0.5, -0.18), frameon=False, fontsize=8)
    return ax


def plot_semantic_profile(
    data: pd.DataFrame, anchors: Mapping[str, tuple[str, str]], groups: pd.Series | None = None,
    scale: tuple[int, int] = (1, 7), ax: Axes | None = None, **kwargs: Any,
) -> Axes:
    """Semantic-differential profile: mean rating per bipolar item, one line per group.

    Parameters
    ----------
    data : respondents x items on a bipolar scale.
    anchors : item -> (left adjective, right adjective).
    groups : optional group label per respondent (one profile line per group).
    """
    items = list(anchors)
    ax = new_axes(ax, figsize=(6.4, 0.55 * len(items) + 1.2))
    means = data[items].groupby(groups).mean() if groups is not None else data[items].mean().to_frame("all").T
    y = np.arange(len(items))[::-1]
    for i, (name, row) in enumerate(means.iterrows()):
        ax.plot(row.to_numpy(), y, marker="o", color=PALETTE[(i + 5) % len(PALETTE)], label=str(name), **kwargs)
    ax.set_xlim(scale[0] - 0.3, scale[1] + 0.3)
    ax.set_yticks(y, [anchors[i][0] for i in items])
    twin = ax.twinx()
    twin.set_ylim(ax.get_ylim())
    twin.set_yticks(y, [anchors[i][1] for i in items])
    ax.axvline((scale[0] + scale[1]) / 2, color="#999999", lw=0.8, ls="--")
    ax.set_xlabel("mean rating")
    if groups is not None:
        ax.legend(frameon=False, loc="lower left")
    return ax


def plot_ipa(ipa: pd.DataFrame, labels: Mapping[str, str] | None = None, ax: Axes | None = None, *,
             cutoffs: str | tuple[float, float] = "mean", **kwargs: Any) -> Axes:
    """Importance-performance grid from :func:`crmlib.satisfaction.importance_performance`.

    The dashed lines are at :func:`crmlib.satisfaction.ipa_cutoffs` of the table: pass the
    *cutoffs* you gave ``importance_performance`` (``"mean"``, ``"median"`` or a tuple). A table
    whose quadrants do not match those cuts is refused, so the lines never contradict the colours.

    Examples
    --------
    >>> from crmlib.satisfaction import importance_performance
    >>> perf = pd.DataFrame({"a": [6, 6], "b": [3, 3], "c": [6, 6], "d": [4, 4]})
    >>> t = importance_performance(perf, pd.Series({"a": 6.0, "b": 6.0, "c": 2.0, "d": 3.0}), cutoffs="median")
    >>> ax = plot_ipa(t, cutoffs="median")
    >>> ax.lines[0].get_xdata()[0], ax.lines[1].get_ydata()[0]  # performance cut, importance cut
    (5.0, 4.5)
    """
    from ..satisfaction import ipa_cutoffs, ipa_quadrants

    if not {"importance", "performance", "quadrant"} <= set(ipa.columns):
        raise CRMLibError("Pass the table returned by crmlib.satisfaction.importance_performance.")
    ic, pc = ipa_cutoffs(ipa, cutoffs)
    if list(ipa["quadrant"]) != ipa_quadrants(ipa, (ic, pc)):
        raise CRMLibError(
            f"The quadrants of this IPA table do not follow cutoffs={cutoffs!r} (importance {ic:g}, "
            f"performance {pc:g}): pass plot_ipa the cutoffs you gave importance_performance.")
    ax = new_axes(ax)
    colours = {"Concentrate here": PALETTE[6], "Keep up the good work": PALETTE[3],
               "Low priority": "#888888", "Possible overkill": PALETTE[1]}
    for q, grp in ipa.groupby("quadrant"):
        ax.scatter(grp["performance"], grp["importance"], color=colours[q], label=q, s=50, zorder=3, **kwargs)
    for name, r in ipa.iterrows():
        ax.annotate(labels.get(name, name) if labels else name, (r["performance"], r["importance"]),
                    xytext=(4, 4), textcoords="offset points", fontsize=8)
    ax.axvline(pc, color="#999999", lw=0.8, ls="--")
    ax.axhline(ic, color="#999999", lw=0.8, ls="--")
    ax.set_xlabel("performance")
    ax.set_ylabel("importance")
    ax.legend(frameon=False, fontsize=8, loc="center left", bbox_to_anchor=(1, 0.5))
    return ax


def plot_kano_better_worse(kano: pd.DataFrame, ax: Axes | None = None, **kwargs: Any) -> Axes:
    """Better-worse diagram: |worse| on x, better on y, quadrants at 0.5.

    Top right one-dimensional (O), top left attractive (A), bottom right must-be (M),
    bottom left indifferent (I).
    """
    if not {"better", "worse"} <= set(kano.columns):
        raise CRMLibError("Pass the table returned by crmlib.satisfaction.kano_classify.")
    ax = new_axes(ax)
    x, y = kano["worse"].abs(), kano["better"]
    ax.scatter(x, y, color=PALETTE[5], zorder=3, **kwargs)
    for name in kano.index:
        ax.annotate(str(name), (x[name], y[name]), xytext=(4, 4), textcoords="offset points", fontsize=8)
    ax.axvline(0.5, color="#999999", lw=0.8, ls="--")
    ax.axhline(0.5, color="#999999", lw=0.8, ls="--")
    for tx, ty, t in [(0.02, 0.97, "Attractive (A)"), (0.98, 0.97, "One-dimensional (O)"),
                      (0.02, 0.03, "Indifferent (I)"), (0.98, 0.03, "Must-be (M)")]:
        ax.text(tx, ty, t, transform=ax.transAxes, ha="left" if tx < 0.5 else "right",
                va="top" if ty > 0.5 else "bottom", fontsize=8, color="#555555")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("|worse|: dissatisfaction if absent")
    ax.set_ylabel("better: satisfaction if present")
    return ax


@renamed_arguments(seed="random_state", since="0.2", removed_in="0.3")
def plot_loyalty_zones(
    satisfaction: pd.Series, loyalty: pd.Series, zones: pd.Series, satisfaction_cut: float, loyalty_cut: float,
    jitter: float = 0.15, random_state: int = 2026, ax: Axes | None = None, **kwargs: Any,
) -> Axes:
    """Scatter of customers by satisfaction and loyalty, coloured by Jones-Sasser zone.

    *zones* comes from :func:`crmlib.satisfaction.loyalty_zones`; a small seeded jitter
    separates customers with identical ratings.
    """
    ax = new_axes(ax)
    rng = np.random.default_rng(random_state)
    s = np.asarray(satisfaction, float) + rng.uniform(-jitter, jitter, len(zones))
    lo = np.asarray(loyalty, float) + rng.uniform(-jitter, jitter, len(zones))
    z = np.asarray(zones.astype(str))
    for zone, colour in _ZONE_COLOURS.items():
        mask = z == zone
        if mask.any():
            ax.scatter(s[mask], lo[mask], s=12, alpha=0.6, color=colour, label=f"{zone} ({mask.sum()})", **kwargs)
    # on integer ratings draw the cut half-way between the last low and first high answer
    whole = np.allclose(np.asarray(satisfaction, float) % 1, 0) and np.allclose(np.asarray(loyalty, float) % 1, 0)
    ax.axvline(satisfaction_cut - 0.5 * whole, color="#999999", lw=0.8, ls="--")
    ax.axhline(loyalty_cut - 0.5 * whole, color="#999999", lw=0.8, ls="--")
    ax.set_xlabel("satisfaction")
    ax.set_ylabel("loyalty")
    ax.legend(frameon=False, fontsize=8, loc="center left", bbox_to_anchor=(1, 0.5))
    return ax


_CURVE_COLOURS = {"A": PALETTE[5], "B": PALETTE[0], "C": PALETTE[6]}


def plot_satisfaction_loyalty_curves(
    satisfaction: np.ndarray | Sequence[float] | None = None, *, curves: Sequence[str] = ("A", "B", "C"),
    scale_min: float = 1, scale_max: float = 7, cut: float | None = 5,
    ax: Axes | None = None, **kwargs: Any,
) -> Axes:
    """Seed 001's stylized satisfaction-loyalty curves A, B and C, with the zones at the cut.

    Each curve comes from :func:`crmlib.satisfaction.stylized_loyalty_curve` and is labelled
    with its letter, Chinese and English name (:data:`crmlib.satisfaction.LOYALTY_CURVES`).

    Parameters
    ----------
    satisfaction : points on the satisfaction axis; default 121 points from *scale_min* to
        *scale_max*.
    curves : which curves to draw, in order.
    scale_min, scale_max : the common scale of satisfaction and loyalty (default the
        survey's 1-7).
    cut : where :func:`crmlib.satisfaction.loyalty_zones` cuts both axes; draws the cut lines
        and names the four zones (hostage, apostle, terrorist, mercenary). ``None`` omits them.
    ax : Axes to draw on; a new figure when None.
    **kwargs : passed to every ``Axes.plot`` call.

    Returns
    -------
    The Axes, with one labelled line per curve.

    Examples
    --------
    >>> ax = plot_satisfaction_loyalty_curves()
    >>> [t.get_text()[:1] for t in ax.get_legend().get_texts()]
    ['A', 'B', 'C']
    >>> import matplotlib.pyplot as plt; plt.close(ax.figure)
    """
    from ..satisfaction import LOYALTY_CURVES, stylized_loyalty_curve

    ax = new_axes(ax, figsize=(7, 4.6))
    s = (np.linspace(scale_min, scale_max, 121) if satisfaction is None
         else np.sort(np.asarray(satisfaction, dtype=float)))
    span = scale_max - scale_min
    # letters sit where the curves are furthest apart: A low, B in the middle, C near the top
    letter_at = {"A": 1 / 6, "B": 2 / 6, "C": 5 / 6}
    for key in curves:
        k = str(key).upper()
        y = stylized_loyalty_curve(s, k, scale_min=scale_min, scale_max=scale_max)
        name = LOYALTY_CURVES.loc[k]
        ax.plot(s, y, color=_CURVE_COLOURS[k], lw=2, label=f"{k}  {name['chinese']}  {name['english']}", **kwargs)
        x = scale_min + letter_at[k] * span
        ax.annotate(k, (x, np.interp(x, s, y)), xytext=(-12, 6), textcoords="offset points",
                    color=_CURVE_COLOURS[k], fontweight="bold")
    if cut is not None:
        ax.axvline(cut, color="#999999", ls="--", lw=1)
        ax.axhline(cut, color="#999999", ls="--", lw=1)
        lo_x, hi_x = (scale_min + cut) / 2, (cut + scale_max) / 2
        for x, y, t in [(lo_x, scale_max + 0.01 * span, "hostage 囚禁者"), (hi_x, scale_max + 0.01 * span, "apostle 传道者"),
                        (lo_x, scale_min + 0.07 * span, "terrorist 破坏者"), (hi_x, scale_min + 0.07 * span, "mercenary 图利者")]:
            ax.text(x, y, t, ha="center", color="#555555", fontsize=9)
    ax.set(xlim=(scale_min, scale_max), ylim=(scale_min, scale_max + 0.07 * span),
           ylabel=f"loyalty ({scale_min:g}-{scale_max:g})",
           xlabel=f"satisfaction ({scale_min:g} completely dissatisfied … {scale_max:g} completely satisfied)")
    ax.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.15), fontsize=8)
    return ax


def _layers(names: list[str], coef: pd.DataFrame) -> dict[str, int]:
    depth: dict[str, int] = {}
    for _ in names:
        for n in names:
            preds = [p for p in names if coef.loc[n, p] != 0]
            depth[n] = 1 + max((depth.get(p, 0) for p in preds), default=-1)
    return depth


def plot_path_model(
    model: Any, positions: Mapping[str, tuple[float, float]] | None = None, ax: Axes | None = None,
    decimals: int = 2, **kwargs: Any,
) -> Axes:
    """Path diagram of a fitted :class:`crmlib.satisfaction.PLSPathModel`.

    Arrows carry the path coefficients (thicker = larger, vermillion if negative), and
    each endogenous construct shows its R².

    Parameters
    ----------
    model : a fitted PLSPathModel.
    positions : construct -> (x, y); by default constructs go in columns by their depth
        in the model, zig-zagging up and down when a column holds one construct.
    """
    coef = model.path_coefficients_
    names = list(coef.index)
    ax = new_axes(ax, figsize=(8, 4.5))
    if positions is not None:
        missing = set(names) - set(positions)
        if missing:
            raise CRMLibError(f"positions lacks constructs {sorted(missing)}.")
        pos = {n: tuple(map(float, positions[n])) for n in names}
    else:
        depth = _layers(names, coef)
        pos = {}
        for d in sorted(set(depth.values())):
            col = [n for n in names if depth[n] == d]
            for i, n in enumerate(col):
                y = (len(col) - 1) / 2 - i if len(col) > 1 else (0.6 if d % 2 else -0.6)
                pos[n] = (d * 1.6, y)
    for dep in names:
        for pred in names:
            b = coef.loc[dep, pred]
            if b == 0:
                continue
            (x0, y0), (x1, y1) = pos[pred], pos[dep]
            arrow = FancyArrowPatch((x0, y0), (x1, y1), arrowstyle="-|>", mutation_scale=12,
                                    lw=0.5 + 4 * abs(b), color=PALETTE[5] if b > 0 else PALETTE[6],
                                    shrinkA=18, shrinkB=18, connectionstyle="arc3,rad=0.08", alpha=0.8)
            ax.add_patch(arrow)
            ax.text(x0 + 0.55 * (x1 - x0), y0 + 0.55 * (y1 - y0) + 0.08, f"{b:.{decimals}f}", fontsize=8,
                    ha="center", bbox=dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.8))
    r2 = getattr(model, "r_squared_", pd.Series(dtype=float))
    for n, (x, y) in pos.items():
        label = n if n not in r2 else f"{n}\nR²={r2[n]:.2f}"
        ax.text(x, y, label, ha="center", va="center", fontsize=9,
                bbox=dict(boxstyle="round,pad=0.4", fc="#EAF4FB", ec=PALETTE[5]), **kwargs)
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    ax.set_xlim(min(xs) - 1, max(xs) + 1)
    ax.set_ylim(min(ys) - 0.8, max(ys) + 0.8)
    ax.axis("off")
    return ax
