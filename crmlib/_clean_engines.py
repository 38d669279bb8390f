"""The cleaning rules of :func:`crmlib.io.load_transactions`, for every engine.

The rules (order, reasons, netting) are documented in ``crmlib/io/`` and the cleaning-rules
note; here they are written ONCE as narwhals expressions, so one code path serves pandas
(narwhals' eager pandas backend), Polars, DuckDB and Spark:

* every row carries ``_row`` (its input position) and ``_reason`` (``None`` while it is alive);
  each rule sets ``_reason`` on the live rows it removes, so the first rule wins, as in pandas;
* text values (dates, amounts) are parsed by the same Python parsers as the pandas route,
  applied to the column's *distinct* values only (collected with their counts) and joined back
  in the engine;
* the FIFO netting of returns uses the closed form of :func:`crmlib.io.net_returns` with window
  functions (cumulative sums, a cumulative minimum and a cumulative maximum per key);
* the report is built from one small collect: counts per reason and the first three example
  rows of each (the pandas route shows those rows as it read them, through ``rows_of``);
* error messages name the file, the column and the first offending row (a one-row collect,
  only when the error is raised).

Speed: a lazy plan is re-run from the file by every collect, so the row rules are computed
once and materialised (:func:`materialise`: Polars collects, DuckDB a temporary table, Spark a
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
# Python's whitespace (what str.strip removes), as literal characters, not \\s: RE2 (DuckDB,
# pyarrow) and Java read \\s as ASCII only, Rust as Unicode, and pandas runs every pattern with
# \\s through Python's re, row by row, instead of pyarrow (tens of times slower)
_WS = " \t\n\r\f\x0b\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_BLANK_RE = f"^[{_WS}]*(?:" + "|".join(v for v in _BLANK_TEXT if v) + f")?[{_WS}]*$"


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
_SPACE = f"[{_WS}\ufeff]"
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
    if mod.startswith("pandas"):
        return native.reset_index(drop=True).assign(_row=np.arange(len(native), dtype="int64"))
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
    needs would repeat the row rules and window functions. Polars collects; DuckDB writes a
    temporary table (:func:`duckdb_temp_table`: inside DuckDB, so bounded by its
    ``memory_limit`` and spilled to its ``temp_directory``, and dropped when the last relation
    over it is garbage-collected); Spark caches (the cached frames are kept in ``stages`` so
    that :func:`release` can unpersist the earlier ones).
    """
    native = frame.to_native()
    mod = type(native).__module__
    if mod.startswith("polars"):
        if not hasattr(native, "collect"):  # an eager DataFrame is computed already
            return frame
        out = nw.from_native(native.collect().lazy())
    elif mod.startswith("duckdb"):
        out = nw.from_native(duckdb_temp_table(native))
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


#: prefix of the temporary tables :func:`duckdb_temp_table` creates (tests look for it)
TEMP_PREFIX = "_crmlib_"


def _drop_temp_table(con: Any, name: str) -> None:
    try:
        con.execute(f'DROP TABLE IF EXISTS temp.main."{name}"')
    except Exception:  # noqa: BLE001 - a closed connection has dropped its temporary tables already
        pass


def duckdb_temp_table(native: Any) -> Any:
    """Run a DuckDB relation once into a temporary table; return the relation reading it.

    The table lives on the relation's connection as long as the returned relation does: every
    relation derived from it holds it (DuckDB's Python relations keep their inputs), and when
    the last one is garbage-collected a ``weakref.finalize`` drops the table. An Arrow table
    fetched into Python would do the same job outside DuckDB's buffer manager, where neither
    ``memory_limit`` nor spilling reaches it (12 GB at 100M rows).

    >>> import duckdb, gc
    >>> con = duckdb.connect()
    >>> rel = duckdb_temp_table(con.sql("SELECT range AS x FROM range(5)"))
    >>> rel.filter("x > 2").fetchall()
    [(3,), (4,)]
    >>> n = "SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE '_crmlib_%'"
    >>> con.sql(n).fetchall()
    [(1,)]
    >>> del rel; _ = gc.collect()
    >>> con.sql(n).fetchall()
    [(0,)]
    """
    import uuid  # noqa: PLC0415
    import weakref  # noqa: PLC0415

    import duckdb  # noqa: PLC0415

    # the relation's own connection (a temporary table is seen only there); DuckDB has no
    # public accessor for it, and crmlib's own relations use the default connection
    con = getattr(native, "_con", None) or duckdb.default_connection()
    name = f"{TEMP_PREFIX}{uuid.uuid4().hex}"
    native.query("_crmlib_input", f'CREATE TEMP TABLE "{name}" AS SELECT * FROM _crmlib_input')
    rel = con.table(name)
    finalizer = weakref.finalize(rel, _drop_temp_table, con, name)
    finalizer.atexit = False  # at exit the connection goes, and its temporary tables with it
    return rel


