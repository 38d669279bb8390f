"""The cleaning rules of :func:`crmlib.io.load_transactions` for Polars, DuckDB and Spark.

The rules (order, reasons, netting) are those of the pandas route, documented in
``crmlib/io.py`` and the cleaning-rules note; here they are written ONCE as narwhals
expressions, so one code path serves every engine:

* every row carries ``_row`` (its input position) and ``_reason`` (``None`` while it is alive);
  each rule sets ``_reason`` on the live rows it removes, so the first rule wins, as in pandas;
* text values (dates, amounts) are parsed by the same Python parsers as the pandas route,
  applied to the column's *distinct* values only (collected with their counts) and joined back
  in the engine;
* the FIFO netting of returns uses the closed form of :func:`crmlib.io.net_returns` with window
  functions (cumulative sums, a cumulative minimum and a cumulative maximum per key);
* the report is built from one small collect: counts per reason and the first three example
  rows of each.

Speed: a lazy plan is re-run from the file by every collect, so the row rules are computed
once and materialised (:func:`materialise`: Polars collects, DuckDB an Arrow table, Spark a
cache) before the counts and window functions; the window functions run only when a cheap
check says they can change something (a repeated order key, a return line), and identical
rows without an order id are counted by a group-by, not a window over every column.
"""
from __future__ import annotations

from typing import Any, Mapping

import narwhals as nw
import numpy as np
import pandas as pd

from ._errors import CRMLibError, DataFormatError
from ._frames import collect_pandas, is_spark_frame

_BLANK_TEXT = ["", "nan", "NaN", "None", "NULL", "null", "NA", "N/A", "#N/A", "-"]
# the same test as one anchored regex: "strip, then is_in" becomes a hash (mark) join in DuckDB,
# several times slower per row than a regex match, and the strip is folded into \s*
_BLANK_RE = "^[\\s\u3000]*(?:" + "|".join(v for v in _BLANK_TEXT if v) + ")?[\\s\u3000]*$"


def _is_text(dtype: Any) -> bool:
    return dtype == nw.String


def _blank(col: str, dtype: Any) -> nw.Expr:
    c = nw.col(col)
    if _is_text(dtype):
        return c.is_null() | c.str.contains(_BLANK_RE)
    if dtype.is_float():
        return c.is_null() | c.is_nan()
    return c.is_null()


# a space at either end of a cell, for every engine's strip_chars: Python's and Rust's Unicode
# whitespace (a superset of the ASCII set DuckDB's strip uses), written as literal characters
# because the regex dialects (Rust, RE2, Java) spell Unicode escapes differently
_SPACE = "[\\s\x0b\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]"
_EDGE_SPACE_RE = f"^{_SPACE}|{_SPACE}$"


def _text(col: str, dtype: Any, strip: bool = True) -> nw.Expr:
    """A cell as stripped text ('' when missing), for keys and patterns.

    ``strip=False`` when :func:`_has_edge_space` found nothing to strip: the result is the same.
    """
    c = nw.col(col)
    if _is_text(dtype):
        return (c.str.strip_chars() if strip else c).fill_null("")
    return c.cast(nw.String).fill_null("")


def _has_edge_space(frame: Any, col: str) -> bool:
    """Whether any cell of a text column starts or ends with a space (one aggregate).

    The ids are keys of every later group-by and of the output, so a strip in their
    expression runs again in each query over the cleaned table; DuckDB's strip with a
    character set costs most of its customer summary (1.4 of 1.8 s at 1M rows), while this
    test reads the column once with a regex, several times faster. Every row is tested, not
    only the rows alive, so the answer errs towards stripping, which changes nothing.

    >>> import polars as pl
    >>> _has_edge_space(nw.from_native(pl.DataFrame({"c": ["A1", "B 2"]})), "c")
    False
    >>> _has_edge_space(nw.from_native(pl.DataFrame({"c": ["A1", "B2\u3000"]})), "c")
    True
    """
    found = collect_pandas(frame.select(
        nw.col(col).str.contains(_EDGE_SPACE_RE).fill_null(False).cast(nw.Int64).sum().alias("n")))
    return bool(int(found["n"].iloc[0] or 0))


