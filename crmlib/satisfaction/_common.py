"""Helpers shared by the chapter 4 survey files."""
from __future__ import annotations

from typing import Sequence

import pandas as pd

from .._errors import CRMLibError


# ---------------------------------------------------------------------------
# Survey analysis and reliability
# ---------------------------------------------------------------------------

def _numeric_items(data: pd.DataFrame, items: Sequence[str] | None = None) -> pd.DataFrame:
    if not isinstance(data, pd.DataFrame):
        raise CRMLibError("Pass the survey as a DataFrame with one column per item.")
    cols = list(items) if items is not None else list(data.columns)
    missing = [c for c in cols if c not in data.columns]
    if missing:
        raise CRMLibError(f"Items {missing} are not columns of the data.")
    out = data[cols]
    bad = [c for c in cols if not pd.api.types.is_numeric_dtype(out[c])]
    if bad:
        raise CRMLibError(f"Items {bad} are not numeric; code answers as numbers first.")
    return out.astype(float)
