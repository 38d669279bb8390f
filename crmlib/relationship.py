"""Relationship levels and relationship strength (chapter 0).

Kotler's five levels of customer relationship say how much a firm should invest in
each customer relationship, given how many customers it has and how much it earns on
each unit sold. The value-chain rule of seed 002 says how quickly a relationship
weakens as intermediaries are added between firm and customer.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd

from ._errors import CRMLibError

__all__ = [
    "CUSTOMER_CUTS",
    "LEVELS",
    "MARGIN_CUTS",
    "RelationshipLevel",
    "kotler_matrix",
    "market_cell",
    "relationship_level",
    "relationship_levels",
    "relationship_strength",
]


@dataclass(frozen=True)
class RelationshipLevel:
    """One of Kotler's five relationship levels."""

    name: str
    chinese: str
    what_the_firm_does: str


#: Kotler's five levels, from least to most investment in each relationship.
LEVELS: dict[str, RelationshipLevel] = {
    level.name: level
    for level in [
        RelationshipLevel("basic", "基本型", "Sells the product and does not follow up."),
        RelationshipLevel(
            "reactive", "被动型", "Sells the product and invites customers to call with questions or complaints."
        ),
        RelationshipLevel(
            "accountable", "负责型",
            "Calls customers soon after the sale to check the product met expectations and asks for suggestions.",
        ),
        RelationshipLevel(
            "proactive", "能动型",
            "Contacts customers from time to time with better ways to use the product or with new products.",
        ),
        RelationshipLevel(
            "partnership", "伙伴型",
            "Works continuously with each customer to find ways to deliver more value, and shares in its success.",
        ),
    ]
}

_CUSTOMER_BANDS = ("many", "medium", "few")
_MARGIN_BANDS = ("high", "medium", "low")

# Rows: number of customers; columns: unit margin (Kotler 1994, table on relationship
# levels). Kotler writes "basic or reactive" for many customers at a low margin; the
# cheaper option is taken here, because a low margin cannot pay for reactive service
# at scale.
_MATRIX = {
    "many": {"high": "accountable", "medium": "reactive", "low": "basic"},
    "medium": {"high": "proactive", "medium": "accountable", "low": "reactive"},
    "few": {"high": "partnership", "medium": "proactive", "low": "accountable"},
}


def kotler_matrix(chinese: bool = False) -> pd.DataFrame:
    """Kotler's relationship-level matrix: number of customers × unit margin.

    Parameters
    ----------
    chinese : label cells with the Chinese textbook names (基本型 …) instead of English.

    Returns
    -------
    DataFrame with rows ``many``/``medium``/``few`` customers and columns
    ``high``/``medium``/``low`` margin.

    References
    ----------
    Kotler, P. (1994), *Marketing Management*, 8th ed., ch. 2 (levels of relationship).

    Examples
    --------
    >>> kotler_matrix().loc["few", "high"]
    'partnership'
    >>> kotler_matrix(chinese=True).loc["many", "low"]
    '基本型'
    """
    table = pd.DataFrame(_MATRIX).T.loc[list(_CUSTOMER_BANDS), list(_MARGIN_BANDS)]
    table.index.name, table.columns.name = "customers", "margin"
    if chinese:
        table = table.map(lambda name: LEVELS[name].chinese)
    return table


#: Teaching defaults of the cut-offs: (few below, many from) customers and (low below, high from) margin.
CUSTOMER_CUTS = (100, 10_000)
MARGIN_CUTS = (0.10, 0.40)


def _band(values: np.ndarray, cuts: Sequence[float], labels: Sequence[str], what: str) -> np.ndarray:
    low, high = cuts
    if not low < high:
        raise CRMLibError(f"{what} cut-offs must be increasing, got {tuple(cuts)}.")
    return np.where(values < low, labels[0], np.where(values < high, labels[1], labels[2]))


