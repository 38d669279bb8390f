"""CLP analysis: current value against potential (ch3_ordering_and_clusters, CLP analysis)."""
from __future__ import annotations

import pandas as pd

from .._errors import DataFormatError
from ._common import _values


# ---------------------------------------------------------------------------
# CLP analysis
# ---------------------------------------------------------------------------

#: The four CLP classes (current value x growth potential) and their strategy.
CLP_CLASSES: dict[str, tuple[str, str]] = {
    "I": ("低当前价值-低增值潜力 low current, low potential", "Serve at minimum cost; reduce or end unprofitable relationships."),
    "II": ("低当前价值-高增值潜力 low current, high potential", "Develop: invest to capture more of their wallet."),
    "III": ("高当前价值-低增值潜力 high current, low potential", "Maintain: keep service level, protect the current profit."),
    "IV": ("高当前价值-高增值潜力 high current, high potential", "Invest most: key accounts, dedicated resources."),
}


def clp_classes(data: pd.DataFrame, current: str = "current_value", potential: str = "potential_value",
                cuts: tuple[float, float] | None = None) -> pd.DataFrame:
    """CLP (customer lifetime profit, 客户生命周期利润) analysis: current value x growth potential.

    A customer's lifetime profit is split into the profit already being earned (*current value*,
    e.g. this year's profit continued at today's level) and the extra profit the relationship could
    still yield (*growth potential*, 增值潜力, e.g. margin on the share of the customer's wallet the
    firm does not yet hold). Splitting both at a cut point (median by default) gives four classes
    I–IV, the CLP matrix used to decide where to invest (seed 000 names the method; the definition
    follows 陈明亮 (2002), see the chapter).

    Returns
    -------
    DataFrame with ``current_value``, ``potential_value``, ``lifetime_profit`` (their sum),
    ``high_current``, ``high_potential`` and ``clp`` (categorical I < II < III < IV).
    ``.attrs["cuts"]`` holds the cut points used.

    Examples
    --------
    >>> d = pd.DataFrame({"current_value": [1, 1, 9, 9], "potential_value": [1, 9, 1, 9]})
    >>> clp_classes(d)["clp"].tolist()
    ['I', 'II', 'III', 'IV']
    """
    for c in (current, potential):
        if c not in data.columns:
            raise DataFormatError(f"clp_classes needs a {c!r} column; pass current=/potential= to name yours.")
    cv, pv = _values(data[current], current), _values(data[potential], potential)
    c_cut, p_cut = (float(cv.median()), float(pv.median())) if cuts is None else (float(cuts[0]), float(cuts[1]))
    hc, hp = (cv > c_cut).to_numpy(), (pv > p_cut).to_numpy()
    code = 2 * hc.astype(int) + hp.astype(int)
    out = pd.DataFrame({"current_value": cv, "potential_value": pv, "lifetime_profit": cv + pv,
                        "high_current": hc, "high_potential": hp}, index=data.index)
    out["clp"] = pd.Categorical.from_codes(code, categories=list(CLP_CLASSES), ordered=True)
    out.attrs["cuts"] = (c_cut, p_cut)
    return out
