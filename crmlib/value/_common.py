"""Column checks shared by the chapter 1 value files."""
from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from .._errors import DataFormatError


def _require_columns(data: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    missing = [c for c in columns if c not in data.columns]
    if missing:
        raise DataFormatError(
            f"{what} needs columns {list(columns)}; missing {missing}. "
            f"Columns present: {list(data.columns)}. Rename your columns or pass the names explicitly."
        )
