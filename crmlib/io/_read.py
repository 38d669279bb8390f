"""Reading files: decoding, delimiter and header sniffing, the text, Excel and Spark CSV readers
and :func:`read_text_rows`."""
from __future__ import annotations

import csv
import io as _io
import re
from pathlib import Path
from typing import Any, Mapping

import numpy as np
import pandas as pd

from .._errors import DataFormatError
from ._columns import COLUMN_SYNONYMS, _norm_header
from ._report import CleaningReport, REASONS, RemovedRows


# ----------------------------------------------------------------------------------------
# Reading files
# ----------------------------------------------------------------------------------------

_DELIMS = (",", "\t", ";", "|")


def _decode(raw: bytes, encoding: str | None, source: str) -> tuple[str, str]:
    if encoding:
        try:
            return raw.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError) as exc:
            raise DataFormatError(f"{source}: cannot decode the file as {encoding!r} ({exc}). "
                                  "Pass the right encoding=, e.g. 'utf-8', 'gb18030' or 'latin-1'.") from None
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), "utf-16"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        first_error = exc
    try:
        return raw.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        pass
    pos = first_error.start
    line_no = raw[:pos].count(b"\n") + 1
    raise DataFormatError(
        f"{source}: the file is neither UTF-8 nor GBK/GB18030 (undecodable byte {raw[pos:pos + 1]!r} on line "
        f"{line_no}). Pass encoding=, e.g. encoding='latin-1' or 'big5', or re-save the file as UTF-8."
    )


def _split(line: str, delim: str | None) -> list[str]:
    if delim is None:
        return line.split()
    return next(csv.reader([line], delimiter=delim))


def _sniff_delimiter(lines: list[str], source: str) -> str | None:
    """Pick the delimiter giving the most lines with the same (>1) field count; None = whitespace."""
    sample = [ln for ln in lines if ln.strip()][:50]
    if not sample:
        raise DataFormatError(f"{source}: the file is empty. Check that you exported the data rows.")
    best: tuple[float, int, str | None] | None = None
    for delim in (*_DELIMS, None):
        counts = [len(_split(ln, delim)) for ln in sample]
        values, freq = np.unique(counts, return_counts=True)
        mode = values[np.argmax(freq)]
        share = freq.max() / len(counts)
        if mode < 2:
            continue
        score = (share, int(mode) if delim is not None else 0, delim)
        if best is None or score[:2] > best[:2]:
            best = score
    if best is None or best[0] < 0.5:
        raise DataFormatError(
            f"{source}: could not find the column delimiter (tried comma, tab, semicolon, '|' and spaces); "
            f"first line: {sample[0][:80]!r}. Pass delimiter='...'."
        )
    return best[2]


def read_text_rows(path: str | Path, *, encoding: str | None = None) -> tuple[list[list[str]], str]:
    """The rows of a delimited text file, decoded and split by the transaction reader's rules.

    UTF-8 (with or without BOM), else GB18030 (which covers GBK), unless *encoding* is given;
    the delimiter (comma, tab, semicolon, ``|`` or runs of spaces) is sniffed from the
    non-blank lines. Blank lines stay in the result as empty rows, so a caller can count them.
    :func:`crmlib.report.read_table` reads surveys with it.

    Returns
    -------
    (rows, encoding): one list of cell texts per line of the file, and the encoding used.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "s.csv"
    >>> _ = f.write_bytes("编号;满意度\\n\\n1;4\\n".encode("gbk"))
    >>> read_text_rows(f)
    ([['编号', '满意度'], [], ['1', '4']], 'gb18030')
    """
    path = Path(path)
    text, used = _decode(path.read_bytes(), encoding, path.name)
    lines = text.splitlines()
    delimiter = _sniff_delimiter([ln for ln in lines if ln.strip()], path.name)  # raises when the file is empty
    return [_split(ln, delimiter) if ln.strip() else [] for ln in lines], used


def _is_numberlike(text: str) -> bool:
    return bool(re.fullmatch(r"[-+(]?[¥￥$€£]?\s*[\d.,]+\)?\s*(元)?", text.strip())) or bool(
        re.fullmatch(r"\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}.*", text.strip()))


def _find_header(rows: list[list[str]], columns: Mapping[str, Any] | None) -> int | None:
    """Index of the header row among the first rows, or None when the file has no header."""
    wanted = {_norm_header(v) for v in (columns or {}).values() if isinstance(v, str)}
    known = {s for syn in COLUMN_SYNONYMS.values() for s in syn}
    for i, cells in enumerate(rows[:20]):
        normed = {_norm_header(c) for c in cells if str(c).strip()}
        if wanted and wanted <= normed:
            return i
        if len(normed & known) >= 2:
            return i
    # no known names: a first row with no number-like cell above rows that have some is a header
    if len(rows) >= 2:
        first = [c for c in rows[0] if str(c).strip()]
        if first and not any(_is_numberlike(str(c)) for c in first) and any(
            _is_numberlike(str(c)) for c in rows[1]
        ):
            return 0
    return None


