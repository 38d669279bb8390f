""":func:`load_transactions`: the pandas route and the hand-over to the Polars, DuckDB and Spark
engines (one rule set for all, in ``crmlib._clean_engines``)."""
from __future__ import annotations

import contextlib
import importlib
import os
from pathlib import Path
from typing import Any, Mapping

import numpy as np
import pandas as pd

from .._errors import CRMLibError, DataFormatError
from ._columns import _CANONICAL, _map_columns
from ._parse import _as_text, _parse_ids
from ._read import _TEXT_SUFFIXES, _read_excel, _read_text, _record_bad_lines, _spark_csv_or_note
from ._report import CleaningReport, _row_text
from ._schema import _validate_output


# ----------------------------------------------------------------------------------------
# The loader
# ----------------------------------------------------------------------------------------


def load_transactions(
    source: str | os.PathLike | pd.DataFrame,
    columns: Mapping[str, Any] | None = None,
    *,
    sheet: str | int = 0,
    encoding: str | None = None,
    delimiter: str | None = None,
    header: Any = "auto",
    dayfirst: bool | None = None,
    date_format: str | None = None,
    decimal: str | None = None,
    date_range: tuple[Any, Any] | None = None,
    observation_end: Any = None,
    returns: str = "net",
    duplicates: str = "drop",
    keep_zero: bool = True,
    validate: bool = True,
    engine: str = "pandas",
) -> tuple[pd.DataFrame, CleaningReport]:
    """Read a transaction log from a file or DataFrame, clean it and report every removed row.

    Parameters
    ----------
    source : path to a ``.csv``/``.tsv``/``.txt`` (any delimiter), ``.xlsx``/``.xls`` or
        ``.parquet`` file, or a pandas DataFrame.
    columns : explicit mapping canonical name -> input column (header text, or 0-based
        position for a file without a header), e.g. ``{"customer_id": "会员卡号"}``. It always
        wins over automatic detection; map a role to ``None`` to ignore a detected column.
        Roles: ``customer_id``, ``order_id``, ``line_id``, ``date``, ``amount``, ``quantity``,
        ``unit_price``, ``cost``, ``margin``, ``product``, ``status``.
    sheet : Excel sheet name or index.
    encoding : text encoding; default: UTF-8 (with or without BOM), else GB18030 (a superset of GBK).
    delimiter : column delimiter; default: sniffed from the first lines (``,``, tab, ``;``,
        ``|`` or runs of spaces).
    header : ``"auto"`` (find the header row, skipping title lines above it), a 0-based row
        index, or ``None`` for no header.
    dayfirst : how to read dates like ``05/03/2024``. Default: decided from the data, and an
        error when the data cannot settle it.
    date_format : an explicit ``strptime`` format, e.g. ``"%d.%m.%Y"``.
    decimal : ``","`` for decimal commas (``12,50``, ``1.015,00``, ``1 015,00``) or ``"."``;
        default: detected per column (a column mixing both is an error). Spaces and
        apostrophes (``1'015.00``) are thousands separators either way.
    date_range : ``(earliest, latest)`` allowed dates; default 1970-01-01 to today.
    observation_end : the last day analysed (inclusive). Later rows are removed and counted
        under ``after_observation_end`` (before returns are netted, so a later return does
        not reduce revenue inside the period).
    returns : what to do with returns/refunds (negative amounts or quantities, ``C``-prefixed
        invoice numbers, a return status): ``"net"`` (default) subtracts each from the same
        customer's earlier purchases, oldest first, same product first when known, until the
        return is used up (:func:`net_returns` gives the exact rule); what cannot be matched
        is counted in ``report.returns_unmatched``. ``"drop"`` removes them; ``"keep"`` keeps
        them as negative lines.
    duplicates : ``"drop"`` (default) removes repeated order lines (same order id and same
        line content, or the same order id + line id); ``"keep"`` keeps them. Identical rows
        without an order id are never removed, only counted in ``suspected_duplicates``.
    keep_zero : keep zero-amount lines (default). A free item is still a purchase occasion:
        CDNow has 8 customers whose only purchase was $0 and the published summary counts
        them. ``keep_zero=False`` removes such lines under ``zero_amount``.
    validate : check the output against :data:`TRANSACTION_SCHEMA` (pandera; pandas engine only).
    engine : ``"pandas"`` (default), ``"polars"``, ``"duckdb"`` or ``"spark"``: where the rows
        are cleaned and what kind of table is returned (a Polars LazyFrame, a DuckDB relation
        on DuckDB's default connection, a Spark DataFrame). The rules and the report are the
        same on every engine, pandas included: they are written once as narwhals expressions
        (``crmlib/_clean_engines.py``), and text dates and amounts are parsed by this module's
        parsers applied to each column's distinct values. Parquet files are read by the engine
        itself; for text and Excel files the encoding, delimiter, header row and Chinese
        headers are worked out here first and the table of raw text is handed to the engine.
        ``source`` may also be a table of that engine. Spark uses :func:`crmlib.spark.session`.

    Returns
    -------
    (tx, report) : the clean transactions (canonical columns, see the module docstring) and
        a :class:`CleaningReport` with ``rows_in == rows_out + rows_removed``.

    Raises
    ------
    DataFormatError
        When the input cannot be used as it is; the message names the file, the column, the
        problem, an example row, and what to pass to fix it.

    References
    ----------
    Fader, Hardie & Lee (2005) for the CDNow log, in which identical rows are genuine
    separate purchases.

    Examples
    --------
    >>> import pandas as pd
    >>> raw = pd.DataFrame({"客户编号": ["A1", "A1", None, "B2"],
    ...                     "下单时间": ["2024年3月5日", "2024-03-09", "2024-03-10", "20240311"],
    ...                     "实付金额": ["¥120.00", "-20", "35", "1,050.5"]})
    >>> tx, report = load_transactions(raw)
    >>> tx
      customer_id       date  amount
    0          A1 2024-03-05   100.0
    1          B2 2024-03-11  1050.5
    >>> report.counts()
    {'missing_customer_id': 1, 'return_netted': 1}
    >>> report.rows_in == report.rows_out + report.rows_removed
    True
    """
    if returns not in {"net", "drop", "keep", "error"}:
        raise CRMLibError(f"returns={returns!r}: use 'net', 'drop', 'keep' or 'error'.")
    if decimal not in {None, ".", ","}:
        raise CRMLibError(f"decimal={decimal!r}: use ',' for decimal commas (1.015,00), '.' for decimal points, "
                          "or leave it out to detect it.")
    if duplicates not in {"drop", "keep"}:
        raise CRMLibError(f"duplicates={duplicates!r}: use 'drop' or 'keep'.")
    options = dict(sheet=sheet, encoding=encoding, delimiter=delimiter, header=header)
    if engine != "pandas":
        return _load_engine(source, columns, engine, options, dict(dayfirst=dayfirst, date_format=date_format,
                                                                   decimal=decimal),
                            date_range=date_range, observation_end=observation_end, returns=returns,
                            duplicates=duplicates, keep_zero=keep_zero)
    bad: list[tuple[int, str]] = []
    text_source = False
    if isinstance(source, pd.DataFrame):
        report = CleaningReport("<DataFrame>", returns_policy=returns)
        frame = source.copy()
        if frame.index.name in _CANONICAL:
            frame = frame.reset_index()
        frame.index = pd.RangeIndex(1, len(frame) + 1, name="row")
    elif isinstance(source, (str, os.PathLike)):
        path, report = _open_path(source, returns)
        if path.is_dir():
            raise DataFormatError(f"{path}: a folder, not a file. The pandas route reads one file; for a folder of "
                                  "Parquet files pass engine='duckdb', 'polars' or 'spark'.")
        if path.suffix.lower() in _PARQUET_SUFFIXES:
            try:
                frame = pd.read_parquet(path)
            except Exception as exc:  # noqa: BLE001
                raise DataFormatError(f"{path.name}: cannot read it as Parquet ({exc}).") from None
            frame.index = pd.RangeIndex(1, len(frame) + 1, name="row")
        else:
            frame, bad = _read_rows(path, options, report, columns)
            text_source = True
    else:
        raise CRMLibError(f"load_transactions expects a file path or a pandas DataFrame, not {type(source).__name__}.")
    out = _clean_pandas(frame, bad, columns, report, text_source=text_source,
                        parse=dict(dayfirst=dayfirst, date_format=date_format, decimal=decimal),
                        date_range=date_range, observation_end=observation_end, returns=returns,
                        duplicates=duplicates, keep_zero=keep_zero)
    if validate:
        _validate_output(out, report.source)
    return out, report


