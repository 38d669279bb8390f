"""Run a template on the user's own data and write its outputs.

A run of template ``rfm`` on ``orders.xlsx`` writes, into the output folder,

* ``<template>.xlsx`` — one row per customer plus summary sheets and the cleaning report,
* ``figures/*.png`` — every chart,
* ``<template>.html`` — the report (text, tables, charts; no code), openable offline,
* ``<template>.ipynb`` — the executed notebook, only when asked for (``notebook=True``,
  ``crm report --notebook``).

The templates are notebooks shipped inside the package (``crmlib/templates/``, linked from
the repository's ``notebooks/templates/``); each has one cell tagged ``parameters``
(papermill's convention) and calls only crmlib below it. :func:`run_template` runs their
cells in this process (no Jupyter kernel) and renders the HTML report directly.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from ._errors import CRMLibError

__all__ = [
    "TEMPLATES",
    "Template",
    "template_path",
    "copy_templates",
    "pseudonymise",
    "write_workbook",
    "save_figure",
    "notebook_to_html",
    "run_template",
    "LARGE_FILE_MB",
    "choose_engine",
    "engine_choice",
    "TemplateInput",
    "load_input",
    "pseudonymise_frame",
    "cleaning_table",
    "input_details",
    "read_table",
    "period_activity",
    "survey_items",
    "infer_scale",
    "LIKERT_SCALES",
    "survey_answers",
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

def _template_dir():  # a Traversable: inside the installed package or the checkout
    from importlib import resources  # noqa: PLC0415

    return resources.files("crmlib") / "templates"


def template_path(name: str) -> Path:
    """Path of template *name* (a key of :data:`TEMPLATES`), a notebook shipped in ``crmlib/templates``.

    Examples
    --------
    >>> template_path("rfm").name
    'rfm_segmentation.ipynb'
    """
    try:
        template = TEMPLATES[name]
    except KeyError:
        raise CRMLibError(f"Unknown template {name!r}; choose one of: {', '.join(TEMPLATES)}.") from None
    path = Path(str(_template_dir() / template.filename))
    if not path.is_file():
        raise CRMLibError(f"Template {name!r} is missing from the installed crmlib ({path}); reinstall crmlib.")
    return path


_COPY_README = """# CRM analytics templates

Copied by `crm templates copy` (crmlib {version}). Each notebook runs one analysis:

{listing}

## Run them

* In JupyterLab: `jupyter lab`, open a notebook, choose *Run > Run All Cells*. They read the
  sample files `orders.csv` (transactions) and `survey.csv` (a satisfaction survey) and write
  their workbook and figures into this folder.
* For your own data: edit the cell marked *Parameters* at the top (`input_path = "my_orders.xlsx"`,
  `columns = {{"customer_id": "会员号"}}` when the headers are unusual), then run all cells again.
* From a terminal, without opening the notebook:
  `crm report orders.csv -t rfm -o rfm_report/` (HTML report, Excel workbook, PNG charts).