def release(stages: _Stages) -> None:
    """Unpersist the cached Spark tables of the earlier steps (the last one is the output's).

    DuckDB's earlier temporary tables need nothing: each is dropped as soon as the next step's
    table exists and no relation reads it any more (see :func:`duckdb_temp_table`).
    """
    for cached in stages.cached[:-1]:
        cached.unpersist()
    del stages.cached[:-1]


def _parse_lookup(frame: Any, col: str, kind: str, alive: nw.Expr, options: dict, where: str) -> tuple[Any, dict]:
    """Parse a text column through its distinct values with the pandas route's parser.

    Returns the frame with ``_parsed_<col>`` joined in and facts for the report (date formats).
    """
    from .io._parse import _parse_date_strings, _parse_numbers  # noqa: PLC0415

    # in order of first appearance, as the pandas parser sees a column: the first ambiguous
    # value named in an error and the order of the date formats in the report follow the input
    distinct = collect_pandas(
        frame.select(col, "_row", "_reason").filter(alive).group_by(nw.col(col).str.strip_chars().alias("_raw"))
        .agg(nw.len().alias("_n"), nw.col("_row").min().alias("_first"))).sort_values("_first", kind="stable")
    raw = pd.Series(distinct["_raw"].astype(str).to_numpy(), dtype=str)
    facts: dict = {}
    if kind == "date":
        parsed, found, used = _parse_date_strings(raw, options.get("dayfirst"), options.get("date_format"), where,
                                                  options.get("example_of") or (lambda v: ""))
        facts["dayfirst"] = used
        lookup = pd.DataFrame({"_raw": raw.to_numpy(), f"_parsed_{col}": parsed.to_numpy(dtype="datetime64[us]")})
        # the formats found, counted over rows (each distinct value weighs its row count)
        ok = parsed.notna().to_numpy() & found.notna().to_numpy()
        weights = pd.Series(distinct["_n"].to_numpy(dtype="int64")[ok]).groupby(found.to_numpy()[ok], sort=False).sum()
        facts["date_formats"] = {str(k): int(v) for k, v in weights.items()}
    else:
        numbers = _parse_numbers(raw, options.get("decimal"))
        lookup = pd.DataFrame({"_raw": raw.to_numpy(), f"_parsed_{col}": numbers.to_numpy(dtype="float64")})
    native = frame.to_native()
    if isinstance(native, pd.DataFrame):
        table = nw.from_native(lookup)
    elif is_spark_frame(frame):
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
                returns: str, duplicates: str, keep_zero: bool, text_source: bool, rows_of=None,
                suspect_examples: bool = False, keep_row: bool = False) -> tuple[Any, Any]:
    """Apply every rule to a pandas/Polars/DuckDB/Spark table that has ``_row``; fill ``report``.

    ``rows_of(positions)`` gives the input rows at those 0-based positions as the report shows
    them (the pandas route passes its frame as read, with its dtypes and line labels); without
    it the rows are collected from the table. ``suspect_examples`` also finds three examples
    of the suspected duplicates (a window over every column: the pandas route asks for it,
    the large-table engines do not). ``keep_row`` keeps ``_row`` in the output.

    Returns (clean table with canonical columns, in the input's engine; report).
    """
    from .io._report import REASONS, RemovedRows, _row_label, _row_text  # noqa: PLC0415

    frame = nw.from_native(native)
    schema = dict(frame.collect_schema())
    inputs = [c for c in schema if c not in ("_row", "_label")]
    src = report.source
    frame = frame.with_columns(_reason=nw.lit(None, dtype=nw.String))
    alive = nw.col("_reason").is_null()
    fired: list[str] = []  # the reasons in the order the rules ran (the report's order)

    def rows(positions: Any) -> pd.DataFrame:
        positions = [int(p) for p in positions]
        if rows_of is not None:
            return rows_of(np.asarray(positions, dtype="int64"))
        got = collect_pandas(frame.filter(nw.col("_row").is_in(positions))
                             .select("_row", *inputs, *(["_label"] if text_source else []))).sort_values("_row")
        idx = pd.Index(got["_label"].to_numpy() if text_source else got["_row"].to_numpy() + 1,
                       name="line" if text_source else "row")
        return got[inputs].set_axis(idx, axis=0)

    def first_row(cond: nw.Expr) -> tuple[Any, pd.DataFrame]:
        """The first input row where *cond* holds: (its cell in column *col* , the row)."""
        pos = collect_pandas(frame.filter(cond.fill_null(False)).select(nw.col("_row").min().alias("r")))["r"].iloc[0]
        return rows([pos])

    def example(cond: nw.Expr, col: str | None = None) -> str:
        row = first_row(cond)
        text = f"{_row_label(row, 0)}: {_row_text(row, 0)}"
        if col is None:
            return text
        return f"{str(row.iloc[0, inputs.index(col)])!r} in {text}"

    def drop(cond: nw.Expr, reason: str) -> None:
        nonlocal frame
        if reason not in fired:
            fired.append(reason)
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
        from .io._report import _TOTAL_PATTERN, _TOTAL_WORDS  # noqa: PLC0415

        def norm(c: str) -> nw.Expr:
            e = nw.col(c).cast(nw.String).str.strip_chars().str.to_lowercase()
            # _norm_header's patterns, spelled for every regex dialect (Rust, RE2-like, Java)
            e = e.str.replace_all(r"[(（\[【][^)）\]】]*[)）\]】]", "")
            return e.str.replace_all(f"[{_WS}_./:：#-]+", "")

        exact = "^(?:" + "|".join(sorted(_TOTAL_WORDS)) + ")$"

        def maybe(c: str) -> nw.Expr:
            # case-blind in the pattern, not by lower(): one pass over the cell instead of two
            return nw.col(c).cast(nw.String).str.contains(f"(?i){_TOTAL_PATTERN}").fill_null(False)

        def is_total(c: str) -> nw.Expr:
            # only a cell holding a total word is normalised (two regex replaces), which keeps
            # the costly step off almost every row
            return nw.when(maybe(c)).then(norm(c).str.contains(exact).fill_null(False)).otherwise(False)

        total = nw.any_horizontal(*[is_total(c) for c in text_cols], ignore_nulls=True)
        if isinstance(native, pd.DataFrame):
            # pandas evaluates both branches of a when on every row: normalise only the rows
            # that hold a total word (a handful), then mark them by row number
            few = frame.filter(nw.any_horizontal(*[maybe(c) for c in text_cols], ignore_nulls=True))
            total = nw.col("_row").is_in(few.filter(total)["_row"].to_list())
        drop(total, "total_row")

    # 2. customer ids
    cid = mapping["customer_id"]
    drop(_blank(cid, schema[cid]), "missing_customer_id")

    # 3. dates
    dcol = mapping["date"]
    drop(_blank(dcol, schema[dcol]), "missing_date")
    if _is_text(schema[dcol]):
        def example_of(value: Any) -> str:
            hit = nw.col(dcol).str.strip_chars() == str(value)
            return f" in {example(hit)}" if _any(frame.filter(hit.fill_null(False))) else ""

        options = {**options, "example_of": example_of}
        frame, facts = _parse_lookup(frame, dcol, "date", alive, options, f"{src}: column {dcol!r}")
        date = nw.col(f"_parsed_{dcol}")
        report.date_formats = facts["date_formats"]
        stats = collect_pandas(frame.select(alive.cast(nw.Int64).sum().alias("live"),
                                            (alive & date.is_null()).cast(nw.Int64).sum().alias("bad"))).iloc[0]
        if int(stats["live"]) and int(stats["bad"]) > 0.5 * int(stats["live"]):
            raise DataFormatError(
                f"{src}: column {dcol!r}: {int(stats['bad']):,} of {int(stats['live']):,} values are not dates in any "
                f"supported format, e.g. {example(alive & date.is_null(), dcol)}. If this is the wrong column, pass "
                "columns={'date': '<column>'}; if the format is unusual, pass date_format='%d.%m.%Y' (for example).")
        if options.get("dayfirst") is None and any(k in ("D/M/YYYY", "M/D/YYYY") for k in report.date_formats):
            report.notes.append(f"dates read {'day' if facts['dayfirst'] else 'month'}-first because some values only "
                                "fit that order")
    elif schema[dcol] == nw.Date:
        date = nw.col(dcol).cast(nw.Datetime("us"))
        # as pandas: the typed dates of the rows still alive at this step. A typed date is
        # missing only when null, so these are the rows that no rule up to missing_date
        # removed: counted from the report's one aggregate (_finish), no column, no query
        report.date_formats = {"datetime": None}
    elif schema[dcol] == nw.Datetime:
        date = nw.col(dcol)
        if getattr(schema[dcol], "time_zone", None):
            date = date.dt.replace_time_zone(None)
        report.date_formats = {"datetime": None}
    else:
        raise DataFormatError(f"{src}: column {dcol!r} has type {schema[dcol]}, not a date or text.")
    date_expr = date.cast(nw.Datetime("us"))
    frame = frame.with_columns(_date=date_expr)
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
                    f"{src}: column {col!r}: {n_bad:,} of {n_live:,} values are not numbers, e.g. "
                    f"{example(live & numeric[role].is_null(), col)}. If this is not the {role} column, pass "
                    f"columns={{'{role}': '<column>'}}; for decimal commas pass decimal=',' (on the command line: "
                    "-p decimal=,).")
        else:
            numeric[role] = nw.col(col).cast(nw.Float64)
    if "amount" in numeric:
        amount = numeric["amount"]
    else:
        amount = numeric["quantity"] * numeric["unit_price"]
        report.notes.append(f"amount = {mapping['quantity']!r} x {mapping['unit_price']!r} (the file has no amount column)")
    amount_expr = amount
    frame = frame.with_columns(_amount=amount_expr)
    amount = nw.col("_amount")
    drop(amount.is_null() | amount.is_nan(), "invalid_amount")

    # every row-level rule is now in the plan: compute it once; the window functions and the
    # report's counts below read this table instead of re-running the plan from the file
    # _date and _amount are functions of columns the table keeps (a cast, a parse looked up, a
    # product): written out they would add 16 bytes a row (1.6 GB at 100M rows), so they are
    # left out of the table and computed again where read
    stages = _Stages()
    frame = materialise(frame.drop("_date", "_amount"), stages).with_columns(_date=date_expr, _amount=amount_expr)
    # the id as a key: stripped only if some cell needs it. Tested on the computed table (every
    # input row, removed or not), which reads the id column alone; on the file it would be a
    # second read and parse of the input
    cust = (_text(cid, schema[cid], strip=_has_edge_space(frame, cid)) if _is_text(schema[cid]) else nw.col(cid))

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
        elif duplicates == "keep":
            n_dup = _extra_copies(frame.filter(nw.col("_elig")), keys)
            if n_dup:
                report.notes.append(f"{n_dup} repeated order lines kept because duplicates='keep'")
        no_order = alive & (nw.col("_order") == "")
    else:
        no_order = alive
    # identical rows without an order id are only counted: rows minus distinct rows, by group-by
    # (the duplicate rule above never removes a row without an order id, so the set is final)
    # the columns first: an eager frame copies every column it filters
    report.suspected_duplicates = _extra_copies(
        frame.select(*inputs, "_reason", *(["_order"] if has_order else [])).filter(no_order.fill_null(False)), inputs)
    if report.suspected_duplicates and suspect_examples:
        frame = frame.with_columns(_nord=no_order.fill_null(False))
        again = nw.col("_nord") & (nw.col("_row") != nw.col("_row").min().over("_nord", *inputs))
        pos = collect_pandas(frame.filter(again).select("_row").sort("_row").head(3))["_row"]
        report.suspected_duplicate_examples = rows(pos)

    # 6. cancellations and returns
    status = None
    if "status" in mapping:
        from .io._report import _CANCEL_WORDS, _PARTIAL_WORDS  # noqa: PLC0415

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
        else:
            n_cancel = int(collect_pandas(frame.select((alive & cancelled.fill_null(False)).cast(nw.Int64).sum()
                                                       .alias("n")))["n"].iloc[0] or 0)
            if n_cancel:
                report.notes.append(f"{n_cancel:,} lines with a cancelled status kept as they are (returns='keep'); "
                                    "the default returns='net' removes them")
    is_return = amount < 0
    if "quantity" in numeric:
        is_return = is_return | (numeric["quantity"] < 0).fill_null(False)
    if has_order:
        is_return = is_return | nw.col("_order").str.contains(r"^[Cc][0-9]+$")
    if status is not None:
        from .io._report import _RETURN_WORDS  # noqa: PLC0415

        is_return = is_return | (status.str.contains("|".join(_RETURN_WORDS)) & ~partial)
    frame = frame.with_columns(_ret=(alive & is_return.fill_null(False)).fill_null(False))
    frame = frame.with_columns(_value=nw.when(nw.col("_ret")).then(amount.abs()).otherwise(amount))
    n_returns = int(collect_pandas(frame.select(nw.col("_ret").cast(nw.Int64).sum().alias("n")))["n"].iloc[0] or 0)
    if n_returns:
        if returns == "error":
            raise DataFormatError(f"{src}: {n_returns} return/refund lines found, e.g. {example(nw.col('_ret'))}. "
                                  "Pass returns='net', 'drop' or 'keep' to say how to treat them.")
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

    return _finish(frame, mapping, inputs, numeric, cust, report, REASONS, RemovedRows, text_source, stages,
                   fired, rows if rows_of is not None else None, keep_row)


