"""Load a customer's transaction file safely, with a report that accounts for every row.

:func:`load_transactions` reads CSV/TSV/TXT (any delimiter), Excel and Parquet files or a
DataFrame, finds the customer / order / date / amount columns from English or Chinese
headers, decodes UTF-8, UTF-8 with BOM and GBK/GB18030, parses the usual date spellings,
and returns a clean DataFrame with canonical column names together with a
:class:`CleaningReport`. The report balances: ``rows_in == rows_out + rows_removed``, with
every removed row counted under one reason.

Row numbers in messages and report examples: ``line N`` for text and Excel files is the number
an editor or Excel shows (1-based, header and title lines counted); ``row N`` for Parquet
files and DataFrames is the 1-based data row (the first row below the header is row 1).

Canonical output columns: ``customer_id``, ``order_id`` (when the file has one), ``date``
(datetime64), ``amount`` (float; quantity x unit price when the file has no amount), then
``quantity``, ``unit_price``, ``cost``, ``margin`` and ``product`` when present.

The cleaning rules exist once, in ``crmlib/_clean_engines.py`` (``clean_frame``), written as
narwhals expressions; every engine runs them, pandas included: the pandas route reads the file
here (encoding, delimiter, header row, Excel, Parquet) and hands the frame as read to
``clean_frame`` on narwhals' pandas backend. What stays in this module is reading, the
column mapping, the value parsers the rules call on each column's distinct values
(:func:`_parse_date_strings`, :func:`_parse_numbers`), the report, the pandas output's own
formatting (integer customer ids, ``_parse_ids``) and the pandera check.
Why narwhals on pandas and not a hand-over to an in-process engine: Polars and DuckDB are
optional (``crmlib[fast]``), so a hand-over would add a run-time dependency, and measured on
CDNow the Polars route (2.7-3.3 s for the CSV on a loaded machine) was not faster than
narwhals on pandas (3.4-4.6 s on the same machine); PyArrow (a core dependency) has no
narwhals window functions over partitions, which the FIFO netting needs.
:func:`net_returns` stays as the reference FIFO the rules' closed form is tested against.
"""
from __future__ import annotations

import contextlib
import csv
import functools
import html
import io as _io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import numpy as np
import pandas as pd

from ._errors import CRMLibError, DataFormatError

__all__ = ["load_transactions", "CleaningReport", "RemovedRows", "COLUMN_SYNONYMS", "REASONS", "transaction_schema",
           "net_returns", "read_text_rows"]

# ----------------------------------------------------------------------------------------
# Column names
# ----------------------------------------------------------------------------------------

#: Header spellings recognised for each canonical column (compared after lower-casing and
#: removing spaces, underscores, hyphens, dots and any bracketed unit such as "(USD)").
#: Earlier entries win when a file has several candidates (an id beats a name).
COLUMN_SYNONYMS: dict[str, tuple[str, ...]] = {
    "customer_id": (
        "customerid", "custid", "customerno", "customernumber", "customercode", "clientid", "memberid",
        "userid", "buyerid", "accountid", "客户编号", "客户id", "客户号", "客户代码", "会员号", "会员id",
        "会员编号", "会员卡号", "用户id", "用户编号", "顾客编号", "顾客id", "买家id", "买家会员名", "买家账号",
        "customer", "client", "member", "user", "buyer", "cust", "客户", "会员", "顾客", "买家",
        "customername", "clientname", "客户名称", "客户姓名", "会员名", "顾客姓名", "买家昵称",
        # an e-mail address is the customer key of many shop exports (Shopify, WooCommerce)
        "customeremail", "email", "emailaddress", "billingemail", "邮箱",
    ),
    "order_id": (
        "orderid", "orderno", "ordernumber", "ordercode", "invoiceno", "invoicenumber", "invoiceid",
        "invoice", "transactionid", "transactionno", "txid", "receiptno", "receiptid", "order",
        "订单号", "订单编号", "订单id", "单号", "交易号", "交易编号", "流水号", "发票号", "小票号", "单据号",
        "单据编号",
    ),
    "line_id": ("lineid", "lineno", "linenumber", "itemno", "行号", "明细号", "明细id", "序号"),
    "date": (
        "date", "orderdate", "invoicedate", "transactiondate", "purchasedate", "saledate", "salesdate",
        "datetime", "timestamp", "ordertime", "purchasetime", "createdat", "orderedat", "time", "日期", "下单时间", "交易日期",
        "订单日期", "购买日期", "交易时间", "下单日期", "销售日期", "付款时间", "支付时间", "成交时间",
        "消费日期", "消费时间", "订单创建时间", "创建时间", "订单付款时间", "时间",
    ),
    "amount": (
        "amount", "sales", "revenue", "totalamount", "total", "linetotal", "ordervalue", "value",
        "dollarvalue", "netsales", "salesamount", "saleamount", "spend", "spent", "payment", "paid",
        "金额", "销售额", "实付金额", "订单金额", "交易金额", "消费金额", "支付金额", "实收金额",
        "总金额", "合计金额", "应付金额", "销售金额", "成交金额", "付款金额", "实付款", "买家实际支付金额",
    ),
    "quantity": (
        "quantity", "qty", "units", "numberofcds", "numberofitems", "count", "数量", "件数",
        "购买数量", "销量", "销售数量",
    ),
    "unit_price": ("unitprice", "price", "priceeach", "itemprice", "单价", "价格", "售价", "销售单价"),
    "cost": ("cost", "cogs", "unitcost", "成本", "成本金额"),
    "margin": ("margin", "grossmargin", "profit", "grossprofit", "毛利", "利润", "毛利额"),
    "product": (
        "product", "productid", "sku", "stockcode", "itemcode", "item", "productname", "description",
        "商品", "商品编号", "商品id", "商品名称", "产品", "产品编号", "产品名称", "品名", "货号",
    ),
    "status": ("status", "orderstatus", "financialstatus", "paymentstatus", "transactiontype", "type", "状态",
               "订单状态", "交易类型", "交易状态"),
}

_OUTPUT_ORDER = ("customer_id", "order_id", "date", "amount", "quantity", "unit_price", "cost", "margin", "product")
_CANONICAL = tuple(COLUMN_SYNONYMS)

