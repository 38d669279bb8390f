"""Per-customer summaries of a transaction log: frequency, recency, T and monetary value.

The summary is the input of every purchase model in the book (BG/NBD, Gamma-Gamma,
RFM scoring). It follows Fader, Hardie & Lee (2005):

* purchases on the same calendar day are merged into one *purchase day*;
* ``frequency`` (x) is the number of *repeat* purchase days, i.e. purchase days - 1;
* ``recency`` (t_x) is the time from the first to the last purchase day;
* ``T`` is the time from the first purchase day to the end of observation;
* ``monetary`` (z-bar) is the mean value of the repeat purchase days (0 when there are none).

Note that this *recency* counts from the first purchase. The RFM "recency" of chapter 3
(time since the last purchase) is ``T - recency``.

One code path serves every engine: the computation is written once with narwhals, so a
pandas DataFrame (the default), a Polars DataFrame or LazyFrame and a DuckDB relation all
work, and the result is the same kind of object as the input (a lazy input stays lazy).
"""
from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path
from typing import Any

import narwhals as nw
import numpy as np
import pandas as pd

from ._errors import CRMLibError, DataFormatError
from ._frames import calendar_day, collect_pandas, first_installed

__all__ = ["customer_summary", "calibration_holdout", "customer_summary_from_path", "SUMMARY_COLUMNS", "purchase_gaps",
           "summary_time_unit"]

#: The columns of :func:`customer_summary`, in order (after the ``customer_id`` index).
SUMMARY_COLUMNS = ("frequency", "recency", "T", "monetary", "n_orders", "total", "first", "last", "tenure")

_UNITS = {"D": 1.0, "W": 7.0}
_PROGRESS_ROWS = 2_000_000


def _unit_days(time_unit: str) -> float:
    try:
        return _UNITS[time_unit]
    except KeyError:
        raise CRMLibError(
            f"time_unit={time_unit!r} is not supported: use 'D' (days) or 'W' (weeks = days / 7)."
        ) from None


def _to_day(value: Any, name: str) -> _dt.datetime | None:
    if value is None:
        return None
    try:
        ts = pd.Timestamp(value)
    except (ValueError, TypeError) as exc:
        raise CRMLibError(f"{name}={value!r} is not a date; pass e.g. '1997-09-30'.") from exc
    if ts is pd.NaT:
        raise CRMLibError(f"{name} is NaT; pass a date such as '1997-09-30' or None.")
    if ts.tzinfo is not None:
        ts = ts.tz_localize(None)
    return ts.normalize().to_pydatetime()


def _schema(frame: Any) -> dict[str, Any]:
    return dict(frame.collect_schema())


def _prepare(frame: Any, customer_id: str, date: str, amount: str | None, order_id: str | None):
    """Select and rename the columns used, check they exist and have usable types."""
    schema = _schema(frame)
    needed = {"customer_id": customer_id, "date": date}
    for role, col in needed.items():
        if col not in schema:
            raise DataFormatError(
                f"customer_summary needs a {role!r} column but the data has no column {col!r} "
                f"(columns: {', '.join(map(str, schema))}). Pass {role}='<your column>' or load the "
                "file with crmlib.io.load_transactions, which finds and renames the columns."
            )
    if amount is not None and amount not in schema:
        raise DataFormatError(
            f"customer_summary: no amount column {amount!r} (columns: {', '.join(map(str, schema))}). "
            "Pass amount='<your column>', or amount=None to summarise purchase timing only."
        )
    dtype = schema[date]
    day_expr = calendar_day(date, dtype)
    if day_expr is None:
        raise DataFormatError(
            f"customer_summary: column {date!r} has type {dtype}, not a date/datetime. Convert it first "
            "(e.g. pd.to_datetime(tx['date'], format='%Y%m%d')) or load the data with "
            "crmlib.io.load_transactions, which parses dates and reports the rows it could not read."
        )
    if amount is not None and not schema[amount].is_numeric():
        raise DataFormatError(
            f"customer_summary: column {amount!r} has type {schema[amount]}, not a number. Convert it "
            "(e.g. pd.to_numeric(tx['amount'])) or use crmlib.io.load_transactions."
        )
    exprs = [nw.col(customer_id).alias("customer_id"), day_expr.alias("day")]
    if amount is not None:
        amount_expr = nw.col(amount) if schema[amount] == nw.Float64 else nw.col(amount).cast(nw.Float64)
        exprs.append(amount_expr.alias("amount"))
    if order_id is not None and order_id in schema:
        exprs.append(nw.col(order_id).alias("order_id"))
    return frame.select(*exprs)


