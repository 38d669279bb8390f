"""The seed texts' own small tables, shipped in ``crmlib/datasets/seed_tables/``.

The files live inside the package so that an installed wheel has them; the repository's
top-level ``datasets/`` folder links to them (with their sources in ``datasets/README.md``).
"""
from __future__ import annotations

from importlib import resources

import pandas as pd

from .._errors import CRMLibError


def _seed_dir():  # a Traversable: a folder inside the installed package (or the checkout)
    return resources.files("crmlib.datasets") / "seed_tables"


def seed_tables() -> list[str]:
    """Names of the typed seed tables available to :func:`load_seed_table`.

    Examples
    --------
    >>> "accumulation_effect" in seed_tables()
    True
    """
    return sorted(p.name[:-4] for p in _seed_dir().iterdir() if p.name.endswith(".csv"))


def load_seed_table(name: str) -> pd.DataFrame:
    """Load one of the seed texts' tables (``datasets/<name>.csv`` in the repository).

    ``datasets/README.md`` says which seed and page each table comes from.

    Examples
    --------
    >>> load_seed_table("accumulation_effect").shape[0] > 0
    True
    """
    path = _seed_dir() / f"{name}.csv"
    if not path.is_file():
        raise CRMLibError(f"No seed table {name!r} in crmlib; available: {', '.join(seed_tables())}.")
    with path.open("rb") as handle:
        return pd.read_csv(handle)
