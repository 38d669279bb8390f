"""The Excel workbook writer, with the CSV fallback for tables longer than a sheet (ch5_templates)."""
from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path
from typing import Any, Iterable, Mapping

import numpy as np
import pandas as pd

from ._input import cleaning_table, input_details


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