def _is_spark(frame: Any) -> bool:
    """True for a narwhals frame backed by a PySpark (or Spark Connect) DataFrame."""
    return getattr(frame, "implementation", None) is not None and frame.implementation.is_spark_like()


def _with_native_days(frame: Any, columns: tuple[str, ...]) -> Any:
    """Add ``_<col>_days`` (days since 1970-01-01) for datetime columns of a Spark frame."""
    from pyspark.sql import functions as F  # noqa: PLC0415

    native = frame.to_native()
    for col in columns:
        native = native.withColumn(f"_{col}_days", F.unix_date(F.to_date(F.col(col))))
    return nw.from_native(native)


def _check_eager(frame: nw.DataFrame, has_amount: bool) -> None:
    cols = ["customer_id", "day"] + (["amount"] if has_amount else [])
    nulls = frame.select(*[nw.col(c).null_count() for c in cols]).row(0)
    for col, n in zip(cols, nulls):
        if n:
            example = frame.filter(nw.col(col).is_null()).head(1).rows(named=True)[0]
            raise DataFormatError(
                f"customer_summary: {n} row(s) have a missing {col!r}, e.g. {example}. "
                "Drop or fix them first; crmlib.io.load_transactions does this and reports each row."
            )


def _last_day(frame: Any) -> _dt.datetime | None:
    """The last purchase day of a prepared frame (one scalar, collected for lazy frames)."""
    last = collect_pandas(frame.select(nw.col("day").max().alias("last")))["last"].iloc[0]
    return None if pd.isna(last) else pd.Timestamp(last).to_pydatetime()


def _summarise(frame: Any, end: _dt.datetime | None, unit: float, has_amount: bool, has_order: bool,
               progress: Any = None):
    """The narwhals computation shared by every engine. ``frame`` has the canonical columns."""
    if end is not None:
        frame = frame.filter(nw.col("day") <= nw.lit(end))
    daily_aggs = [nw.len().alias("n_lines")]
    if has_amount:
        daily_aggs.append(nw.col("amount").sum())
    if has_order:
        daily_aggs.append(nw.col("order_id").n_unique().alias("n_day_orders"))
    daily = frame.group_by("customer_id", "day").agg(*daily_aggs)
    _tick(progress)
    orders = "n_day_orders" if has_order else "n_lines"
    aggs = [
        nw.col("day").min().alias("first"),
        nw.col("day").max().alias("last"),
        nw.len().alias("n_days"),
        nw.col(orders).sum().alias("n_orders"),
    ]
    if has_amount:
        aggs.append(nw.col("amount").sum().alias("total"))
        if _is_spark(daily):
            # narwhals has no ordered first() on PySpark: mark the first day's value with a
            # window minimum (one extra shuffle-free pass, partitioned by customer)
            daily = daily.with_columns(
                _first_value=nw.when(nw.col("day") == nw.col("day").min().over("customer_id"))
                .then(nw.col("amount")).otherwise(0.0))
            aggs.append(nw.col("_first_value").sum().alias("first_amount"))
        else:
            # the first purchase day's value: an ordered first() (DuckDB: arg_min-like), no window
            aggs.append(nw.col("amount").first(order_by="day").alias("first_amount"))
    per = daily.group_by("customer_id").agg(*aggs)
    # the end of observation: given, or the last purchase day of all, collected as one scalar.
    # A max broadcast over the per-customer table would be a window over the whole table,
    # which DuckDB computes on one thread and Spark in one partition: 40 % of the DuckDB
    # summary's time at 10M rows (benchmarks/RESULTS.md, issue 16, fourth pass)
    if end is None:
        end = _last_day(frame)
    per = per.with_columns(end=nw.lit(end, dtype=nw.Datetime("us")))
    _tick(progress)
    if _is_spark(per):
        # narwhals cannot take a duration's total_seconds on Spark: count whole days natively
        # (the days are already truncated, so this is the same number)
        per = _with_native_days(per, ("first", "last", "end"))

        def days(a: str, b: str) -> nw.Expr:
            return (nw.col(f"_{a}_days") - nw.col(f"_{b}_days")).cast(nw.Float64)
    else:
        def days(a: str, b: str) -> nw.Expr:
            return (nw.col(a) - nw.col(b)).dt.total_seconds() / 86400.0
    out = [
        (nw.col("n_days") - 1).cast(nw.Int64).alias("frequency"),
        (days("last", "first") / unit).alias("recency"),
        (days("end", "first") / unit).alias("T"),
    ]
    if has_amount:
        repeat_value = nw.col("total") - nw.col("first_amount")
        out.append(
            nw.when(nw.col("n_days") > 1)
            .then(repeat_value / (nw.col("n_days") - 1))
            .otherwise(0.0)
            .alias("monetary")
        )
    out.append(nw.col("n_orders").cast(nw.Int64))
    if has_amount:
        out.append(nw.col("total"))
    out += [
        nw.col("first"),
        nw.col("last"),
        days("end", "first").round(0).cast(nw.Int64).alias("tenure"),
    ]
    return per.select(nw.col("customer_id"), *out).sort("customer_id")


