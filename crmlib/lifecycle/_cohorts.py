"""Acquisition cohorts (客户群组): the cohort x age retention table, its pooled curve and the
incomplete last period.

Chapter 2, "Cohort retention matrices" (notebook ch2_stages_and_cohorts).
"""
from __future__ import annotations

from typing import Any

import narwhals as nw
import numpy as np
import pandas as pd

from .._errors import CRMLibError
from .._validate import require_columns, transaction_log


def cohort_retention(
    tx: pd.DataFrame,
    period: str = "M",
    *,
    customer_id: str = "customer_id",
    date: str = "date",
    amount: str | None = None,
    kind: str = "rate",
    observation_end: Any = None,
    incomplete: str = "warn",
) -> pd.DataFrame:
    """Acquisition-cohort × period-since-acquisition retention matrix.

    A customer's cohort is the period of the first purchase; period ``k`` counts the periods
    since then (0 = acquisition period, always 100 %).

    A log that ends inside a period (on 9 December, say) has seen only part of that month:
    counting it as a full period makes retention seem to fall in the last column. With
    ``incomplete="drop"`` the cells of the incomplete last period are left empty, like cells a
    cohort has not reached (a cohort acquired in it keeps only its period-0 cell, so every
    customer is still counted);
    :func:`incomplete_period_note` says so in a sentence for a report. The default, ``"warn"``,
    keeps the period (as earlier versions did) and warns.

    Parameters
    ----------
    tx : transaction log.
    period : ``"M"`` (month), ``"Q"`` (quarter), ``"W"`` (week, Monday to Sunday) or ``"Y"`` (year).
    customer_id, date, amount : column names (``amount`` needed for ``kind="revenue"``/``"amount"``).
    kind : ``"count"`` (active customers), ``"rate"`` (share of the cohort active),
        ``"revenue"`` (revenue as a share of the cohort's period-0 revenue: revenue retention)
        or ``"amount"`` (the cohort's total revenue in each period, as in the data).
    observation_end : last day observed (inclusive); later transactions are ignored. Default:
        the last date in the data.
    incomplete : ``"drop"`` (leave out an incomplete last period), ``"warn"`` (default: keep
        it and emit a ``UserWarning``) or ``"keep"`` (keep it silently).

    Returns
    -------
    DataFrame: rows = cohort (Period); a first column ``customers`` (the cohort's size), then
    one column per period since acquisition (int: 0, 1, ...); cells a cohort has not reached
    yet are NaN. The same shape as :func:`crmlib.value.cohort_value`.

    Examples
    --------
    >>> import pandas as pd
    >>> tx = pd.DataFrame({"customer_id": [1, 1, 2, 3, 3],
    ...     "date": pd.to_datetime(["2024-01-05", "2024-02-01", "2024-01-20", "2024-02-03", "2024-03-09"])})
    >>> cohort_retention(tx, kind="count", observation_end="2024-03-31")  # doctest: +NORMALIZE_WHITESPACE
             customers  0  1
    cohort
    2024-01          2  2  1
    2024-02          1  1  1

    Without ``observation_end`` the log ends on 9 March, so March is incomplete; leave it out:

    >>> cohort_retention(tx, incomplete="drop")  # doctest: +NORMALIZE_WHITESPACE
             customers    0    1
    cohort
    2024-01          2  1.0  0.5
    2024-02          1  1.0  NaN
    """
    if kind not in ("count", "rate", "revenue", "amount"):
        raise CRMLibError(f"kind={kind!r}: use 'count', 'rate', 'revenue' or 'amount'.")
    if incomplete not in ("drop", "warn", "keep"):
        raise CRMLibError(f"incomplete={incomplete!r}: use 'drop' (leave out an incomplete last period), 'warn' or "
                          "'keep'.")
    if isinstance(tx, pd.DataFrame):
        # pandas goes through the same narwhals counting as the engines: only its dates are made
        # datetimes first (text parsed; an aware time keeps its local calendar day)
        tx = transaction_log(_cohort_columns(tx, customer_id=customer_id, date=date, amount=amount, kind=kind),
                             customer_id=customer_id, date=date)
        if isinstance(tx[date].dtype, pd.DatetimeTZDtype):
            tx[date] = tx[date].dt.tz_localize(None)
    table, sizes, end = _cohort_counts_frame(tx, period, customer_id=customer_id, date=date, amount=amount,
                                             kind=kind, observation_end=observation_end)
    last = _last_period(end, _PERIOD_FREQ[str(period).upper()], incomplete)
    return _cohort_matrix(table, sizes, last, kind)


