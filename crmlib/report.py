"""Run a template notebook on the user's own data and write its outputs.

A run of template ``rfm`` on ``orders.xlsx`` writes, into the output folder,

* ``<template>.xlsx`` — one row per customer plus summary sheets and the cleaning report,
* ``figures/*.png`` — every chart,
* ``<template>.html`` — the executed notebook with its code hidden, openable offline,
* ``<template>.ipynb`` — the executed notebook itself.

The templates live in ``notebooks/templates/``; each has one cell tagged ``parameters``
(papermill's convention) and calls only crmlib below it.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping

import pandas as pd

from ._errors import CRMLibError

__all__ = [
    "TEMPLATES",
    "Template",
    "template_path",
    "pseudonymise",
    "write_workbook",
    "save_figure",
    "notebook_to_html",
    "run_template",
]


@dataclass(frozen=True)
class Template:
    """A template notebook: its file and what it is for."""

    name: str
    filename: str
    description: str
    input_kind: str  # "transactions" or "survey"


TEMPLATES: dict[str, Template] = {
    t.name: t
    for t in [
        Template("rfm", "rfm_segmentation.ipynb",
                 "customer value: ABC classes, RFM scores and segments", "transactions"),
        Template("clv", "clv.ipynb",
                 "customer lifetime value: BG/NBD + Gamma-Gamma, ranked customer list", "transactions"),
        Template("cohort", "cohort_lifecycle.ipynb",
                 "cohort retention and lifecycle stages", "transactions"),
        Template("survey", "satisfaction_survey.ipynb",
                 "satisfaction survey: reliability, index, IPA, NPS, Kano", "survey"),
    ]
}

_TEMPLATE_DIR = Path(__file__).resolve().parents[1] / "notebooks" / "templates"


def template_path(name: str) -> Path:
    """Path of template *name* (a key of :data:`TEMPLATES`)."""
    try:
        template = TEMPLATES[name]
    except KeyError:
        raise CRMLibError(f"Unknown template {name!r}; choose one of: {', '.join(TEMPLATES)}.") from None
    path = _TEMPLATE_DIR / template.filename
    if not path.is_file():
        raise CRMLibError(f"Template {name!r} should be at {path} but is missing; is crmlib installed from a checkout?")
    return path


def pseudonymise(ids: pd.Series | pd.Index | Iterable[Any], salt: str, length: int = 12) -> pd.Series:
    """Replace customer identifiers by a salted SHA-256 hash.

    The same id and salt always give the same pseudonym, so outputs of several runs can
    be joined; without the salt the original ids cannot be recovered by trying likely
    values. Keep the salt secret and the same across runs.

    Parameters
    ----------
    ids : customer identifiers (any type; compared as text).
    salt : a secret string, at least 8 characters.
    length : number of hex characters kept (12 gives 48 bits: collisions are
        unlikely below ~10 million customers and are checked for).

    Returns
    -------
    Series of pseudonyms (strings), aligned with *ids*.

    Examples
    --------
    >>> pseudonymise(["C001", "C002", "C001"], salt="correct horse").tolist()[0] == \\
    ...     pseudonymise(["C001"], salt="correct horse").iloc[0]
    True
    >>> pseudonymise(["C001"], salt="correct horse").iloc[0] != pseudonymise(["C001"], salt="battery staple").iloc[0]
    True
    """
    if not isinstance(salt, str) or len(salt) < 8:
        raise CRMLibError("The pseudonymisation salt must be a secret string of at least 8 characters.")
    values = pd.Series(list(ids) if not isinstance(ids, (pd.Series, pd.Index)) else ids)
    if isinstance(ids, pd.Series):
        values.index = ids.index
    texts = values.astype(str)
    unique = texts.unique()
    mapping = {v: hashlib.sha256((salt + "\x00" + v).encode("utf-8")).hexdigest()[:length] for v in unique}
    if len(set(mapping.values())) != len(mapping):
        raise CRMLibError(f"Two customer ids hash to the same {length}-character pseudonym: use a larger length.")
    return texts.map(mapping).rename(getattr(ids, "name", None))


def write_workbook(
    path: str | Path,
    sheets: Mapping[str, pd.DataFrame],
    cleaning_report: Any | None = None,
) -> Path:
    """Write DataFrames to an Excel workbook, one sheet each, plus the cleaning report.

    Sheet names are cut to Excel's 31 characters. The index is written when it is
    named (e.g. ``customer_id``). Column widths are set to fit their contents.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "x.xlsx"
    >>> _ = write_workbook(out, {"customers": pd.DataFrame({"a": [1, 2]})})
    >>> pd.read_excel(out, sheet_name="customers")["a"].tolist()
    [1, 2]
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    frames = dict(sheets)
    if cleaning_report is not None:
        to_frame = getattr(cleaning_report, "to_frame", None)
        frames["cleaning report"] = to_frame() if callable(to_frame) else pd.DataFrame(cleaning_report)
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, frame in frames.items():
            sheet = re.sub(r"[\[\]:*?/\\]", "_", str(name))[:31]
            keep_index = any(n is not None for n in frame.index.names)
            frame.to_excel(writer, sheet_name=sheet, index=keep_index)
            worksheet = writer.sheets[sheet]
            for column in worksheet.columns:
                width = max(len(str(cell.value)) if cell.value is not None else 0 for cell in column)
                worksheet.column_dimensions[column[0].column_letter].width = min(60, max(8, width + 2))
    return path


