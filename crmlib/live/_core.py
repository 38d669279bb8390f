"""What every live figure shares: sliders as Vega-Lite parameters and the HTML the book embeds.

A live figure is a Vega-Lite spec whose parameters are bound to range sliders. The
book draws it in the reader's browser with the vendored vega/vega-lite/vega-embed
bundles and ``book/_ext/live_static/crm-live/crm-live.js``, which registers it as
``window.crmLive[<id>]``. Nothing here imports a JavaScript tool or needs a network.
"""
from __future__ import annotations

import html
import json
import math
from dataclasses import dataclass, field
from typing import Any

from .._errors import CRMLibError

__all__ = ["LiveFigure", "slider", "VEGA_LITE_SCHEMA", "base_spec", "colour", "readout"]

VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"  # an identifier; never fetched


def slider(name: str, value: float, lo: float, hi: float, step: float, label: str) -> dict[str, Any]:
    """A Vega-Lite parameter bound to a labelled range slider.

    Parameters
    ----------
    name : the parameter's name, used in the spec's expressions and by ``set()``/``params()``
        in the browser (snake_case, the crmlib argument it stands for).
    value, lo, hi, step : start value and range.
    label : text shown in front of the slider (its accessible name).

    Examples
    --------
    >>> slider("retention", 0.8, 0, 0.99, 0.01, "retention rate r")["bind"]["max"]
    0.99
    """
    if not lo <= value <= hi:
        raise CRMLibError(f"slider {name!r}: start value {value} lies outside [{lo}, {hi}]; widen the range.")
    return {"name": name, "value": value,
            "bind": {"input": "range", "min": lo, "max": hi, "step": step, "name": f"{label} "}}


def _finite(obj: Any) -> Any:
    """Reject NaN/inf: JSON has no spelling for them and the browser would read null."""
    if isinstance(obj, float) and not math.isfinite(obj):
        raise CRMLibError(f"a live figure's data holds {obj}; replace it by None or a finite number.")
    if isinstance(obj, dict):
        return {k: _finite(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_finite(v) for v in obj]
    return obj


@dataclass(frozen=True)
class LiveFigure:
    """A Vega-Lite spec that the static book draws live, registered as ``window.crmLive[id]``.

    Parameters
    ----------
    id : kebab-case name of the widget it mirrors (``"clv-calculator"``).
    spec : Vega-Lite spec; its range-bound ``params`` are the sliders.
    dataset : name of the layer whose drawn rows ``values()`` returns in the browser.

    Examples
    --------
    >>> fig = LiveFigure("demo", {"mark": "point", "params": [slider("k", 1, 0, 2, 1, "k")]})
    >>> fig.params()
    {'k': {'min': 0, 'max': 2, 'step': 1, 'value': 1}}
    >>> 'data-crm-live="demo"' in fig.to_html()
    True
    """

    id: str
    spec: dict[str, Any]
    dataset: str = "table"
    description: str = field(default="")

    def params(self) -> dict[str, dict[str, float]]:
        """The sliders as the browser reports them before any move: ``{name: {min, max, step, value}}``."""
        return {p["name"]: {"min": p["bind"]["min"], "max": p["bind"]["max"], "step": p["bind"]["step"],
                            "value": p["value"]}
                for p in self.spec.get("params", []) if p.get("bind", {}).get("input") == "range"}

    def to_html(self) -> str:
        """The HTML the book shows: a JSON spec and an empty view that crm-live.js fills."""
        spec = {"$schema": VEGA_LITE_SCHEMA, **_finite(self.spec)}
        # "</" inside a <script> would end it early; "<\/" is the same JSON string.
        body = json.dumps(spec, ensure_ascii=False, sort_keys=True, separators=(",", ":")).replace("</", "<\\/")
        desc = html.escape(self.description or f"Live figure {self.id}")
        return (f'<div class="crm-live" data-crm-live="{html.escape(self.id)}" '
                f'data-crm-live-dataset="{html.escape(self.dataset)}" role="figure" aria-label="{desc}">'
                f'<script type="application/json" class="crm-live-spec">{body}</script>'
                '<div class="crm-live-view"></div>'
                '<noscript>This figure needs JavaScript; the static figure above shows the same.</noscript>'
                '</div>')

    def _repr_html_(self) -> str:
        return self.to_html()


def colour(i: int) -> str:
    """The i-th colour of :data:`crmlib.plots.PALETTE` (Okabe–Ito), as the static figures use."""
    from ..plots._style import PALETTE

    return PALETTE[i % len(PALETTE)]


def base_spec(title: dict[str, Any] | str, params: list[dict[str, Any]], *, width: int = 440,
              height: int = 220) -> dict[str, Any]:
    """The frame every live figure shares: size, sliders, title and a readable font size."""
    return {"width": width, "height": height, "params": params, "title": title,
            "config": {"axis": {"labelFontSize": 12, "titleFontSize": 12},
                       "title": {"fontSize": 14, "subtitleFontSize": 12, "anchor": "start"},
                       "view": {"stroke": None}}}


def readout(label: str, where: str = "true", *, line: int = 0) -> dict[str, Any]:
    """A text layer above the plot that shows ``label`` (a Vega expression over ``datum``)
    for the row(s) where ``where`` holds: the figure's numbers as text, next to its picture."""
    return {"transform": [{"filter": where}, {"calculate": label, "as": "readout"}],
            "mark": {"type": "text", "align": "left", "baseline": "top", "fontSize": 13, "fontWeight": "bold"},
            "encoding": {"x": {"value": 4}, "y": {"value": 4 + 18 * line}, "text": {"field": "readout"}}}