def _encode_ids(tx: pd.DataFrame, customer_id: str, others: tuple) -> tuple[pd.DataFrame, pd.Index | None]:
    """Replace text customer ids by integer codes (one hash pass) for the pandas engine.

    pandas groups by strings much more slowly than by integers, and the summary groups by the
    customer id several times; factorizing once and grouping by codes is about twice as fast on
    string ids. Returns the new frame (the input is not modified) and the ids by code, or the
    frame unchanged and ``None`` when the ids are already numeric or some are missing (the
    normal path then reports the missing ones).
    """
    if customer_id not in tx.columns or pd.api.types.is_numeric_dtype(tx[customer_id]) \
            or pd.api.types.is_bool_dtype(tx[customer_id]):
        return tx, None
    codes, uniques = pd.factorize(tx[customer_id], use_na_sentinel=True)
    if len(codes) and codes.min() < 0:
        return tx, None
    keep = [c for c in dict.fromkeys(others) if c is not None and c in tx.columns and c != customer_id]
    frame = tx[keep].assign(**{customer_id: codes})  # positional: safe with a duplicated index
    return frame, pd.Index(uniques, name=customer_id)


class _Progress:
    def __init__(self, total: int, desc: str):
        from tqdm.auto import tqdm  # noqa: PLC0415

        self.bar = tqdm(total=total, desc=desc, leave=False)

    def tick(self) -> None:
        self.bar.update(1)

    def close(self) -> None:
        self.bar.close()


def _tick(progress: _Progress | None) -> None:
    if progress is not None:
        progress.tick()


def _start_progress(frame: Any, progress: bool | None, desc: str) -> _Progress | None:
    if progress is False:
        return None
    if progress is None:
        if not isinstance(frame, nw.DataFrame) or len(frame) < _PROGRESS_ROWS:
            return None
    return _Progress(3, desc)