def _any(frame: Any) -> bool:
    """Whether a frame has a row (one tiny collect)."""
    return len(collect_pandas(frame.select("_row").head(1))) > 0


def _extra_copies(frame: Any, keys: list[str]) -> int:
    """Rows that repeat an earlier row's *keys*: rows minus distinct keys (one group-by)."""
    got = collect_pandas(frame.group_by(*keys).agg(nw.len().alias("n")).select((nw.col("n") - 1).sum().alias("s")))
    return int(got["s"].iloc[0] or 0) if len(got) and not pd.isna(got["s"].iloc[0]) else 0


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
        _touched=touched.fill_null(False),
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


def _note_amount_on_other_line(frame: Any, mapping, report, n_invalid: int) -> None:
    """Say how many lines without an amount belong to an order that has one on another line
    (kept, or removed for another reason such as a refunded status).

    Shopify's order export (and others like it) writes order-level fields, the ``Total``
    among them, on an order's first line only: its other lines have items but no amount.
    They are removed as ``invalid_amount`` (the order is counted once, by its first line);
    this note tells the reader why, so that the count does not read as lost sales. One
    semi-join of the removed lines with the orders kept, run only when both exist.
    """
    no_amount = frame.filter(nw.col("_reason") == "invalid_amount").select("_order").filter(nw.col("_order") != "")
    has_amount = ~(nw.col("_amount").is_null() | nw.col("_amount").is_nan())
    counted = frame.filter(has_amount.fill_null(False)).select("_order").unique()
    n = int(collect_pandas(no_amount.join(counted, on="_order", how="semi").select(nw.len().alias("n")))["n"].iloc[0])
    if n:
        report.notes.append(
            f"{n:,} of the {n_invalid:,} lines without an amount belong to an order whose amount is on another line "
            f"(column {mapping['order_id']!r}): exports such as Shopify's write the order total on its first line "
            "only, so these lines' items are in that order's amount (kept or removed with it). If every line of your file should have its "
            "own amount, look at these rows.")