The data contract, the cleaning rules and the error messages are explained in chapter 5 of the
CRM Analytics book ("Use it on your own data"). The sample files are synthetic: no real customer.
"""


def copy_templates(folder: str | Path, force: bool = False) -> list[Path]:
    """Copy the template notebooks, sample data and a README into *folder* (``crm templates copy``).

    Writes ``rfm_segmentation.ipynb``, ``clv.ipynb``, ``cohort_lifecycle.ipynb``,
    ``satisfaction_survey.ipynb``, ``orders.csv`` (synthetic transactions, which the
    transaction templates read by default), ``survey.csv`` (a synthetic survey) and ``README.md``.

    Parameters
    ----------
    folder : where to copy; created if missing.
    force : overwrite files that already exist (otherwise nothing is written and
        :class:`CRMLibError` lists them).

    Returns
    -------
    The paths written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> sorted(p.name for p in copy_templates(pathlib.Path(tempfile.mkdtemp()) / "mine"))[:3]
    ['README.md', 'clv.ipynb', 'cohort_lifecycle.ipynb']
    """
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

    from .datasets import make_survey, make_transactions  # noqa: PLC0415

    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise CRMLibError(f"{folder} is an existing file, not a folder: choose another folder to copy into.")
    names = [t.filename for t in TEMPLATES.values()] + ["orders.csv", "survey.csv", "README.md"]
    existing = [n for n in names if (folder / n).exists()]
    if existing and not force:
        raise CRMLibError(f"{folder} already has {', '.join(existing)}; nothing was copied. Copy into another "
                          "folder, or add --force to overwrite them (force=True in Python).")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for t in TEMPLATES.values():
        target = folder / t.filename
        target.write_bytes(template_path(t.name).read_bytes())
        written.append(target)
    orders = make_transactions(n_customers=120, seed=2026)
    orders["date"] = orders["date"].dt.strftime("%Y-%m-%d %H:%M")
    orders.to_csv(folder / "orders.csv", index=False)
    make_survey(200, seed=2026).rename_axis("respondent_id").to_csv(folder / "survey.csv")
    written += [folder / "orders.csv", folder / "survey.csv"]
    try:
        release = version("crmlib")
    except PackageNotFoundError:
        release = "from a checkout"
    listing = "\n".join(f"* `{t.filename}` — {t.description} (`crm report <file> -t {t.name}`)"
                        for t in TEMPLATES.values())
    (folder / "README.md").write_text(_COPY_README.format(version=release, listing=listing), encoding="utf-8")
    written.append(folder / "README.md")
    return written


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

    Sheet names are cut to Excel's 31 characters. The index is written as leading columns
    when it is named (e.g. ``customer_id``). Column widths are set to fit their contents.
    Rows are streamed to disk (openpyxl's write-only mode), so memory stays small for
    hundreds of thousands of customers. A table longer than Excel's 1,048,576 rows keeps
    its first rows in the sheet and is written in full to ``<workbook>_<sheet>.csv`` beside
    the workbook (UTF-8 with BOM, which Excel opens with Chinese text intact).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "x.xlsx"
    >>> _ = write_workbook(out, {"customers": pd.DataFrame({"a": [1, 2]})})
    >>> pd.read_excel(out, sheet_name="customers")["a"].tolist()
    [1, 2]
    """
    from openpyxl import Workbook  # noqa: PLC0415

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    frames = dict(sheets)
    if cleaning_report is not None:
        if hasattr(cleaning_report, "rows_in"):
            frames["cleaning report"] = cleaning_table(cleaning_report)
            frames["input details"] = input_details(cleaning_report)
        else:
            to_frame = getattr(cleaning_report, "to_frame", None)
            frames["cleaning report"] = to_frame() if callable(to_frame) else pd.DataFrame(cleaning_report)
    book = Workbook(write_only=True)
    for name, frame in frames.items():
        sheet = re.sub(r"[\[\]:*?/\\]", "_", str(name))[:31]
        table = frame.reset_index() if any(n is not None for n in frame.index.names) else frame
        if len(table) > EXCEL_MAX_ROWS - 1:
            table.to_csv(path.with_name(f"{path.stem}_{sheet}.csv"), index=False, encoding="utf-8-sig")
            table = table.head(EXCEL_MAX_ROWS - 1)
        worksheet = book.create_sheet(sheet)
        for letter, width in zip(_column_letters(), _column_widths(table)):
            worksheet.column_dimensions[letter].width = width
        worksheet.append([str(c) for c in table.columns])
        for row in zip(*(_cell_values(table.iloc[:, i], worksheet) for i in range(table.shape[1]))):
            worksheet.append(row)
    book.save(path)
    return path


#: Rows of an Excel worksheet, the header included.
EXCEL_MAX_ROWS = 1_048_576


def _cell_values(column: pd.Series, worksheet: Any) -> list[Any]:
    """Values openpyxl can store: numbers, text, datetimes; missing values as empty cells,
    infinities as the text ``inf``/``-inf`` (as pandas writes them), anything else as text.

    Text starting with ``=`` (a product named "=SUM(A1)", say) stays text: openpyxl would
    otherwise store it as a formula that Excel runs when the workbook is opened.
    """
    from openpyxl.cell import WriteOnlyCell  # noqa: PLC0415

    if isinstance(column.dtype, pd.DatetimeTZDtype):
        column = column.dt.tz_localize(None)
    values = [_cell(v) for v in column.astype(object).tolist()]
    for i, v in enumerate(values):
        if isinstance(v, str) and v.startswith("="):
            cell = WriteOnlyCell(worksheet, value=v)
            cell.data_type = "s"
            values[i] = cell
    return values


def _cell(value: Any) -> Any:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float):
        if value != value:
            return None
        return value if abs(value) != float("inf") else ("inf" if value > 0 else "-inf")
    if isinstance(value, pd.Timestamp):
        return value.tz_localize(None).to_pydatetime() if value.tzinfo else value.to_pydatetime()
    if isinstance(value, (str, int, _dt.datetime, _dt.date, _dt.time)):
        return value
    return str(value)


def _column_letters() -> Iterable[str]:
    """A, B, …, Z, AA, AB, … (Excel's column names)."""
    from openpyxl.utils import get_column_letter  # noqa: PLC0415

    n = 1
    while True:
        yield get_column_letter(n)
        n += 1


def _column_widths(frame: pd.DataFrame, sample: int = 2000) -> list[float]:
    """Widths that fit the header and the first *sample* values of each column, 8 to 60 characters.

    Measured on the DataFrame, not cell by cell in openpyxl: that took longer than writing the
    workbook itself for 20,000 customers.
    """
    head = frame.head(sample)
    widths = []
    for i, name in enumerate(frame.columns):
        values = head.iloc[:, i]
        # pandas >= 3 keeps missing values missing under astype(str): an all-empty column has no length
        lengths = values.astype(str).str.len()
        longest = int(lengths.max()) if lengths.notna().any() else 0
        widths.append(float(min(60, max(8, max(longest, len(str(name))) + 2))))
    return widths


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

    from ._render import Section, first_heading, render_html  # noqa: PLC0415

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
    from ._render import first_heading, render_html  # noqa: PLC0415
    from ._runner import execute_notebook  # noqa: PLC0415
    del progress
    template = template_path(name)
    input_path = Path(input_path)
    if input_path.is_dir():
        raise CRMLibError(f"The input {input_path.name} is a folder; give the data file itself, e.g. "
                          f"{input_path.name}/orders.csv.")
    if not input_path.is_file():
        raise CRMLibError(f"Input file {input_path} does not exist.")
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


