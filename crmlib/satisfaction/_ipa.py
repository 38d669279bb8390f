"""Importance-performance analysis (ch4_kano_ipa_nps, Importance-performance analysis)."""
from __future__ import annotations

import pandas as pd

from .._errors import CRMLibError
from .._validate import numeric_columns


# ---------------------------------------------------------------------------
# Importance-performance analysis
# ---------------------------------------------------------------------------

#: Quadrant labels of Martilla & James (1977), keyed by (high importance, high performance).
IPA_QUADRANTS: dict[tuple[bool, bool], str] = {
    (True, False): "Concentrate here",
    (True, True): "Keep up the good work",
    (False, False): "Low priority",
    (False, True): "Possible overkill",
}


def importance_performance(
    performance: pd.DataFrame,
    importance: pd.Series | pd.DataFrame | None = None,
    overall: pd.Series | None = None,
    cutoffs: str | tuple[float, float] = "mean",
) -> pd.DataFrame:
    """Importance-performance analysis (IPA) of attributes.

    Parameters
    ----------
    performance : respondents x attributes, performance ratings.
    importance : stated importance, as one value per attribute (Series) or respondents x
        attributes ratings (averaged). Leave None to derive importance from *overall*.
    overall : overall satisfaction per respondent; importance is then the correlation of
        each attribute's performance with it ("derived importance").
    cutoffs : ``"mean"`` (grand means of importance and performance across attributes,
        the usual choice), ``"median"``, or a tuple ``(importance_cut, performance_cut)``.
        A value equal to the cut counts as high.

    Returns
    -------
    DataFrame indexed by attribute with ``importance``, ``performance`` and ``quadrant``.
    The cuts are :func:`ipa_cutoffs` of that table with the same *cutoffs*
    (``.attrs["cutoffs"]`` repeats them for one release, as a convenience no crmlib code reads:
    pandas drops ``attrs`` when a table is rebuilt).

    References
    ----------
    Martilla & James (1977), "Importance-performance analysis", J. Marketing 41(1).

    Examples
    --------
    >>> perf = pd.DataFrame({"a": [6, 6], "b": [3, 3], "c": [6, 6], "d": [3, 3]})
    >>> imp = pd.Series({"a": 6.0, "b": 6.0, "c": 2.0, "d": 2.0})
    >>> importance_performance(perf, imp)["quadrant"].to_dict()
    {'a': 'Keep up the good work', 'b': 'Concentrate here', 'c': 'Possible overkill', 'd': 'Low priority'}
    """
    perf = numeric_columns(performance, what="The performance ratings")
    if importance is not None and overall is not None:
        raise CRMLibError("Give stated importance or overall satisfaction (derived importance), not both.")
    if importance is None:
        if overall is None:
            raise CRMLibError("Give importance (stated) or overall (to derive importance by correlation).")
        ov = pd.Series(overall, dtype=float)
        if len(ov) != len(perf):
            raise CRMLibError("overall needs one value per respondent of performance.")
        ov.index = perf.index
        imp = perf.apply(lambda col: col.corr(ov))
    elif isinstance(importance, pd.DataFrame):
        imp = numeric_columns(importance, what="The importance ratings").mean()
    else:
        imp = pd.Series(importance, dtype=float)
    imp = imp.reindex(perf.columns)
    if imp.isna().any():
        raise CRMLibError("importance must cover every performance attribute.")
    out = pd.DataFrame({"importance": imp, "performance": perf.mean()})
    ic, pc = ipa_cutoffs(out, cutoffs)
    out["quadrant"] = ipa_quadrants(out, (ic, pc))
    out.attrs["cutoffs"] = (ic, pc)  # deprecated convenience (removed in 0.3): use ipa_cutoffs
    return out


def ipa_cutoffs(table: pd.DataFrame, cutoffs: str | tuple[float, float] = "mean") -> tuple[float, float]:
    """The (importance, performance) cuts of an IPA grid: one rule for the table and its plot.

    Parameters
    ----------
    table : DataFrame with ``importance`` and ``performance`` columns, one row per attribute
        (the table of :func:`importance_performance`).
    cutoffs : ``"mean"`` (grand means across attributes), ``"median"`` or a tuple
        ``(importance_cut, performance_cut)`` returned as given.

    Examples
    --------
    >>> t = pd.DataFrame({"importance": [6.0, 6.0, 2.0, 3.0], "performance": [6.0, 3.0, 6.0, 3.0]})
    >>> ipa_cutoffs(t), ipa_cutoffs(t, "median"), ipa_cutoffs(t, (5, 4.5))
    ((4.25, 4.5), (4.5, 4.5), (5.0, 4.5))
    """
    if not {"importance", "performance"} <= set(table.columns):
        raise CRMLibError("Pass a table with importance and performance columns "
                          "(the one returned by crmlib.satisfaction.importance_performance).")
    if isinstance(cutoffs, str):
        if cutoffs not in ("mean", "median"):
            raise CRMLibError(f"cutoffs={cutoffs!r}: use 'mean', 'median' or a tuple (importance_cut, performance_cut).")
        ic, pc = getattr(table["importance"], cutoffs)(), getattr(table["performance"], cutoffs)()
    else:
        ic, pc = cutoffs
    return float(ic), float(pc)


def ipa_quadrants(table: pd.DataFrame, cuts: tuple[float, float]) -> list[str]:
    """The quadrant of each row for the cuts ``(importance_cut, performance_cut)``; a value equal
    to the cut counts as high.

    Examples
    --------
    >>> ipa_quadrants(pd.DataFrame({"importance": [6.0, 2.0], "performance": [3.0, 3.0]}), (4.0, 3.0))
    ['Keep up the good work', 'Possible overkill']
    """
    ic, pc = cuts
    return [IPA_QUADRANTS[(i >= ic, p >= pc)] for i, p in zip(table["importance"], table["performance"])]