#: Why a row can be removed, in the order the checks run, with the one-line explanation
#: shown in the report.
REASONS: dict[str, str] = {
    "blank_row": "the row is empty",
    "bad_field_count": "the line has more fields than the header, so its columns cannot be trusted",
    "repeated_header": "a copy of the header row inside the data (files pasted together)",
    "total_row": "a subtotal/total line (合计/总计/Total), not a transaction",
    "missing_customer_id": "no customer id, so the purchase cannot be attributed to a customer",
    "missing_date": "no date, so the purchase cannot be placed in time",
    "unparseable_date": "the date could not be read in any supported format",
    "out_of_range_date": "the date lies outside the allowed date_range (a typo or a placeholder date)",
    "after_observation_end": "dated after observation_end, outside the period analysed",
    "invalid_amount": "the amount is missing or not a number",
    "duplicate_line": "the same order line (order id and line content) appears again; the first copy is kept",
    "cancelled_order": "the order's status says it was cancelled, refunded in full or never paid, so no sale took place",
    "return_netted": "a return/refund line; its value was subtracted from the customer's matching earlier purchases",
    "fully_returned": "a purchase line whose value was fully cancelled by returns netted against it",
    "unmatched_return": "a return with no earlier purchase by the same customer to net it against",
    "return_dropped": "a return/refund line, dropped because returns='drop'",
    "zero_amount": "the amount is zero (free item or placeholder), removed because keep_zero=False",
}

_TOTAL_WORDS = {"合计", "总计", "小计", "total", "grandtotal", "subtotal", "sum", "总和"}
_TOTAL_PATTERN = "合计|总计|小计|total|sum|总和"
# An order STATUS that says the sale did not stand: cancelled, refunded in full (Shopify's
# financial status "refunded", Taobao's 交易关闭 = closed after a full refund or no payment)
# or never paid. Such a line is removed as it is; unlike a return line, it is not netted
# against the customer's earlier purchases (that would remove the sale twice).
_CANCEL_WORDS = ("cancel", "取消", "作废", "void", "refunded", "已退款", "退款成功", "全额退款", "交易关闭",
                 "unpaid", "未付款", "待付款", "等待买家付款")
# A return TRANSACTION: its own line, netted against the customer's earlier purchases.
_RETURN_WORDS = ("return", "refund", "退货", "退款", "退单", "credit")
# "partially refunded"/部分退款: the sale stands, and the refunded part is not in the file
_PARTIAL_WORDS = ("partial", "部分")


def _norm_header(name: Any) -> str:
    text = str(name).strip().lower()
    text = re.sub(r"[\(\（\[【].*?[\)\）\]】]", "", text)
    return re.sub(r"[\s_\-\./:：#]+", "", text)


# ----------------------------------------------------------------------------------------
# The report
# ----------------------------------------------------------------------------------------


@dataclass
class RemovedRows:
    """Rows removed for one reason: how many, why, and a few examples as read."""

    reason: str
    count: int
    explanation: str
    examples: pd.DataFrame


@dataclass
class CleaningReport:
    """What :func:`load_transactions` did to the input, row by row.

    ``rows_in == rows_out + rows_removed`` always holds: every input row is either in the
    output or counted under exactly one reason in :attr:`removed`.

    Attributes
    ----------
    source : the file name, or ``"<DataFrame>"``.
    rows_in, rows_out : data rows read (after the header) and rows returned.
    removed : reason -> :class:`RemovedRows`, in the order the checks ran.
    columns : canonical column -> the input column it was read from.
    encoding, delimiter, header_row, sheet : how a file was read (``None`` if not applicable).
    date_formats : the date spellings found, with counts.
    returns_policy : ``"net"``, ``"drop"`` or ``"keep"``.
    returns_netted : total value subtracted from purchases by netting returns (see :func:`net_returns`).
    returns_unmatched : total value of returns that found no earlier purchase to net against
        (whole ``unmatched_return`` lines plus the excess of partly matched ones); it is not in
        the revenue and not subtracted from anything.
    suspected_duplicates : identical rows *kept* because nothing (no order id) shows they are
        copies — CDNow has genuine repeat purchases like these.
    notes : other things worth knowing (day-first dates chosen, amounts computed, ...).
    """

    source: str
    rows_in: int = 0
    rows_out: int = 0
    removed: dict[str, RemovedRows] = field(default_factory=dict)
    columns: dict[str, str] = field(default_factory=dict)
    encoding: str | None = None
    delimiter: str | None = None
    header_row: int | None = None
    sheet: str | None = None
    date_formats: dict[str, int] = field(default_factory=dict)
    returns_policy: str = "net"
    returns_netted: float = 0.0
    returns_unmatched: float = 0.0
    suspected_duplicates: int = 0
    suspected_duplicate_examples: pd.DataFrame | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def rows_removed(self) -> int:
        """Total rows removed, over all reasons."""
        return sum(r.count for r in self.removed.values())

    @property
    def is_balanced(self) -> bool:
        """``rows_in == rows_out + rows_removed``."""
        return self.rows_in == self.rows_out + self.rows_removed

    def counts(self) -> dict[str, int]:
        """Removed rows by reason (only reasons that removed something)."""
        return {k: r.count for k, r in self.removed.items()}

    def to_frame(self) -> pd.DataFrame:
        """The removal table: one row per reason with ``rows`` and ``explanation``."""
        rows = [(r.reason, r.count, r.explanation) for r in self.removed.values()]
        return pd.DataFrame(rows, columns=["reason", "rows", "explanation"]).set_index("reason")

    def _header_lines(self) -> list[str]:
        how = []
        if self.encoding:
            how.append(f"encoding {self.encoding}")
        if self.delimiter:
            how.append(f"delimiter {self.delimiter!r}")
        if self.sheet is not None:
            how.append(f"sheet {self.sheet!r}")
        if self.header_row is not None:
            how.append(f"header on line {self.header_row}" if self.header_row else "no header row")
        lines = [f"Cleaning report for {self.source}" + (f" ({', '.join(how)})" if how else "")]
        lines.append("Columns: " + ", ".join(f"{k} <- {v!r}" for k, v in self.columns.items()))
        if self.date_formats:
            lines.append("Dates: " + ", ".join(f"{k} ({v:,})" for k, v in self.date_formats.items()))
        return lines

    def _tail_lines(self) -> list[str]:
        lines = []
        if self.returns_netted:
            lines.append(f"Returns ({self.returns_policy}): {self.returns_netted:,.2f} subtracted from earlier purchases.")
        if self.returns_unmatched > 1e-9:
            lines.append(f"Returns not matched to an earlier purchase: {self.returns_unmatched:,.2f} (left out of revenue).")
        if self.suspected_duplicates:
            lines.append(
                f"Suspected duplicates kept: {self.suspected_duplicates:,} rows identical to an earlier row but with "
                "no order id to prove they are copies (repeat purchases look like this)."
            )
        lines.extend(f"Note: {n}" for n in self.notes)
        return lines

    def __str__(self) -> str:
        lines = self._header_lines()
        lines.append(f"Rows read: {self.rows_in:,}   kept: {self.rows_out:,}   removed: {self.rows_removed:,}")
        if self.removed:
            width = max(len(k) for k in self.removed)
            for r in self.removed.values():
                lines.append(f"  {r.reason:<{width}}  {r.count:>8,}  {r.explanation}")
        lines.extend(self._tail_lines())
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (f"CleaningReport(source={self.source!r}, rows_in={self.rows_in}, rows_out={self.rows_out}, "
                f"removed={self.counts()})")

    def _repr_html_(self) -> str:
        esc = html.escape
        head = "".join(f"<div>{esc(line)}</div>" for line in self._header_lines())
        body = "".join(
            f"<tr><td><code>{esc(r.reason)}</code></td><td style='text-align:right'>{r.count:,}</td>"
            f"<td>{esc(r.explanation)}</td><td>{esc(_example_text(r.examples))}</td></tr>"
            for r in self.removed.values()
        )
        table = (
            "<table><thead><tr><th>reason</th><th>rows</th><th>what it means</th><th>example</th></tr></thead>"
            f"<tbody><tr><td><b>read</b></td><td style='text-align:right'><b>{self.rows_in:,}</b></td><td></td><td></td></tr>"
            f"{body}<tr><td><b>kept</b></td><td style='text-align:right'><b>{self.rows_out:,}</b></td><td></td><td></td></tr>"
            "</tbody></table>"
        )
        tail = "".join(f"<div>{esc(line)}</div>" for line in self._tail_lines())
        return f"<div class='crmlib-cleaning-report'>{head}{table}{tail}</div>"


