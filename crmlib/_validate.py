"""The one set of input checks every crmlib module uses.

Issue 15 found six validators doing the same job (``value._require_columns``,
``clv._summary_arrays``, ``lifecycle._check_tx``, ``segment._values``,
``satisfaction._as_series``, ``satisfaction._numeric_items``). They are merged here so a
missing column, a non-numeric value or a gap reads the same everywhere: every message names
the column, shows an example row where there is one, and says what to do. All raise
:class:`crmlib.DataFormatError` (a :class:`crmlib.CRMLibError`, a :class:`ValueError`).
"""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np
import pandas as pd

from ._errors import DataFormatError

__all__ = ["require_frame", "require_columns", "numeric_series", "numeric_columns", "summary_arrays",
           "transaction_log"]

_SUMMARY_HINT = "Make one with crmlib.summary.customer_summary(transactions)."


def _example(index: Any) -> str:
    return f"e.g. row {index!r}"


def require_frame(data: Any, *, what: str, hint: str = "") -> pd.DataFrame:
    """*data* itself if it is a pandas DataFrame, else a :class:`DataFormatError` saying what to pass.

    Examples
    --------
    >>> require_frame([1, 2], what="the transaction log")
    Traceback (most recent call last):
    ...
    crmlib._errors.DataFormatError: Expected the transaction log as a pandas DataFrame, got list.
    """
    if not isinstance(data, pd.DataFrame):
        raise DataFormatError(f"Expected {what} as a pandas DataFrame, got {type(data).__name__}."
                              + (f" {hint}" if hint else ""))
    return data


def require_columns(data: pd.DataFrame, columns: Sequence[str], *, what: str,
                    hint: str = "Rename your columns or pass the names explicitly.") -> pd.DataFrame:
    """*data* if it has every column in *columns*; otherwise say which are missing and which exist.

    *data* is a pandas DataFrame or a narwhals frame (the engine paths: its schema is read,
    nothing is computed).

    Examples
    --------
    >>> require_columns(pd.DataFrame({"id": [1]}), ["id", "date"], what="The transaction log")
    Traceback (most recent call last):
    ...
    crmlib._errors.DataFormatError: The transaction log has no column 'date' (columns: id). Rename your columns or pass the names explicitly.
    """
    if hasattr(data, "collect_schema"):  # a narwhals frame: Polars, DuckDB or Spark through narwhals
        present = list(data.collect_schema().names())
    else:
        present = list(require_frame(data, what=what[:1].lower() + what[1:], hint=hint).columns)
    missing = [c for c in columns if c not in present]
    if missing:
        names = ", ".join(repr(c) for c in missing)
        raise DataFormatError(f"{what} has no column{'s' if len(missing) > 1 else ''} {names} "
                              f"(columns: {', '.join(map(str, present))}). {hint}")
    return data


def numeric_series(values: Any, *, name: str = "values", what: str = "one value per customer") -> pd.Series:
    """*values* (a Series, mapping or sequence) as a float Series with no gaps.

    Examples
    --------
    >>> numeric_series({"A": 1, "B": 2.5}).tolist()
    [1.0, 2.5]
    >>> numeric_series([1, None, 3], name="spend")
    Traceback (most recent call last):
    ...
    crmlib._errors.DataFormatError: spend has 1 missing value (e.g. row 1): fill or drop them first.
    """
    s = values if isinstance(values, pd.Series) else pd.Series(values)
    if s.empty:
        raise DataFormatError(f"{name} is empty: pass {what}.")
    try:
        s = s.astype(float)
    except (TypeError, ValueError) as exc:
        bad = pd.to_numeric(s, errors="coerce").isna() & s.notna()
        raise DataFormatError(f"{name} must be numeric ({what}); {_example(s.index[bad.argmax()])} is "
                              f"{s[bad].iloc[0]!r}.") from exc
    gaps = s.isna()
    if gaps.any():
        n = int(gaps.sum())
        raise DataFormatError(f"{name} has {n} missing value{'s' if n > 1 else ''} ({_example(s.index[gaps.argmax()])}): "
                              "fill or drop them first.")
    return s


def numeric_columns(data: pd.DataFrame, columns: Sequence[str] | None = None, *, what: str = "The data") -> pd.DataFrame:
    """The *columns* of *data* (default: all) as floats; each must exist and be numeric.

    Examples
    --------
    >>> numeric_columns(pd.DataFrame({"q1": [1, 2], "q2": ["a", "b"]}), what="The survey")
    Traceback (most recent call last):
    ...
    crmlib._errors.DataFormatError: The survey: column 'q2' is not numeric (e.g. row 0 is 'a'); code answers as numbers first.
    """
    cols = list(data.columns) if columns is None and isinstance(data, pd.DataFrame) else list(columns or [])
    require_columns(data, cols, what=what, hint="Pass the item names that are columns of the data.")
    out = data[cols]
    for c in cols:
        if not pd.api.types.is_numeric_dtype(out[c]):
            # name the first cell that is not a number (blank cells are missing answers, not text)
            bad = pd.to_numeric(out[c], errors="coerce").isna() & out[c].notna()
            at = int(bad.to_numpy().argmax()) if bad.any() else 0
            raise DataFormatError(f"{what}: column {c!r} is not numeric ({_example(out.index[at])} is "
                                  f"{out[c].iloc[at]!r}); code answers as numbers first.")
    return out.astype(float)


def summary_arrays(summary: pd.DataFrame, columns: Sequence[str]) -> list[np.ndarray]:
    """The *columns* of a per-customer summary as float arrays: present, complete, not negative.

    Examples
    --------
    >>> s = pd.DataFrame({"frequency": [1, 2], "recency": [3.0, -1.0]}, index=["a", "b"])
    >>> summary_arrays(s, ["frequency"])[0].tolist()
    [1.0, 2.0]
    >>> summary_arrays(s, ["recency"])
    Traceback (most recent call last):
    ...
    crmlib._errors.DataFormatError: Column 'recency' has negative values (e.g. row 'b' is -1.0); summaries count forward in time.
    """
    require_frame(summary, what=f"a summary with columns {', '.join(columns)}", hint=_SUMMARY_HINT)
    require_columns(summary, columns, what="The summary", hint=_SUMMARY_HINT)
    out = [summary[c].to_numpy(dtype=float) for c in columns]
    for name, arr in zip(columns, out):
        gaps = np.isnan(arr)
        if gaps.any():
            raise DataFormatError(f"Column {name!r} has missing values ({_example(summary.index[gaps.argmax()])}); "
                                  "drop or fill those customers first.")
        negative = arr < 0
        if negative.any():
            i = int(negative.argmax())
            raise DataFormatError(f"Column {name!r} has negative values ({_example(summary.index[i])} is {arr[i]}); "
                                  "summaries count forward in time.")
    return out


def transaction_log(tx: pd.DataFrame, *, customer_id: str, date: str) -> pd.DataFrame:
    """A copy of a pandas transaction log with its *date* column as normalised datetimes.

    Examples
    --------
    >>> tx = pd.DataFrame({"customer_id": [1], "date": ["2024-01-02 10:30"]})
    >>> transaction_log(tx, customer_id="customer_id", date="date")["date"].iloc[0]
    Timestamp('2024-01-02 00:00:00')
    """
    require_frame(tx, what="the transaction log")
    require_columns(tx, [customer_id, date], what="The transaction log",
                    hint="Pass customer_id=/date= with your column names.")
    out = tx.copy()
    out[date] = pd.to_datetime(out[date]).dt.normalize()
    return out