def pooled_retention(retention: pd.DataFrame, cohort_sizes: pd.Series | np.ndarray | None = None) -> pd.DataFrame:
    """The average retention curve of a cohort table, each cohort weighted by its size.

    At each age (periods since the first purchase) only the cohorts old enough to be seen
    at that age count: retention is the customers buying at that age over the customers of
    those cohorts. An unweighted mean of the rates would give a cohort of 3 customers the
    weight of a cohort of 300.

    Parameters
    ----------
    retention : cohorts x ages of retention rates, NaN where a cohort is too young
        (:func:`crmlib.lifecycle.cohort_retention` with ``kind="rate"``); its ``customers``
        column, when present, gives the cohort sizes.
    cohort_sizes : customers of each cohort, in the rows' order; default: ``retention["customers"]``.

    Returns
    -------
    DataFrame indexed by ``age`` with ``cohorts`` (cohorts observed at that age),
    ``customers_observable``, ``customers_buying`` and ``retention``.

    Examples
    --------
    >>> rates = pd.DataFrame({0: [1.0, 1.0], 1: [0.5, 0.25], 2: [0.2, None]}, index=["2024-01", "2024-02"])
    >>> pooled_retention(rates, [10, 20])["retention"].round(4).tolist()
    [1.0, 0.3333, 0.2]
    >>> pooled_retention(rates.assign(customers=[10, 20]))["customers_observable"].tolist()
    [30.0, 30.0, 10.0]
    """
    if cohort_sizes is None:
        if "customers" not in retention.columns:
            raise CRMLibError("pooled_retention needs the cohort sizes: pass cohort_sizes= or a table with a "
                              "'customers' column (as cohort_retention returns).")
        cohort_sizes = retention["customers"]
    retention = retention.drop(columns="customers", errors="ignore")
    sizes = np.asarray(cohort_sizes, dtype=float)
    if sizes.shape != (len(retention),):
        raise CRMLibError(f"cohort_sizes has {sizes.size} values for {len(retention)} cohorts: pass one size "
                          "per row of the retention table (its 'customers' column).")
    rates = retention.to_numpy(float)
    observed = ~np.isnan(rates)
    curve = pd.DataFrame({
        "cohorts": observed.sum(axis=0),
        "customers_observable": (observed * sizes[:, None]).sum(axis=0),
        # rate × size gives back the whole number of buyers the rate was computed from
        "customers_buying": np.nansum(rates * sizes[:, None], axis=0).round(),
    }, index=pd.Index(retention.columns, name="age"))
    curve["retention"] = curve["customers_buying"] / curve["customers_observable"]
    return curve


def _cohort_columns(tx: Any, *, customer_id: str, date: str, amount: str | None, kind: str) -> Any:
    """The one column check of :func:`cohort_retention`, for pandas and engine tables alike."""
    needed = [customer_id, date]
    if kind in ("revenue", "amount"):
        if amount is None:
            raise CRMLibError(f"kind={kind!r} needs amount='<revenue column>'.")
        needed.append(amount)
    return require_columns(tx, needed, what="The transaction log",
                           hint="Pass customer_id=/date=/amount= with your column names.")