# ----------------------------------------------------------------------------------------
# Helpers used by the template notebooks (kept here so that the notebooks stay generic)
# ----------------------------------------------------------------------------------------

#: Parquet/CSV inputs larger than this (in MB) are summarised by DuckDB/Polars when ``engine="auto"``.
LARGE_FILE_MB: float = 200.0

def choose_engine(input_path: str | Path, engine: str = "auto", threshold_mb: float | None = None) -> str:
    """Which engine a template uses for *input_path*: ``"pandas"``, ``"duckdb"`` or ``"polars"``.

    ``"auto"`` picks pandas (full cleaning with :func:`crmlib.io.load_transactions`) unless the
    file is a Parquet or CSV file larger than *threshold_mb* megabytes; then DuckDB (or Polars
    when DuckDB is not installed) cleans it (the same rules and report) and summarises it
    without loading its rows into pandas.
    :func:`engine_choice` also says why.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "tx.parquet"
    >>> _ = f.write_bytes(b"x" * 2048)
    >>> choose_engine(f), choose_engine(f, threshold_mb=0.001), choose_engine(f, "polars")
    ('pandas', 'duckdb', 'polars')
    """
    return engine_choice(input_path, engine, threshold_mb)[0]


def _size_text(megabytes: float) -> str:
    return f"{megabytes:,.1f} MB" if megabytes >= 0.1 else f"{megabytes * 1000:,.0f} KB"


def engine_choice(input_path: str | Path, engine: str = "auto",
                  threshold_mb: float | None = None) -> tuple[str, str]:
    """The engine for *input_path* (see :func:`choose_engine`) and one sentence saying why.

    This is the one place where the engine is chosen; the templates, the CLI and the
    report all use it.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "tx.csv"
    >>> _ = f.write_bytes(b"x" * 3_000_000)
    >>> engine_choice(f, threshold_mb=2)[1]
    'engine auto chose duckdb: tx.csv is 3.0 MB, above the 2 MB limit for loading a file with pandas (LARGE_FILE_MB).'
    >>> engine_choice(f, "pandas")
    ('pandas', 'engine pandas: tx.csv is read and cleaned in memory with crmlib.io.load_transactions.')
    """
    if engine not in {"auto", "pandas", "duckdb", "polars", "spark"}:
        raise CRMLibError(f"engine={engine!r}: use 'auto', 'pandas', 'duckdb', 'polars' or 'spark' (--engine).")
    threshold_mb = LARGE_FILE_MB if threshold_mb is None else threshold_mb  # read now: it can be changed
    path = Path(input_path)
    if engine == "spark":
        return "spark", (f"engine spark: {path.name} is read, cleaned (the same rules and cleaning report as "
                         "pandas) and summarised by Spark (crmlib.spark.session: $SPARK_MASTER or local[*]); "
                         "only the per-customer summary is collected.")
    pandas_reason = f"engine pandas: {path.name} is read and cleaned in memory with crmlib.io.load_transactions."
    if engine == "auto":
        size_mb = path.stat().st_size / 1e6
        large = path.suffix.lower() in {".parquet", ".pq", ".csv"} and size_mb > threshold_mb
        if not large:
            return "pandas", (f"engine auto chose pandas: {path.name} is {_size_text(size_mb)}, within the "
                              f"{threshold_mb:g} MB limit (LARGE_FILE_MB), so it is read and cleaned in memory.")
        from .summary import _first_available  # noqa: PLC0415

        if os.environ.get("SPARK_MASTER") and _first_available("pyspark"):
            return "spark", (f"engine auto chose spark: {path.name} is {_size_text(size_mb)}, above the "
                             f"{threshold_mb:g} MB limit for pandas, and SPARK_MASTER={os.environ['SPARK_MASTER']} "
                             "names a Spark cluster (on one machine DuckDB is faster; unset SPARK_MASTER to use it).")
        chosen = _first_available("duckdb", "polars")
        if chosen is None:
            return "pandas", (f"engine auto kept pandas for {path.name} ({_size_text(size_mb)}, above the "
                              f"{threshold_mb:g} MB limit) because neither DuckDB nor Polars is installed "
                              "(pip install 'crmlib[fast]').")
        return chosen, (f"engine auto chose {chosen}: {path.name} is {_size_text(size_mb)}, above the "
                        f"{threshold_mb:g} MB limit for loading a file with pandas (LARGE_FILE_MB).")
    if engine != "pandas" and path.suffix.lower() not in {".parquet", ".pq", ".csv"}:
        raise CRMLibError(f"engine={engine!r} reads Parquet or CSV files only; use --engine pandas for {path.name}.")
    if engine == "pandas":
        return "pandas", pandas_reason
    return engine, (f"engine {engine}, chosen with --engine: {path.name} is read, cleaned (the same rules and "
                    f"cleaning report as pandas) and summarised by {engine}; only the per-customer summary is "
                    "collected.")