def add_row_numbers(native: Any) -> Any:
    """The input order as ``_row`` (0-based), engine by engine (the only engine-specific step)."""
    mod = type(native).__module__
    if mod.startswith("polars"):
        return native.with_row_index("_row")
    if mod.startswith("duckdb"):
        if "file_row_number" in native.columns and "_row" not in native.columns:
            # read_parquet(file_row_number=True) on one file: the order for free, no window
            return native.project("* EXCLUDE (file_row_number), file_row_number AS _row")
        return native.project("*, (row_number() OVER () - 1) AS _row")
    if mod.startswith("pyspark"):
        from pyspark.sql import functions as F  # noqa: PLC0415

        # monotonically_increasing_id is (partition index << 33) + position in the partition.
        # A row_number over the whole table would pull every row into one partition (one core,
        # one JVM heap); instead the rows of each partition are counted (one small collect) and
        # each partition's offset is added, which gives the same dense 0-based numbers.
        part = F.shiftright(F.monotonically_increasing_id(), 33)
        sizes = sorted((int(r[0]), int(r[1])) for r in
                       native.select(part.alias("_p")).groupBy("_p").count().collect())
        offsets, total = {}, 0
        for p, n in sizes:
            offsets[p] = total
            total += n
        with_id = native.withColumn("_mono", F.monotonically_increasing_id())
        pid = F.shiftright(F.col("_mono"), 33)
        offset = F.lit(0).cast("long")
        for p, off in offsets.items():
            offset = F.when(pid == p, F.lit(off).cast("long")).otherwise(offset)
        row = offset + (F.col("_mono") - F.shiftleft(pid, 33))
        return with_id.withColumn("_row", row).drop("_mono")
    raise CRMLibError(f"engine cleaning got a {type(native).__name__}; pass a Polars, DuckDB or Spark table.")


class _Stages:
    """What the cleaning has materialised so far (Spark caches to release) and whether a
    window function was added to the plan since."""

    def __init__(self) -> None:
        self.cached: list = []
        self.window_pending = False


def materialise(frame: Any, stages: _Stages | None = None) -> Any:
    """Compute a lazy narwhals frame once and return a frame over the result.

    Every collect of a lazy plan re-runs it from the file: without this, each count the report
    needs would repeat the row rules and window functions. Polars collects; DuckDB fetches the
    rows as an Arrow table (kept alive by the returned relation and freed with it, where a temp
    table would outlive the call in the connection); Spark caches (the cached frames are kept
    in ``stages`` so that :func:`release` can unpersist the earlier ones).
    """
    native = frame.to_native()
    mod = type(native).__module__
    if mod.startswith("polars"):
        if not hasattr(native, "collect"):  # an eager DataFrame is computed already
            return frame
        out = nw.from_native(native.collect().lazy())
    elif mod.startswith("duckdb"):
        import duckdb  # noqa: PLC0415

        out = nw.from_native(duckdb.default_connection().from_arrow(native.to_arrow_table()))
    elif mod.startswith("pyspark"):
        cached = native.cache()
        cached.count()
        if stages is not None:
            stages.cached.append(cached)
        out = nw.from_native(cached)
    else:  # pragma: no cover - eager frames need nothing
        return frame
    if stages is not None:
        stages.window_pending = False
    return out


def release(stages: _Stages) -> None:
    """Unpersist the cached Spark tables of the earlier steps (the last one is the output's)."""
    for cached in stages.cached[:-1]:
        cached.unpersist()
    del stages.cached[:-1]


