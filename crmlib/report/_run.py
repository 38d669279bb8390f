"""Running a template in-process and rendering its HTML report (see crmlib._runner and crmlib._render)."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping

import pandas as pd

from .._errors import CRMLibError
from ._input import TemplateInput, _missing_input_error
from ._templates import template_path

if TYPE_CHECKING:
    from .._render import PercentTable


def as_percentages(table: pd.DataFrame | pd.Series) -> PercentTable:
    """Show *table* with every number as a percentage (one decimal), in the HTML report and in a notebook.

    Display the result as a cell's last value; the table itself is unchanged (``.frame``), so
    the workbook keeps the numbers. Columns named like shares (``share``, ``rate``,
    ``retention`` ...) are shown as percentages anyway; use this for tables whose columns are
    not, such as a retention table with one column per period.

    Examples
    --------
    >>> shown = as_percentages(pd.DataFrame({0: [1.0], 1: [0.4]}, index=["2024-01"]))
    >>> "40.0 %" in shown._repr_html_(), float(shown.frame.loc["2024-01", 1])
    (True, 0.4)
    """
    from .._render import PercentTable  # noqa: PLC0415

    return PercentTable(table)


def save_figure(fig: Any, output_dir: str | Path, name: str, dpi: int = 150) -> Path:
    """Save a matplotlib figure (or the figure of an Axes) as ``figures/<name>.png``.

    The report shows the saved file, so that the figure is drawn once.
    """
    figure = getattr(fig, "figure", fig)
    target = Path(output_dir) / "figures" / f"{name}.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(target, dpi=dpi, bbox_inches="tight")
    figure._crmlib_png = str(target)  # read by crmlib._runner when it collects the cell's figures
    return target


def notebook_to_html(notebook_path: str | Path, html_path: str | Path, hide_code: bool = True) -> Path:
    """Export an executed notebook to a self-contained HTML report that opens offline.

    Markdown cells and the outputs of code cells (tables, text, PNG images) are rendered
    without nbconvert; code is hidden (*hide_code*), images are embedded, and the page loads
    nothing remote (it has no scripts).
    """
    import json  # noqa: PLC0415
    from html import escape  # noqa: PLC0415

    from .._render import Section, first_heading, render_html  # noqa: PLC0415

    notebook = json.loads(Path(notebook_path).read_text(encoding="utf-8"))
    sections: list[Section] = []
    for cell in notebook.get("cells", []):
        source = "".join(cell.get("source", ""))
        if cell.get("cell_type") == "markdown":
            sections.append(Section("markdown", source))
            continue
        if cell.get("cell_type") != "code":
            continue
        if not hide_code:
            sections.append(Section("html", f"<pre><code>{escape(source)}</code></pre>"))
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stdout":
                sections.append(Section("text", "".join(output.get("text", ""))))
            elif output.get("output_type") in {"display_data", "execute_result"}:
                data = output.get("data", {})
                if "image/png" in data:
                    import base64  # noqa: PLC0415

                    sections.append(Section("figure", base64.b64decode("".join(data["image/png"]))))
                elif "text/html" in data:
                    sections.append(Section("html", "".join(data["text/html"])))
                elif "text/plain" in data:
                    sections.append(Section("text", "".join(data["text/plain"])))
    html_path = Path(html_path)
    html_path.write_text(render_html(sections, first_heading(sections, html_path.stem)), encoding="utf-8")
    return html_path


def run_template(
    name: str,
    input_path: str | Path,
    output_dir: str | Path,
    parameters: Mapping[str, Any] | None = None,
    progress: bool = True,
    *,
    notebook: bool = False,
    notices: list[str] | None = None,
) -> dict[str, Path]:
    """Run template *name* on *input_path* and write its outputs into *output_dir*.

    The template's cells run in this process (no Jupyter kernel): the HTML report is
    rendered from what they display, and the executed notebook is written only when
    *notebook* is true.

    Parameters
    ----------
    name : a key of :data:`TEMPLATES` (``"rfm"``, ``"clv"``, ``"cohort"``, ``"survey"``).
    input_path : the user's file (CSV/TSV/TXT, Excel, Parquet).
    output_dir : folder for the outputs; created if missing.
    parameters : further template parameters (``columns``, ``observation_end``,
        ``currency``, ``sheet``, ``salt``, ``engine`` …), as in its parameters cell.
    progress : kept for compatibility (a run no longer shows a progress bar).
    notebook : also write ``<template>.ipynb``, the notebook with its outputs (the salt hidden).
    notices : a list that receives what the user should know about the run (the engine
        chosen and why); the CLI prints them.

    Returns
    -------
    dict with the paths of ``html``, ``workbook``, ``figures`` (and ``notebook``).

    Raises
    ------
    CRMLibError
        With the template's own message when the data or the options cannot be used (bad
        columns, dates, an empty file, an output path that is a file …). Other exceptions
        are bugs and propagate unchanged.
    """
    from .._render import first_heading, render_html  # noqa: PLC0415
    from .._runner import execute_notebook  # noqa: PLC0415
    del progress
    template = template_path(name)
    input_path = Path(input_path)
    if input_path.is_dir():
        raise CRMLibError(f"The input {input_path.name} is a folder; give the data file itself, e.g. "
                          f"{input_path.name}/orders.csv.")
    if not input_path.is_file():
        raise _missing_input_error(input_path)
    output_dir = Path(output_dir)
    if output_dir.exists() and not output_dir.is_dir():
        raise CRMLibError(
            f"The output folder {output_dir} is an existing file, not a folder. Choose another name with "
            f"--out (e.g. --out {name}_report/), or move the file away.")
    try:
        output_dir = output_dir.resolve()
        output_dir.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise CRMLibError(f"The output folder {output_dir} cannot be created: part of its path is a file. "
                          "Choose another folder with --out.") from None
    except PermissionError:
        raise CRMLibError(f"The output folder {output_dir} cannot be created: permission denied. "
                          "Choose a folder you can write to with --out.") from None
    executed = output_dir / f"{name}.ipynb"
    params = {"input_path": str(input_path.resolve()), "output_dir": str(output_dir), **dict(parameters or {})}
    try:
        sections, namespace = execute_notebook(template, params, notebook_out=executed if notebook else None)
    except (CRMLibError, FileNotFoundError, pd.errors.EmptyDataError) as exc:
        message = str(exc)
        prefix = "" if message.startswith(f"{input_path.name}:") else f"{input_path.name}: "
        raise CRMLibError(prefix + message) from exc
    data = namespace.get("data")
    if notices is not None and isinstance(data, TemplateInput):
        notices.extend(data.notes)
    html = output_dir / f"{name}.html"
    hide = (str(output_dir), str(input_path.resolve().parent), str(Path.home()))
    html.write_text(render_html(sections, first_heading(sections, name), hide_paths=hide), encoding="utf-8")
    outputs = {"html": html, "workbook": output_dir / f"{name}.xlsx", "figures": output_dir / "figures"}
    if notebook:
        outputs["notebook"] = executed
    return outputs
