"""Report rendering: tables formatted for managers and a self-contained HTML page.

Used by :func:`crmlib.report.run_template`, which runs a template's cells in-process and
renders what they display (markdown, tables, printed text, figures) straight to HTML,
without a Jupyter kernel or nbconvert.
"""
from __future__ import annotations

import base64
import datetime as _dt
import functools
import html
import math
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

#: Column names (or parts of them) whose values in [0, 1] are shares, shown as percentages.
_SHARE_WORDS = ("share", "rate", "retention", "percent", "pct", "p_alive", "top-2-box", "top2")


def _is_share_column(name: Any, values: pd.Series) -> bool:
    text = str(name).lower()
    if not any(w in text for w in _SHARE_WORDS) or "discount" in text:
        return False
    finite = pd.to_numeric(values, errors="coerce").dropna()
    return len(finite) > 0 and bool(finite.between(-1, 1).all())


def format_number(value: Any, decimals: int | None = None, percent: bool = False) -> str:
    """A number as a manager reads it: thousands separators, no scientific notation.

    ``decimals=None`` picks them from the size of the number: none for whole numbers and
    from 1,000 up, 2 from 1 up, 3 below 1 (values below 0.0005 show as ``<0.001``).

    Examples
    --------
    >>> format_number(6.82e6), format_number(0.247), format_number(1234.6), format_number(12.345)
    ('6,820,000', '0.247', '1,235', '12.35')
    >>> format_number(0.247, percent=True), format_number(2.8e10), format_number(float("nan"))
    ('24.7 %', '28,000,000,000', '–')
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return "–"
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, (int, np.integer)):
        return f"{int(value):,}"
    number = float(value)
    if math.isnan(number):
        return "–"
    if math.isinf(number):
        return "∞" if number > 0 else "−∞"
    if percent:
        return f"{number * 100:,.{1 if decimals is None else decimals}f} %"
    if decimals is None:
        size = abs(number)
        if number == round(number) or size >= 1000:
            decimals = 0
        elif size >= 1:
            decimals = 2
        elif size < 0.0005:
            return "<0.001" if number > 0 else ">−0.001"
        else:
            decimals = 3
    return f"{number:,.{decimals}f}"


def _column_decimals(values: pd.Series) -> int | None:
    """One number of decimals for a whole float column, so that its values line up."""
    finite = values[np.isfinite(values)]
    if finite.empty:
        return None
    if (finite == finite.round()).all() or finite.abs().median() >= 1000:
        return 0
    if finite.abs().median() >= 1:
        return 2
    return 3


def _format_value(value: Any) -> str:
    if isinstance(value, (float, int, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_)):
        return format_number(value)
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value.isoformat()
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return str(value)


def format_table(frame: pd.DataFrame | pd.Series, percent: bool = False) -> pd.DataFrame:
    """The table as text cells formatted for a report (see :func:`format_number`).

    Shares (columns named ``…share``, ``…rate``, ``retention``, ``p_alive`` … with values in
    [0, 1]) become percentages; with ``percent=True`` every non-integer number column does
    (a retention table whose columns are the periods 0, 1, 2 …).

    Examples
    --------
    >>> t = pd.DataFrame({"customers": [1200, 35], "revenue": [6.82e6, 1234.5],
    ...                   "revenue_share": [0.8465, 0.1535]}, index=["A", "B"])
    >>> format_table(t).values.tolist()
    [['1,200', '6,820,000', '84.7 %'], ['35', '1,234', '15.3 %']]
    >>> format_table(pd.DataFrame({0: [1.0, 1.0], 1: [0.25, 0.125]}), percent=True).values.tolist()
    [['100.0 %', '25.0 %'], ['100.0 %', '12.5 %']]
    """
    table = frame.to_frame() if isinstance(frame, pd.Series) else frame
    all_percent = bool(percent)
    out = pd.DataFrame(index=table.index)
    for i, name in enumerate(table.columns):
        column = table.iloc[:, i]
        if pd.api.types.is_bool_dtype(column):
            cells = column.map(_format_value)
        elif pd.api.types.is_numeric_dtype(column):
            percent = all_percent or _is_share_column(name, column)
            as_float = column.astype(float)
            if pd.api.types.is_integer_dtype(column):
                cells = column.map(lambda v: format_number(v))
            else:
                decimals = 1 if percent else _column_decimals(as_float)
                cells = as_float.map(lambda v, d=decimals, p=percent: format_number(v, d, p))
        elif pd.api.types.is_datetime64_any_dtype(column):
            cells = column.map(_format_value)
        else:
            cells = column.map(_format_value)
        out[str(name) if not isinstance(name, str) else name] = cells.to_numpy()
    out.columns = table.columns
    return out


class PercentTable:
    """A table shown with every number as a percentage, in a report and in a notebook.

    Made by :func:`crmlib.report.as_percentages`; the table itself is ``.frame``, unchanged.
    """

    def __init__(self, frame: pd.DataFrame | pd.Series) -> None:
        self.frame = frame

    def __repr__(self) -> str:
        return repr(self.frame)

    def _repr_html_(self) -> str:
        return table_html(self.frame, percent=True)


def table_html(frame: pd.DataFrame | pd.Series, max_rows: int = 60, percent: bool = False) -> str:
    """An HTML table of *frame* with formatted numbers (at most *max_rows* rows shown; every
    number a percentage with ``percent=True``, see :func:`format_table`)."""
    table = frame.to_frame() if isinstance(frame, pd.Series) else frame
    note = ""
    if len(table) > max_rows:
        note = f"<p class='note'>First {max_rows:,} of {len(table):,} rows; the workbook has them all.</p>"
        table = table.head(max_rows)
    cells = format_table(table, percent=percent)
    cells.attrs = {}
    body = cells.to_html(classes="table", border=0, escape=True, na_rep="–")
    return body + note


@dataclass
class Section:
    """One piece of a report: ``kind`` is ``markdown``, ``table``, ``text``, ``html`` or ``figure``."""

    kind: str
    content: Any
    extra: dict[str, Any] = field(default_factory=dict)


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","Microsoft YaHei",sans-serif;
max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.5}
h1{font-size:1.7rem}h2{font-size:1.3rem;margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.6rem 0;font-size:.9rem}
th,td{padding:.25rem .6rem;border-bottom:1px solid #e5e5e5;vertical-align:top}
td{text-align:right}td:first-child,th:first-child{text-align:left}
thead th{border-bottom:2px solid #999;text-align:right}
pre{background:#f6f6f6;padding:.5rem .8rem;white-space:pre-wrap;font-size:.85rem}
img{max-width:100%}.note{color:#666;font-size:.85rem}
.crm-notice{border-left:4px solid #E69F00;background:#fff8e6;padding:.5rem .8rem}
"""