def _text_layout(lines: list[str], options: dict, report: CleaningReport, columns) -> tuple[str | None, int | None,
                                                                                           list[Any]]:
    """Delimiter (None = runs of whitespace), header row index (None = no header) and column names.

    Works on the first lines only, so the Spark route can decide before Spark reads the file.
    """
    if not any(ln.strip() for ln in lines):
        raise DataFormatError(f"{report.source}: the file is empty. Check that you exported the data rows.")
    delim = options.get("delimiter")
    if delim is None:
        delim = _sniff_delimiter(lines[:200], report.source)
    elif delim in (r"\s+", " ", "whitespace"):
        delim = None
    report.delimiter = delim if delim is not None else "whitespace"
    head_rows = [_split(ln, delim) for ln in lines[:25]]
    header = options.get("header", "auto")
    h = _find_header(head_rows, columns) if header == "auto" else header
    if h is None:
        names: list[Any] = list(range(max(len(r) for r in head_rows)))
        report.header_row = 0
        report.notes.append("no header row found: columns are numbered from 0 (map them with columns=)")
    else:
        names = [c.strip() for c in head_rows[h]]
        report.header_row = h + 1
        if h:
            report.notes.append(f"skipped {h} title line(s) above the header")
    return delim, h, names


def _read_text(path: Path, options: dict, report: CleaningReport, columns) -> tuple[pd.DataFrame, list]:
    raw = path.read_bytes()
    text, report.encoding = _decode(raw, options.get("encoding"), report.source)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    delim, h, names = _text_layout(lines, options, report, columns)
    data_lines = lines if h is None else lines[h + 1:]
    n = len(names)
    bad: list[tuple[int, str]] = []
    first_line_no = (h + 2) if h is not None else 1
    body = "\n".join(data_lines)
    kwargs = dict(header=None, dtype=str, keep_default_na=False, na_filter=False, skip_blank_lines=False,
                  names=names if len(set(names)) == n else None)
    frame = None
    if delim is None and all(ln.strip() for ln in data_lines):
        # whitespace-separated without blank lines: pandas' fast reader (it skips blank lines,
        # which would upset the row accounting, and fails on a line with too many fields)
        try:
            frame = pd.read_csv(_io.StringIO(body), sep=r"\s+", header=None, names=range(n), dtype=str,
                                keep_default_na=False, na_filter=False, engine="c")
            frame.index = pd.RangeIndex(first_line_no, first_line_no + len(frame), name="line")
            if len(frame) != len(data_lines):
                frame = None
        except pd.errors.ParserError:
            frame = None
    if delim is None and frame is None:
        # whitespace-separated: split ourselves
        cells = [ln.split() for ln in data_lines]
        rows, numbers = [], []
        for i, c in enumerate(cells):
            if len(c) > n:
                bad.append((first_line_no + i, data_lines[i]))
                continue
            rows.append(c + [""] * (n - len(c)))
            numbers.append(first_line_no + i)
        frame = pd.DataFrame(rows, columns=range(n), dtype=str) if rows else pd.DataFrame(columns=range(n), dtype=str)
        frame.index = pd.Index(numbers, name="line")
    elif delim is not None:
        def on_bad(fields: list[str]):
            bad.append((-1, delim.join(fields)))
            return None

        try:
            frame = pd.read_csv(_io.StringIO(body), sep=delim, engine="c", **kwargs)
        except pd.errors.ParserError:
            bad.clear()
            frame = pd.read_csv(_io.StringIO(body), sep=delim, engine="python", on_bad_lines=on_bad, **kwargs)
        except pd.errors.EmptyDataError:
            frame = pd.DataFrame(columns=range(n), dtype=str)
        if frame.shape[1] < n:
            for j in range(frame.shape[1], n):
                frame[j] = ""
        frame.index = pd.RangeIndex(first_line_no, first_line_no + len(frame), name="line")
        if bad:
            # the python engine skipped them: recover their line numbers for the report
            expected = len(frame) + len(bad)
            counts = [len(_split(ln, delim)) if ln.strip() else 0 for ln in data_lines[:expected]]
            bad_lines = [i for i, c in enumerate(counts) if c > n]
            if len(bad_lines) == len(bad):
                keep_lines = [i for i in range(len(data_lines)) if i not in set(bad_lines)][: len(frame)]
                frame.index = pd.Index([first_line_no + i for i in keep_lines], name="line")
                bad = [(first_line_no + i, data_lines[i]) for i in bad_lines]
    frame.columns = names if len(set(names)) == n else _dedupe(names)
    if '="' in body:
        _unwrap_excel_text(frame, report)
    return frame, bad


