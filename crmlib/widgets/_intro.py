"""Chapter 0 widgets: Kotler's relationship-level chooser."""
from __future__ import annotations

import html

import ipywidgets as widgets

from ..live import live_relationship_level_chooser, live_relationship_strength
from ..relationship import LEVELS, kotler_matrix, market_cell, relationship_level, relationship_strength
from ._common import STYLE, LiveBox, layout

__all__ = ["relationship_level_chooser", "relationship_strength_explorer"]


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


def relationship_level_chooser(n_customers: int = 5_000, unit_margin: float = 0.2) -> LiveBox:
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
        continuous_update=False, style=STYLE, layout=layout(),
    )
    margin = widgets.FloatSlider(
        value=unit_margin, min=0.0, max=0.8, step=0.01, description="Unit margin",
        readout_format=".0%", continuous_update=False, style=STYLE, layout=layout(),
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
    return LiveBox([customers, margin, output],
                   live=lambda: live_relationship_level_chooser(n_customers, unit_margin))


def relationship_strength_explorer(links: int = 3, reference: int = 1, max_links: int = 8) -> LiveBox:
    """Sliders for value-chain links → relative relationship strength (reference / links)².

    Values from :func:`crmlib.relationship.relationship_strength`.

    Examples
    --------
    >>> w = relationship_strength_explorer(links=2)
    >>> "0.2500" in w.children[-1].value
    True
    """
    n = widgets.IntSlider(value=links, min=1, max=max_links, description="Links", continuous_update=False,
                          style=STYLE, layout=layout())
    ref = widgets.IntSlider(value=reference, min=1, max=4, description="Reference", continuous_update=False,
                            style=STYLE, layout=layout())
    output = widgets.HTML()

    def update(_change: object = None) -> None:
        ks = list(range(1, max_links + 1))
        strength = relationship_strength(ks, ref.value)
        rows = "".join(
            f'<tr style="{"font-weight:700" if k == n.value else ""}"><td>{k}</td><td>{s:.4f}</td></tr>'
            for k, s in zip(ks, strength)
        )
        output.value = (f"<p>{n.value} links: strength <b>{relationship_strength(n.value, ref.value):.4f}</b> "
                        f"of the {ref.value}-link relationship</p>"
                        f"<table><tr><th>links</th><th>strength</th></tr>{rows}</table>")

    n.observe(update, names="value")
    ref.observe(update, names="value")
    update()
    return LiveBox([n, ref, output], live=lambda: live_relationship_strength(links, reference, max_links))