def _parse_lookup(frame: Any, col: str, kind: str, alive: nw.Expr, options: dict, where: str) -> tuple[Any, dict]:
    """Parse a text column through its distinct values with the pandas route's parser.

    Returns the frame with ``_parsed_<col>`` joined in and facts for the report (date formats).
    """
    from . import io as _io  # noqa: PLC0415

    distinct = collect_pandas(
        frame.filter(alive).group_by(nw.col(col).str.strip_chars().alias("_raw")).agg(nw.len().alias("_n")))
    raw = distinct["_raw"].astype(str)
    facts: dict = {}
    if kind == "date":
        parsed, found, used = _io._parse_dates(raw, options.get("dayfirst"), options.get("date_format"), where,
                                               lambda v: "")
        facts["dayfirst"] = used
        lookup = pd.DataFrame({"_raw": raw.to_numpy(), f"_parsed_{col}": parsed.to_numpy(dtype="datetime64[us]")})
        # the formats found, counted over rows (each distinct value weighs its row count)
        per_value = pd.Series(0, index=raw.index)
        labels: dict[str, int] = {}
        if found:
            for i, text in enumerate(raw):
                if pd.isna(lookup.iloc[i, 1]):
                    continue
                _, f, _ = _io._parse_dates(pd.Series([text]), used, options.get("date_format"), where, lambda v: "")
                for k in f:
                    labels[k] = labels.get(k, 0) + int(distinct["_n"].iloc[i])
        del per_value
        facts["date_formats"] = labels
    else:
        numbers = _io._parse_numbers(raw, options.get("decimal"))
        lookup = pd.DataFrame({"_raw": raw.to_numpy(), f"_parsed_{col}": numbers.to_numpy(dtype="float64")})
    native = frame.to_native()
    if is_spark_frame(frame):
        from .spark import from_pandas  # noqa: PLC0415

        table = nw.from_native(from_pandas(native.sparkSession, lookup))
    elif type(native).__module__.startswith("duckdb"):
        import duckdb  # noqa: PLC0415

        # relations join only within one connection: crmlib's DuckDB route uses the default one
        table = nw.from_native(duckdb.default_connection().from_df(lookup))
    else:
        import polars as pl  # noqa: PLC0415

        lk = pl.from_pandas(lookup)
        table = nw.from_native(lk.lazy() if isinstance(native, pl.LazyFrame) else lk)
    joined = frame.with_columns(_raw=nw.col(col).str.strip_chars()).join(table, on="_raw", how="left").drop("_raw")
    return joined, facts


