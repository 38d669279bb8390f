"""The seed texts' own small tables, typed into ``datasets/`` at the repository root."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .._errors import CRMLibError

_SEED_DIR = Path(__file__).resolve().parents[2] / "datasets"


def seed_tables() -> list[str]:
    """Names of the typed seed tables available to :func:`load_seed_table`."""
    return sorted(p.stem for p in _SEED_DIR.glob("*.csv"))


def load_seed_table(name: str) -> pd.DataFrame:
    """Load one of the seed texts' tables from ``datasets/<name>.csv``.

    ``datasets/README.md`` says which seed and page each table comes from.

    Examples
    --------
    >>> "accumulation_effect" in seed_tables()  # doctest: +SKIP
    True
    """
    path = _SEED_DIR / f"{name}.csv"
    if not path.is_file():
        raise CRMLibError(f"No seed table {name!r} in {_SEED_DIR}; available: {', '.join(seed_tables())}.")
    return pd.read_csv(path)