@dataclass
class TemplateInput:
    """What a transaction template works on.

    ``tx`` is ``None`` when the rows were cleaned and summarised by DuckDB, Polars or Spark
    (only the summary is brought into memory); ``cleaning`` is the cleaning report on every
    route. ``notes`` say which engine was used and why.
    """

    summary: pd.DataFrame
    tx: pd.DataFrame | None
    cleaning: Any | None
    engine: str
    source: str
    notes: list[str] = field(default_factory=list)
    engine_reason: str = ""


def load_input(
    input_path: str | Path,
    columns: Mapping[str, Any] | None = None,
    *,
    engine: str = "auto",
    sheet: str | int | None = None,
    dayfirst: bool | None = None,
    observation_end: Any = None,
    time_unit: str = "D",
    threshold_mb: float | None = None,
    date_format: str | None = None,
    decimal: str | None = None,
) -> TemplateInput:
    """Load a transaction file for a template: clean it and summarise it per customer.

    With the pandas engine the file goes through :func:`crmlib.io.load_transactions` (any
    format, Chinese headers, GBK, returns, duplicates … with a cleaning report) and then
    :func:`crmlib.summary.customer_summary`. With DuckDB/Polars (large Parquet/CSV files, see
    :func:`choose_engine`) or Spark the same function cleans the rows in that engine, with the
    same rules and the same cleaning report, and only the per-customer summary is brought back
    into pandas. *columns* maps the columns as for the pandas route. *sheet*, *dayfirst*, *date_format*,
    *decimal* and *observation_end* are passed on to :func:`crmlib.io.load_transactions` (rows
    after *observation_end* are counted in its cleaning report); a sheet given as text of digits
    (``"2"`` from the command line) is a sheet number unless a sheet has that name.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "orders.csv"
    >>> _ = f.write_text("会员号,日期,金额\\nA,2024-01-01,10\\nA,2024-01-05,5\\nB,2024-01-03,7\\n", encoding="utf-8")
    >>> data = load_input(f)
    >>> data.engine, data.cleaning.rows_in, data.summary["total"].tolist()
    ('pandas', 3, [15.0, 7.0])
    """
    from .io import load_transactions  # noqa: PLC0415
    from .summary import customer_summary  # noqa: PLC0415

    path = Path(input_path)
    if not path.is_file():
        raise CRMLibError(f"Input file {path} does not exist.")
    used, reason = engine_choice(path, engine, threshold_mb)
    columns = {k: v for k, v in dict(columns or {}).items() if v not in (None, "")}
    if used == "pandas":
        # validate=False: the pandera schema check (an internal invariant, covered by crmlib's tests)
        # costs about 2 s of imports, more than a whole report on a small file
        # observation_end goes to the cleaning too, so that later rows are counted in its report
        tx, cleaning = load_transactions(path, columns or None, sheet=_sheet(path, sheet), dayfirst=dayfirst,
                                         date_format=date_format or None, decimal=decimal or None,
                                         observation_end=observation_end, validate=False)
        summary = customer_summary(tx, observation_end, time_unit, progress=False)
        notes = [reason] if "kept pandas" in reason else []
        return TemplateInput(summary, tx, cleaning, used, path.name, notes, reason)
    # Spark, DuckDB, Polars: the same cleaning rules and report as pandas, run in the engine
    # (crmlib.io.load_transactions(engine=...)); only the per-customer summary is collected
    import narwhals as nw  # noqa: PLC0415

    from ._frames import collect_pandas  # noqa: PLC0415

    tx, cleaning = load_transactions(path, columns or None, sheet=_sheet(path, sheet), dayfirst=dayfirst,
                                     date_format=date_format or None, decimal=decimal or None,
                                     observation_end=observation_end, engine=used)
    summary = collect_pandas(nw.from_native(customer_summary(tx, observation_end, time_unit, progress=False)))
    return TemplateInput(summary.set_index("customer_id"), None, cleaning, used, path.name, [reason], reason)


def _sheet(path: Path, sheet: str | int | None) -> str | int:
    """The Excel sheet to read: 0 when not given, a number for digits that name no sheet."""
    if sheet in (None, ""):
        return 0
    if isinstance(sheet, str) and sheet.strip().isdigit() and path.suffix.lower() in {".xlsx", ".xlsm", ".xls"}:
        try:
            names = pd.ExcelFile(path).sheet_names
        except Exception:  # noqa: BLE001  (a broken workbook: let the reader report it)
            return sheet
        return sheet if sheet in names else int(sheet)
    return sheet


def pseudonymise_frame(frame: pd.DataFrame, salt: str | None, column: str = "customer_id") -> pd.DataFrame:
    """A copy of *frame* with customer ids (index or column named *column*) replaced by
    :func:`pseudonymise`; *frame* itself when *salt* is empty.

    Examples
    --------
    >>> df = pd.DataFrame({"total": [1.0]}, index=pd.Index(["C001"], name="customer_id"))
    >>> pseudonymise_frame(df, "s3cret-salt").index[0] == pseudonymise(["C001"], "s3cret-salt").iloc[0]
    True
    >>> pseudonymise_frame(df, None) is df
    True
    """
    if not salt:
        return frame
    out = frame.copy()
    if column in out.columns:
        out[column] = pseudonymise(out[column], salt).to_numpy()
    if column in (out.index.names or []):
        if out.index.nlevels == 1:
            out.index = pd.Index(pseudonymise(out.index, salt).to_numpy(), name=column)
        else:
            level = out.index.names.index(column)
            codes = pseudonymise(out.index.get_level_values(level), salt).to_numpy()
            arrays = [codes if i == level else out.index.get_level_values(i) for i in range(out.index.nlevels)]
            out.index = pd.MultiIndex.from_arrays(arrays, names=out.index.names)
    return out


