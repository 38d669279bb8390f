"""Chapter 0 widgets: Kotler's relationship-level chooser."""
from __future__ import annotations

import html

import ipywidgets as widgets

from ..relationship import LEVELS, kotler_matrix, market_cell, relationship_level

__all__ = ["relationship_level_chooser"]


def _matrix_html(size: str, rate: str) -> str:
    table = kotler_matrix()
    head = "".join(f"<th>{html.escape(c)} margin</th>" for c in table.columns)
    rows = []
    for customers, row in table.iterrows():
        cells = []
        for margin, name in row.items():
            chosen = customers == size and margin == rate
            style = "background:#56B4E9;font-weight:700" if chosen else ""
            cells.append(f'<td style="{style};padding:2px 8px">{name} {LEVELS[name].chinese}</td>')
        rows.append(f"<tr><th>{customers} customers</th>{''.join(cells)}</tr>")
    return f'<table class="crm-kotler">{"<tr><th></th>" + head + "</tr>"}{"".join(rows)}</table>'


def relationship_level_chooser(n_customers: int = 5_000, unit_margin: float = 0.2) -> widgets.VBox:
    """Sliders for number of customers and unit margin → Kotler's relationship level.

    The level comes from :func:`crmlib.relationship.relationship_level`; the widget
    only shows it, with the matrix cell it falls in highlighted.

    Examples
    --------
    >>> w = relationship_level_chooser(50, 0.45)
    >>> "partnership" in w.children[-1].value
    True
    """
    customers = widgets.IntSlider(
        value=n_customers, min=10, max=100_000, step=10, description="Customers",
        continuous_update=False, style={"description_width": "7em"}, layout={"width": "28em"},
    )
    margin = widgets.FloatSlider(
        value=unit_margin, min=0.0, max=0.8, step=0.01, description="Unit margin",
        readout_format=".0%", continuous_update=False, style={"description_width": "7em"}, layout={"width": "28em"},
    )
    output = widgets.HTML()

    def update(_change: object = None) -> None:
        level = relationship_level(customers.value, margin.value)
        size, rate = market_cell(customers.value, margin.value)
        info = LEVELS[level]
        output.value = (
            f"<p><b>{info.name} ({info.chinese})</b>: {html.escape(info.what_the_firm_does)}</p>"
            + _matrix_html(size, rate)
        )

    customers.observe(update, names="value")
    margin.observe(update, names="value")
    update()
    return widgets.VBox([customers, margin, output])
