"""The cohort template's retention curve: retention by age, pooled over the cohorts (ch5_templates)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .._errors import CRMLibError


def pooled_retention(retention: pd.DataFrame, cohort_sizes: pd.Series | np.ndarray) -> pd.DataFrame:
    """The average retention curve of a cohort table, each cohort weighted by its size.

    At each age (periods since the first purchase) only the cohorts old enough to be seen
    at that age count: retention is the customers buying at that age over the customers of
    those cohorts. An unweighted mean of the rates would give a cohort of 3 customers the
    weight of a cohort of 300.

    Parameters
    ----------
    retention : cohorts x ages of retention rates, NaN where a cohort is too young
        (:func:`crmlib.lifecycle.cohort_retention` with ``kind="rate"``).
    cohort_sizes : customers of each cohort, in the rows' order (``retention.attrs["cohort_size"]``).

    Returns
    -------
    DataFrame indexed by ``age`` with ``cohorts`` (cohorts observed at that age),
    ``customers_observable``, ``customers_buying`` and ``retention``.

    Examples
    --------
    >>> rates = pd.DataFrame({0: [1.0, 1.0], 1: [0.5, 0.25], 2: [0.2, None]}, index=["2024-01", "2024-02"])
    >>> pooled_retention(rates, [10, 20])["retention"].round(4).tolist()
    [1.0, 0.3333, 0.2]
    """
    sizes = np.asarray(cohort_sizes, dtype=float)
    if sizes.shape != (len(retention),):
        raise CRMLibError(f"cohort_sizes has {sizes.size} values for {len(retention)} cohorts: pass one size "
                          "per row of the retention table (retention.attrs['cohort_size']).")
    rates = retention.to_numpy(float)
    observed = ~np.isnan(rates)
    curve = pd.DataFrame({
        "cohorts": observed.sum(axis=0),
        "customers_observable": (observed * sizes[:, None]).sum(axis=0),
        # rate × size gives back the whole number of buyers the rate was computed from
        "customers_buying": np.nansum(rates * sizes[:, None], axis=0).round(),
    }, index=pd.Index(retention.columns, name="age"))
    curve["retention"] = curve["customers_buying"] / curve["customers_observable"]
    return curve
