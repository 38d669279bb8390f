"""CLP analysis: current value against potential (ch3_ordering_and_clusters, CLP analysis).

CLP analysis is chapter 1's customer value matrix read over the customer's lifetime, so it has
no implementation of its own: :func:`crmlib.value.value_matrix` computes it (classes I–IV in its
``class`` column). What stays here is the deprecated old entry point and its table.
"""
from __future__ import annotations

import pandas as pd

from .._deprecate import keyword_only_arguments, warn_deprecated
from ..value import VALUE_MATRIX_CLASSES, VALUE_MATRIX_STRATEGIES, value_matrix

#: The four CLP classes (current value x growth potential) and their strategy, as
#: ``class -> ("<Chinese name> <quadrant>", strategy)``: a view of
#: :data:`crmlib.value.VALUE_MATRIX_CLASSES` and :data:`crmlib.value.VALUE_MATRIX_STRATEGIES`
#: (the one strategy table), kept for the chapter 3 notebook's table of classes.
CLP_CLASSES: dict[str, tuple[str, str]] = {
    k: (f"{zh} {quadrant}", VALUE_MATRIX_STRATEGIES[quadrant]) for k, (quadrant, zh) in VALUE_MATRIX_CLASSES.items()
}


@keyword_only_arguments("current", "potential", "cuts", since="0.2", removed_in="0.3")
def clp_classes(data: pd.DataFrame, *, current: str = "current_value", potential: str = "potential_value",
                cuts: tuple[float, float] | None = None) -> pd.DataFrame:
    """Deprecated alias of :func:`crmlib.value.value_matrix` (CLP analysis, 客户生命周期利润).

    ``clp_classes(data, cuts=(c, p))`` is
    ``value_matrix(data, potential="potential_value", current_cut=c, potential_cut=p)``; its
    ``clp`` column is value_matrix's ``class``. Removed in crmlib 0.3.

    Returns
    -------
    DataFrame with ``current_value``, ``potential_value``, ``lifetime_profit``, ``high_current``,
    ``high_potential`` and ``clp`` (categorical I < II < III < IV). The cut points are ``cuts``
    (the medians by default); since crmlib 0.2.1 they are no longer copied to ``.attrs``, so
    pass them to :func:`crmlib.plots.plot_clp_matrix` as ``current_cut=`` and ``potential_cut=``.

    Examples
    --------
    >>> import warnings
    >>> d = pd.DataFrame({"current_value": [1, 1, 9, 9], "potential_value": [1, 9, 1, 9]})
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", FutureWarning)
    ...     clp_classes(d)["clp"].tolist()
    ['I', 'II', 'III', 'IV']
    """
    warn_deprecated("segment.clp_classes is deprecated, use value.value_matrix(data, potential='potential_value', "
                    "current_cut=..., potential_cut=...): its 'class' column is the CLP class "
                    "(removed in crmlib 0.3)")
    c_cut, p_cut = (None, None) if cuts is None else (float(cuts[0]), float(cuts[1]))
    m = value_matrix(data, current=current, potential=potential, current_cut=c_cut, potential_cut=p_cut)
    out = pd.DataFrame({"current_value": m[current].astype(float), "potential_value": m[potential].astype(float),
                        "lifetime_profit": m["lifetime_profit"], "high_current": m["high_current"],
                        "high_potential": m["high_potential"], "clp": m["class"]}, index=data.index)
    return out