_ENGINES = ("pandas", "polars", "duckdb", "spark")


def _to_engine(frame: pd.DataFrame, engine: str) -> Any:
    if engine == "polars":
        import polars as pl  # noqa: PLC0415

        return pl.from_pandas(frame)
    if engine == "duckdb":
        import duckdb  # noqa: PLC0415

        return duckdb.default_connection().from_df(frame)
    from ..spark import from_pandas, session  # noqa: PLC0415

    return from_pandas(session(), frame)


def _load_engine(source: Any, columns, engine: str, options: dict, parse: dict, *, date_range, observation_end,
                 returns, duplicates, keep_zero) -> tuple[Any, CleaningReport]:
    """load_transactions for engine='polars'/'duckdb'/'spark' (see crmlib._clean_engines)."""
    from .._clean_engines import add_row_numbers, clean_frame  # noqa: PLC0415

    if engine not in _ENGINES:
        raise CRMLibError(f"engine={engine!r}: use one of {', '.join(_ENGINES)}.")
    if engine in ("polars", "duckdb"):
        try:
            importlib.import_module(engine)
        except ImportError:
            # said before any reading, or the reader's ImportError reads as a broken file
            raise CRMLibError(f"engine={engine!r} needs the {engine} package, which is not installed here: "
                              "pip install 'crmlib[fast]' (DuckDB and Polars), or use engine='pandas'.") from None
    bad: list[tuple[int, str]] = []
    text_source = numbered = False
    read_as: pd.DataFrame | None = None  # the rows as the Python reader gave them (text and Excel)
    if isinstance(source, (str, os.PathLike)):
        path, report = _open_path(source, returns)
        suffix = path.suffix.lower()
        if suffix in _PARQUET_SUFFIXES or path.is_dir():
            try:
                if engine == "polars":
                    import polars as pl  # noqa: PLC0415

                    native = pl.scan_parquet(path)
                elif engine == "duckdb":
                    import duckdb  # noqa: PLC0415

                    # one file: its row numbers give the input order without a window function
                    native = duckdb.default_connection().read_parquet(str(path), file_row_number=path.is_file())
                else:
                    from ..spark import session  # noqa: PLC0415

                    native = session().read.parquet(str(path))
            except Exception as exc:  # noqa: BLE001
                raise DataFormatError(f"{path.name}: cannot read it as Parquet ({exc}).") from None
        elif engine == "spark" and suffix in _TEXT_SUFFIXES and (
                spark_csv := _spark_csv_or_note(path, options, report, columns)) is not None:
            native, text_source, numbered = spark_csv, True, True
        else:
            read_as, bad = _read_rows(path, options, report, columns)
            text_source = True
            frame = _as_engine_text(read_as)
            native = _to_engine(frame.assign(_label=frame.index.to_numpy()).reset_index(drop=True), engine)
    elif isinstance(source, pd.DataFrame):
        report = CleaningReport("<DataFrame>", returns_policy=returns)
        native = _to_engine(source.reset_index() if source.index.name in _CANONICAL else source, engine)
    else:
        report = CleaningReport(f"<{type(source).__name__}>", returns_policy=returns)
        native = source
    _record_bad_lines(report, bad)
    import narwhals as nw  # noqa: PLC0415

    names = [c for c in nw.from_native(native).collect_schema().names() if c != "_label"]
    columns_in = [c for c in names if not (numbered and c == "_row")]
    mapping = _map_columns(pd.DataFrame(columns=columns_in), columns, report.source, report.notes)
    report.columns = {k: str(v) for k, v in mapping.items()}

    def first_row() -> pd.DataFrame:  # only for an error message: one row
        if read_as is not None:
            return read_as
        from .._frames import collect_pandas  # noqa: PLC0415

        return collect_pandas(nw.from_native(native).select(*columns_in).head(1))

    _check_roles(mapping, columns_in, report.source, first_row)
    quiet = contextlib.nullcontext()
    if engine == "duckdb":
        from .._frames import quiet_duckdb  # noqa: PLC0415

        quiet = quiet_duckdb()
    if not numbered:
        native = add_row_numbers(native)
    with quiet:
        return clean_frame(native, mapping, report, options=parse, date_range=date_range,
                           observation_end=observation_end, returns=returns, duplicates=duplicates,
                           keep_zero=keep_zero, text_source=text_source)