def customer_summary(
    tx: Any,
    observation_end: Any = None,
    time_unit: str = "D",
    *,
    customer_id: str = "customer_id",
    date: str = "date",
    amount: str | None = "amount",
    order_id: str | None = "order_id",
    progress: bool | None = None,
) -> Any:
    """Summarise a transaction log into one row per customer (Fader-Hardie x, t_x, T, z-bar).

    Parameters
    ----------
    tx : a transaction log: pandas DataFrame (default engine), Polars DataFrame or LazyFrame,
        DuckDB relation, or anything else narwhals accepts. Needs a customer id and a datetime
        column; an amount column is optional (``amount=None``). A path to a Parquet or CSV
        file is summarised out of core by :func:`customer_summary_from_path` (DuckDB), so a
        file too large for pandas never has to be loaded into memory.
    observation_end : the last day of observation (inclusive). Transactions after it are
        excluded and ``T`` runs to it. Default: the last purchase date in the data (for a
        lazy Polars, DuckDB or Spark input this one date is computed first, as a query of its
        own; the summary itself stays lazy).
    time_unit : ``"D"`` for days or ``"W"`` for weeks (days / 7, as a float).
    customer_id, date, amount, order_id : column names. When an ``order_id`` column exists,
        ``n_orders`` counts distinct orders; otherwise every row is one order (as in CDNow).
    progress : show a tqdm progress bar; ``None`` (default) shows one only for eager inputs of
        more than two million rows.

    Returns
    -------
    The same kind of object as ``tx``. For pandas: a DataFrame indexed by ``customer_id``
    (sorted) with columns

    ============  ==========================================================================
    frequency     repeat purchase days (purchase days - 1), int
    recency       first to last purchase day, in ``time_unit``
    T             first purchase day to ``observation_end``, in ``time_unit``
    monetary      mean value of the repeat purchase days (sum of that day's amounts); 0 if none
    n_orders      orders (distinct ``order_id``, or rows) up to ``observation_end``
    total         total spend up to ``observation_end``
    first, last   first and last purchase day
    tenure        whole days from first purchase to ``observation_end`` (``T`` in days)
    ============  ==========================================================================

    Other engines return the same columns with ``customer_id`` as the first column, sorted.

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers" the easy way:
    an alternative to the Pareto/NBD model. *Marketing Science* 24(2), 275-284.

    Examples
    --------
    >>> import pandas as pd
    >>> tx = pd.DataFrame({
    ...     "customer_id": [1, 1, 1, 2],
    ...     "date": pd.to_datetime(["2024-01-01", "2024-01-01", "2024-01-08", "2024-01-03"]),
    ...     "amount": [10.0, 5.0, 30.0, 20.0],
    ... })
    >>> customer_summary(tx, observation_end="2024-01-15")[["frequency", "recency", "T", "monetary"]]  # doctest: +NORMALIZE_WHITESPACE
                 frequency  recency     T  monetary
    customer_id
    1                    1      7.0  14.0      30.0
    2                    0      0.0  12.0       0.0

    Customer 1's two orders on 1 January are one purchase day, so one *repeat* day remains.
    """
    if isinstance(tx, (str, os.PathLike)):
        return customer_summary_from_path(tx, observation_end, time_unit, customer_id=customer_id, date=date,
                                          amount=amount, order_id=order_id)
    unit = _unit_days(time_unit)
    end = _to_day(observation_end, "observation_end")
    is_pandas = isinstance(tx, pd.DataFrame)
    if is_pandas and customer_id not in tx.columns and tx.index.name == customer_id:
        tx = tx.reset_index()
    id_values = None
    if is_pandas:
        tx, id_values = _encode_ids(tx, customer_id, (date, amount, order_id))
    try:
        frame = nw.from_native(tx)
    except TypeError as exc:
        raise CRMLibError(
            f"customer_summary got a {type(tx).__name__}; pass a pandas, Polars or DuckDB table "
            "(or use customer_summary_from_path for a file)."
        ) from exc
    if amount is not None and amount not in _schema(frame) and amount == "amount":
        amount = None  # the default column is optional
    has_order = order_id is not None and order_id in _schema(frame)
    prepared = _prepare(frame, customer_id, date, amount, order_id if has_order else None)
    if isinstance(prepared, nw.DataFrame):
        _check_eager(prepared, amount is not None)
        if len(prepared) == 0:
            raise DataFormatError("customer_summary: the transaction log has no rows.")
    bar = _start_progress(prepared, progress, "customer_summary")
    try:
        result = _summarise(prepared, end, unit, amount is not None, has_order, bar)
        if isinstance(result, nw.DataFrame) and end is not None and len(result) == 0:
            raise CRMLibError(
                f"customer_summary: no transaction falls on or before observation_end={end.date()}; "
                "choose a later observation_end."
            )
        native = result.to_native()
        _tick(bar)
    finally:
        if bar is not None:
            bar.close()
    if is_pandas:
        if id_values is not None:  # back from integer codes to the original ids, in their order
            native = native.assign(customer_id=id_values.take(native["customer_id"].to_numpy()))
            native = native.sort_values("customer_id", kind="stable", ignore_index=True)
        native = native.set_index("customer_id")
        native.index.name = "customer_id"
        native.columns.name = None
    return native