@functools.lru_cache(maxsize=1)
def _markdown_parser() -> Any:
    from markdown_it import MarkdownIt  # noqa: PLC0415

    return MarkdownIt("commonmark", {"html": False}).enable("table")


def markdown_html(text: str) -> str:
    """Markdown (CommonMark + tables) to HTML.

    Examples
    --------
    >>> markdown_html("## 1. Overview").strip()
    '<h2>1. Overview</h2>'
    """
    return _markdown_parser().render(text)


def render_html(sections: list[Section], title: str, hide_paths: tuple[str, ...] = ()) -> str:
    """A self-contained HTML page: figures embedded as PNG data, no script, nothing remote.

    Every string in *hide_paths* (the user's folders) is removed from the page, so that
    only file names appear.
    """
    parts = []
    for s in sections:
        if s.kind == "markdown":
            parts.append(markdown_html(s.content))
        elif s.kind == "table":
            parts.append(table_html(s.content))
        elif s.kind == "text":
            parts.append(f"<pre>{html.escape(s.content.rstrip())}</pre>")
        elif s.kind == "notice":
            parts.append(f"<div class='crm-notice'>{html.escape(s.content)}</div>")
        elif s.kind == "html":
            parts.append(s.content)
        elif s.kind == "figure":
            data = base64.b64encode(s.content).decode("ascii")
            alt = html.escape(s.extra.get("alt", "figure"))
            parts.append(f"<p><img alt='{alt}' src='data:image/png;base64,{data}'></p>")
    body = "\n".join(parts)
    for path in sorted({p for p in hide_paths if p and len(p) > 1}, key=len, reverse=True):
        for variant in {path, html.escape(path), path.replace("\\", "/")}:
            body = body.replace(variant.rstrip("/\\") + "/", "").replace(variant.rstrip("/\\") + "\\", "")
            body = body.replace(variant, ".")
    return (f"<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
            f"<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{html.escape(title)}</title><style>{_CSS}</style></head>\n<body>\n{body}\n</body></html>\n")


def first_heading(sections: list[Section], default: str) -> str:
    for s in sections:
        if s.kind == "markdown":
            match = re.search(r"^#\s+(.+)$", s.content, re.MULTILINE)
            if match:
                return match.group(1).strip()
    return default