def _example_text(examples: pd.DataFrame) -> str:
    if examples is None or examples.empty:
        return ""
    row = examples.iloc[0]
    return f"{examples.index.name or 'row'} {examples.index[0]}: " + ", ".join(f"{k}={v}" for k, v in row.items())


# ----------------------------------------------------------------------------------------
# Output schema (pandera)
# ----------------------------------------------------------------------------------------


def _build_schema():
    import warnings  # noqa: PLC0415

    with warnings.catch_warnings():
        # pandera probes pyspark when it is installed, and pyspark warns about pandas >= 3 on import:
        # nothing crmlib does with pandera involves Spark, so the user should not see it
        warnings.filterwarnings("ignore", message="PySpark does not yet fully support", category=FutureWarning)
        import pandera.pandas as pa  # noqa: PLC0415

    is_dt = pa.Check(lambda s: pd.api.types.is_datetime64_dtype(s), element_wise=False,
                     error="date must be a timezone-naive datetime64 column")
    return pa.DataFrameSchema(
        {
            "customer_id": pa.Column(nullable=False),
            "order_id": pa.Column(nullable=True, required=False),
            "date": pa.Column(checks=is_dt, nullable=False),
            "amount": pa.Column(float, nullable=False, checks=pa.Check(lambda s: np.isfinite(s), error="amount must be finite")),
            "quantity": pa.Column(float, nullable=True, required=False),
            "unit_price": pa.Column(float, nullable=True, required=False),
            "cost": pa.Column(float, nullable=True, required=False),
            "margin": pa.Column(float, nullable=True, required=False),
            "product": pa.Column(nullable=True, required=False),
        },
        strict=True,
        name="crmlib transactions",
    )


@functools.lru_cache(maxsize=1)
def transaction_schema():
    """The pandera schema every :func:`load_transactions` output satisfies (built on first use)."""
    return _build_schema()


def __getattr__(name: str) -> Any:  # TRANSACTION_SCHEMA is built on first use (pandera import is slow)
    if name == "TRANSACTION_SCHEMA":
        return transaction_schema()
    raise AttributeError(f"module 'crmlib.io' has no attribute {name!r}")


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

    from ._clean_engines import add_row_numbers  # noqa: PLC0415
    from .spark import session  # noqa: PLC0415

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


# ----------------------------------------------------------------------------------------
# Parsing values
# ----------------------------------------------------------------------------------------

