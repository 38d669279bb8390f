"""Loyalty zones, loyalty curves, the loyalty ladder and the complaints iceberg (ch4_loyalty_zones)."""
from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from .._errors import CRMLibError


# ---------------------------------------------------------------------------
# Satisfaction and loyalty
# ---------------------------------------------------------------------------

#: Jones & Sasser (1995) zones with the seeds' Chinese names.
LOYALTY_ZONES: pd.DataFrame = pd.DataFrame(
    [
        ("apostle", "传道者", "very high satisfaction, high loyalty: recommends you"),
        ("loyalist", "忠诚者", "high satisfaction, high loyalty"),
        ("mercenary", "图利者", "high satisfaction, low loyalty: chases the best deal"),
        ("hostage", "囚禁者", "low satisfaction, high loyalty: cannot leave (switching costs, monopoly)"),
        ("defector", "背叛者", "low satisfaction, low loyalty: leaves"),
        ("terrorist", "破坏者", "very low satisfaction, low loyalty: leaves and spreads bad word of mouth"),
    ],
    columns=["zone", "chinese", "description"],
).set_index("zone")


def loyalty_zones(
    satisfaction: pd.Series | Sequence[float],
    loyalty: pd.Series | Sequence[float],
    satisfaction_cut: float,
    loyalty_cut: float,
    apostle_at: float | None = None,
    terrorist_at: float | None = None,
) -> pd.Series:
    """Jones-Sasser zone of each customer from satisfaction and loyalty scores.

    Parameters
    ----------
    satisfaction, loyalty : one score per customer (e.g. 1-5 ratings, or repurchase intent).
    satisfaction_cut, loyalty_cut : values at or above which a score counts as high.
    apostle_at : satisfaction at or above which a loyal customer is an apostle
        (传道者) rather than a loyalist; no apostles if None.
    terrorist_at : satisfaction at or below which a disloyal customer is a terrorist
        (破坏者) rather than a defector; no terrorists if None.

    Returns
    -------
    Categorical Series with the zones of :data:`LOYALTY_ZONES`.

    References
    ----------
    Jones & Sasser (1995), "Why satisfied customers defect", Harvard Business Review 73(6).

    Examples
    --------
    >>> loyalty_zones([5, 4, 2, 1, 2], [5, 2, 5, 1, 2], 4, 4, apostle_at=5, terrorist_at=1).tolist()
    ['apostle', 'mercenary', 'hostage', 'terrorist', 'defector']
    """
    s = pd.Series(satisfaction, dtype=float)
    loy = pd.Series(loyalty, dtype=float)
    if len(s) != len(loy):
        raise CRMLibError("satisfaction and loyalty need one value per customer each.")
    loy.index = s.index
    if s.isna().any() or loy.isna().any():
        raise CRMLibError("satisfaction and loyalty have missing values; drop them first.")
    hi_s, hi_l = s >= satisfaction_cut, loy >= loyalty_cut
    zone = np.select(
        [hi_s & hi_l, hi_s & ~hi_l, ~hi_s & hi_l], ["loyalist", "mercenary", "hostage"], "defector"
    ).astype(object)
    if apostle_at is not None:
        zone[(hi_s & hi_l & (s >= apostle_at)).to_numpy()] = "apostle"
    if terrorist_at is not None:
        zone[(~hi_s & ~hi_l & (s <= terrorist_at)).to_numpy()] = "terrorist"
    return pd.Series(pd.Categorical(zone, categories=list(LOYALTY_ZONES.index)), index=s.index, name="zone")