def purchase_gaps(summary: Any) -> Any:
    """Days (or weeks) since the last purchase, measured against the customer's own rhythm.

    The one definition of "time since the last purchase" in crmlib: ``gap`` = ``T - recency``
    (last purchase to the end of observation, 最近一次购买距今), ``ipt`` = ``recency / frequency``
    (the customer's own mean inter-purchase time; NaN for one-time buyers) and ``gap_ratio`` =
    ``gap / ipt`` (how many of their own usual gaps they have now been silent; NaN when there
    is no ``ipt``). All in the summary's time unit. Written once as narwhals expressions, so a
    Polars, DuckDB or Spark summary gets the same numbers in the engine;
    :func:`crmlib.lifecycle.classify_stages` uses it on every engine.

    Parameters
    ----------
    summary : a :func:`customer_summary` (``frequency``, ``recency``, ``T``), of any engine.

    Returns
    -------
    For a pandas summary: a DataFrame indexed like ``summary`` with ``gap``, ``ipt``,
    ``gap_ratio``. For another engine: the summary (same kind of object) with those three
    columns added.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"frequency": [3, 0], "recency": [182.0, 0.0], "T": [365.0, 11.0]})
    >>> purchase_gaps(s).round(3)  # doctest: +NORMALIZE_WHITESPACE
         gap      ipt  gap_ratio
    0  183.0  60.667      3.016
    1   11.0      NaN        NaN
    """
    x, tx, T = nw.col("frequency"), nw.col("recency"), nw.col("T")
    # the divisions are guarded (not left to give inf/NaN): Spark's ANSI mode raises on / 0
    ipt = nw.when(x > 0).then(tx.cast(nw.Float64) / x.cast(nw.Float64))
    gap = (T - tx).cast(nw.Float64)
    if not isinstance(summary, pd.DataFrame):
        frame = nw.from_native(summary)
        frame = frame.with_columns(gap=gap, ipt=ipt).with_columns(
            gap_ratio=nw.when(nw.col("ipt") > 0).then(nw.col("gap") / nw.col("ipt")))
        return frame.to_native()
    from ._validate import summary_arrays

    _, last, end = summary_arrays(summary, ("frequency", "recency", "T"))
    if (last > end).any():
        i = int((last > end).argmax())
        raise DataFormatError(f"The summary has recency > T (e.g. row {summary.index[i]!r}): the last purchase "
                              "cannot come after the end of observation. Rebuild it with customer_summary.")
    out = nw.from_native(summary[["frequency", "recency", "T"]]).select(gap=gap, ipt=ipt).with_columns(
        gap_ratio=nw.when(nw.col("ipt") > 0).then(nw.col("gap") / nw.col("ipt")))
    return out.to_native()


