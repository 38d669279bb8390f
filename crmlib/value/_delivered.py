"""Customer delivered value (顾客让渡价值) and survey scoring of consumption values (ch1_value_to_customer)."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from .._errors import CRMLibError
from .._validate import require_columns


#: Kotler's four sources of total customer value (顾客总价值).
VALUE_COMPONENTS: tuple[str, ...] = ("product", "service", "personnel", "image")
#: Kotler's four parts of total customer cost (顾客总成本).
COST_COMPONENTS: tuple[str, ...] = ("monetary", "time", "energy", "psychic")


# ---------------------------------------------------------------------------
# Value to the customer
# ---------------------------------------------------------------------------

def delivered_value(
    offers: pd.DataFrame,
    value_columns: Sequence[str] = VALUE_COMPONENTS,
    cost_columns: Sequence[str] = COST_COMPONENTS,
) -> pd.DataFrame:
    """Kotler's customer delivered value (客户让渡价值) of one or several offers.

    Parameters
    ----------
    offers : DataFrame
        One row per offer; the value and cost components as money-equivalent numbers
        (all in the same unit).
    value_columns : sequence of str
        Columns summed into total customer value (顾客总价值): product, service,
        personnel and image value by default.
    cost_columns : sequence of str
        Columns summed into total customer cost (顾客总成本): monetary, time, energy
        and psychic cost by default.

    Returns
    -------
    DataFrame
        A copy of *offers* with ``total_value``, ``total_cost``, ``delivered_value``
        (difference form, value − cost), ``value_ratio`` (ratio form, value / cost)
        and ``rank`` (1 = largest delivered value).

    References
    ----------
    Kotler, P. *Marketing Management* (customer delivered value); seed 000 and 004.

    Examples
    --------
    >>> offers = pd.DataFrame({"product": [100, 100], "service": [10, 4], "personnel": [5, 5],
    ...                        "image": [5, 5], "monetary": [90, 85], "time": [2, 8],
    ...                        "energy": [1, 3], "psychic": [1, 4]}, index=["X", "Y"])
    >>> delivered_value(offers)[["total_value", "total_cost", "delivered_value", "rank"]]
       total_value  total_cost  delivered_value  rank
    X          120          94               26     1
    Y          114         100               14     2
    """
    require_columns(offers, [*value_columns, *cost_columns], what="delivered_value: the data")
    out = offers.copy()
    out["total_value"] = offers[list(value_columns)].sum(axis=1)
    out["total_cost"] = offers[list(cost_columns)].sum(axis=1)
    if (out["total_cost"] <= 0).any():
        raise CRMLibError("Every offer needs a positive total customer cost for the ratio form; check the cost columns.")
    out["delivered_value"] = out["total_value"] - out["total_cost"]
    out["value_ratio"] = out["total_value"] / out["total_cost"]
    out["rank"] = out["delivered_value"].rank(ascending=False, method="min").astype(int)
    return out


def mercedes_s350_bids() -> pd.DataFrame:
    """The three Mercedes S350 dealers' bids for ten cars (seed 000), scored.

    Huawai Technology (Shenzhen) asked three dealers to bid for 10 Mercedes S350 within
    a week, with a price. The seed reports what each bid offered; the money-equivalent
    scores below are **assumptions** made to turn the story into numbers, in 10,000 yuan
    per car (万元/台):

    * product value 120 for all three: the car is the same S350 (the buyer's
      valuation of the car itself, above the price, as the buyer did order);
    * Beijing Baixing (北京柏星行): price 106 stated; chauffeur training and recruiting
      (service +6), references from Lenovo and Haier (personnel 4, image 4), cars in
      3 days so small time (0.5), energy (0.5) and psychic (0.5) costs;
    * Shanghai Daxing (上海达星行): no price, "will beat the lowest bid" — assumed 105;
      registration help in Beijing/Shenzhen, cars ready in 3 hours (service 3,
      personnel 2, image 3); the buyer must obtain other quotes first (time 1.5,
      energy 1) and is unsure of the final price (psychic 2);
    * Guangzhou Lanxing (广州蓝星行): no price, "negotiate face to face" — assumed
      107 (list price); near the Shenzhen head office, visits to explain after-sales
      service (service 3, personnel 2, image 2); a meeting is needed to learn the price
      (time 2, energy 1.5) and the price is unknown (psychic 2.5).

    Returns
    -------
    DataFrame
        One row per dealer with the eight components and ``price_stated`` (whether
        the bid stated a price), ready for :func:`delivered_value`.

    Examples
    --------
    >>> dv = delivered_value(mercedes_s350_bids())
    >>> dv["delivered_value"].idxmax()
    'Beijing Baixing'
    """
    rows = {
        "Beijing Baixing": (120, 6, 4, 4, 106, 0.5, 0.5, 0.5, True),
        "Shanghai Daxing": (120, 3, 2, 3, 105, 1.5, 1.0, 2.0, False),
        "Guangzhou Lanxing": (120, 3, 2, 2, 107, 2.0, 1.5, 2.5, False),
    }
    cols = [*VALUE_COMPONENTS, *COST_COMPONENTS, "price_stated"]
    out = pd.DataFrame.from_dict(rows, orient="index", columns=cols)
    out.index.name = "dealer"
    out["dealer_zh"] = ["北京柏星行", "上海达星行", "广州蓝星行"]
    return out


def score_value_dimensions(responses: pd.DataFrame, dimensions: Mapping[str, Sequence[str]]) -> pd.DataFrame:
    """Score survey answers on value dimensions (e.g. Sheth–Newman–Gross's five values).

    Parameters
    ----------
    responses : DataFrame
        One row per respondent, one column per survey item (e.g. 1–7 Likert answers).
    dimensions : mapping of str to list of str
        Dimension name → the items that measure it.

    Returns
    -------
    DataFrame
        One row per respondent, one column per dimension: the mean of its items
        (missing answers ignored).

    References
    ----------
    Sheth, Newman & Gross (1991), "Why we buy what we buy", J. Business Research 22.

    Examples
    --------
    >>> r = pd.DataFrame({"f1": [7, 4], "f2": [5, 4], "s1": [2, 6]})
    >>> score_value_dimensions(r, {"functional": ["f1", "f2"], "social": ["s1"]})
       functional  social
    0         6.0     2.0
    1         4.0     6.0
    """
    items = [i for its in dimensions.values() for i in its]
    require_columns(responses, items, what="score_value_dimensions: the data")
    return pd.DataFrame({d: responses[list(its)].mean(axis=1) for d, its in dimensions.items()})
