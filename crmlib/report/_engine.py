"""Choosing the engine (pandas, DuckDB, Polars, Spark) for a template's input, and saying why (ch5_templates)."""
from __future__ import annotations

import os
from pathlib import Path

from .._errors import CRMLibError


# ----------------------------------------------------------------------------------------
# Helpers used by the template notebooks (kept here so that the notebooks stay generic)
# ----------------------------------------------------------------------------------------

#: Parquet/CSV inputs larger than this (in MB) are summarised by DuckDB/Polars when ``engine="auto"``.
LARGE_FILE_MB: float = 200.0

def choose_engine(input_path: str | Path, engine: str = "auto", threshold_mb: float | None = None) -> str:
    """Which engine a template uses for *input_path*: ``"pandas"``, ``"duckdb"`` or ``"polars"``.

    ``"auto"`` picks pandas (full cleaning with :func:`crmlib.io.load_transactions`) unless the
    file is a Parquet or CSV file larger than *threshold_mb* megabytes; then DuckDB (or Polars
    when DuckDB is not installed) cleans it (the same rules and report) and summarises it
    without loading its rows into pandas.
    :func:`engine_choice` also says why.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "tx.parquet"
    >>> _ = f.write_bytes(b"x" * 2048)
    >>> choose_engine(f), choose_engine(f, threshold_mb=0.001), choose_engine(f, "polars")
    ('pandas', 'duckdb', 'polars')
    """
    return engine_choice(input_path, engine, threshold_mb)[0]


def _size_text(megabytes: float) -> str:
    return f"{megabytes:,.1f} MB" if megabytes >= 0.1 else f"{megabytes * 1000:,.0f} KB"


def engine_choice(input_path: str | Path, engine: str = "auto",
                  threshold_mb: float | None = None) -> tuple[str, str]:
    """The engine for *input_path* (see :func:`choose_engine`) and one sentence saying why.

    This is the one place where the engine is chosen; the templates, the CLI and the
    report all use it.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "tx.csv"
    >>> _ = f.write_bytes(b"x" * 3_000_000)
    >>> engine_choice(f, threshold_mb=2)[1]
    'engine auto chose duckdb: tx.csv is 3.0 MB, above the 2 MB limit for loading a file with pandas (LARGE_FILE_MB).'
    >>> engine_choice(f, "pandas")
    ('pandas', 'engine pandas: tx.csv is read and cleaned in memory with crmlib.io.load_transactions.')
    """
    if engine not in {"auto", "pandas", "duckdb", "polars", "spark"}:
        raise CRMLibError(f"engine={engine!r}: use 'auto', 'pandas', 'duckdb', 'polars' or 'spark' (--engine).")
    if threshold_mb is None:
        # the documented setting is crmlib.report.LARGE_FILE_MB: read it from the package, at call time
        from .. import report as _package  # noqa: PLC0415

        threshold_mb = getattr(_package, "LARGE_FILE_MB", LARGE_FILE_MB)
    path = Path(input_path)
    if engine == "spark":
        return "spark", (f"engine spark: {path.name} is read, cleaned (the same rules and cleaning report as "
                         "pandas) and summarised by Spark (crmlib.spark.session: $SPARK_MASTER or local[*]); "
                         "only the per-customer summary is collected.")
    pandas_reason = f"engine pandas: {path.name} is read and cleaned in memory with crmlib.io.load_transactions."
    if engine == "auto":
        size_mb = path.stat().st_size / 1e6
        large = path.suffix.lower() in {".parquet", ".pq", ".csv"} and size_mb > threshold_mb
        if not large:
            return "pandas", (f"engine auto chose pandas: {path.name} is {_size_text(size_mb)}, within the "
                              f"{threshold_mb:g} MB limit (LARGE_FILE_MB), so it is read and cleaned in memory.")
        from .._frames import first_installed  # noqa: PLC0415

        if os.environ.get("SPARK_MASTER") and first_installed("pyspark"):
            return "spark", (f"engine auto chose spark: {path.name} is {_size_text(size_mb)}, above the "
                             f"{threshold_mb:g} MB limit for pandas, and SPARK_MASTER={os.environ['SPARK_MASTER']} "
                             "names a Spark cluster (on one machine DuckDB is faster; unset SPARK_MASTER to use it).")
        chosen = first_installed("duckdb", "polars")
        if chosen is None:
            return "pandas", (f"engine auto kept pandas for {path.name} ({_size_text(size_mb)}, above the "
                              f"{threshold_mb:g} MB limit) because neither DuckDB nor Polars is installed "
                              "(pip install 'crmlib[fast]').")
        return chosen, (f"engine auto chose {chosen}: {path.name} is {_size_text(size_mb)}, above the "
                        f"{threshold_mb:g} MB limit for loading a file with pandas (LARGE_FILE_MB).")
    if engine != "pandas" and path.suffix.lower() not in {".parquet", ".pq", ".csv"}:
        raise CRMLibError(f"engine={engine!r} reads Parquet or CSV files only; use --engine pandas for {path.name}.")
    if engine == "pandas":
        return "pandas", pandas_reason
    return engine, (f"engine {engine}, chosen with --engine: {path.name} is read, cleaned (the same rules and "
                    f"cleaning report as pandas) and summarised by {engine}; only the per-customer summary is "
                    "collected.")