def _unwrap_excel_text(frame: pd.DataFrame, report: CleaningReport) -> None:
    """Cells written as ``="00123"`` read as ``00123``, in place; the count goes into the notes.

    Excel shows such a cell as its text (a formula returning a string), which is how many shop
    and ERP exports (Taobao, JD, bank statements) keep long order numbers and leading zeros.
    """
    n = 0
    for col in frame.columns:
        values = frame[col]
        if values.dtype != object and not pd.api.types.is_string_dtype(values):
            continue
        wrapped = values.str.fullmatch(r'="[^"]*"', na=False)
        if wrapped.any():
            frame.loc[wrapped, col] = values[wrapped].str.slice(2, -1)
            n += int(wrapped.sum())
    if n:
        report.notes.append(f'{n:,} cells written as ="…" (Excel\'s keep-as-text form) read as the text inside')


_TEXT_SUFFIXES = {".csv", ".tsv", ".txt", ".dat", ".tab", ""}


def _spark_csv_or_note(path: Path, options: dict, report: CleaningReport, columns) -> Any | None:
    """:func:`_spark_read_csv`, or None with a note saying why the Python reader reads the file."""
    notes = list(report.notes)
    native = _spark_read_csv(path, options, report, columns)
    if native is None:
        report.notes[:] = notes  # the Python reader adds its own layout notes
        report.notes.append("read by the Python reader, not Spark: the file has runs of spaces as the delimiter, "
                            "blank lines, line breaks inside quotes, lines with more fields than the header, "
                            "=\"…\" cells or bytes outside the encoding of its first lines (Spark would skip, join "
                            "or truncate them, or keep the =\"…\")")
    return native


_JAVA_CHARSETS = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "gb18030": "GB18030", "gbk": "GBK", "gb2312": "GB2312",
                  "latin-1": "ISO-8859-1", "big5": "Big5", "utf-16": "UTF-16"}
_SPARK_HEAD_BYTES = 1 << 20


def _spark_read_csv(path: Path, options: dict, report: CleaningReport, columns) -> Any | None:
    """Read a delimited text file with ``spark.read.csv``, laid out by the Python sniffers.

    The encoding, delimiter, header row and column names are worked out on the first megabyte
    (:func:`_text_layout`, as for the Python reader); Spark then reads every line as text with
    those options. The rows get ``_row`` (0-based data-row order) and ``_label`` (file line
    number, as in the Python reader's report). Returns None when Spark cannot read the file the
    way the Python reader does, and the caller falls back to it (with a note): runs of spaces as
    the delimiter, blank lines or quoted line breaks (Spark skips or joins them, so the line
    numbers would differ), lines with more fields than the header (Spark drops the extra fields
    silently, the Python reader counts them under ``bad_field_count``), or bytes that are not
    in the encoding sniffed from the head.
    """
    from pyspark.sql import functions as F  # noqa: PLC0415
    from pyspark.sql.types import StringType, StructField, StructType  # noqa: PLC0415

    from .._clean_engines import add_row_numbers  # noqa: PLC0415
    from ..spark import session  # noqa: PLC0415

    with path.open("rb") as fh:
        head = fh.read(_SPARK_HEAD_BYTES)
    whole = len(head) < _SPARK_HEAD_BYTES
    if not whole:
        head = head[: head.rfind(b"\n") + 1] or head  # never cut a character in two
    text, report.encoding = _decode(head, options.get("encoding"), report.source)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    delim, h, names = _text_layout(lines, options, report, columns)
    charset = _JAVA_CHARSETS.get(report.encoding.lower().replace("_", "-"), report.encoding)
    if delim is None or charset == "UTF-16":
        return None
    n = len(names)
    skip = 0 if h is None else h + 1
    spark = session()  # allows GBK/GB18030 (spark.sql.legacy.javaCharsets) on an existing session too
    # one column more than the header: a line with more fields fills it (Spark would drop them)
    schema = StructType([StructField(f"_c{i}", StringType()) for i in range(n + 1)])
    sdf = spark.read.csv(str(path), schema=schema, sep=delim, encoding=charset, header=False, quote='"', escape='"',
                         mode="PERMISSIVE", nullValue=None, emptyValue="", multiLine=False)
    checks = sdf.select(F.count(F.lit(1)).alias("records"), F.count(F.col(f"_c{n}")).alias("extra"),
                        F.sum(F.when(F.concat_ws("", *[F.col(f"_c{i}") for i in range(n)]).contains("\ufffd"), 1)
                              .otherwise(0)).alias("undecodable"),
                        # ="…" cells (Excel's keep-as-text form) are unwrapped by the Python reader
                        F.sum(F.when(F.concat_ws("\u0001", *[F.col(f"_c{i}") for i in range(n)])
                                     .rlike('(^|\u0001)="[^"]*"(\u0001|$)'), 1).otherwise(0)).alias("excel_text"),
                        ).collect()[0]
    # Spark skips blank lines and, line by line, cannot join a quoted field that spans a line
    # break: counted on the raw lines (an odd number of quotes opens or closes such a field)
    quotes = F.length("value") - F.length(F.regexp_replace("value", '"', ""))
    lines_seen = spark.read.text(str(path)).select(
        F.count(F.lit(1)).alias("lines"), F.sum(F.when(quotes % 2 == 1, 1).otherwise(0)).alias("odd")).collect()[0]
    if (int(checks["extra"] or 0) or int(checks["undecodable"] or 0) or int(checks["excel_text"] or 0)
            or int(lines_seen["odd"] or 0)
            or int(checks["records"]) != int(lines_seen["lines"])):
        return None
    first_line_no = skip + 1
    unique = names if len(set(names)) == n else _dedupe(names)
    numbered = add_row_numbers(sdf.drop(f"_c{n}"))
    numbered = numbered.filter(F.col("_row") >= skip).withColumn("_row", F.col("_row") - skip)
    if charset == "UTF-8" and h is None:
        numbered = numbered.withColumn("_c0", F.regexp_replace("_c0", "^\ufeff", ""))
    out = numbered.select(*[F.col(f"_c{i}").alias(str(unique[i])) for i in range(n)], "_row",
                          (F.col("_row") + first_line_no).alias("_label"))
    report.notes.append("read by Spark (spark.read.csv) with the encoding, delimiter and header found in the "
                        "first lines")
    return out