def cleaning_table(report: Any) -> pd.DataFrame:
    """The cleaning report as a table that balances: ``read``, one row per removal reason, ``kept``.

    ``rows`` of ``read`` equals ``kept`` plus the sum of the reason rows.

    Examples
    --------
    >>> from crmlib.io import load_transactions
    >>> df = pd.DataFrame({"customer_id": ["a", None, "b"], "date": ["2024-01-01"] * 3, "amount": [1.0, 2.0, 3.0]})
    >>> cleaning_table(load_transactions(df)[1])["rows"].tolist()
    [3, 1, 2]
    """
    read = pd.DataFrame({"rows": [report.rows_in], "explanation": ["data rows in the input (below the header)"]},
                        index=["read"])
    kept = pd.DataFrame({"rows": [report.rows_out], "explanation": ["rows used for the analysis"]}, index=["kept"])
    table = pd.concat([read, report.to_frame()[["rows", "explanation"]], kept])
    return table.astype({"rows": "int64"}).rename_axis("step")


def input_details(report: Any) -> pd.DataFrame:
    """How the input was read (file, encoding, header line, column mapping, date spellings, notes)."""
    items: list[tuple[str, str]] = [("file", str(report.source))]
    for label, value in (("encoding", report.encoding), ("delimiter", report.delimiter), ("sheet", report.sheet),
                         ("header line", report.header_row)):
        if value is not None:
            items.append((label, str(value)))
    items += [(f"column {k}", str(v)) for k, v in report.columns.items()]
    items += [(f"dates {k}", f"{v:,}") for k, v in report.date_formats.items()]
    items.append(("returns policy", str(report.returns_policy)))
    if report.returns_netted:
        items.append(("returns netted (value)", f"{report.returns_netted:,.2f}"))
    if getattr(report, "returns_unmatched", 0):
        items.append(("returns not matched to a purchase (value, not in revenue)",
                      f"{report.returns_unmatched:,.2f}"))
    if report.suspected_duplicates:
        items.append(("suspected duplicates kept", f"{report.suspected_duplicates:,}"))
    items += [("note", n) for n in report.notes]
    return pd.DataFrame(items, columns=["item", "value"]).set_index("item")


def read_table(path: str | Path, sheet: str | int | None = None) -> pd.DataFrame:
    """Read a survey-style table (one row per respondent) from CSV/TSV/TXT, Excel or Parquet.

    Text files are decoded and split by the rules of :func:`crmlib.io.load_transactions`:
    UTF-8 (with or without BOM), else GB18030 (covers GBK); the delimiter (comma, tab,
    semicolon, ``|`` or spaces) is sniffed. Title rows above the header are skipped: the header is the first
    row whose cells are all filled. Columns whose values are all numbers become numeric.

    Nothing is dropped unseen: ``table.attrs["read_report"]`` counts the rows of the file, the
    blank rows and title rows skipped and the respondents kept (shown with the answers' checks by `survey_cleaning_table`).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "s.csv"
    >>> _ = f.write_bytes("满意度调查\\nid,sat1,sat2\\n1,4,5\\n2,3,3\\n".encode("gbk"))
    >>> table = read_table(f)
    >>> table.to_dict("list")
    {'id': [1, 2], 'sat1': [4, 3], 'sat2': [5, 3]}
    >>> table.attrs["read_report"]
    {'rows in file': 4, 'blank rows skipped': 0, 'title rows skipped': 1, 'header row': 2, 'respondents': 2}
    """
    from .io import _decode, _sniff_delimiter, _split  # noqa: PLC0415  (the transaction reader's decoding rules)

    path = Path(path)
    if not path.is_file():
        raise CRMLibError(f"Input file {path} does not exist.")
    suffix = path.suffix.lower()
    if suffix in {".parquet", ".pq"}:
        table = pd.read_parquet(path)
        table.attrs["read_report"] = {"rows in file": len(table), "blank rows skipped": 0,
                                      "title rows skipped": 0, "header row": 0, "respondents": len(table)}
        return table
    if suffix in {".xlsx", ".xlsm", ".xls"}:
        grid = pd.read_excel(path, sheet_name=_sheet(path, sheet), header=None, dtype=object)
    elif suffix in {".csv", ".tsv", ".txt", ""}:
        text, _encoding = _decode(path.read_bytes(), None, path.name)
        all_lines = text.splitlines()
        lines = [ln for ln in all_lines if ln.strip()]
        delimiter = _sniff_delimiter(lines, path.name)  # raises "the file is empty" when there are no lines
        # keep empty lines as empty rows so the report below counts them
        rows = [_split(ln, delimiter) if ln.strip() else [] for ln in all_lines]
        width = max(len(r) for r in rows)
        grid = pd.DataFrame([r + [None] * (width - len(r)) for r in rows], dtype=object)
        grid = grid.replace("", None)
    else:
        raise CRMLibError(f"{path.name}: unsupported file type {suffix!r}; use CSV, Excel (.xlsx) or Parquet.")
    rows_in_file = len(grid)
    grid = grid.dropna(axis=1, how="all")
    blank = grid.isna().all(axis=1).to_numpy()
    grid = grid[~blank]
    if grid.empty:
        raise CRMLibError(f"{path.name}: the table is empty. Check that you exported the data rows.")
    filled = grid.notna().all(axis=1).to_numpy()
    header = int(filled.argmax()) if filled.any() else 0
    names = [str(v).strip() for v in grid.iloc[header]]
    header_row = int(grid.index[header]) + 1  # 1-based row number in the file or sheet
    data = grid.iloc[header + 1:].reset_index(drop=True)
    data.columns = names
    if data.empty:
        raise CRMLibError(f"{path.name}: there are no data rows below the header {names}.")
    data.attrs["read_report"] = {
        "rows in file": rows_in_file,
        "blank rows skipped": int(blank.sum()),
        "title rows skipped": header,
        "header row": header_row,
        "respondents": len(data),
    }
    for col in data.columns:
        numbers = pd.to_numeric(data[col], errors="coerce")
        if numbers.notna().sum() == data[col].notna().sum():
            data[col] = numbers.astype("int64") if (numbers.dropna() % 1 == 0).all() and numbers.notna().all() else numbers
        else:
            data[col] = data[col].astype(object)
    return data