def loyalty_zone_counts(zones: pd.Series) -> pd.DataFrame:
    """Customers and share of customers in each zone, every zone listed (empty ones with 0).

    Parameters
    ----------
    zones : the output of :func:`loyalty_zones`.

    Returns
    -------
    DataFrame indexed by zone (the order of :data:`LOYALTY_ZONES`) with ``chinese``,
    ``customers`` and ``share``.

    Examples
    --------
    >>> z = loyalty_zones([5, 4, 2, 1], [5, 2, 5, 1], 4, 4)
    >>> loyalty_zone_counts(z)["customers"].tolist()
    [0, 1, 1, 1, 1, 0]
    """
    if len(zones) == 0:
        raise CRMLibError("No customers: loyalty_zone_counts needs the zones of at least one customer.")
    z = pd.Series(zones).astype(str)
    unknown = sorted(set(z) - set(LOYALTY_ZONES.index))
    if unknown:
        raise CRMLibError(f"Unknown zones {unknown}: pass the output of loyalty_zones().")
    counts = z.value_counts().reindex(LOYALTY_ZONES.index, fill_value=0).astype(int)
    return pd.DataFrame({"chinese": LOYALTY_ZONES["chinese"], "customers": counts,
                         "share": counts / len(z)})


#: Seed 001's three satisfaction-loyalty curves: letter -> (Chinese name, English name, alias).
LOYALTY_CURVES: pd.DataFrame = pd.DataFrame(
    [
        ("A", "无奈的选择", "no real choice", "noncompetitive"),
        ("B", "一分满意,一分忠诚", "loyalty in proportion to satisfaction", "proportional"),
        ("C", "激烈竞争的买方市场", "fiercely competitive buyer's market", "competitive"),
    ],
    columns=["curve", "chinese", "english", "market"],
).set_index("curve")


def stylized_loyalty_curve(
    satisfaction: float | np.ndarray | Sequence[float],
    curve: str = "C",
    *,
    scale_min: float = 1,
    scale_max: float = 7,
) -> np.ndarray:
    """Seed 001's stylized satisfaction-loyalty curves A, B and C.

    A teaching curve, not an estimate. Satisfaction and loyalty share one scale, from
    *scale_min* (completely dissatisfied / not loyal) to *scale_max* (completely satisfied /
    loyal); the default 1-7 is the scale of the survey and of :func:`loyalty_zones`. With
    ``u = (s - scale_min) / (scale_max - scale_min)`` in 0-1, loyalty as a share of the scale is

    * **A** 无奈的选择 (no real choice; alias ``"noncompetitive"``): ``0.7 + 0.3 u``, high
      whatever the satisfaction (patents, few substitutes, high switching costs);
    * **B** 一分满意,一分忠诚 (loyalty in proportion to satisfaction; ``"proportional"``):
      ``u``, every step of satisfaction brings the same step of loyalty;
    * **C** 激烈竞争的买方市场 (fiercely competitive buyer's market; ``"competitive"``):
      ``u**4``, low until satisfaction is complete, then steep (Jones & Sasser 1995).

    The share is mapped back onto the scale: ``scale_min + (scale_max - scale_min) * share``.
    Between the ends of the scale C < B < A; all three reach *scale_max* at complete
    satisfaction, and B and C start at *scale_min*.

    Parameters
    ----------
    satisfaction : satisfaction on the scale, a number or an array.
    curve : ``"A"``, ``"B"`` or ``"C"`` (or the aliases above); see :data:`LOYALTY_CURVES`.
    scale_min, scale_max : ends of the satisfaction and loyalty scale.

    Returns
    -------
    Loyalty on the same scale, an array shaped like *satisfaction*.

    Examples
    --------
    >>> stylized_loyalty_curve([1, 4, 7], "A").round(2).tolist()   # 1 + 6 * (0.7 + 0.3 u)
    [5.2, 6.1, 7.0]
    >>> stylized_loyalty_curve([1, 4, 7], "B").tolist()
    [1.0, 4.0, 7.0]
    >>> stylized_loyalty_curve([1, 4, 7], "C").tolist()            # 1 + 6 * 0.5**4 = 1.375
    [1.0, 1.375, 7.0]
    >>> stylized_loyalty_curve([1, 3, 5], "competitive", scale_min=1, scale_max=5).tolist()
    [1.0, 1.25, 5.0]
    """
    if not scale_max > scale_min:
        raise CRMLibError(f"scale_max ({scale_max}) must be greater than scale_min ({scale_min}), e.g. 1 and 7.")
    key = str(curve)
    aliases = dict(zip(LOYALTY_CURVES["market"], LOYALTY_CURVES.index))
    key = aliases.get(key, key.upper() if key.upper() in LOYALTY_CURVES.index else key)
    if key not in LOYALTY_CURVES.index:
        raise CRMLibError(
            f"curve must be 'A', 'B' or 'C' (or {sorted(aliases)}), not {curve!r}."
        )
    s = np.asarray(satisfaction, dtype=float)
    if np.any((s < scale_min) | (s > scale_max)):
        raise CRMLibError(
            f"Satisfaction for the stylized curve must lie on the {scale_min:g}-{scale_max:g} scale; "
            "pass scale_min/scale_max to match your survey."
        )
    u = (s - scale_min) / (scale_max - scale_min)
    share = {"A": 0.7 + 0.3 * u, "B": u, "C": u**4}[key]
    return scale_min + (scale_max - scale_min) * share


