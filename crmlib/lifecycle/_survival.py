"""Survival (retention) curves: Kaplan-Meier, the log-rank test, survivor counts.

Chapter 2, "Kaplan-Meier survival on the Telco data" (notebook ch2_contractual_retention).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import special

from .._deprecate import keyword_only_arguments, renamed_arguments
from .._errors import CRMLibError, DataFormatError
from .._validate import require_columns


@renamed_arguments(alpha=("level", lambda alpha: 1 - alpha, "level = 1 - alpha"), since="0.2", removed_in="0.3")
@keyword_only_arguments("duration", "event", "group", since="0.2", removed_in="0.3")
def kaplan_meier(
    data: pd.DataFrame,
    *,
    duration: str = "tenure",
    event: str = "churned",
    group: str | None = None,
    level: float = 0.95,
) -> pd.DataFrame:
    """Kaplan-Meier survival (retention) curves with pointwise confidence intervals.

    Parameters
    ----------
    data : one row per customer.
    duration : column with the time observed (e.g. months of tenure).
    event : column, 1/True when the customer churned at ``duration``, 0/False when still
        active (right-censored). ``"Yes"``/``"No"`` strings are accepted.
    group : optional column; one curve per value.
    level : confidence level of the log(-log) intervals (Greenwood variance), e.g. 0.95.
        ``alpha=0.05`` is the retired spelling of ``level=0.95``.

    Returns
    -------
    Long DataFrame with ``group`` (if given), ``time``, ``at_risk``, ``events``, ``survival``,
    ``std_error``, ``lower``, ``upper``; time 0 with survival 1 is included.

    References
    ----------
    Kaplan, E. L. & Meier, P. (1958). *JASA* 53, 457-481. statsmodels ``SurvfuncRight``.

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"tenure": [1, 2, 2, 3, 4], "churned": [1, 1, 0, 1, 0]})
    >>> kaplan_meier(d)[["time", "at_risk", "events", "survival"]].round(4)  # doctest: +NORMALIZE_WHITESPACE
       time  at_risk  events  survival
    0     0        5       0       1.0
    1     1        5       1       0.8
    2     2        4       1       0.6
    3     3        2       1       0.3
    """
    from statsmodels.duration.survfunc import SurvfuncRight

    require_columns(data, [duration, event] + ([group] if group else []), what="The survival data",
                    hint="Pass duration=/event=/group= with your column names.")
    if not 0 < level < 1:
        raise CRMLibError(f"level={level!r}: pass the confidence level as a share, e.g. 0.95 for 95 % intervals.")
    ev = _events(data[event])
    dur = data[duration].to_numpy(dtype=float)
    if np.isnan(dur).any() or (dur < 0).any():
        raise DataFormatError(f"Column {duration!r} must be non-negative numbers without gaps.")
    z = special.ndtri(0.5 + level / 2)
    frames = []
    keys = [(None, np.ones(len(data), bool))] if group is None else [
        (k, (data[group] == k).to_numpy()) for k in sorted(data[group].dropna().unique())
    ]
    for key, mask in keys:
        sf = SurvfuncRight(dur[mask], ev[mask])
        s, se = sf.surv_prob, sf.surv_prob_se
        with np.errstate(divide="ignore", invalid="ignore"):
            theta = np.log(-np.log(s))
            half = z * se / (s * np.abs(np.log(s)))
            lower = np.exp(-np.exp(theta + half))
            upper = np.exp(-np.exp(theta - half))
        lower = np.where(s >= 1, 1.0, np.where(s <= 0, 0.0, lower))
        upper = np.where(s >= 1, 1.0, np.where(s <= 0, 0.0, upper))
        times = sf.surv_times
        n0 = int(mask.sum())
        frame = pd.DataFrame({
            "time": np.r_[0, times], "at_risk": np.r_[n0, sf.n_risk].astype(int),
            "events": np.r_[0, sf.n_events].astype(int), "survival": np.r_[1.0, s],
            "std_error": np.r_[0.0, se], "lower": np.r_[1.0, lower], "upper": np.r_[1.0, upper],
        })
        if np.allclose(frame["time"], frame["time"].round()):
            frame["time"] = frame["time"].round().astype(int)
        if group is not None:
            frame.insert(0, group, key)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def _events(col: pd.Series) -> np.ndarray:
    if col.dtype == object or isinstance(col.dtype, pd.StringDtype):
        mapped = col.astype(str).str.strip().str.lower().map({"yes": 1, "no": 0, "true": 1, "false": 0, "1": 1, "0": 0})
        if mapped.isna().any():
            raise DataFormatError("The event column must be 1/0, True/False or 'Yes'/'No'.")
        return mapped.to_numpy(dtype=float)
    return col.astype(float).to_numpy()


@keyword_only_arguments("duration", "event", "group", since="0.2", removed_in="0.3")
def logrank_test(data: pd.DataFrame, *, duration: str = "tenure", event: str = "churned",
                 group: str = "group") -> pd.Series:
    """Log-rank test that the survival curves of all groups are equal.

    Returns
    -------
    pandas.Series with ``statistic`` (chi-square), ``df`` (groups - 1) and ``p_value``.

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"tenure": [1, 2, 3, 4, 5, 6], "churned": [1, 1, 1, 1, 1, 1],
    ...                   "group": ["a", "a", "a", "b", "b", "b"]})
    >>> round(float(logrank_test(d)["statistic"]), 3)
    5.052
    """
    from statsmodels.duration.survfunc import survdiff

    require_columns(data, [duration, event, group], what="The survival data",
                    hint="Pass duration=/event=/group= with your column names.")
    ev = _events(data[event])
    stat, p = survdiff(data[duration].to_numpy(float), ev, data[group].to_numpy())
    return pd.Series({"statistic": float(stat), "df": data[group].nunique() - 1, "p_value": float(p)})



@keyword_only_arguments("recency", "T", since="0.2", removed_in="0.3")
def survivors_from_customers(customers: pd.DataFrame, *, recency: str = "recency", T: str = "T") -> pd.Series:
    """Survivor counts S(0), S(1), ..., S(T-1) from customer-level contract data.

    ``recency`` is the last period a customer was active (1..T); a customer active in
    period ``t + 1`` has survived ``t`` renewals. Matches the layout of
    :func:`crmlib.datasets.load_sbg_cohorts`.
    """
    require_columns(customers, [recency, T], what="The customer table",
                    hint="Pass recency=/T= with your column names.")
    r = customers[recency].to_numpy(int)
    horizon = int(customers[T].max())
    counts = [(r > t).sum() for t in range(horizon)]
    return pd.Series(counts, index=pd.RangeIndex(horizon, name="period"), name="survivors")