def survey_items(answers: pd.DataFrame, exclude: Iterable[str] = (), importance_prefix: str = "IMP_"
                 ) -> dict[str, list[str]]:
    """Likert items grouped into blocks by name: ``sat1, sat2, …`` form block ``sat``.

    A column is an item when its name is a prefix and a number and at least half of its
    answers are numbers, so one stray answer such as ``agree`` does not hide the question
    (:func:`survey_cleaning_table` then names it). Blocks need two items; ``KF_``/``KD_``
    (Kano) columns, importance columns (*importance_prefix*) and *exclude* are left out.

    Examples
    --------
    >>> answers = pd.DataFrame({"sat1": [5, 4], "sat2": ["agree", 3], "q1": ["x", "y"], "q2": ["x", "y"]})
    >>> survey_items(answers)
    {'sat': ['sat1', 'sat2']}
    """
    import re  # noqa: PLC0415

    skip = set(exclude)
    found: dict[str, list[str]] = {}
    for c in answers.columns:
        if c in skip or str(c).startswith(("KF_", "KD_")):
            continue
        m = re.fullmatch(r"(.*?\D)[_\- ]?(\d+)", str(c))
        if not m:
            continue
        given = answers[c].notna()
        numbers = pd.to_numeric(answers[c], errors="coerce").notna()
        if given.sum() == 0 or numbers.sum() < 0.5 * given.sum():
            continue
        found.setdefault(m.group(1).rstrip("_- "), []).append(c)
    return {k: v for k, v in found.items() if len(v) >= 2 and not k.startswith(importance_prefix)}


#: Answer scales :func:`infer_scale` chooses from, with how common they are (a prior; 1-5 and
#: 1-7 Likert scales and the 0-10 recommend scale dominate questionnaires).
LIKERT_SCALES: dict[tuple[int, int], float] = {
    (1, 5): 0.35, (1, 7): 0.20, (0, 10): 0.15, (1, 10): 0.08, (1, 4): 0.05, (1, 6): 0.05, (1, 9): 0.04,
    (0, 5): 0.03, (1, 3): 0.03, (0, 4): 0.02,
}


def infer_scale(answers: pd.DataFrame, items: Sequence[str], typo_rate: float = 1e-2) -> tuple[float, float]:
    """The answer scale of the Likert *items*: the standard scale that best explains most answers.

    Each scale of :data:`LIKERT_SCALES` (and the answers' own range when it lies outside
    0-10, e.g. a 0-100 slider) is scored as if answers were spread evenly over it, an answer
    outside it costing *typo_rate*, plus how common the scale is:
    ``n_in log(1 / levels) + n_out log(typo_rate) + log(prior)``, among the scales that leave
    out at most 10 % of the answers (or two). So a
    stray 0 or 9 among 1-5 answers leaves the scale at 1-5 (the answer is then named by
    :func:`survey_cleaning_table`), while answers that really use 6 and 7 choose 1-7. Pass
    ``scale_min``/``scale_max`` to the template when the questionnaire's scale is known.

    Examples
    --------
    >>> answers = pd.DataFrame({"sat1": [1, 5, 3, 9, 4, 2], "sat2": [2, 4, 5, 1, 3, 3], "sat3": [0, 3, 4, 5, 2, 4]})
    >>> infer_scale(answers, ["sat1", "sat2", "sat3"])
    (1.0, 5.0)
    """
    values = answers[list(items)].apply(pd.to_numeric, errors="coerce").stack().to_numpy(dtype=float)
    if values.size == 0:
        raise CRMLibError("The Likert items hold no numeric answers; check the columns or pass blocks=.")
    candidates = dict(LIKERT_SCALES)
    lo_all, hi_all = float(np.floor(values.min())), float(np.ceil(values.max()))
    if lo_all < 0 or hi_all > 10:
        candidates[(lo_all, hi_all)] = 0.01
    best = ((-np.inf, 0.0), lo_all, hi_all)  # no standard scale fits: the answers' own range
    for (lo, hi), prior in candidates.items():
        inside = int(((values >= lo) & (values <= hi)).sum())
        if values.size - inside > max(2, 0.1 * values.size):  # a scale must hold most answers
            continue
        score = (inside * np.log(1.0 / (hi - lo + 1)) + (values.size - inside) * np.log(typo_rate)
                 + np.log(prior))
        key = (score, -(hi - lo))
        if best is None or key > best[0]:
            best = (key, lo, hi)
    return float(best[1]), float(best[2])