_PARQUET_SUFFIXES = {".parquet", ".pq"}
_EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls"}


def _open_path(source: str | os.PathLike, returns: str) -> tuple[Path, CleaningReport]:
    """The input path, checked to exist, and its report (every route)."""
    path = Path(source)
    if not path.exists():
        raise DataFormatError(f"{path}: no such file. Check the path (relative paths start at {Path.cwd()}).")
    return path, CleaningReport(path.name, returns_policy=returns)


def _read_rows(path: Path, options: dict, report: CleaningReport, columns) -> tuple[pd.DataFrame, list]:
    """A text or Excel file through the Python reader: (rows as read, lines it could not read)."""
    suffix = path.suffix.lower()
    if suffix in _TEXT_SUFFIXES:
        return _read_text(path, options, report, columns)
    if suffix in _EXCEL_SUFFIXES:
        return _read_excel(path, options, report, columns), []
    raise DataFormatError(
        f"{path.name}: unsupported file type {suffix!r}. load_transactions reads .csv/.tsv/.txt, .xlsx and .parquet "
        "files; export the data to one of these or pass a DataFrame.")


def _check_roles(mapping: Mapping[str, Any], cols: list[str], src: str, rows: Any) -> None:
    """Stop, naming the columns there are and the first row, when a column every rule needs
    was not found (the one check and wording for every route). ``rows()`` gives the rows as
    read; it is called only to word the error."""
    def first() -> str:
        return _row_text(rows(), 0)

    if "customer_id" not in mapping:
        raise DataFormatError(
            f"{src}: no customer id column found among {cols}. Pass columns={{'customer_id': '<column>'}} "
            f"(recognised names include Customer ID, CustomerID, 客户编号, 会员号). First row: {first()}."
        )
    if "date" not in mapping:
        raise DataFormatError(
            f"{src}: no date column found among {cols}. Pass columns={{'date': '<column>'}} "
            f"(recognised names include Date, InvoiceDate, 日期, 下单时间, 交易日期). First row: {first()}."
        )
    if "amount" not in mapping and not {"quantity", "unit_price"} <= set(mapping):
        raise DataFormatError(
            f"{src}: no amount column found among {cols}, and no quantity + unit price to compute it. Pass "
            "columns={'amount': '<column>'} or columns={'quantity': '<column>', 'unit_price': '<column>'} "
            f"(recognised names include Amount, Sales, Revenue, 金额, 销售额, 实付金额). First row: {first()}."
        )


