"""The DuckDB cohort query: per-period activity of each first-purchase cohort (ch5_templates)."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

import pandas as pd

from .._errors import CRMLibError


_PERIODS = {"D": "day", "W": "week", "M": "month", "Q": "quarter", "Y": "year"}


def period_activity(
    source: pd.DataFrame | str | Path,
    period: str = "M",
    columns: Mapping[str, Any] | None = None,
    observation_end: Any = None,
) -> pd.DataFrame:
    """Orders and spend of each customer in each calendar period (the input of a cohort table).

    Parameters
    ----------
    source : clean transactions (``customer_id``, ``date``, ``amount``), e.g. from
        :func:`crmlib.io.load_transactions`, or the path of a large Parquet/CSV file, which
        DuckDB aggregates without loading it (*columns* maps non-canonical names).
    period : ``"D"`` (days), ``"W"`` (weeks starting Monday), ``"M"``, ``"Q"`` or ``"Y"``.
    observation_end : ignore transactions after this day.

    Returns
    -------
    DataFrame with ``customer_id``, ``period`` (pandas Period), ``orders`` (rows),
    ``amount`` and ``complete`` (False for the last period when the data, or
    *observation_end*, end before its last day: see
    :func:`crmlib.lifecycle.incomplete_period_note`), sorted by customer and period.

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": ["a", "a", "a", "b"], "amount": [1.0, 2.0, 4.0, 8.0],
    ...     "date": pd.to_datetime(["2024-01-03", "2024-01-20", "2024-03-01", "2024-02-10"])})
    >>> period_activity(tx).astype({"period": str}).values.tolist()
    [['a', '2024-01', 2, 3.0, True], ['a', '2024-03', 1, 4.0, False], ['b', '2024-02', 1, 8.0, True]]
    """
    if period not in _PERIODS:
        raise CRMLibError(f"period={period!r}: use 'D' (days), 'W' (weeks), 'M' (months), 'Q' (quarters) or 'Y' (years).")
    freq = {"D": "D", "W": "W-SUN", "M": "M", "Q": "Q", "Y": "Y"}[period]
    end = None if observation_end in (None, "") else pd.Timestamp(observation_end).normalize() + pd.Timedelta(days=1)
    if isinstance(source, pd.DataFrame):
        tx = source if end is None else source[source["date"] < end]
        amount = tx["amount"] if "amount" in tx else pd.Series(0.0, index=tx.index)
        frame = pd.DataFrame({"customer_id": tx["customer_id"].to_numpy(),
                              "period": tx["date"].dt.to_period(freq).to_numpy(), "amount": amount.to_numpy()})
        out = frame.groupby(["customer_id", "period"], sort=True).agg(
            orders=("amount", "size"), amount=("amount", "sum")).reset_index()
        last_day = end - pd.Timedelta(days=1) if end is not None else tx["date"].max()
        return _mark_complete(out, last_day, freq)
    import duckdb  # noqa: PLC0415

    path = Path(source)
    names = {role: str((columns or {}).get(role) or role) for role in ("customer_id", "date", "amount")}
    reader = "read_csv_auto" if path.suffix.lower() == ".csv" else "read_parquet"
    quoted = str(path).replace("'", "''")
    where = f"WHERE CAST(\"{names['date']}\" AS TIMESTAMP) < TIMESTAMP '{end}'" if end is not None else ""
    sql = (f"SELECT \"{names['customer_id']}\" AS customer_id, "
           f"date_trunc('{_PERIODS[period]}', CAST(\"{names['date']}\" AS TIMESTAMP)) AS start, "
           f"count(*) AS orders, sum(CAST(\"{names['amount']}\" AS DOUBLE)) AS amount "
           f"FROM {reader}('{quoted}') {where} GROUP BY 1, 2 ORDER BY 1, 2")
    con = duckdb.connect()
    try:
        out = con.sql(sql).df()
    finally:
        con.close()
    out.insert(1, "period", pd.to_datetime(out.pop("start")).dt.to_period(freq))
    out["orders"] = out["orders"].astype("int64")
    if end is not None:
        last_day = end - pd.Timedelta(days=1)
    else:
        con = duckdb.connect()
        try:
            query = f"SELECT max(CAST(\"{names['date']}\" AS TIMESTAMP)) FROM {reader}('{quoted}')"
            last_day = con.execute(query).fetchone()[0]
        finally:
            con.close()
    return _mark_complete(out, last_day, freq)


def _mark_complete(out: pd.DataFrame, last_day: Any, freq: str) -> pd.DataFrame:
    """Add ``complete``: False for rows in a last period that *last_day* ends early."""
    if last_day is None or pd.isna(last_day) or out.empty:
        out["complete"] = pd.Series(True, index=out.index, dtype=bool)
        return out
    from ..lifecycle import last_complete_period  # noqa: PLC0415

    last, _ = last_complete_period(pd.Timestamp(last_day), freq)
    out["complete"] = (out["period"] <= last).to_numpy(dtype=bool)
    return out
