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
    DataFrame indexed by attribute with ``importance``, ``performance`` and ``quadrant``;
    the cuts used are in ``.attrs["cutoffs"]``.

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
    if cutoffs == "mean":
        ic, pc = out["importance"].mean(), out["performance"].mean()
    elif cutoffs == "median":
        ic, pc = out["importance"].median(), out["performance"].median()
    else:
        ic, pc = map(float, cutoffs)
    out["quadrant"] = [IPA_QUADRANTS[(i >= ic, p >= pc)] for i, p in zip(out["importance"], out["performance"])]
    out.attrs["cutoffs"] = (float(ic), float(pc))
    return out
