"""The cleaning report: the removal reasons (:data:`REASONS`), :class:`RemovedRows`,
:class:`CleaningReport` and the messages that name a rule, its column and an example row."""
from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any, Mapping

import pandas as pd


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