def _last_period(end: pd.Timestamp, period: str, incomplete: str) -> pd.Period:
    """The last period whose cells are shown: *end*'s own period, or the last complete one with
    ``incomplete="drop"``; warns (``incomplete="warn"``) when *end*'s period is incomplete."""
    last_complete, is_complete = last_complete_period(end, period)
    if incomplete == "warn" and not is_complete:
        import warnings  # noqa: PLC0415

        own = end.to_period(period)
        # stacklevel 3: the caller of cohort_retention
        warnings.warn(f"cohort_retention: the data end on {end.date()}, inside the period {own}, which is counted as "
                      "a full period, so its retention looks low; pass incomplete='drop' to leave it out "
                      "(or 'keep' to silence this).", UserWarning, stacklevel=3)
    return last_complete if incomplete == "drop" else end.to_period(period)


#: Period index of a date as narwhals expressions on year/month (pandas Period ordinals), per alias.
_PERIOD_FREQ = {"M": "M", "ME": "M", "Q": "Q", "QE": "Q", "Y": "Y", "YE": "Y", "A": "Y", "W": "W"}


def _cohort_counts_frame(tx: Any, period: str, *, customer_id: str, date: str, amount: str | None,
                         kind: str, observation_end: Any = None) -> tuple[pd.DataFrame, pd.Series, pd.Timestamp]:
    """The cohort x age counts of a log, computed in its engine (pandas, Polars, DuckDB or Spark).

    The one counting of :func:`cohort_retention`. Rows after *observation_end* (inclusive day) are
    left out. Returns the small (cohorts x ages) table, the cohort sizes and the end of observation (*observation_end*,
    or the last day in the data), collected into pandas; :func:`_cohort_matrix` finishes.
    """
    from .._frames import collect_pandas, to_narwhals, with_day_numbers  # noqa: PLC0415

    frame = _cohort_columns(to_narwhals(tx, "cohort_retention"), customer_id=customer_id, date=date,
                            amount=amount, kind=kind)
    freq = _PERIOD_FREQ.get(str(period).upper())
    if freq is None:
        raise CRMLibError(f"period={period!r}: use 'M' (months), 'Q' (quarters), 'W' (weeks, Monday to Sunday) "
                          "or 'Y' (years).")
    d = nw.col("_date")
    frame = frame.select(nw.col(customer_id).alias("cid"), nw.col(date).alias("_date"),
                         *([nw.col(amount).cast(nw.Float64).alias("amount")] if kind in ("revenue", "amount") else []))
    # day numbers on every engine: the observation_end filter and the last day observed use them
    frame = with_day_numbers(frame, {"_day": "_date"})
    if observation_end not in (None, ""):
        end_day = (pd.Timestamp(observation_end).normalize() - pd.Timestamp("1970-01-01")).days
        frame = frame.filter(nw.col("_day") <= end_day)
    if freq == "W":  # pandas "W" = weeks Monday..Sunday; 1970-01-01 (day 0) is a Thursday in week 1
        p = (nw.col("_day") + 3) // 7 + 1
    elif freq == "M":
        p = (d.dt.year() - 1970) * 12 + d.dt.month() - 1
    elif freq == "Q":
        p = (d.dt.year() - 1970) * 4 + (d.dt.month() - 1) // 3
    else:
        p = d.dt.year() - 1970
    frame = frame.with_columns(p=p.cast(nw.Int64)).with_columns(cohort=nw.col("p").min().over("cid"))
    frame = frame.with_columns(age=nw.col("p") - nw.col("cohort"))
    value = nw.col("amount").sum() if kind in ("revenue", "amount") else nw.col("cid").n_unique()
    long = collect_pandas(frame.group_by("cohort", "age").agg(value.alias("value")))
    if kind not in ("revenue", "amount"):
        long["value"] = long["value"].astype("int64")  # customers as int64 on every engine (Polars: uint32)
    sizes = collect_pandas(frame.group_by("cohort").agg(nw.col("cid").n_unique().alias("n")))
    last_day = collect_pandas(frame.select(nw.col("_day").max().alias("d")))["d"].iloc[0]
    if long.empty:
        if observation_end not in (None, ""):
            raise CRMLibError(f"No transaction falls on or before observation_end={observation_end}.")
        raise CRMLibError("cohort_retention: the transaction log has no rows.")
    end = (pd.Timestamp(observation_end) if observation_end not in (None, "")
           else pd.Timestamp("1970-01-01") + pd.Timedelta(days=int(last_day)))

    def to_period(ordinals: pd.Series) -> pd.PeriodIndex:
        return pd.PeriodIndex.from_ordinals(ordinals.astype("int64").to_numpy(), freq=freq)

    long["cohort"] = to_period(long["cohort"])
    table = long.set_index(["cohort", "age"])["value"].unstack("age").sort_index()
    sizes = pd.Series(sizes["n"].to_numpy(), index=to_period(sizes["cohort"]), name="cid").sort_index()
    sizes.index.name = "cohort"
    return table, sizes, end