def _map_input(frame: pd.DataFrame, bad: list, columns: Mapping[str, Any] | None, report: CleaningReport) -> dict:
    """Count the input, map the columns to their roles, record the reader's bad lines."""
    src = report.source
    report.rows_in = len(frame) + len(bad)
    if report.rows_in == 0:
        raise DataFormatError(f"{src}: there are no data rows below the header. Check the export.")
    mapping = _map_columns(frame, columns, src, report.notes)
    report.columns = {k: str(v) for k, v in mapping.items()}
    _check_roles(mapping, [str(c) for c in frame.columns], src, lambda: frame)
    _record_bad_lines(report, bad)
    return mapping


def _as_engine_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Cells as text (missing stays missing), string column names: what the engines receive
    from a text or Excel file, and what the rules read for object columns of a pandas frame."""
    frame = frame.astype(object).where(frame.notna(), None).astype("str").where(frame.notna(), None) \
        if len(frame) else frame.astype(str)
    frame.columns = [str(c) for c in frame.columns]
    return frame


def _clean_pandas(frame: pd.DataFrame, bad: list, columns: Mapping[str, Any] | None, report: CleaningReport, *,
                  text_source: bool, parse: dict, date_range, observation_end, returns: str, duplicates: str,
                  keep_zero: bool) -> pd.DataFrame:
    """The pandas route: the one rule set (``crmlib._clean_engines.clean_frame``) on the frame as read.

    The rules run through narwhals on pandas itself. What stays here is only what is pandas
    output: the report's example rows are the rows of *frame* as read (their dtypes and line or
    row labels), and the output's customer ids, order ids and products are formatted from the
    input columns as before (integer ids when every id is a plain number, ``_parse_ids``).
    """
    from .._clean_engines import add_row_numbers, clean_frame  # noqa: PLC0415

    mapping = _map_input(frame, bad, columns, report)
    if text_source:
        work = _as_engine_text(frame)
    else:
        # typed columns stay typed; object columns (mixed Python values) are read as text
        work = frame.copy()
        objects = [c for c in work.columns if work[c].dtype == object]
        if objects:
            work[objects] = _as_engine_text(work[objects])
        work.columns = [str(c) for c in work.columns]
    names = dict(zip(frame.columns, work.columns))
    native = add_row_numbers(work)

    def rows_of(positions: np.ndarray) -> pd.DataFrame:
        return frame.iloc[positions]

    out, _ = clean_frame(native, {k: names[v] for k, v in mapping.items()}, report, options=parse,
                         date_range=date_range, observation_end=observation_end, returns=returns,
                         duplicates=duplicates, keep_zero=keep_zero, text_source=False, rows_of=rows_of,
                         suspect_examples=True, keep_row=True)
    out = out.sort_values("_row", kind="stable")
    kept = out["_row"].to_numpy()
    out = out.drop(columns="_row").reset_index(drop=True)
    ids = _parse_ids(frame[mapping["customer_id"]])
    out["customer_id"] = ids.to_numpy()[kept]
    if ids.dtype == "Int64":
        out["customer_id"] = out["customer_id"].astype("int64")
    if "order_id" in mapping:
        out["order_id"] = _as_text(frame[mapping["order_id"]]).to_numpy()[kept]
    out["date"] = out["date"].astype("datetime64[us]")
    if "product" in mapping:
        out["product"] = frame[mapping["product"]].astype(str).str.strip().to_numpy()[kept]
    return out
