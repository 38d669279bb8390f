"""Reading a template's input: load_input, the table reader and the cleaning tables (ch5_templates)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import pandas as pd

from .._errors import CRMLibError
from ._engine import engine_choice


def _missing_input_error(path: str | Path) -> CRMLibError:
    """The error for an input file that is not there, saying where crmlib looked and what to do.

    A template opened straight from the package or the book's repository has no data beside it:
    the message says how to get the sample files.

    Examples
    --------
    >>> print(_missing_input_error("no_such_orders.csv"))  # doctest: +ELLIPSIS
    Input file no_such_orders.csv does not exist (looked in ...). Give the path of your data ...
    """
    path = Path(path)
    return CRMLibError(
        f"Input file {path} does not exist (looked in {path.resolve().parent}). Give the path of your data "
        "file (in a template: input_path in the Parameters cell; on the command line: crm report <file>), "
        "or run `crm templates copy <folder>` to get the templates beside sample files (orders.csv, "
        "survey.csv) to try them on.")


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
    from ..io import load_transactions  # noqa: PLC0415
    from ..summary import customer_summary  # noqa: PLC0415

    path = Path(input_path)
    if not path.is_file():
        raise _missing_input_error(path)
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

    from .._frames import collect_pandas  # noqa: PLC0415

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


def read_table(path: str | Path, sheet: str | int | None = None, *,
               return_report: bool = False) -> pd.DataFrame | tuple[pd.DataFrame, dict[str, int]]:
    """Read a survey-style table (one row per respondent) from CSV/TSV/TXT, Excel or Parquet.

    Text files are decoded and split by the rules of :func:`crmlib.io.load_transactions`:
    UTF-8 (with or without BOM), else GB18030 (covers GBK); the delimiter (comma, tab,
    semicolon, ``|`` or spaces) is sniffed. Title rows above the header are skipped: the header is the first
    row whose cells are all filled. Columns whose values are all numbers become numeric.

    Nothing is dropped unseen: with ``return_report=True`` the result is ``(table, read_report)``,
    where the dict *read_report* counts the rows of the file, the blank rows and title rows
    skipped and the respondents kept; pass it to :func:`survey_cleaning_table`, which shows these
    counts with the answers' checks. (``table.attrs["read_report"]`` repeats it for one release,
    a convenience no crmlib code reads: pandas drops ``attrs`` when a table is rebuilt.)

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "s.csv"
    >>> _ = f.write_bytes("满意度调查\\nid,sat1,sat2\\n1,4,5\\n2,3,3\\n".encode("gbk"))
    >>> table, read_report = read_table(f, return_report=True)
    >>> table.to_dict("list")
    {'id': [1, 2], 'sat1': [4, 3], 'sat2': [5, 3]}
    >>> read_report
    {'rows in file': 4, 'blank rows skipped': 0, 'title rows skipped': 1, 'header row': 2, 'respondents': 2}
    """
    from ..io import read_text_rows  # noqa: PLC0415  (the transaction reader's decoding rules)

    path = Path(path)
    if not path.is_file():
        raise _missing_input_error(path)
    suffix = path.suffix.lower()
    if suffix in {".parquet", ".pq"}:
        table = pd.read_parquet(path)
        report = {"rows in file": len(table), "blank rows skipped": 0, "title rows skipped": 0, "header row": 0,
                  "respondents": len(table)}
        table.attrs["read_report"] = dict(report)  # deprecated convenience (removed in 0.3)
        return (table, report) if return_report else table
    if suffix in {".xlsx", ".xlsm", ".xls"}:
        grid = pd.read_excel(path, sheet_name=_sheet(path, sheet), header=None, dtype=object)
    elif suffix in {".csv", ".tsv", ".txt", ""}:
        rows, _encoding = read_text_rows(path)  # blank lines come back as empty rows, counted below
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
    report = {
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
    data.attrs["read_report"] = dict(report)  # deprecated convenience (removed in 0.3)
    return (data, report) if return_report else data