def summary_time_unit(summary: pd.DataFrame) -> str | None:
    """The time unit a :func:`customer_summary` was built in, read from its own columns.

    ``T`` is in the summary's time unit and ``tenure`` is the same span in whole days, so
    their ratio says whether ``T`` counts days (``"D"``) or weeks (``"W"``): the summary
    records its unit without ``DataFrame.attrs``, which pandas drops in many operations.
    ``None`` when the summary has no ``tenure`` column (e.g. the published CDNOW summary)
    or no customer with ``T > 0``.

    Examples
    --------
    >>> import pandas as pd
    >>> summary_time_unit(pd.DataFrame({"T": [2.0, 0.0], "tenure": [14, 0]}))
    'W'
    >>> summary_time_unit(pd.DataFrame({"T": [14.0], "tenure": [14]}))
    'D'
    """
    if not isinstance(summary, pd.DataFrame) or not {"T", "tenure"} <= set(summary.columns):
        return None
    T = summary["T"].to_numpy(dtype=float)
    days = summary["tenure"].to_numpy(dtype=float)
    ok = (T > 0) & np.isfinite(T) & np.isfinite(days)
    if not ok.any():
        return None
    ratio = days[ok] / T[ok]
    for unit, per in _UNITS.items():
        if np.allclose(ratio, per, rtol=1e-9, atol=1e-9):
            return unit
    raise DataFormatError(f"The summary's T and tenure columns disagree about the time unit (tenure/T ranges from "
                          f"{ratio.min():.3g} to {ratio.max():.3g} days per unit); rebuild it with customer_summary.")


def calibration_holdout(
    tx: Any,
    calibration_end: Any,
    observation_end: Any = None,
    time_unit: str = "D",
    *,
    customer_id: str = "customer_id",
    date: str = "date",
    amount: str | None = "amount",
) -> pd.DataFrame:
    """Split a transaction log into a calibration summary and holdout counts.

    The equivalent of lifetimes' ``calibration_and_holdout_data``: a model is fitted on the
    calibration columns and judged on how well it predicts the holdout purchases.

    Parameters
    ----------
    tx : transaction log (anything :func:`customer_summary` accepts; converted to pandas).
    calibration_end : last day (inclusive) of the calibration period.
    observation_end : last day (inclusive) of the holdout period; default the last date in the data.
    time_unit : ``"D"`` or ``"W"``.
    customer_id, date, amount : column names.

    Returns
    -------
    pandas DataFrame indexed by ``customer_id``, one row per customer whose first purchase is
    on or before ``calibration_end``, with ``frequency_cal``, ``recency_cal``, ``T_cal``,
    ``monetary_cal`` (as in :func:`customer_summary`), ``frequency_holdout`` (purchase days in
    the holdout period — every one is a repeat), ``monetary_holdout`` (mean value of those
    days; 0 if none) and ``duration_holdout`` (holdout length in ``time_unit``).

    References
    ----------
    Fader, Hardie & Lee (2005), *Marketing Science* 24(2): weeks 1-39 calibrate, 40-78 hold out.

    Examples
    --------
    >>> import pandas as pd
    >>> tx = pd.DataFrame({"customer_id": [1, 1, 1, 2],
    ...     "date": pd.to_datetime(["2024-01-01", "2024-01-05", "2024-02-03", "2024-01-20"]),
    ...     "amount": [10.0, 20.0, 40.0, 5.0]})
    >>> calibration_holdout(tx, "2024-01-31", "2024-02-29")[["frequency_cal", "T_cal",
    ...     "frequency_holdout", "duration_holdout"]]  # doctest: +NORMALIZE_WHITESPACE
                 frequency_cal  T_cal  frequency_holdout  duration_holdout
    customer_id
    1                        1   30.0                  1              29.0
    2                        0   11.0                  0              29.0
    """
    unit = _unit_days(time_unit)
    cal_end = _to_day(calibration_end, "calibration_end")
    if not isinstance(tx, pd.DataFrame):
        tx = nw.from_native(tx)
        tx = (tx.collect() if isinstance(tx, nw.LazyFrame) else tx).to_pandas()
    if amount is not None and amount not in tx.columns and amount == "amount":
        amount = None
    obs_end = _to_day(observation_end, "observation_end")
    if obs_end is None:
        obs_end = pd.Timestamp(tx[date].max()).normalize().to_pydatetime()
    if obs_end <= cal_end:
        raise CRMLibError(
            f"observation_end ({obs_end.date()}) must be after calibration_end ({cal_end.date()}): "
            "the holdout period is the days between them."
        )
    cal = customer_summary(tx, cal_end, time_unit, customer_id=customer_id, date=date, amount=amount,
                           order_id=None)
    cal = cal[["frequency", "recency", "T"] + (["monetary"] if amount else [])].add_suffix("_cal")
    days = pd.to_datetime(tx[date]).dt.normalize()
    hold = tx.loc[(days > cal_end) & (days <= obs_end)].assign(_day=days)
    grouped = hold.groupby([customer_id, "_day"], sort=False)
    daily = grouped[amount].sum() if amount else grouped.size()
    per = daily.groupby(level=0)
    out = cal.copy()
    out["frequency_holdout"] = per.size().reindex(out.index, fill_value=0).astype("int64")
    if amount:
        out["monetary_holdout"] = per.mean().reindex(out.index, fill_value=0.0).astype("float64")
    out["duration_holdout"] = (obs_end - cal_end).days / unit
    return out