def _map_unique(values: pd.Series, func, missing: Any = "") -> pd.Series:
    """Apply a Python function to each distinct value only (logs repeat values a lot)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    mapped = np.array([func(v) for v in uniques] + [missing], dtype=object)
    return pd.Series(mapped[codes], index=values.index, dtype=object)


def _as_text(values: pd.Series) -> pd.Series:
    """Cells as stripped text, '' for missing; vectorised when the column holds only strings."""
    if values.dtype == object and pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty"):
        values = values.astype("str")
    if pd.api.types.is_string_dtype(values) and values.dtype != object:
        return values.fillna("").str.strip()
    return _map_unique(values, _cell_text).astype("str")


def _cell_text(v: Any) -> str:
    if v is None or v is pd.NaT or (isinstance(v, float) and np.isnan(v)):
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


_YMD = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?$")
_ZH = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?(?:\s*(\d{1,2})\s*[:：时]\s*(\d{2})(?:\s*[:：分]\s*(\d{2})\s*秒?)?)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:\.0+)?$")
_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$")
_SERIAL = re.compile(r"^(\d{5})(?:\.\d+)?$")


def _assemble(parts: pd.DataFrame) -> pd.Series:
    comp = parts.apply(pd.to_numeric, errors="coerce")
    comp = comp.fillna({c: 0 for c in ("hour", "minute", "second") if c in comp})
    valid = comp[["year", "month", "day"]].notna().all(axis=1)
    out = pd.Series(pd.NaT, index=parts.index, dtype="datetime64[us]")
    if valid.any():
        out[valid] = pd.to_datetime(comp[valid].astype("int64"), errors="coerce")
    return out


def _parse_date_strings(uniq: pd.Series, dayfirst: bool | None, date_format: str | None, where: str,
                        example_of) -> tuple[pd.Series, dict[str, int], bool | None]:
    """Parse unique date strings. Returns (datetimes, formats found, dayfirst used)."""
    out = pd.Series(pd.NaT, index=uniq.index, dtype="datetime64[us]")
    found = pd.Series(None, index=uniq.index, dtype="object")
    if date_format:
        parsed = pd.to_datetime(uniq, format=date_format, errors="coerce")
        return parsed.astype("datetime64[us]"), found.where(parsed.isna(), date_format), dayfirst
    cols6 = ["year", "month", "day", "hour", "minute", "second"]

    def fill(mask_parts: pd.DataFrame, label: str) -> None:
        ok = mask_parts.notna().any(axis=1) & out.isna()
        if ok.any():
            parsed = _assemble(mask_parts[ok])
            out[ok] = parsed
            found[parsed.index[parsed.notna()]] = label

    ymd = uniq.str.extract(_YMD)
    ymd.columns = cols6
    fill(ymd, "YYYY-MM-DD")
    zh = uniq.str.extract(_ZH)
    zh.columns = cols6
    fill(zh, "YYYY年M月D日")
    compact = uniq.str.extract(_COMPACT)
    compact.columns = ["year", "month", "day"]
    year = pd.to_numeric(compact["year"], errors="coerce")
    compact = compact[(year >= 1900) & (year <= 2100)].reindex(uniq.index)
    fill(compact, "YYYYMMDD")
    dmy = uniq.str.extract(_DMY)
    dmy.columns = ["a", "b", "year", "hour", "minute", "second", "ampm"]
    has = dmy["a"].notna() & out.isna()
    if has.any():
        a = pd.to_numeric(dmy.loc[has, "a"])
        b = pd.to_numeric(dmy.loc[has, "b"])
        if dayfirst is None:
            day_signal, month_signal = (a > 12).any(), (b > 12).any()
            if day_signal and month_signal:
                ex_d, ex_m = uniq[has][a > 12].iloc[0], uniq[has][b > 12].iloc[0]
                raise DataFormatError(
                    f"{where}: dates are written both day-first ({ex_d!r}{example_of(ex_d)}) and month-first "
                    f"({ex_m!r}{example_of(ex_m)}), so neither order reads every row. Fix the export, or pass "
                    "dayfirst=True/False to accept one order and drop the rows that do not fit it."
                )
            if day_signal:
                dayfirst = True
            elif month_signal:
                dayfirst = False
            elif (a != b).any():
                ex = uniq[has][a != b].iloc[0]
                raise DataFormatError(
                    f"{where}: dates such as {ex!r}{example_of(ex)} can be read as day/month/year or month/day/year "
                    "and no value settles it (no day above 12). Pass dayfirst=True for day/month/year "
                    "(e.g. 05/03/2024 = 5 March) or dayfirst=False for month/day/year (= 3 May)."
                )
            else:
                dayfirst = False
        year_raw = pd.to_numeric(dmy.loc[has, "year"])
        year_full = year_raw.where(year_raw >= 100, np.where(year_raw < 70, 2000 + year_raw, 1900 + year_raw))
        hour = pd.to_numeric(dmy.loc[has, "hour"]).fillna(0)
        pm = dmy.loc[has, "ampm"].str.lower().eq("pm")
        am = dmy.loc[has, "ampm"].str.lower().eq("am")
        hour = hour.where(~(pm & (hour < 12)), hour + 12).where(~(am & (hour == 12)), 0)
        parts = pd.DataFrame({
            "year": year_full, "month": b if dayfirst else a, "day": a if dayfirst else b,
            "hour": hour, "minute": dmy.loc[has, "minute"], "second": dmy.loc[has, "second"],
        })
        fill(parts.reindex(uniq.index), "D/M/YYYY" if dayfirst else "M/D/YYYY")
    serial = uniq.str.fullmatch(_SERIAL.pattern) & out.isna()
    if serial.any():
        values = pd.to_numeric(uniq[serial])
        in_range = values.between(20000, 80000)
        if in_range.any():
            dates = pd.Timestamp("1899-12-30") + pd.to_timedelta(values[in_range], unit="D")
            out[in_range[in_range].index] = dates.dt.round("s").astype("datetime64[us]")
            found[in_range[in_range].index] = "Excel serial"
    rest = out.isna() & uniq.str.contains(r"[A-Za-z]{3}", regex=True) & uniq.str.contains(r"\d", regex=True)
    if rest.any():
        parsed = pd.to_datetime(uniq[rest], format="mixed", errors="coerce", dayfirst=bool(dayfirst), utc=True)
        parsed = parsed.dt.tz_localize(None).astype("datetime64[us]")
        out[rest] = parsed
        found[parsed.index[parsed.notna()]] = "text month"
    return out, found, dayfirst


def _parse_dates(values: pd.Series, dayfirst, date_format, where, example_of):
    """Parse a column of dates of any supported spelling; NaT where it cannot be read."""
    if pd.api.types.is_datetime64_any_dtype(values):
        s = values
        if getattr(s.dt, "tz", None) is not None:
            s = s.dt.tz_localize(None)
        return s.astype("datetime64[us]"), {"datetime": int(s.notna().sum())}, dayfirst
    def as_text(v):
        if isinstance(v, (pd.Timestamp, np.datetime64)) or hasattr(v, "isoformat"):
            return pd.Timestamp(v).strftime("%Y-%m-%d %H:%M:%S")
        return _cell_text(v) if not isinstance(v, float) or v.is_integer() else repr(v)

    values = _map_unique(values, as_text).astype(str)
    codes, uniques = pd.factorize(values)
    uniq = pd.Series(uniques, dtype=str)
    parsed, labels, dayfirst = _parse_date_strings(uniq, dayfirst, date_format, where, example_of)
    result = pd.Series(parsed.to_numpy()[codes], index=values.index, dtype="datetime64[us]")
    result[codes < 0] = pd.NaT
    row_labels = pd.Series(labels.to_numpy()[codes], index=values.index)[(codes >= 0) & result.notna().to_numpy()]
    counts = {str(k): int(v) for k, v in row_labels.value_counts(sort=False).items()}
    return result, counts, dayfirst


_CURRENCY = re.compile(r"[¥￥$€£]|元|RMB|CNY|USD|EUR|GBP|CHF|\s|['’]")
#: Decimal-comma spellings: 1.015,00 / 1015,5 (after spaces and apostrophes are removed).
_EU_NUMBER = re.compile(r"-?(?:\d{1,3}(?:\.\d{3})+|\d+),\d+|-?\d{1,3}(?:\.\d{3}){2,}")
#: Decimal-point spellings that cannot be read with a decimal comma: 1,015.00 / 12.5 / 1.2345.
_US_NUMBER = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d+|-?\d{1,3}(?:,\d{3}){2,}")


def _decimal_mark(text: pd.Series) -> str:
    """``","`` when the values are written with decimal commas (1.015,00, 1 015,00, 12,5), else ``"."``.

    A value such as ``1,015`` or ``1.015`` fits both conventions and settles nothing; a column
    holding both kinds of evidence is an error (the caller names the column).
    """
    plain = text[text != ""]
    eu = plain.str.fullmatch(_EU_NUMBER.pattern)
    us = plain.str.fullmatch(_US_NUMBER.pattern)
    # "1.015" matches neither; "12.50" is US; "12,50" and "1.015,00" are EU; "1,015" matches neither
    us &= ~plain.str.fullmatch(r"-?\d{1,3}\.\d{3}")
    eu &= ~plain.str.fullmatch(r"-?\d{1,3},\d{3}")
    if eu.any() and us.any():
        raise _MixedDecimals(plain[eu].iloc[0], plain[us].iloc[0])
    return "," if eu.any() else "."


class _MixedDecimals(Exception):
    def __init__(self, comma: str, point: str) -> None:
        super().__init__(comma, point)
        self.comma, self.point = comma, point


def _parse_numbers(values: pd.Series, decimal: str | None) -> pd.Series:
    """Numbers written as text: currency signs, thousands separators (``,`` ``.`` space ``'``),
    (negatives), decimal commas (detected, or forced with *decimal*)."""
    if pd.api.types.is_numeric_dtype(values):
        return values.astype("float64")
    codes, uniques = pd.factorize(_map_unique(values, lambda v: str(v).strip()).astype(str))
    text = pd.Series(uniques, dtype=str).str.replace(_CURRENCY, "", regex=True)
    text = text.str.replace(r"^\((.*)\)$", r"-\1", regex=True).str.replace(r"^(.*\d)-$", r"-\1", regex=True)
    if decimal is None:
        decimal = _decimal_mark(text)
    if decimal == ",":
        text = text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    else:
        thousands = text.str.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?")
        text = text.where(~thousands, text.str.replace(",", "", regex=False))
    numbers = pd.to_numeric(text, errors="coerce").to_numpy(dtype="float64")
    out = pd.Series(numbers[codes], index=values.index, dtype="float64")
    out[codes < 0] = np.nan
    return out


def _parse_ids(values: pd.Series) -> pd.Series:
    """Customer ids: strip text; integer dtype when every id is a plain number without collisions."""
    if pd.api.types.is_integer_dtype(values):
        return values.astype("Int64")
    if pd.api.types.is_float_dtype(values):
        if (values.dropna() % 1 == 0).all():
            return values.astype("Int64")
        return values.astype(str)
    text = _as_text(values)
    text = text.str.replace(r"^(\d+)\.0$", r"\1", regex=True)
    text = text.where(~text.isin(_BLANKS), "")
    present = text[text != ""]
    if len(present) and present.str.fullmatch(r"\d{1,18}").all():
        as_int = present.astype("int64")
        if as_int.nunique() == present.nunique():
            out = pd.Series(pd.NA, index=values.index, dtype="Int64")
            out[present.index] = as_int
            return out
    return text.where(text != "", None).astype("string")


# ----------------------------------------------------------------------------------------
# Column mapping
# ----------------------------------------------------------------------------------------


def _map_columns(frame: pd.DataFrame, columns: Mapping[str, Any] | None, source: str,
                 report_notes: list[str] | None = None) -> dict[str, Any]:
    report_notes = [] if report_notes is None else report_notes
    mapping: dict[str, Any] = {}
    columns = dict(columns or {})
    for role, col in columns.items():
        if role not in _CANONICAL:
            raise CRMLibError(f"columns= has an unknown key {role!r}; use any of {', '.join(_CANONICAL)}.")
        if col is None:
            continue
        if col in frame.columns:
            mapping[role] = col
            continue
        matches = [c for c in frame.columns if _norm_header(c) == _norm_header(col)]
        if not matches:
            raise DataFormatError(
                f"{source}: columns={{{role!r}: {col!r}}} names no column of the file; its columns are "
                f"{[str(c) for c in frame.columns]}."
            )
        mapping[role] = matches[0]
    # "Amount.1": the reader's name for a second column headed "Amount"
    normed = {c: _norm_header(re.sub(r"\.\d+$", "", str(c)) if _DEDUPED.match(str(c)) else c) for c in frame.columns}
    taken = set(mapping.values())
    for role, synonyms in COLUMN_SYNONYMS.items():
        if role in mapping or role in columns:
            continue
        for syn in synonyms:
            hit = [c for c, n in normed.items() if n == syn and c not in taken]
            if not hit:
                continue
            exact = [c for c in hit if not _is_derived(c)]
            best = exact or hit
            if len(best) > 1:
                names = " and ".join(repr(str(c)) for c in best)
                raise DataFormatError(
                    f"{source}: two columns could be the {role}: {names}. Say which one to use with "
                    f"columns={{{role!r}: {str(best[0])!r}}} (on the command line: --columns {role}={best[0]})."
                )
            mapping[role] = best[0]
            taken.add(best[0])
            derived = [c for c in hit if c != best[0]]
            if derived:
                report_notes.append(
                    f"{role} read from {str(best[0])!r}, not from {', '.join(repr(str(c)) for c in derived)} "
                    f"(a derived column); pass columns={{{role!r}: ...}} to choose another")
            break
    return mapping


_DEDUPED = re.compile(r"^(.*\S)\.(\d+)$")
#: Bracketed header parts that are units (kept as the same column), e.g. "Sales (USD)", "金额（元）".
_UNIT = re.compile(r"^(?:usd|eur|gbp|cny|rmb|jpy|hkd|twd|chf|cad|aud|sgd|krw|inr|[¥￥$€£%]|元|万元|千元|人民币|rmb|us\$|pcs|件|个|kg|g|units?|qty|pct|percent)$")


def _is_derived(name: Any) -> bool:
    """True for headers like "Profit (bin)" or "Sales [rank]": a column derived from another."""
    text = str(name).strip().lower()
    if _DEDUPED.match(text):
        text = _DEDUPED.match(text).group(1)
    parts = re.findall(r"[\(\（\[【](.*?)[\)\）\]】]", text)
    return any(not _UNIT.match(part.strip()) for part in parts)


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
        path = Path(source)
        report = CleaningReport(path.name, returns_policy=returns)
        if not path.is_file():
            raise DataFormatError(f"{path}: no such file. Check the path (relative paths start at {Path.cwd()}).")
        suffix = path.suffix.lower()
        if suffix in {".csv", ".tsv", ".txt", ".dat", ".tab", ""}:
            frame, bad = _read_text(path, options, report, columns)
            text_source = True
        elif suffix in {".xlsx", ".xlsm", ".xls"}:
            frame = _read_excel(path, options, report, columns)
            text_source = True
        elif suffix in {".parquet", ".pq"}:
            try:
                frame = pd.read_parquet(path)
            except Exception as exc:  # noqa: BLE001
                raise DataFormatError(f"{path.name}: cannot read it as Parquet ({exc}).") from None
            frame.index = pd.RangeIndex(1, len(frame) + 1, name="row")
        else:
            raise DataFormatError(
                f"{path.name}: unsupported file type {suffix!r}. load_transactions reads .csv/.tsv/.txt, "
                ".xlsx and .parquet files; export the data to one of these or pass a DataFrame."
            )
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
    from .spark import from_pandas, session  # noqa: PLC0415

    return from_pandas(session(), frame)


def _load_engine(source: Any, columns, engine: str, options: dict, parse: dict, *, date_range, observation_end,
                 returns, duplicates, keep_zero) -> tuple[Any, CleaningReport]:
    """load_transactions for engine='polars'/'duckdb'/'spark' (see crmlib._clean_engines)."""
    from ._clean_engines import add_row_numbers, clean_frame  # noqa: PLC0415

    if engine not in _ENGINES:
        raise CRMLibError(f"engine={engine!r}: use one of {', '.join(_ENGINES)}.")
    bad: list[tuple[int, str]] = []
    text_source = numbered = False
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        report = CleaningReport(path.name, returns_policy=returns)
        if not path.exists():
            raise DataFormatError(f"{path}: no such file. Check the path (relative paths start at {Path.cwd()}).")
        suffix = path.suffix.lower()
        if suffix in {".parquet", ".pq"} or path.is_dir():
            try:
                if engine == "polars":
                    import polars as pl  # noqa: PLC0415

                    native = pl.scan_parquet(path)
                elif engine == "duckdb":
                    import duckdb  # noqa: PLC0415

                    # one file: its row numbers give the input order without a window function
                    native = duckdb.default_connection().read_parquet(str(path), file_row_number=path.is_file())
                else:
                    from .spark import session  # noqa: PLC0415

                    native = session().read.parquet(str(path))
            except Exception as exc:  # noqa: BLE001
                raise DataFormatError(f"{path.name}: cannot read it as Parquet ({exc}).") from None
        elif engine == "spark" and suffix in _TEXT_SUFFIXES and (
                spark_csv := _spark_csv_or_note(path, options, report, columns)) is not None:
            native, text_source, numbered = spark_csv, True, True
        else:
            if suffix in {".xlsx", ".xlsm", ".xls"}:
                frame = _read_excel(path, options, report, columns)
            elif suffix in _TEXT_SUFFIXES:
                frame, bad = _read_text(path, options, report, columns)
            else:
                raise DataFormatError(f"{path.name}: unsupported file type {suffix!r}; use .csv, .xlsx or .parquet.")
            text_source = True
            frame = frame.astype(object).where(frame.notna(), None).astype("str").where(frame.notna(), None) \
                if len(frame) else frame.astype(str)
            frame.columns = [str(c) for c in frame.columns]
            frame = frame.assign(_label=frame.index.to_numpy()).reset_index(drop=True)
            native = _to_engine(frame, engine)
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
    for role, hint in (("customer_id", "Customer ID, CustomerID, 客户编号, 会员号"), ("date", "Date, InvoiceDate, 日期, 下单时间")):
        if role not in mapping:
            raise DataFormatError(f"{report.source}: no {role} column found among {columns_in}. Pass "
                                  f"columns={{'{role}': '<column>'}} (recognised names include {hint}).")
    if "amount" not in mapping and not {"quantity", "unit_price"} <= set(mapping):
        raise DataFormatError(f"{report.source}: no amount column found among {columns_in}, and no quantity + unit price "
                              "to compute it. Pass columns={'amount': '<column>'}.")
    quiet = contextlib.nullcontext()
    if engine == "duckdb":
        from ._frames import quiet_duckdb  # noqa: PLC0415

        quiet = quiet_duckdb()
    if not numbered:
        native = add_row_numbers(native)
    with quiet:
        return clean_frame(native, mapping, report, options=parse, date_range=date_range,
                           observation_end=observation_end, returns=returns, duplicates=duplicates,
                           keep_zero=keep_zero, text_source=text_source)


_BLANKS = frozenset(["", "nan", "NaN", "None", "NULL", "null", "NA", "N/A", "#N/A", "-"])


def _record_bad_lines(report: CleaningReport, bad: list[tuple[int, str]]) -> None:
    """Count the lines the text reader set aside (wrong number of fields), with three examples."""
    if bad:
        lines = pd.DataFrame({"line_text": [b[1] for b in bad[:3]]}, index=pd.Index([b[0] for b in bad[:3]], name="line"))
        report.removed["bad_field_count"] = RemovedRows("bad_field_count", len(bad), REASONS["bad_field_count"], lines)


def _map_input(frame: pd.DataFrame, bad: list, columns: Mapping[str, Any] | None, report: CleaningReport) -> dict:
    """Count the input, map the columns to their roles, record the reader's bad lines."""
    src = report.source
    report.rows_in = len(frame) + len(bad)
    if report.rows_in == 0:
        raise DataFormatError(f"{src}: there are no data rows below the header. Check the export.")
    mapping = _map_columns(frame, columns, src, report.notes)
    report.columns = {k: str(v) for k, v in mapping.items()}
    cols = [str(c) for c in frame.columns]
    if "customer_id" not in mapping:
        raise DataFormatError(
            f"{src}: no customer id column found among {cols}. Pass columns={{'customer_id': '<column>'}} "
            f"(recognised names include Customer ID, CustomerID, 客户编号, 会员号). First row: {_row_text(frame, 0)}."
        )
    if "date" not in mapping:
        raise DataFormatError(
            f"{src}: no date column found among {cols}. Pass columns={{'date': '<column>'}} "
            f"(recognised names include Date, InvoiceDate, 日期, 下单时间, 交易日期). First row: {_row_text(frame, 0)}."
        )
    if "amount" not in mapping and not {"quantity", "unit_price"} <= set(mapping):
        raise DataFormatError(
            f"{src}: no amount column found among {cols}, and no quantity + unit price to compute it. Pass "
            "columns={'amount': '<column>'} or columns={'quantity': '<column>', 'unit_price': '<column>'} "
            f"(recognised names include Amount, Sales, Revenue, 金额, 销售额, 实付金额). First row: {_row_text(frame, 0)}."
        )
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
    from ._clean_engines import add_row_numbers, clean_frame  # noqa: PLC0415

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


def _validate_output(out: pd.DataFrame, src: str) -> None:
    """Check the clean frame against the transaction schema (pandera)."""
    import warnings  # noqa: PLC0415

    with warnings.catch_warnings():
        # importing pandera and its first validation import pyspark.pandas when pyspark is installed, which
        # warns about pandas >= 3; nothing here involves Spark, so the user should not see it
        warnings.filterwarnings("ignore", message="PySpark does not yet fully support", category=FutureWarning)
        from pandera.errors import SchemaError, SchemaErrors  # noqa: PLC0415

        try:
            transaction_schema().validate(out)
        except (SchemaError, SchemaErrors) as exc:  # pragma: no cover - would be a crmlib bug
            raise CRMLibError(f"{src}: the cleaned data failed the transaction schema: {exc}") from exc


def _fifo_match(events: pd.DataFrame, keys: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """One FIFO netting pass; see :func:`net_returns` for the rule.

    *events* has ``date``, ``seq`` (input order), ``is_return``, ``value`` (>= 0) and the *keys*.
    Returns (value matched of each return event, value consumed of each purchase event), aligned
    with *events*. Closed form of the sequential rule, so every engine can compute it with
    window functions: within a key, in order (date, purchases before returns, input order),
    ``P`` = cumulative purchases, ``R`` = cumulative returns, ``C`` = cumulative matched returns
    ``= R + min(0, cummin(P - R))`` (evaluated at returns), and purchase *i* is consumed by
    ``clip(C_total - P_before_i, 0, value_i)``.
    """
    order = events.sort_values(keys + ["date", "is_return", "seq"], kind="mergesort")
    grp = order.groupby(keys, sort=False, dropna=False)
    buy = np.where(order["is_return"].to_numpy(), 0.0, order["value"].to_numpy())
    ret = np.where(order["is_return"].to_numpy(), order["value"].to_numpy(), 0.0)
    gkey = grp.ngroup().to_numpy()
    cum_p = pd.Series(buy).groupby(gkey).cumsum().to_numpy()
    cum_r = pd.Series(ret).groupby(gkey).cumsum().to_numpy()
    gap = np.where(order["is_return"].to_numpy(), cum_p - cum_r, np.inf)
    deficit = np.minimum(pd.Series(gap).groupby(gkey).cummin().to_numpy(), 0.0)
    deficit = np.where(np.isfinite(deficit), deficit, 0.0)
    cum_c = cum_r + deficit  # cumulative matched, valid at return rows (and carried at purchases)
    # C at each row = C at the latest return at or before it in the key (0 before the first)
    c_at = pd.Series(np.where(order["is_return"].to_numpy(), cum_c, np.nan)).groupby(gkey).ffill().fillna(0.0).to_numpy()
    prev_c = pd.Series(c_at).groupby(gkey).shift(1).fillna(0.0).to_numpy()
    matched = np.where(order["is_return"].to_numpy(), c_at - prev_c, 0.0)
    c_total = pd.Series(c_at).groupby(gkey).transform("last").to_numpy()
    p_before = cum_p - buy
    consumed = np.where(order["is_return"].to_numpy(), 0.0, np.clip(c_total - p_before, 0.0, buy))
    out_m = pd.Series(matched, index=order.index).reindex(events.index).to_numpy()
    out_c = pd.Series(consumed, index=order.index).reindex(events.index).to_numpy()
    return out_m, out_c


def net_returns(purchases: pd.DataFrame, returns: pd.DataFrame, *, by_product: bool) -> tuple[pd.Series, pd.Series]:
    """Net returns against the same customer's earlier purchases, first in, first out.

    The rule (the reference definition every engine follows):

    1. Purchases are lines with a positive amount; a return's value is the absolute value of
       its amount. Each return can only be netted against purchases of the **same customer**
       dated **on or before** the return (a purchase and its return at the same timestamp
       match; purchases sort before returns at equal timestamps; ties by input order).
    2. Pass 1, when the log has a product column: within each (customer, product), returns
       are taken in date order and each consumes the remaining value of the **oldest** still
       unconsumed earlier purchases (FIFO) until the return is used up or no earlier purchase
       value is left. Pass 2 (pass 1 when there is no product column): what is left of every
       return is netted the same way against what is left of the customer's purchases of any
       product.
    3. What is still left of a return after both passes (its *excess*: the goods were bought
       before the log starts, or by someone else) is not netted against later purchases; it
       is reported as unmatched value.

    FIFO, not LIFO, because it has a closed form with cumulative sums and a cumulative
    minimum (see ``_fifo_match``), so SQL/Polars/Spark compute exactly the same numbers
    with window functions instead of a loop. Revenue after netting equals
    ``sum(purchases) - sum(matched returns)``.

    Parameters
    ----------
    purchases : DataFrame with ``cust``, ``date``, ``seq`` (input order), ``value`` (> 0) and
        ``product`` when *by_product*.
    returns : DataFrame with the same columns; ``value`` is the returned value (> 0).
    by_product : run pass 1 on (customer, product).

    Returns
    -------
    (matched, consumed) : the value of each return that was netted (index of *returns*) and
        the value taken off each purchase (index of *purchases*).

    Examples
    --------
    A customer buys 12 x 15 and 4 x 15 of one product, then returns 16 x 15: both lines are
    used up; a return of 300 against 240 of purchases leaves 60 unmatched.

    >>> buy = pd.DataFrame({"cust": [1, 1], "product": ["p", "p"], "seq": [0, 1], "value": [180.0, 60.0],
    ...                     "date": pd.to_datetime(["2024-01-01", "2024-01-02"])})
    >>> ret = pd.DataFrame({"cust": [1], "product": ["p"], "seq": [2], "value": [240.0],
    ...                     "date": pd.to_datetime(["2024-01-03"])})
    >>> matched, consumed = net_returns(buy, ret, by_product=True)
    >>> matched.tolist(), consumed.tolist()
    ([240.0], [180.0, 60.0])
    >>> matched, consumed = net_returns(buy, ret.assign(value=300.0), by_product=True)
    >>> matched.tolist(), consumed.tolist()
    ([240.0], [180.0, 60.0])
    """
    cols = ["cust", "date", "seq", "value"] + (["product"] if by_product else [])
    events = pd.concat([purchases[cols].assign(is_return=False), returns[cols].assign(is_return=True)],
                       ignore_index=True)
    n_buy = len(purchases)
    matched = np.zeros(len(events))
    consumed = np.zeros(len(events))
    passes = [["cust", "product"], ["cust"]] if by_product else [["cust"]]
    for keys in passes:
        left = events["value"].to_numpy() - np.where(events["is_return"].to_numpy(), matched, consumed)
        todo = events.assign(value=np.maximum(left, 0.0))
        m, c = _fifo_match(todo, keys)
        matched += m
        consumed += c
    return (pd.Series(matched[n_buy:], index=returns.index), pd.Series(consumed[:n_buy], index=purchases.index))


#: The input column each removal reason looks at (for messages).
_REASON_ROLE = {
    "missing_customer_id": "customer_id", "missing_date": "date", "unparseable_date": "date",
    "out_of_range_date": "date", "after_observation_end": "date", "invalid_amount": "amount",
    "zero_amount": "amount", "cancelled_order": "status", "duplicate_line": "order_id",
    "return_netted": "amount", "fully_returned": "amount", "unmatched_return": "amount",
    "return_dropped": "amount",
}

_REASON_FIX = {
    "missing_customer_id": "map the right column with columns={'customer_id': '<column>'}",
    "missing_date": "map the right column with columns={'date': '<column>'}",
    "unparseable_date": "pass date_format= (e.g. '%d.%m.%Y') or map the right column with columns={'date': ...}",
    "out_of_range_date": "widen date_range=(earliest, latest) if these dates are real (the default ends today)",
    "after_observation_end": "choose a later observation_end",
    "invalid_amount": "map the right column with columns={'amount': '<column>'} (or pass decimal=',')",
    "zero_amount": "pass keep_zero=True",
    "cancelled_order": "check the status column, or pass columns={'status': None} to ignore it",
    "unmatched_return": "check the sign of the amounts, or pass returns='keep'",
    "return_dropped": "check the sign of the amounts, or pass returns='keep'",
    "fully_returned": "check the sign of the amounts, or pass returns='keep'",
    "return_netted": "check the sign of the amounts, or pass returns='keep'",
}


def _nothing_left_message(report: CleaningReport, mapping: Mapping[str, Any], frame: pd.DataFrame) -> str:
    """Why cleaning removed every row: the main rule with its column and an example row."""
    if not report.removed:  # pragma: no cover - a non-empty input always loses rows to some rule
        return f"{report.source}: no rows are left after cleaning."
    main = max(report.removed.values(), key=lambda r: r.count)
    role = _REASON_ROLE.get(main.reason)
    column = f" (column {str(mapping[role])!r})" if role in mapping else ""
    example = ""
    if main.examples is not None and not main.examples.empty:
        label = main.examples.index.name or "row"
        example = f"; e.g. {label} {main.examples.index[0]}: {_row_text(main.examples, 0)}"
    others = [f"{r.reason} {r.count:,}" for r in report.removed.values() if r is not main]
    rest = f" The other rules removed: {', '.join(others)}." if others else ""
    fix = _REASON_FIX.get(main.reason, "check the file")
    return (f"{report.source}: cleaning removed every row, so nothing is left to analyse. {main.count:,} of "
            f"{report.rows_in:,} rows were removed by the rule {main.reason!r}{column}: {main.explanation}{example}."
            f"{rest} If this is not what you expect, {fix}.")


def _row_label(frame: pd.DataFrame, i: int) -> str:
    """``"line 12"`` (text and Excel files: the number an editor or Excel shows) or ``"row 3"``
    (Parquet and DataFrame input: 1-based data row)."""
    return f"{frame.index.name or 'row'} {frame.index[i]}"


def _row_text(frame: pd.DataFrame, i: int) -> str:
    if len(frame) == 0:
        return "(no rows)"
    row = frame.iloc[i]
    return "{" + ", ".join(f"{k}: {v!r}" for k, v in row.items()) + "}"