def survey_cleaning_table(answers: pd.DataFrame, items: Sequence[str], scale_min: float, scale_max: float,
                          source: str = "the survey", invalid: str = "error") -> pd.DataFrame:
    """Account for every row and answer of a survey, and refuse answers off the scale.

    The rows come from ``answers.attrs["read_report"]`` (set by :func:`read_table`): rows in the
    file = blank rows + title rows + the header + respondents. Then, per Likert item, the missing
    answers, which the analyses leave out item by item (no respondent is dropped).

    Parameters
    ----------
    answers : DataFrame
        One row per respondent, as returned by :func:`read_table` (index: respondent ids).
    items : sequence of str
        The Likert item columns.
    scale_min, scale_max : float
        The ends of the answer scale (e.g. from :func:`infer_scale`).
    source : str
        File name used in error messages.
    invalid : ``"error"`` (default) or ``"missing"``
        What to do with an answer that is not a number or lies off the scale: stop, or count
        it as missing (then :func:`survey_answers` gives the answers with those cells
        emptied, and the table lists each item's invalid answers, with the first respondent).

    Returns
    -------
    DataFrame with columns ``check`` and ``count``.

    Raises
    ------
    CRMLibError
        When an answer is not a number or lies outside ``[scale_min, scale_max]`` and
        ``invalid="error"``; the message names the file, the column and the first such
        respondent (the answers' index: the id column, else the 1-based respondent number).

    Examples
    --------
    >>> answers = pd.DataFrame({"sat1": [5, None, 4], "sat2": [3, 2, 1]}, index=["a", "b", "c"])
    >>> survey_cleaning_table(answers, ["sat1", "sat2"], 1, 5)["count"].tolist()
    [3, 1, 0]
    >>> survey_cleaning_table(answers, ["sat1", "sat2"], 2, 5)
    Traceback (most recent call last):
    ...
    crmlib._errors.CRMLibError: the survey: column 'sat2': 1 answer outside the scale 2-5, e.g. respondent 'c' answered 1. Set scale_min/scale_max to the questionnaire's scale, correct the answer in the file, or pass invalid='missing' to count such answers as missing.
    >>> survey_cleaning_table(answers, ["sat1", "sat2"], 2, 5, invalid="missing")["check"].tolist()[-2:]
    ["invalid answers counted as missing: sat2 (e.g. respondent 'c' answered 1)", 'missing answers: sat2']
    """
    if invalid not in ("error", "missing"):
        raise CRMLibError(f"invalid={invalid!r}: use 'error' (stop) or 'missing' (count such answers as missing).")
    rows = [(k, int(v)) for k, v in answers.attrs.get("read_report", {"respondents": len(answers)}).items()]
    for item in items:
        values = pd.to_numeric(answers[item], errors="coerce")
        bad_text = values.isna() & answers[item].notna()
        off_scale = (values < scale_min) | (values > scale_max)
        for mask, problem in ((bad_text, "not a number"), (off_scale, f"outside the scale {scale_min:g}-{scale_max:g}")):
            if mask.any():
                who = mask.idxmax()
                answer = answers.at[who, item]
                answer = repr(answer) if isinstance(answer, str) else f"{answer:g}"
                who = repr(who) if isinstance(who, str) else str(who)
                if invalid == "missing":
                    continue
                raise CRMLibError(
                    f"{source}: column {item!r}: {int(mask.sum())} answer{'s' if mask.sum() > 1 else ''} "
                    f"{problem}, e.g. respondent {who} answered {answer}. Set "
                    "scale_min/scale_max to the questionnaire's scale, correct the answer in the file, or pass "
                    "invalid='missing' to count such answers as missing.")
        bad = bad_text | off_scale
        if bad.any():
            who = bad.idxmax()
            answer = answers.at[who, item]
            answer = repr(answer) if isinstance(answer, str) else f"{answer:g}"
            who = repr(who) if isinstance(who, str) else str(who)
            rows.append((f"invalid answers counted as missing: {item} (e.g. respondent {who} answered {answer})",
                         int(bad.sum())))
        rows.append((f"missing answers: {item}", int((values.isna() | off_scale).sum())))
    return pd.DataFrame(rows, columns=["check", "count"])