def _cells(n_customers: object, unit_margin: object, customer_cuts: Sequence[float],
           margin_cuts: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
    """The one validation and banding behind the scalar and the vector functions below."""
    customers = np.asarray(n_customers, dtype=float)
    margin = np.asarray(unit_margin, dtype=float)
    if customers.shape != margin.shape:
        raise CRMLibError(f"n_customers has shape {customers.shape} but unit_margin has {margin.shape}.")
    if np.any(~np.isfinite(customers)) or np.any(customers <= 0):
        raise CRMLibError(f"n_customers must be positive and finite, got {n_customers!r}.")
    if np.any(~np.isfinite(margin)) or np.any(np.abs(margin) > 1):
        raise CRMLibError(f"unit_margin is a share of price between -1 and 1 (write 35 % as 0.35), got {unit_margin!r}.")
    size = _band(customers, customer_cuts, ("few", "medium", "many"), "customer")
    rate = _band(margin, margin_cuts, ("low", "medium", "high"), "margin")
    return size, rate


def relationship_levels(
    n_customers: Sequence[float] | np.ndarray | pd.Series,
    unit_margin: Sequence[float] | np.ndarray | pd.Series,
    customer_cuts: tuple[float, float] = CUSTOMER_CUTS,
    margin_cuts: tuple[float, float] = MARGIN_CUTS,
) -> pd.Series:
    """Kotler relationship level for many (customers, margin) pairs at once.

    Parameters
    ----------
    n_customers : number of customers the firm serves in the market, > 0.
    unit_margin : profit margin per unit sold as a share of price, between -1 and 1.
    customer_cuts : (few below, many from): fewer than 100 customers are "few",
        10,000 or more are "many". These cut-offs are a teaching default, not Kotler's:
        a firm should set them where its cost of a personal relationship stops paying.
    margin_cuts : (low below, high from): under a 10 % margin is "low", 40 % or more is "high".

    Returns
    -------
    Series of level names (``"basic"`` … ``"partnership"``), aligned with the input.

    Examples
    --------
    >>> relationship_levels([50, 5_000, 1_000_000], [0.45, 0.20, 0.05]).tolist()
    ['partnership', 'accountable', 'basic']
    """
    size, rate = _cells(n_customers, unit_margin, customer_cuts, margin_cuts)
    levels = [_MATRIX[s][r] for s, r in zip(size.ravel(), rate.ravel())]
    index = n_customers.index if isinstance(n_customers, pd.Series) else None
    return pd.Series(levels, index=index, name="relationship_level")


def market_cell(
    n_customers: float,
    unit_margin: float,
    customer_cuts: tuple[float, float] = CUSTOMER_CUTS,
    margin_cuts: tuple[float, float] = MARGIN_CUTS,
) -> tuple[str, str]:
    """The (customers, margin) cell of :func:`kotler_matrix` that a market falls in.

    Validated and cut exactly as :func:`relationship_levels` does.

    Examples
    --------
    >>> market_cell(5_000, 0.2)
    ('medium', 'medium')
    """
    size, rate = _cells(float(n_customers), float(unit_margin), customer_cuts, margin_cuts)
    return str(size), str(rate)


def relationship_level(
    n_customers: float,
    unit_margin: float,
    customer_cuts: tuple[float, float] = CUSTOMER_CUTS,
    margin_cuts: tuple[float, float] = MARGIN_CUTS,
) -> str:
    """Kotler's recommended relationship level for one market.

    Few customers with a high margin call for a partnership (伙伴型); many customers
    with a thin margin for a basic relationship (基本型). See
    :func:`relationship_levels` for the parameters.

    Examples
    --------
    >>> relationship_level(20, 0.50)
    'partnership'
    >>> LEVELS[relationship_level(20, 0.50)].chinese
    '伙伴型'
    """
    size, rate = market_cell(n_customers, unit_margin, customer_cuts, margin_cuts)
    return _MATRIX[size][rate]


def relationship_strength(links: int | Sequence[int] | np.ndarray, reference: int = 1) -> float | np.ndarray:
    """Relative strength of a customer relationship across a value chain.

    Seed 002's analogy with light: brightness falls with the square of the distance
    from the source, and the strength of the relationship between a firm and a customer
    falls with the square of the number of value-chain links between them.

    Parameters
    ----------
    links : number of links between the firm and the customer (1 = direct), >= 1.
    reference : the number of links whose strength is taken as 1.

    Returns
    -------
    ``(reference / links) ** 2``: a float for a number, an array for an array.

    Examples
    --------
    >>> relationship_strength(3)  # a manufacturer selling through a wholesaler and a retailer
    0.1111111111111111
    >>> relationship_strength([1, 2, 4]).tolist()
    [1.0, 0.25, 0.0625]
    """
    arr = np.asarray(links, dtype=float)
    if np.any(arr < 1) or np.any(arr != np.floor(arr)):
        raise CRMLibError(f"links counts value-chain steps and must be a whole number >= 1, got {links!r}.")
    strength = (reference / arr) ** 2
    return float(strength) if strength.ndim == 0 else strength