def customer_summary_from_path(
    path: str | os.PathLike,
    observation_end: Any = None,
    time_unit: str = "D",
    *,
    engine: str = "auto",
    memory_limit: str | None = None,
    **columns: Any,
) -> pd.DataFrame:
    """Summarise a large Parquet or CSV transaction file without loading it into pandas.

    Parameters
    ----------
    path : a ``.parquet`` or ``.csv`` file (or a glob such as ``"tx/*.parquet"``) with the
        canonical columns ``customer_id``, ``date`` and optionally ``amount`` / ``order_id``.
    observation_end, time_unit : as in :func:`customer_summary`.
    engine : ``"duckdb"`` (streams the file, small memory), ``"polars"`` (lazy scan) or
        ``"auto"``: DuckDB if installed, else Polars, else pandas for small files.
    memory_limit : DuckDB's memory limit, e.g. ``"4GB"`` (default: DuckDB's, 80% of RAM);
        DuckDB spills to disk beyond it.
    **columns : column-name options passed on to :func:`customer_summary`.

    Returns
    -------
    pandas DataFrame indexed by ``customer_id`` (the summary of a large log is small).

    Examples
    --------
    >>> import tempfile, pandas as pd
    >>> tx = pd.DataFrame({"customer_id": [1, 1, 2], "amount": [3.0, 4.0, 5.0],
    ...     "date": pd.to_datetime(["2024-01-01", "2024-01-03", "2024-01-02"])})
    >>> with tempfile.TemporaryDirectory() as d:
    ...     tx.to_parquet(f"{d}/tx.parquet")
    ...     s = customer_summary_from_path(f"{d}/tx.parquet")
    >>> s["frequency"].tolist(), s["T"].tolist()
    ([1, 0], [2.0, 1.0])
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in {".parquet", ".pq", ".csv"}:
        raise CRMLibError(
            f"customer_summary_from_path reads .parquet or .csv files, not {path.name!r}; "
            "use crmlib.io.load_transactions for other formats."
        )
    if engine == "auto":
        # DuckDB streams the file in bounded memory; Polars' lazy scan is next best. Only a
        # machine with neither reads the whole file into pandas.
        engine = first_installed("duckdb", "polars") or "pandas"
    if engine == "duckdb":
        import duckdb  # noqa: PLC0415

        con = duckdb.connect()
        if memory_limit:
            con.execute(f"SET memory_limit = '{memory_limit}'")
        reader = "read_parquet" if suffix != ".csv" else "read_csv_auto"
        rel = con.sql(f"SELECT * FROM {reader}('{str(path).replace(chr(39), chr(39) * 2)}')")
        out = customer_summary(rel, observation_end, time_unit, **columns)
        result = out.df()
        con.close()
    elif engine == "polars":
        import polars as pl  # noqa: PLC0415

        scan = pl.scan_parquet(path) if suffix != ".csv" else pl.scan_csv(path, try_parse_dates=True)
        result = customer_summary(scan, observation_end, time_unit, **columns).collect().to_pandas()
    elif engine == "pandas":
        if suffix == ".csv":
            frame = pd.read_csv(path, parse_dates=[columns.get("date", "date")])
        else:
            frame = pd.read_parquet(path)
        return customer_summary(frame, observation_end, time_unit, **columns)
    else:
        raise CRMLibError(f"engine={engine!r}: use 'auto', 'duckdb', 'polars' or 'pandas'.")
    return result.set_index("customer_id")