def _finish(frame, mapping, inputs, numeric, cust, report, REASONS, RemovedRows, text_source, stages, fired,
            rows=None, keep_row=False):
    """Collect the report (one small table) and shape the clean output."""
    label = "line" if text_source else "row"
    if stages.window_pending:  # run the window once, not once per query below
        frame = materialise(frame, stages)
    release(stages)
    # the cast before the group-by keeps the aggregation simple (pandas runs it natively)
    counts = collect_pandas(frame.with_columns(_zero=nw.col("_zero").cast(nw.Int64))
                            .group_by("_reason").agg(nw.len().alias("n"), nw.col("_zero").sum().alias("z")))
    total = int(counts["n"].sum())
    report.rows_in = total + sum(r.count for r in report.removed.values() if r.reason == "bad_field_count")
    removed = {r: int(n) for r, n in zip(counts["_reason"], counts["n"]) if r is not None and not pd.isna(r)}
    if report.date_formats == {"datetime": None}:  # typed dates: see step 3 of clean_frame
        before = ("blank_row", "repeated_header", "total_row", "missing_customer_id", "missing_date")
        report.date_formats = {"datetime": total - sum(removed.get(r, 0) for r in before)}
    n_zero = int(counts["z"].sum())
    if n_zero:
        report.notes.append(f"{n_zero:,} zero-amount lines kept as purchases (keep_zero=False drops them)")
    if removed.get("invalid_amount") and "order_id" in mapping:
        _note_amount_on_other_line(frame, mapping, report, removed["invalid_amount"])
    examples = collect_pandas(
        frame.select("_reason", "_row", *([] if rows else inputs), *(["_label"] if text_source and not rows else []))
        .filter(~nw.col("_reason").is_null())
        .with_columns(_k=nw.col("_row").cum_count().over("_reason", order_by="_row"))
        .filter(nw.col("_k") <= 3).select("_reason", "_row", *([] if rows else inputs),
                                          *(["_label"] if text_source and not rows else [])))
    for reason in fired:  # the order the rules ran, as the report documents
        if reason in removed:
            ex = examples[examples["_reason"] == reason].sort_values("_row")
            if rows is not None:
                shown = rows(ex["_row"].to_numpy())
            else:
                idx = pd.Index(ex["_label"].to_numpy() if "_label" in ex else ex["_row"].to_numpy() + 1, name=label)
                shown = ex[inputs].set_axis(idx, axis=0)
            report.removed[reason] = RemovedRows(reason, removed[reason], REASONS[reason], shown)
    kept = frame.filter(nw.col("_reason").is_null())
    report.rows_out = int(counts.loc[counts["_reason"].isna(), "n"].sum())
    if report.rows_in == 0:
        raise DataFormatError(f"{report.source}: there are no data rows below the header. Check the export.")
    if report.rows_out == 0:
        from .io._report import _nothing_left_message  # noqa: PLC0415

        raise DataFormatError(_nothing_left_message(report, mapping, pd.DataFrame(columns=inputs)))
    out = [cust.alias("customer_id")]
    if "order_id" in mapping:
        out.append(nw.col("_order").alias("order_id"))
    out += [nw.col("_date").alias("date"), nw.col("_amount").cast(nw.Float64).alias("amount")]
    for role in ("quantity", "unit_price", "cost", "margin"):
        if role in numeric:
            expr = numeric[role]
            if role == "quantity" and "_share" in frame.collect_schema().names():
                # only a partly returned line's quantity changes (and is rounded)
                expr = nw.when(nw.col("_touched")).then((expr * nw.col("_share")).round(9)).otherwise(expr)
            out.append(expr.cast(nw.Float64).alias(role))
    if "product" in mapping:
        out.append(nw.col(mapping["product"]).cast(nw.String).str.strip_chars().alias("product"))
    # no final sort by input order: on 100M rows it would cost as much as the cleaning
    result = kept.select("_row", *out)
    if not report.is_balanced:  # pragma: no cover - an internal invariant
        raise AssertionError(f"cleaning report does not balance: {report!r}")
    return (result if keep_row else result.drop("_row")).to_native(), report