def _cohort_matrix(table: pd.DataFrame, sizes: pd.Series, last: pd.Period, kind: str) -> pd.DataFrame:
    """Square off the cohort x age table: missing cells 0, unreached cells NaN, then rates."""
    ages = range(int(max(table.columns)) + 1)
    table = table.reindex(columns=list(ages)).fillna(0)
    # period 0 is always shown: a cohort acquired in an incomplete last period keeps its row (its size and
    # acquisition cell), so the table still accounts for every customer
    reached = np.array([[a == 0 or (c + a) <= last for a in ages] for c in table.index])
    table = table.where(reached)
    if kind == "rate":
        table = table.div(sizes, axis=0)
    elif kind == "revenue":
        table = table.div(table[0], axis=0)
    table.index.name = "cohort"
    table.columns.name = None
    # the cohort sizes travel as a column (DataFrame.attrs is dropped by many pandas operations)
    table.insert(0, "customers", sizes.reindex(table.index).astype(int).to_numpy())
    return table


def last_complete_period(end: Any, period: str = "M") -> tuple[pd.Period, bool]:
    """The last period fully observed when the data end on *end*, and whether *end*'s own period is complete.

    A period is complete when *end* falls on its last day (the end day counts as observed).

    Examples
    --------
    >>> last_complete_period("2011-12-09", "M")
    (Period('2011-11', 'M'), False)
    >>> last_complete_period("1998-06-30", "M")
    (Period('1998-06', 'M'), True)
    """
    day = pd.Timestamp(end).normalize()
    try:
        own = day.to_period(period)
    except (ValueError, TypeError) as exc:
        raise CRMLibError(f"period={period!r} is not a pandas period alias; use 'M', 'Q', 'W' or 'Y'.") from exc
    complete = own.end_time.normalize() <= day
    return (own if complete else own - 1), bool(complete)


def incomplete_period_note(end: Any, period: str = "M") -> str:
    """A sentence for a report when the data end inside a period; ``""`` when the last period is complete.

    Examples
    --------
    >>> incomplete_period_note("2011-12-09", "M")[:62]
    'The data end on 2011-12-09, 9 days into the period 2011-12 (of'
    >>> incomplete_period_note("2011-12-31", "M")
    ''
    """
    day = pd.Timestamp(end).normalize()
    last, complete = last_complete_period(day, period)
    if complete:
        return ""
    own = day.to_period(period)
    seen = (day - own.start_time.normalize()).days + 1
    length = (own.end_time.normalize() - own.start_time.normalize()).days + 1
    return (f"The data end on {day.date()}, {seen} days into the period {own} (of {length} days), so that period "
            f"is incomplete: its retention cells are left empty (the cohort table's last full period is {last}). "
            "Counting it as a full period would make retention seem to fall in its last column.")