def survey_answers(answers: pd.DataFrame, items: Sequence[str], scale_min: float, scale_max: float) -> pd.DataFrame:
    """The Likert *items* as numbers, with answers that are not numbers or lie off the scale
    emptied (``invalid="missing"`` in :func:`survey_cleaning_table`, which counts them).

    Examples
    --------
    >>> answers = pd.DataFrame({"sat1": [5, 9, 4], "sat2": ["agree", 2, 1]})
    >>> survey_answers(answers, ["sat1", "sat2"], 1, 5).to_dict("list")
    {'sat1': [5.0, nan, 4.0], 'sat2': [nan, 2.0, 1.0]}
    """
    values = answers[list(items)].apply(pd.to_numeric, errors="coerce").astype("float64")
    return values.where((values >= scale_min) & (values <= scale_max))


_PERIODS = {"D": "day", "W": "week", "M": "month", "Q": "quarter", "Y": "year"}


def period_activity(
    source: pd.DataFrame | str | Path,
    period: str = "M",
    columns: Mapping[str, Any] | None = None,
    observation_end: Any = None,
) -> pd.DataFrame:
    """Orders and spend of each customer in each calendar period (the input of a cohort table).

    Parameters
    ----------
    source : clean transactions (``customer_id``, ``date``, ``amount``), e.g. from
        :func:`crmlib.io.load_transactions`, or the path of a large Parquet/CSV file, which
        DuckDB aggregates without loading it (*columns* maps non-canonical names).
    period : ``"D"`` (days), ``"W"`` (weeks starting Monday), ``"M"``, ``"Q"`` or ``"Y"``.
    observation_end : ignore transactions after this day.

    Returns
    -------
    DataFrame with ``customer_id``, ``period`` (pandas Period), ``orders`` (rows),
    ``amount`` and ``complete`` (False for the last period when the data, or
    *observation_end*, end before its last day: see
    :func:`crmlib.lifecycle.incomplete_period_note`), sorted by customer and period.

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "a", "b"], "amount": [1.0, 2.0, 4.0, 8.0],
    ...     "date": pd.to_datetime(["2024-01-03", "2024-01-20", "2024-03-01", "2024-02-10"])})
    >>> period_activity(tx).astype({"period": str}).values.tolist()
    [['a', '2024-01', 2, 3.0, True], ['a', '2024-03', 1, 4.0, False], ['b', '2024-02', 1, 8.0, True]]
    """
    if period not in _PERIODS:
        raise CRMLibError(f"period={period!r}: use 'D' (days), 'W' (weeks), 'M' (months), 'Q' (quarters) or 'Y' (years).")
    freq = {"D": "D", "W": "W-SUN", "M": "M", "Q": "Q", "Y": "Y"}[period]
    end = None if observation_end in (None, "") else pd.Timestamp(observation_end).normalize() + pd.Timedelta(days=1)
    if isinstance(source, pd.DataFrame):
        tx = source if end is None else source[source["date"] < end]
        amount = tx["amount"] if "amount" in tx else pd.Series(0.0, index=tx.index)
        frame = pd.DataFrame({"customer_id": tx["customer_id"].to_numpy(),
                              "period": tx["date"].dt.to_period(freq).to_numpy(), "amount": amount.to_numpy()})
        out = frame.groupby(["customer_id", "period"], sort=True).agg(
            orders=("amount", "size"), amount=("amount", "sum")).reset_index()
        last_day = end - pd.Timedelta(days=1) if end is not None else tx["date"].max()
        return _mark_complete(out, last_day, freq)
    import duckdb  # noqa: PLC0415

    path = Path(source)
    names = {role: str((columns or {}).get(role) or role) for role in ("customer_id", "date", "amount")}
    reader = "read_csv_auto" if path.suffix.lower() == ".csv" else "read_parquet"
    quoted = str(path).replace("'", "''")
    where = f"WHERE CAST(\"{names['date']}\" AS TIMESTAMP) < TIMESTAMP '{end}'" if end is not None else ""
    sql = (f"SELECT \"{names['customer_id']}\" AS customer_id, "
           f"date_trunc('{_PERIODS[period]}', CAST(\"{names['date']}\" AS TIMESTAMP)) AS start, "
           f"count(*) AS orders, sum(CAST(\"{names['amount']}\" AS DOUBLE)) AS amount "
           f"FROM {reader}('{quoted}') {where} GROUP BY 1, 2 ORDER BY 1, 2")
    con = duckdb.connect()
    try:
        out = con.sql(sql).df()
    finally:
        con.close()
    out.insert(1, "period", pd.to_datetime(out.pop("start")).dt.to_period(freq))
    out["orders"] = out["orders"].astype("int64")
    if end is not None:
        last_day = end - pd.Timedelta(days=1)
    else:
        con = duckdb.connect()
        try:
            query = f"SELECT max(CAST(\"{names['date']}\" AS TIMESTAMP)) FROM {reader}('{quoted}')"
            last_day = con.execute(query).fetchone()[0]
        finally:
            con.close()
    return _mark_complete(out, last_day, freq)


def _mark_complete(out: pd.DataFrame, last_day: Any, freq: str) -> pd.DataFrame:
    """Add ``complete``: False for rows in a last period that *last_day* ends early."""
    if last_day is None or pd.isna(last_day) or out.empty:
        out["complete"] = pd.Series(True, index=out.index, dtype=bool)
        return out
    from .lifecycle import last_complete_period  # noqa: PLC0415

    last, _ = last_complete_period(pd.Timestamp(last_day), freq)
    out["complete"] = (out["period"] <= last).to_numpy(dtype=bool)
    return out
