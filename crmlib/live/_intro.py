"""Chapter 0 live figures: Kotler's relationship-level chooser and relationship strength along a value chain.

The matrix, its Chinese names and the band cut-offs come from :mod:`crmlib.relationship`
(``kotler_matrix``, ``LEVELS`` and the defaults of ``relationship_levels``); the browser
only looks the chosen cell up, as :func:`crmlib.relationship.relationship_level` does.
"""
from __future__ import annotations

import inspect

from .. import relationship
from ._core import LiveFigure, base_spec, colour, readout, slider

__all__ = ["live_relationship_level_chooser", "live_relationship_strength", "kotler_cells"]


def _cuts() -> tuple[tuple[float, float], tuple[float, float]]:
    defaults = inspect.signature(relationship.relationship_levels).parameters
    return defaults["customer_cuts"].default, defaults["margin_cuts"].default


def kotler_cells() -> list[dict[str, str]]:
    """Kotler's matrix as rows ``{customers, margin, level, chinese, what}`` (the live figure's inline data).

    Examples
    --------
    >>> [c["level"] for c in kotler_cells() if c["customers"] == "few" and c["margin"] == "high"]
    ['partnership']
    """
    table = relationship.kotler_matrix()
    return [{"customers": str(size), "margin": str(rate), "level": str(level),
             "chinese": relationship.LEVELS[level].chinese,
             "what": relationship.LEVELS[level].what_the_firm_does}
            for size, row in table.iterrows() for rate, level in row.items()]


def live_relationship_level_chooser(n_customers: int = 5_000, unit_margin: float = 0.2) -> LiveFigure:
    """Live Kotler matrix: sliders n_customers, unit_margin → the nine cells with ``chosen`` marking
    the level :func:`crmlib.relationship.relationship_level` recommends.

    Examples
    --------
    >>> sorted(live_relationship_level_chooser().params())
    ['n_customers', 'unit_margin']
    """
    (few, many), (low, high) = _cuts()
    params = [slider("n_customers", n_customers, 10, 100_000, 10, "customers"),
              slider("unit_margin", unit_margin, 0.0, 0.8, 0.01, "unit margin (share of price)")]
    spec = base_spec({"text": "Kotler's relationship levels",
                      "subtitle": f"few < {few:,} ≤ medium < {many:,} ≤ many customers;  "
                                  f"low < {low:.0%} ≤ medium < {high:.0%} ≤ high margin"},
                     params, width=420, height=190)
    spec["data"] = {"values": kotler_cells()}
    spec["transform"] = [
        # the same half-open bands as crmlib.relationship._band: value < low, < high, else
        {"calculate": f"n_customers < {few} ? 'few' : n_customers < {many} ? 'medium' : 'many'", "as": "size_band"},
        {"calculate": f"unit_margin < {low} ? 'low' : unit_margin < {high} ? 'medium' : 'high'", "as": "margin_band"},
        {"calculate": "datum.customers == datum.size_band && datum.margin == datum.margin_band", "as": "chosen"},
        {"calculate": "datum.level + ' ' + datum.chinese", "as": "label"},
        # the inputs travel with the rows, so values() shows what the cells were chosen for
        {"calculate": "n_customers", "as": "n_customers"},
        {"calculate": "unit_margin", "as": "unit_margin"},
    ]
    x = {"field": "margin", "type": "ordinal", "title": "unit margin", "sort": ["high", "medium", "low"],
         "axis": {"orient": "top", "labelAngle": 0}}
    y = {"field": "customers", "type": "ordinal", "title": "customers", "sort": ["many", "medium", "few"]}
    spec["layer"] = [
        {"name": "table", "mark": {"type": "rect", "stroke": "white", "strokeWidth": 2},
         "encoding": {"x": x, "y": y,
                      "color": {"condition": {"test": "datum.chosen", "value": colour(2)}, "value": "#eeeeee"},
                      "tooltip": [{"field": "level"}, {"field": "chinese"}, {"field": "what"}]}},
        {"transform": [{"filter": "!datum.chosen"}], "mark": {"type": "text", "fontSize": 13},
         "encoding": {"x": x, "y": y, "text": {"field": "label"}}},
        {"transform": [{"filter": "datum.chosen"}], "mark": {"type": "text", "fontSize": 13, "fontWeight": "bold"},
         "encoding": {"x": x, "y": y, "text": {"field": "label"}}},
    ]
    spec["layer"].append({**readout("datum.level + ' (' + datum.chinese + '): ' + datum.what", "datum.chosen"),
                          "encoding": {"x": {"value": 0}, "y": {"value": 215}, "text": {"field": "readout"}}})
    return LiveFigure("relationship-level-chooser", spec, description="Kotler's relationship-level matrix with "
                      "sliders for the number of customers and the unit margin")


def live_relationship_strength(links: int = 3, reference: int = 1, max_links: int = 8) -> LiveFigure:
    """Live value-chain strength: sliders links, reference → rows ``{links, strength}`` of
    :func:`crmlib.relationship.relationship_strength` for 1 … max_links links.

    Examples
    --------
    >>> sorted(live_relationship_strength().params())
    ['links', 'reference']
    """
    params = [slider("links", links, 1, max_links, 1, "links between firm and customer"),
              slider("reference", reference, 1, 4, 1, "links counted as strength 1")]
    spec = base_spec({"text": "Relationship strength along the value chain",
                      "subtitle": "strength = (reference / links)², like light with distance"}, params, height=200)
    spec["data"] = {"sequence": {"start": 1, "stop": max_links + 1, "as": "links"}}
    spec["transform"] = [{"calculate": "pow(reference / datum.links, 2)", "as": "strength"},
                         {"calculate": "datum.links == links", "as": "chosen"}]
    x = {"field": "links", "type": "ordinal", "title": "links between firm and customer (1 = direct)",
         "axis": {"labelAngle": 0}}
    y = {"field": "strength", "type": "quantitative", "title": "relative strength"}
    spec["layer"] = [
        {"name": "table", "mark": "bar",
         "encoding": {"x": x, "y": y,
                      "color": {"condition": {"test": "datum.chosen", "value": colour(5)}, "value": colour(2)},
                      "tooltip": [x, {**y, "format": ".4f"}]}},
        readout("datum.links + ' links: strength ' + format(datum.strength, '.4f') + ' of the ' + reference + "
                "'-link relationship'", "datum.chosen"),
    ]
    spec["layer"][-1]["encoding"]["x"] = {"value": 110}  # clear of the first bar
    spec["usermeta"] = {"crmlib": {"max_links": max_links}}
    return LiveFigure("relationship-strength", spec, description="Relationship strength falling with the square of "
                      "the number of value-chain links")
