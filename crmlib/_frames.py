"""Helpers shared by the engine-neutral (narwhals) code paths: pandas, Polars, DuckDB, Spark.

The rules are written once as narwhals expressions. The few things narwhals cannot express on
every backend (a duration's length on Spark) are filled in here with the engine's own function,
in one place.
"""
from __future__ import annotations

import contextlib
import datetime as _dt
from typing import Any, Iterator

import narwhals as nw
import numpy as np
import pandas as pd

from ._errors import CRMLibError

_EPOCH = _dt.datetime(1970, 1, 1)


def first_installed(*modules: str) -> str | None:
    """The first of *modules* that can be imported here (without importing it), else None.

    >>> first_installed("no_such_engine", "json")
    'json'
    """
    import importlib.util  # noqa: PLC0415

    for name in modules:
        if importlib.util.find_spec(name) is not None:
            return name
    return None


def is_pandas(obj: Any) -> bool:
    return isinstance(obj, pd.DataFrame)


def to_narwhals(obj: Any, what: str) -> Any:
    """A narwhals frame for any supported engine, or a CRMLibError naming what is accepted."""
    if isinstance(obj, (nw.DataFrame, nw.LazyFrame)):
        return obj
    try:
        return nw.from_native(obj)
    except TypeError as exc:
        raise CRMLibError(f"{what} got a {type(obj).__name__}; pass a pandas, Polars, DuckDB or Spark table.") from exc


def is_spark_frame(frame: Any) -> bool:
    impl = getattr(frame, "implementation", None)
    return impl is not None and impl.is_spark_like()


def calendar_day(column: str, dtype: Any) -> Any:
    """The calendar day of a date or datetime column as a naive ``Datetime("us")`` at midnight.

    The one definition of "the day of a purchase" for the narwhals paths (``customer_summary``,
    ``classify_stages``): a Date is widened to a datetime, a time zone is dropped (local
    calendar day), the time of day is cut off. ``None`` when *dtype* is not a date type, so the
    caller can say how to convert the column.
    """
    if dtype == nw.Date:
        expr = nw.col(column).cast(nw.Datetime("us"))
    elif dtype == nw.Datetime:
        expr = nw.col(column)
        if getattr(dtype, "time_zone", None):
            expr = expr.dt.replace_time_zone(None)
    else:
        return None
    return expr.dt.truncate("1d")


def with_day_numbers(frame: Any, columns: dict[str, str]) -> Any:
    """Add integer columns: whole days since 1970-01-01 of datetime columns ``{new: source}``.

    narwhals has no duration length on Spark, so Spark uses its own ``unix_date``; every other
    engine goes through ``dt.total_seconds``. The days must already be truncated to midnight
    (or are truncated here) so both give the same integer.
    """
    if is_spark_frame(frame):
        from pyspark.sql import functions as F  # noqa: PLC0415

        native = frame.to_native()
        for new, src in columns.items():
            native = native.withColumn(new, F.unix_date(F.to_date(F.col(src))))
        return nw.from_native(native)
    return frame.with_columns(**{
        new: ((nw.col(src).dt.truncate("1d") - nw.lit(_EPOCH, dtype=nw.Datetime("us"))).dt.total_seconds()
              / 86400.0).round(0).cast(nw.Int64)
        for new, src in columns.items()
    })


def collect_pandas(frame: Any) -> pd.DataFrame:
    """A small narwhals result as pandas (collecting lazy frames). Only for small results."""
    if isinstance(frame, nw.LazyFrame):
        if is_spark_frame(frame):
            from .spark import to_pandas  # noqa: PLC0415

            return to_pandas(frame.to_native())
        frame = frame.collect()
    return frame.to_pandas()


def value_counts(frame: Any, columns: list[str]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Distinct values and their counts for each column, in one pass (one collect).

    The result has one row per distinct value, not per customer: small for scores and counts.
    """
    parts = [
        frame.group_by(nw.col(c).alias("value")).agg(nw.len().alias("n")).with_columns(column=nw.lit(c))
        for c in columns
    ]
    table = collect_pandas(nw.concat(parts, how="vertical") if len(parts) > 1 else parts[0])
    out = {}
    for c in columns:
        part = table[table["column"] == c].sort_values("value")
        out[c] = (part["value"].to_numpy(dtype=float), part["n"].to_numpy(dtype=np.int64))
    return out


def result_like(native_in: Any, frame: Any) -> Any:
    """Back to the input's own kind of object (a lazy input stays lazy)."""
    return frame.to_native()


@contextlib.contextmanager
def quiet_duckdb() -> Iterator[None]:
    """Turn DuckDB's progress bar off on the default connection for the block, then restore it.

    Queries longer than two seconds print a bar to the terminal, which fills notebook cells and
    CLI output; the user's own setting is put back afterwards (no global change outside crmlib).
    """
    import duckdb  # noqa: PLC0415

    con = duckdb.default_connection()
    before = con.execute("SELECT current_setting('enable_progress_bar')").fetchone()[0]
    con.execute("SET enable_progress_bar = false")
    try:
        yield
    finally:
        con.execute(f"SET enable_progress_bar = {'true' if before else 'false'}")
