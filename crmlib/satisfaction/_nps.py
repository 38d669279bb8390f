"""The Net Promoter Score (ch4_kano_ipa_nps, The Net Promoter Score)."""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd
from scipy import stats

from .._errors import CRMLibError


# ---------------------------------------------------------------------------
# NPS
# ---------------------------------------------------------------------------

def nps_category(scores: pd.Series | Sequence[float]) -> pd.Series:
    """Promoter (9-10), passive (7-8) or detractor (0-6) for each 0-10 answer.

    Examples
    --------
    >>> nps_category([10, 8, 3]).tolist()
    ['promoter', 'passive', 'detractor']
    """
    s = pd.Series(scores, dtype=float)
    if s.isna().any() or ((s < 0) | (s > 10)).any():
        raise CRMLibError("NPS answers must be 0-10 with no missing values.")
    cat = np.select([s >= 9, s >= 7], ["promoter", "passive"], "detractor")
    return pd.Series(pd.Categorical(cat, categories=["detractor", "passive", "promoter"], ordered=True),
                     index=s.index, name="nps_category")


def net_promoter_score(scores: pd.Series | Sequence[float], level: float = 0.95) -> pd.Series:
    """Net Promoter Score (% promoters - % detractors) with a normal-approximation interval.

    The variance uses the multinomial model of the three categories:
    Var(p_P - p_D) = (p_P + p_D - (p_P - p_D)^2) / n.

    Parameters
    ----------
    scores : answers to "how likely are you to recommend us" on 0-10.
    level : confidence level of the interval.

    Returns
    -------
    Series with ``n``, ``promoters``, ``passives``, ``detractors`` (shares), ``nps``,
    ``se``, ``lower`` and ``upper`` (nps, se and bounds on the -100..100 scale).

    References
    ----------
    Reichheld (2003), "The one number you need to grow", Harvard Business Review 81(12).

    Examples
    --------
    >>> r = net_promoter_score([10, 9, 8, 7, 6, 0, 10, 10, 5, 9])
    >>> r[["nps", "se"]].round(2).to_dict()
    {'nps': 20.0, 'se': 27.57}
    """
    cat = nps_category(scores)
    n = len(cat)
    if n == 0:
        raise CRMLibError("No NPS answers given.")
    return _nps_from_counts(int((cat == "promoter").sum()), int((cat == "detractor").sum()), n, level)


def _nps_from_counts(n_promoters: int, n_detractors: int, n: int, level: float) -> pd.Series:
    """The NPS and its interval from the category counts (the one formula behind both NPS functions)."""
    pp, pd_ = n_promoters / n, n_detractors / n
    nps = pp - pd_
    se = np.sqrt(max(pp + pd_ - nps**2, 0.0) / n)
    z = stats.norm.ppf(0.5 + level / 2)
    return pd.Series({
        "n": float(n), "promoters": pp, "passives": 1 - pp - pd_, "detractors": pd_,
        "nps": 100 * nps, "se": 100 * se,
        "lower": 100 * max(nps - z * se, -1.0), "upper": 100 * min(nps + z * se, 1.0),
    }, name="nps")


def nps_from_shares(n: int, promoters: float, detractors: float, level: float = 0.95) -> pd.Series:
    """The NPS of a sample of ``n`` answers with given shares of promoters and detractors.

    A what-if calculator: the shares are turned into whole respondents, rounding half up
    (``floor(n * share + 0.5)``, the same in every language, unlike Python's round-half-even),
    and the NPS and its interval are those :func:`net_promoter_score` gives for such a sample.
    A detractor share larger than what the promoters leave (``1 - promoters``) is cut to it,
    so the counts always add up to ``n``.

    Parameters
    ----------
    n : number of respondents (at least 1).
    promoters, detractors : shares between 0 and 1.
    level : confidence level of the interval.

    Returns
    -------
    Series with the counts ``n_promoters``, ``n_passives``, ``n_detractors`` followed by
    the fields of :func:`net_promoter_score`.

    Examples
    --------
    >>> r = nps_from_shares(400, 0.45, 0.2)
    >>> r[["n_promoters", "n_passives", "n_detractors", "nps"]].tolist()
    [180.0, 140.0, 80.0, 25.0]
    """
    if int(n) != n or n < 1:
        raise CRMLibError(f"n={n!r}: the number of respondents is a whole number of at least 1.")
    for name, share in (("promoters", promoters), ("detractors", detractors)):
        if not 0 <= share <= 1:
            raise CRMLibError(f"{name}={share!r} is a share between 0 and 1 (45 % is 0.45).")
    n = int(n)
    detractors = min(detractors, 1 - promoters)
    n_p, n_d = int(np.floor(n * promoters + 0.5)), int(np.floor(n * detractors + 0.5))
    if n_p + n_d > n:  # both rounded up past n: the detractors give way, as with the shares
        n_d = n - n_p
    counts = pd.Series({"n_promoters": float(n_p), "n_passives": float(n - n_p - n_d),
                        "n_detractors": float(n_d)})
    return pd.concat([counts, _nps_from_counts(n_p, n_d, n, level)]).rename("nps")