def clean_frame(native: Any, mapping: Mapping[str, Any], report: Any, *, options: dict, date_range, observation_end,
                returns: str, duplicates: str, keep_zero: bool, text_source: bool) -> tuple[Any, Any]:
    """Apply every rule to a Polars/DuckDB/Spark table that has ``_row``; fill ``report``.

    Returns (clean table with canonical columns, in the input's engine; report).
    """
    from .io import REASONS, RemovedRows  # noqa: PLC0415

    frame = nw.from_native(native)
    schema = dict(frame.collect_schema())
    inputs = [c for c in schema if c not in ("_row", "_label")]
    src = report.source
    frame = frame.with_columns(_reason=nw.lit(None, dtype=nw.String))
    alive = nw.col("_reason").is_null()

    def drop(cond: nw.Expr, reason: str) -> None:
        nonlocal frame
        # _reason is named once per step: with "when alive ... otherwise _reason" it would be
        # named twice, and SQL engines that inline each step double the expression per rule
        frame = frame.with_columns(
            _reason=nw.col("_reason").fill_null(nw.when(cond.fill_null(False)).then(nw.lit(reason))))

    # 1. structural rows
    drop(nw.all_horizontal(*[_blank(c, schema[c]) for c in inputs], ignore_nulls=True), "blank_row")
    text_cols = [c for c in inputs if _is_text(schema[c])]
    if report.header_row and text_cols:
        same = nw.sum_horizontal(*[nw.when(nw.col(c).str.strip_chars() == str(c).strip()).then(1).otherwise(0)
                                   for c in text_cols])
        drop(same >= max(2, len(inputs) // 2), "repeated_header")
    if text_cols:
        from .io import _TOTAL_PATTERN, _TOTAL_WORDS  # noqa: PLC0415

        def norm(c: str) -> nw.Expr:
            e = nw.col(c).cast(nw.String).str.strip_chars().str.to_lowercase()
            # _norm_header's patterns, spelled for every regex dialect (Rust, RE2-like, Java)
            e = e.str.replace_all(r"[(（\[【][^)）\]】]*[)）\]】]", "")
            return e.str.replace_all(r"[\s_./:：#-]+", "")

        exact = "^(?:" + "|".join(sorted(_TOTAL_WORDS)) + ")$"

        def is_total(c: str) -> nw.Expr:
            # as the pandas route: only a cell holding a total word is normalised (two regex
            # replaces), which keeps the costly step off almost every row
            maybe = nw.col(c).cast(nw.String).str.to_lowercase().str.contains(_TOTAL_PATTERN).fill_null(False)
            return nw.when(maybe).then(norm(c).str.contains(exact).fill_null(False)).otherwise(False)

        drop(nw.any_horizontal(*[is_total(c) for c in text_cols], ignore_nulls=True), "total_row")

    # 2. customer ids
    cid = mapping["customer_id"]
    drop(_blank(cid, schema[cid]), "missing_customer_id")
    # the input as read (before the rules above), so the test scans the id column alone
    cust = (_text(cid, schema[cid], strip=_has_edge_space(nw.from_native(native), cid)) if _is_text(schema[cid])
            else nw.col(cid))

    # 3. dates
    dcol = mapping["date"]
    drop(_blank(dcol, schema[dcol]), "missing_date")
    if _is_text(schema[dcol]):
        frame, facts = _parse_lookup(frame, dcol, "date", alive, options, f"{src}: column {dcol!r}")
        date = nw.col(f"_parsed_{dcol}")
        report.date_formats = facts["date_formats"]
        stats = collect_pandas(frame.select(alive.cast(nw.Int64).sum().alias("live"),
                                            (alive & date.is_null()).cast(nw.Int64).sum().alias("bad"))).iloc[0]
        if int(stats["live"]) and int(stats["bad"]) > 0.5 * int(stats["live"]):
            raise DataFormatError(f"{src}: column {dcol!r}: {int(stats['bad']):,} of {int(stats['live']):,} values are "
                                  "not dates in any supported format. Pass columns={'date': '<column>'} or date_format=.")
        if options.get("dayfirst") is None and any(k in ("D/M/YYYY", "M/D/YYYY") for k in report.date_formats):
            report.notes.append(f"dates read {'day' if facts['dayfirst'] else 'month'}-first because some values only "
                                "fit that order")
    elif schema[dcol] == nw.Date:
        date = nw.col(dcol).cast(nw.Datetime("us"))
        # as pandas: the typed dates of the rows still alive at this step (counted after the
        # first materialisation below, so the plan is not run once just for this number)
        frame = frame.with_columns(_dated=(alive & ~nw.col(dcol).is_null()).fill_null(False))
    elif schema[dcol] == nw.Datetime:
        date = nw.col(dcol)
        if getattr(schema[dcol], "time_zone", None):
            date = date.dt.replace_time_zone(None)
        frame = frame.with_columns(_dated=(alive & ~nw.col(dcol).is_null()).fill_null(False))
    else:
        raise DataFormatError(f"{src}: column {dcol!r} has type {schema[dcol]}, not a date or text.")
    frame = frame.with_columns(_date=date.cast(nw.Datetime("us")))
    date = nw.col("_date")
    drop(date.is_null(), "unparseable_date")
    lo, hi = date_range if date_range is not None else ("1970-01-01", pd.Timestamp.today().normalize() + pd.Timedelta(days=1))
    lo_ts, hi_ts = pd.Timestamp(lo).to_pydatetime(), pd.Timestamp(hi).to_pydatetime()
    drop((date < nw.lit(lo_ts)) | (date > nw.lit(hi_ts)), "out_of_range_date")
    if observation_end not in (None, ""):
        end_day = pd.Timestamp(observation_end).normalize() + pd.Timedelta(days=1)
        drop(date >= nw.lit(end_day.to_pydatetime()), "after_observation_end")

    # 4. amounts
    numeric: dict[str, nw.Expr] = {}
    for role in ("amount", "quantity", "unit_price", "cost", "margin"):
        if role not in mapping:
            continue
        col = mapping[role]
        if _is_text(schema[col]):
            live = alive & ~_blank(col, schema[col])
            try:
                frame, _ = _parse_lookup(frame, col, "number", live, options, f"{src}: column {col!r}")
            except Exception as exc:
                if type(exc).__name__ != "_MixedDecimals":
                    raise
                raise DataFormatError(
                    f"{src}: column {col!r}: some numbers are written with a decimal comma ({exc.comma!r}) and others "
                    f"with a decimal point ({exc.point!r}), so neither reading fits every row. Pass decimal=',' "
                    "or decimal='.' (on the command line: -p decimal=,) to choose one.") from None
            numeric[role] = nw.col(f"_parsed_{col}")
            stats = collect_pandas(frame.select(live.cast(nw.Int64).sum().alias("live"),
                                                (live & numeric[role].is_null()).cast(nw.Int64).sum().alias("bad"))
                                   ).iloc[0]
            n_live, n_bad = int(stats["live"] or 0), int(stats["bad"] or 0)
            if n_live and n_bad > 0.5 * n_live:
                raise DataFormatError(
                    f"{src}: column {col!r}: {n_bad:,} of {n_live:,} values are not numbers. If this is not the "
                    f"{role} column, pass columns={{'{role}': '<column>'}}; for decimal commas pass decimal=','.")
        else:
            numeric[role] = nw.col(col).cast(nw.Float64)
    if "amount" in numeric:
        amount = numeric["amount"]
    else:
        amount = numeric["quantity"] * numeric["unit_price"]
        report.notes.append(f"amount = {mapping['quantity']!r} x {mapping['unit_price']!r} (the file has no amount column)")
    frame = frame.with_columns(_amount=amount)
    amount = nw.col("_amount")
    drop(amount.is_null() | amount.is_nan(), "invalid_amount")

    # every row-level rule is now in the plan: compute it once; the window functions and the
    # report's counts below read this table instead of re-running the plan from the file
    stages = _Stages()
    frame = materialise(frame, stages)
    if "_dated" in frame.collect_schema().names():
        n_dates = collect_pandas(frame.select(nw.col("_dated").cast(nw.Int64).sum().alias("n")))
        report.date_formats = {"datetime": int(n_dates["n"].iloc[0] or 0)}

    # 5. duplicates: a repeated order line (first kept, by input order)
    has_order = "order_id" in mapping
    if has_order:
        ocol = mapping["order_id"]
        frame = frame.with_columns(
            _order=_text(ocol, schema[ocol], strip=_is_text(schema[ocol]) and _has_edge_space(frame, ocol)))
        eligible = alive & (nw.col("_order") != "")
        keys = ["_order", mapping["line_id"]] if "line_id" in mapping else inputs
        frame = frame.with_columns(_elig=eligible.fill_null(False))
        # the window (first row of each key, by input order) only when a key repeats: a
        # group-by count is far cheaper than a window partitioned by every column
        if duplicates == "drop" and _repeats(frame.filter(nw.col("_elig")), keys):
            first = nw.col("_row").min().over("_elig", *keys)
            drop(nw.col("_elig") & (nw.col("_row") != first), "duplicate_line")
            stages.window_pending = True
        no_order = alive & (nw.col("_order") == "")
    else:
        no_order = alive
    # identical rows without an order id are only counted: rows minus distinct rows, by group-by
    # (the duplicate rule above never removes a row without an order id, so the set is final)
    suspects = collect_pandas(frame.filter(no_order.fill_null(False)).group_by(*inputs).agg(nw.len().alias("n"))
                              .select((nw.col("n") - 1).sum().alias("s")))
    report.suspected_duplicates = int(suspects["s"].iloc[0] or 0) if len(suspects) else 0

    # 6. cancellations and returns
    status = None
    if "status" in mapping:
        from .io import _CANCEL_WORDS, _PARTIAL_WORDS  # noqa: PLC0415

        scol = mapping["status"]
        frame = frame.with_columns(_status=nw.col(scol).cast(nw.String).fill_null("").str.to_lowercase())
        status = nw.col("_status")
        partial = status.str.contains("|".join(_PARTIAL_WORDS))
        cancelled = status.str.contains("|".join(_CANCEL_WORDS)) & ~partial
        n_partial = int(collect_pandas(frame.select((alive & partial).cast(nw.Int64).sum().alias("n")))["n"].iloc[0]
                        or 0)
        if n_partial:
            report.notes.append(f"{n_partial:,} lines with a partly refunded status kept at their full amount "
                                "(the refunded part is not in the file)")
        if returns != "keep":
            drop(cancelled, "cancelled_order")
    is_return = amount < 0
    if "quantity" in numeric:
        is_return = is_return | (numeric["quantity"] < 0).fill_null(False)
    if has_order:
        is_return = is_return | nw.col("_order").str.contains(r"^[Cc][0-9]+$")
    if status is not None:
        from .io import _RETURN_WORDS  # noqa: PLC0415

        is_return = is_return | (status.str.contains("|".join(_RETURN_WORDS)) & ~partial)
    frame = frame.with_columns(_ret=(alive & is_return.fill_null(False)).fill_null(False))
    frame = frame.with_columns(_value=nw.when(nw.col("_ret")).then(amount.abs()).otherwise(amount))
    n_returns = int(collect_pandas(frame.select(nw.col("_ret").cast(nw.Int64).sum().alias("n")))["n"].iloc[0] or 0)
    if n_returns:
        if returns == "error":
            raise DataFormatError(f"{src}: {n_returns} return/refund lines found. Pass returns='net', 'drop' or 'keep'.")
        if returns == "drop":
            drop(nw.col("_ret"), "return_dropped")
        elif returns == "keep":
            frame = frame.with_columns(_amount=nw.when(nw.col("_ret")).then(-nw.col("_value")).otherwise(nw.col("_amount")))
            report.notes.append(f"{n_returns} return lines kept as negative amounts (returns='keep')")
        else:
            frame = _net(frame, mapping, schema, cust, report, stages)  # materialised inside
            drop(nw.col("_ret") & (nw.col("_matched") <= 1e-9), "unmatched_return")
            drop(nw.col("_ret") & (nw.col("_matched") > 1e-9), "return_netted")
            drop(nw.col("_fully"), "fully_returned")
    amount = nw.col("_amount")

    # 7. zero amounts
    if not keep_zero:
        drop(amount == 0, "zero_amount")
    # counted in the report's one aggregate (0 when the rule above removed them)
    frame = frame.with_columns(_zero=(alive & (amount == 0)).fill_null(False))

    return _finish(frame, mapping, inputs, numeric, cust, report, REASONS, RemovedRows, text_source, stages)


def _repeats(frame: Any, keys: list[str]) -> bool:
    """Whether any key occurs more than once (one group-by count)."""
    n = collect_pandas(frame.group_by(*keys).agg(nw.len().alias("n")).filter(nw.col("n") > 1).select(nw.len().alias("k")))
    return bool(len(n)) and int(n["k"].iloc[0] or 0) > 0


def _net(frame: Any, mapping, schema, cust: nw.Expr, report, stages: _Stages) -> Any:
    """FIFO netting of returns (crmlib.io.net_returns) with window functions, two passes."""
    by_product = "product" in mapping
    frame = frame.with_columns(
        _cust=cust.cast(nw.String),
        _buy0=nw.when(nw.col("_reason").is_null() & ~nw.col("_ret") & (nw.col("_amount") > 0))
        .then(nw.col("_value")).otherwise(0.0),
        _ret0=nw.when(nw.col("_ret")).then(nw.col("_value")).otherwise(0.0),
        _retflag=nw.col("_ret").cast(nw.Int64),
    )
    if by_product:
        pcol = mapping["product"]
        frame = frame.with_columns(_product=_text(pcol, schema[pcol]))
    frame = frame.with_columns(_matched=nw.lit(0.0), _consumed=nw.lit(0.0))
    passes = [["_cust", "_product"], ["_cust"]] if by_product else [["_cust"]]
    order = ["_date", "_retflag", "_row"]
    for keys in passes:
        frame = frame.with_columns(
            _b=nw.max_horizontal(nw.col("_buy0") - nw.col("_consumed"), nw.lit(0.0)),
            _r=nw.max_horizontal(nw.col("_ret0") - nw.col("_matched"), nw.lit(0.0)),
        )
        frame = frame.with_columns(
            _P=nw.col("_b").cum_sum().over(*keys, order_by=order),
            _R=nw.col("_r").cum_sum().over(*keys, order_by=order),
        )
        frame = frame.with_columns(_gap=nw.when(nw.col("_ret")).then(nw.col("_P") - nw.col("_R")).otherwise(float("inf")))
        frame = frame.with_columns(_def=nw.col("_gap").cum_min().over(*keys, order_by=order))
        frame = frame.with_columns(
            _C=nw.when(nw.col("_ret")).then(nw.col("_R") + nw.min_horizontal(nw.col("_def"), nw.lit(0.0))).otherwise(0.0))
        # C is non-decreasing along the key, so "C at the latest return so far" is a running max
        frame = frame.with_columns(_Cat=nw.col("_C").cum_max().over(*keys, order_by=order))
        frame = frame.with_columns(
            _Cprev=nw.col("_Cat").shift(1).over(*keys, order_by=order).fill_null(0.0),
            _Ctot=nw.col("_Cat").max().over(*keys),
        )
        frame = frame.with_columns(
            _matched=nw.col("_matched") + nw.when(nw.col("_ret")).then(nw.col("_Cat") - nw.col("_Cprev")).otherwise(0.0),
            _consumed=nw.col("_consumed") + nw.when(nw.col("_ret")).then(0.0).otherwise(
                nw.min_horizontal(nw.max_horizontal(nw.col("_Ctot") - (nw.col("_P") - nw.col("_b")), nw.lit(0.0)),
                                  nw.col("_b"))),
        )
    before = nw.col("_amount")
    after = before - nw.col("_consumed")
    touched = (nw.col("_buy0") > 0) & (nw.col("_consumed") > 0)
    frame = frame.with_columns(
        _fully=(touched & (after <= 1e-9 * nw.max_horizontal(nw.lit(1.0), before))).fill_null(False),
        _share=nw.when(touched & (before > 0)).then(after / before).otherwise(1.0),
        _amount=nw.when(touched).then(after).otherwise(before),
    )
    frame = materialise(frame, stages)
    sums = collect_pandas(frame.filter(nw.col("_ret")).select(
        nw.col("_matched").sum().alias("m"), (nw.col("_ret0") - nw.col("_matched")).sum().alias("x"),
        ((nw.col("_matched") > 1e-9) & ((nw.col("_ret0") - nw.col("_matched")) > 1e-9)).cast(nw.Int64).sum().alias("p"),
    )).iloc[0]
    report.returns_netted = float(sums["m"] or 0.0)
    report.returns_unmatched = float(sums["x"] or 0.0)
    if int(sums["p"] or 0):
        report.notes.append(f"{int(sums['p']):,} return line(s) were larger than the earlier purchases they could be "
                            "netted against; their excess is counted in returns_unmatched")
    return frame


def _finish(frame, mapping, inputs, numeric, cust, report, REASONS, RemovedRows, text_source, stages):
    """Collect the report (one small table) and shape the clean output."""
    label = "line" if text_source else "row"
    if stages.window_pending:  # run the window once, not once per query below
        frame = materialise(frame, stages)
    release(stages)
    counts = collect_pandas(frame.group_by("_reason").agg(nw.len().alias("n"), nw.col("_zero").cast(nw.Int64).sum().alias("z")))
    total = int(counts["n"].sum())
    report.rows_in = total + sum(r.count for r in report.removed.values() if r.reason == "bad_field_count")
    removed = {r: int(n) for r, n in zip(counts["_reason"], counts["n"]) if r is not None and not pd.isna(r)}
    n_zero = int(counts["z"].sum())
    if n_zero:
        report.notes.append(f"{n_zero:,} zero-amount lines kept as purchases (keep_zero=False drops them)")
    examples = collect_pandas(
        frame.filter(~nw.col("_reason").is_null())
        .with_columns(_k=nw.col("_row").cum_count().over("_reason", order_by="_row"))
        .filter(nw.col("_k") <= 3).select("_reason", "_row", *inputs, *(["_label"] if text_source else [])))
    from .io import REASONS as _ALL  # noqa: PLC0415

    for reason in _ALL:
        if reason in removed:
            ex = examples[examples["_reason"] == reason].sort_values("_row")
            idx = pd.Index(ex["_label"].to_numpy() if "_label" in ex else ex["_row"].to_numpy() + 1, name=label)
            report.removed[reason] = RemovedRows(reason, removed[reason], REASONS[reason],
                                                 ex[inputs].set_axis(idx, axis=0))
    kept = frame.filter(nw.col("_reason").is_null())
    report.rows_out = int(counts.loc[counts["_reason"].isna(), "n"].sum())
    if report.rows_out == 0:
        from .io import _nothing_left_message  # noqa: PLC0415

        raise DataFormatError(_nothing_left_message(report, mapping, pd.DataFrame(columns=inputs)))
    out = [cust.alias("customer_id")]
    if "order_id" in mapping:
        out.append(nw.col("_order").alias("order_id"))
    out += [nw.col("_date").alias("date"), nw.col("_amount").cast(nw.Float64).alias("amount")]
    for role in ("quantity", "unit_price", "cost", "margin"):
        if role in numeric:
            expr = numeric[role]
            if role == "quantity" and "_share" in frame.collect_schema().names():
                expr = (expr * nw.col("_share")).round(9)
            out.append(expr.cast(nw.Float64).alias(role))
    if "product" in mapping:
        out.append(nw.col(mapping["product"]).cast(nw.String).str.strip_chars().alias("product"))
    # no final sort by input order: on 100M rows it would cost as much as the cleaning
    result = kept.select("_row", *out)
    if not report.is_balanced:  # pragma: no cover - an internal invariant
        raise AssertionError(f"cleaning report does not balance: {report!r}")
    return result.drop("_row").to_native(), report