def save_figure(fig: Any, output_dir: str | Path, name: str, dpi: int = 150) -> Path:
    """Save a matplotlib figure (or the figure of an Axes) as ``figures/<name>.png``."""
    figure = getattr(fig, "figure", fig)
    target = Path(output_dir) / "figures" / f"{name}.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(target, dpi=dpi, bbox_inches="tight")
    return target


_REMOTE_SCRIPT = re.compile(r"<script[^>]*\bsrc=[\"']https?://[^\"']*[\"'][^>]*>\s*</script>", re.IGNORECASE)
_REMOTE_LINK = re.compile(r"<link[^>]*\bhref=[\"']https?://[^\"']*[\"'][^>]*>", re.IGNORECASE)


def notebook_to_html(notebook_path: str | Path, html_path: str | Path, hide_code: bool = True) -> Path:
    """Export an executed notebook to a self-contained HTML report that opens offline.

    Images are embedded, code cells hidden, and every remote ``<script src>`` and
    ``<link href>`` (require.js, MathJax from CDNs) removed: template reports contain
    neither widgets nor mathematics, so nothing is lost.
    """
    import nbformat  # noqa: PLC0415
    from nbconvert import HTMLExporter  # noqa: PLC0415

    exporter = HTMLExporter(template_name="lab", exclude_input=hide_code, exclude_input_prompt=True,
                            exclude_output_prompt=True, embed_images=True)
    notebook = nbformat.read(str(notebook_path), as_version=4)
    body, _resources = exporter.from_notebook_node(notebook)
    body = _REMOTE_LINK.sub("", _REMOTE_SCRIPT.sub("", body))
    html_path = Path(html_path)
    html_path.write_text(body, encoding="utf-8")
    return html_path


def run_template(
    name: str,
    input_path: str | Path,
    output_dir: str | Path,
    parameters: Mapping[str, Any] | None = None,
    progress: bool = True,
    kernel_name: str | None = None,
) -> dict[str, Path]:
    """Execute template *name* on *input_path* and write its outputs into *output_dir*.

    Parameters
    ----------
    name : a key of :data:`TEMPLATES` (``"rfm"``, ``"clv"``, ``"cohort"``, ``"survey"``).
    input_path : the user's file (CSV/TSV/TXT, Excel, Parquet).
    output_dir : folder for the outputs; created if missing.
    parameters : further template parameters (``columns``, ``observation_end``,
        ``currency``, ``sheet``, ``salt``, ``engine`` …), passed to papermill.
    progress : show papermill's progress bar.
    kernel_name : Jupyter kernel; default the notebook's own (``python3``).

    Returns
    -------
    dict with the paths of ``notebook``, ``html``, ``workbook`` and ``figures``.

    Raises
    ------
    CRMLibError
        With the template's own message when the data cannot be used (bad columns,
        dates, an empty file …), without the notebook's traceback.
    """
    import papermill  # noqa: PLC0415

    input_path = Path(input_path)
    if not input_path.is_file():
        raise CRMLibError(f"Input file {input_path} does not exist.")
    template = template_path(name)
    output_dir = Path(output_dir).resolve()
    output_dir.mkdir(parents=True, exist_ok=True)
    executed = output_dir / f"{name}.ipynb"
    params = {"input_path": str(input_path.resolve()), "output_dir": str(output_dir), **dict(parameters or {})}
    try:
        papermill.execute_notebook(
            str(template), str(executed), parameters=params, progress_bar=progress,
            kernel_name=kernel_name, cwd=str(output_dir), log_output=False,
        )
    except papermill.PapermillExecutionError as exc:
        if exc.ename in {"DataFormatError", "CRMLibError", "FileNotFoundError", "EmptyDataError"}:
            raise CRMLibError(f"{input_path.name}: {exc.evalue}") from None
        raise
    html = notebook_to_html(executed, output_dir / f"{name}.html")
    return {
        "notebook": executed,
        "html": html,
        "workbook": output_dir / f"{name}.xlsx",
        "figures": output_dir / "figures",
    }