#: The loyalty ladder of seed 001, from first contact to partner.
LOYALTY_LADDER: pd.DataFrame = pd.DataFrame(
    [
        ("suspect", "普通购买者", "anyone in the market who might buy"),
        ("prospect", "潜在购买者", "shows interest; has not bought"),
        ("customer", "普通客户", "has bought once"),
        ("supporter", "跟随者", "buys repeatedly, passively"),
        ("advocate", "拥护者", "recommends you to others"),
        ("partner", "合伙人", "works with you, co-creates value"),
    ],
    columns=["rung", "chinese", "description"],
).set_index("rung")


def ladder_conversion(counts: pd.Series | Mapping[str, float]) -> pd.DataFrame:
    """Step-by-step conversion up the loyalty ladder.

    Parameters
    ----------
    counts : number of people who reached each rung (at least that rung), keyed by the
        rungs of :data:`LOYALTY_LADDER` in order; later rungs may be missing.

    Returns
    -------
    DataFrame with ``reached``, ``step_rate`` (share of the rung below who climbed) and
    ``overall_rate`` (share of the first rung).

    Examples
    --------
    >>> ladder_conversion({"suspect": 1000, "prospect": 200, "customer": 50}).round(3)["step_rate"].tolist()
    [1.0, 0.2, 0.25]
    """
    c = pd.Series(counts, dtype=float)
    rungs = list(LOYALTY_LADDER.index)
    if list(c.index) != rungs[: len(c)]:
        raise CRMLibError(f"counts must follow the ladder order {rungs} from the bottom rung.")
    if (c.diff().dropna() > 0).any():
        raise CRMLibError("Counts cannot grow up the ladder: each rung is a subset of the one below.")
    return pd.DataFrame({"reached": c, "step_rate": (c / c.shift()).fillna(1.0), "overall_rate": c / c.iloc[0]})


def complaints_iceberg(
    complaints: float,
    complaint_rate: float = 0.04,
    tell_per_dissatisfied: float | None = None,
) -> pd.Series:
    """How many dissatisfied customers lie under the complaints you hear.

    Parameters
    ----------
    complaints : complaints received.
    complaint_rate : share of dissatisfied customers who complain (seed 002: 4 %,
        "96 % of dissatisfied customers never complain").
    tell_per_dissatisfied : people each dissatisfied customer tells; the word-of-mouth
        reach is omitted (NaN) if None.

    Returns
    -------
    Series with ``complaints``, ``dissatisfied`` (= complaints / rate), ``silent``
    (dissatisfied who never complain) and ``word_of_mouth_reach``.

    Examples
    --------
    >>> complaints_iceberg(4, 0.04, tell_per_dissatisfied=10).to_dict()
    {'complaints': 4.0, 'dissatisfied': 100.0, 'silent': 96.0, 'word_of_mouth_reach': 1000.0}
    """
    if not 0 < complaint_rate <= 1:
        raise CRMLibError("complaint_rate is a share between 0 and 1 (4 % is 0.04).")
    if complaints < 0:
        raise CRMLibError("complaints cannot be negative.")
    dissatisfied = round(complaints / complaint_rate, 10)
    reach = np.nan if tell_per_dissatisfied is None else dissatisfied * tell_per_dissatisfied
    return pd.Series({
        "complaints": float(complaints), "dissatisfied": dissatisfied,
        "silent": round(dissatisfied - complaints, 10), "word_of_mouth_reach": reach,
    }, name="iceberg")