def _dedupe(names: list[Any]) -> list[Any]:
    seen: dict[Any, int] = {}
    out = []
    for name in names:
        k = seen.get(name, 0)
        out.append(name if k == 0 else f"{name}.{k}")
        seen[name] = k + 1
    return out


def _read_excel(path: Path, options: dict, report: CleaningReport, columns) -> pd.DataFrame:
    sheet = options.get("sheet", 0)
    try:
        book = pd.ExcelFile(path)
    except Exception as exc:  # noqa: BLE001  (openpyxl raises many types for broken files)
        raise DataFormatError(f"{report.source}: cannot open it as an Excel workbook ({exc}). "
                              "Re-save it as .xlsx or export it as CSV.") from None
    names = book.sheet_names
    if isinstance(sheet, str) and sheet not in names:
        raise DataFormatError(f"{report.source}: no sheet {sheet!r}; the sheets are {names}. Pass sheet=<one of them>.")
    if isinstance(sheet, int) and not 0 <= sheet < len(names):
        raise DataFormatError(f"{report.source}: sheet={sheet} but the workbook has {len(names)} sheet(s) {names}.")
    grid = pd.read_excel(book, sheet_name=sheet, header=None, dtype=object)
    report.sheet = sheet if isinstance(sheet, str) else names[sheet]
    grid = grid.dropna(how="all", axis=1)
    if grid.empty:
        raise DataFormatError(f"{report.source}: sheet {report.sheet!r} is empty. Pass sheet= to choose another.")
    head_rows = [["" if pd.isna(v) else str(v) for v in row] for row in grid.head(25).itertuples(index=False)]
    header = options.get("header", "auto")
    h = _find_header(head_rows, columns) if header == "auto" else header
    if h is None:
        frame = grid.copy()
        frame.columns = range(grid.shape[1])
        report.header_row = 0
        report.notes.append("no header row found: columns are numbered from 0 (map them with columns=)")
        frame.index = pd.RangeIndex(1, len(frame) + 1, name="line")
    else:
        names = [str(v).strip() if not pd.isna(v) else f"column{j}" for j, v in enumerate(grid.iloc[h])]
        frame = grid.iloc[h + 1:].copy()
        frame.columns = _dedupe(names)
        report.header_row = h + 1
        if h:
            report.notes.append(f"skipped {h} title row(s) above the header")
        frame.index = pd.RangeIndex(h + 2, h + 2 + len(frame), name="line")
    # Excel stores blanks as NaN: make text cells comparable to CSV input
    return frame


def _record_bad_lines(report: CleaningReport, bad: list[tuple[int, str]]) -> None:
    """Count the lines the text reader set aside (wrong number of fields), with three examples."""
    if bad:
        lines = pd.DataFrame({"line_text": [b[1] for b in bad[:3]]}, index=pd.Index([b[0] for b in bad[:3]], name="line"))
        report.removed["bad_field_count"] = RemovedRows("bad_field_count", len(bad), REASONS["bad_field_count"], lines)
