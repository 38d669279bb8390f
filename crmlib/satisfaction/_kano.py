"""The Kano model (ch4_kano_ipa_nps, The Kano model)."""
from __future__ import annotations

from typing import Mapping

import numpy as np
import pandas as pd

from .._errors import CRMLibError


# ---------------------------------------------------------------------------
# Kano
# ---------------------------------------------------------------------------

#: Kano answer options, coded 1-5 (functional / dysfunctional question).
KANO_ANSWERS: dict[int, str] = {1: "like", 2: "must-be", 3: "neutral", 4: "live with", 5: "dislike"}

#: Kano evaluation table: rows = functional answer, columns = dysfunctional answer.
#: A attractive, O one-dimensional, M must-be, I indifferent, R reverse, Q questionable.
KANO_TABLE: pd.DataFrame = pd.DataFrame(
    [list("QAAAO"), list("RIIIM"), list("RIIIM"), list("RIIIM"), list("RRRRQ")],
    index=pd.Index(range(1, 6), name="functional"),
    columns=pd.Index(range(1, 6), name="dysfunctional"),
)

#: Kano category letter -> its English name.
KANO_NAMES: dict[str, str] = {"A": "Attractive", "O": "One-dimensional", "M": "Must-be", "I": "Indifferent",
                              "R": "Reverse", "Q": "Questionable"}

#: Kano category -> chapter 1's value level (basic/expected, desired, unanticipated).
KANO_VALUE_LEVEL: dict[str, str] = {
    "M": "basic / expected", "O": "desired", "A": "unanticipated",
    "I": "none (indifferent)", "R": "negative (reverse)", "Q": "questionable answer",
}


def kano_category(functional: int, dysfunctional: int) -> str:
    """Kano category of one answer pair, from :data:`KANO_TABLE`.

    Examples
    --------
    >>> kano_category(1, 5), kano_category(1, 3), kano_category(3, 5), kano_category(5, 1)
    ('O', 'A', 'M', 'R')
    """
    try:
        return str(KANO_TABLE.loc[int(functional), int(dysfunctional)])
    except (KeyError, ValueError, TypeError):
        raise CRMLibError(
            f"Kano answers are coded 1-5 ({KANO_ANSWERS}); got ({functional!r}, {dysfunctional!r})."
        ) from None


def kano_classify(data: pd.DataFrame, features: Mapping[str, tuple[str, str]]) -> pd.DataFrame:
    """Classify features from functional/dysfunctional answer pairs.

    Parameters
    ----------
    data : respondents x answer columns, answers coded 1-5 as in :data:`KANO_ANSWERS`.
    features : feature name -> (functional column, dysfunctional column).

    Returns
    -------
    DataFrame indexed by feature with counts ``A O M I R Q``, ``category`` (the most
    frequent, ties broken in the order M > O > A > I > R > Q, Berger et al.'s rule of
    thumb), ``better`` = (A + O) / (A + O + M + I), ``worse`` = -(O + M) / (A + O + M + I)
    and ``value_level`` (chapter 1's value levels).

    References
    ----------
    Kano et al. (1984), "Attractive quality and must-be quality", J. Japanese Society for
    Quality Control 14(2); Berger et al. (1993), "Kano's methods for understanding
    customer-defined quality", Center for Quality Management Journal 2(4).

    Examples
    --------
    >>> df = pd.DataFrame({"f": [1, 1, 1, 3], "d": [3, 3, 5, 5]})
    >>> k = kano_classify(df, {"wifi": ("f", "d")}).loc["wifi"]
    >>> int(k["A"]), int(k["O"]), int(k["M"]), k["category"], float(k["better"]), float(k["worse"])
    (2, 1, 1, 'A', 0.75, -0.5)
    """
    order = ["M", "O", "A", "I", "R", "Q"]
    rows = {}
    for name, (fcol, dcol) in features.items():
        pairs = data[[fcol, dcol]].dropna()
        cats = [kano_category(f, d) for f, d in zip(pairs[fcol], pairs[dcol])]
        counts = {c: cats.count(c) for c in "AOMIRQ"}
        best = max(order, key=lambda c: (counts[c], -order.index(c)))
        denom = counts["A"] + counts["O"] + counts["M"] + counts["I"]
        rows[name] = {
            **counts, "category": best,
            "better": (counts["A"] + counts["O"]) / denom if denom else np.nan,
            "worse": -(counts["O"] + counts["M"]) / denom if denom else np.nan,
            "value_level": KANO_VALUE_LEVEL[best],
        }
    out = pd.DataFrame.from_dict(rows, orient="index")
    return out.astype({c: int for c in "AOMIRQ"})
