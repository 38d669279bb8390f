"""Helpers shared by the chapter 3 segment files."""
from __future__ import annotations

from typing import Any

import pandas as pd

from .._errors import CRMLibError, DataFormatError


def _values(values: Any, name: str = "values") -> pd.Series:
    s = pd.Series(values) if not isinstance(values, pd.Series) else values
    if s.empty:
        raise CRMLibError(f"{name} is empty: pass one value per customer.")
    try:
        s = s.astype(float)
    except (TypeError, ValueError) as exc:
        raise DataFormatError(f"{name} must be numeric (one value per customer).") from exc
    if s.isna().any():
        raise DataFormatError(f"{name} has {int(s.isna().sum())} missing values: fill or drop them first.")
    return s


#: Values are compared after rounding to this many decimals, so that sums that differ only in
#: the last bits (pandas, Polars, DuckDB and Spark add in different orders) stay tied and every
#: engine gives the same scores.
_TIE_DIGITS = 6
