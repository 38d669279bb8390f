"""Spark support: a local or cluster session with the settings crmlib relies on, and safe
conversions between pandas and Spark.

crmlib's functions take a ``pyspark.sql.DataFrame`` wherever a transaction log or a customer
table is expected (:func:`crmlib.summary.customer_summary`, :func:`crmlib.segment.rfm_scores`,
:func:`crmlib.segment.rfm_segments`, :func:`crmlib.segment.abc_classes`,
:func:`crmlib.lifecycle.cohort_retention`, :func:`crmlib.lifecycle.classify_stages`) and
compute in Spark, through narwhals where it can. Nothing here runs on import: importing
crmlib neither starts Java nor imports pyspark.

Spark is optional: ``pip install "crmlib[spark]"`` installs pyspark; Spark also needs a Java
runtime (17 or later), e.g. Debian's ``openjdk-17-jre-headless``.

Dates: crmlib compares calendar days, so the session time zone must be fixed. :func:`session`
sets ``spark.sql.session.timeZone`` to UTC; on a cluster session you did not build with it, set
the same option (``spark.conf.set("spark.sql.session.timeZone", "UTC")``) before loading data.
"""
from __future__ import annotations

import os
import shutil
import warnings
from typing import Any

import pandas as pd

from ._errors import CRMLibError

__all__ = ["session", "is_spark", "to_pandas", "from_pandas"]


def _java_home() -> str | None:
    """A Java home for Spark: $JAVA_HOME, else the one behind `java` on the PATH, else Debian's."""
    if os.environ.get("JAVA_HOME"):
        return os.environ["JAVA_HOME"]
    java = shutil.which("java")
    if java:
        return os.path.dirname(os.path.dirname(os.path.realpath(java)))
    for cand in ("/usr/lib/jvm/java-17-openjdk-amd64", "/usr/lib/jvm/java-17-openjdk-arm64"):
        if os.path.isdir(cand):
            return cand
    return None


def _local_driver_memory() -> str:
    """Half of this machine's memory (at least 1 GB), as Spark spells it ("12g")."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):  # not every platform reports it
        return "4g"
    return f"{max(1, int(total / 2**30 / 2))}g"


def session(master: str | None = None, *, app_name: str = "crmlib", shuffle_partitions: int | None = None,
            config: dict[str, str] | None = None) -> Any:
    """Get (or create) a SparkSession set up the way crmlib expects.

    Parameters
    ----------
    master : Spark master URL. Default: ``$SPARK_MASTER`` if set, else ``"local[*]"`` (every
        core of this machine). On Databricks/EMR a session already exists and is returned as
        it is, with crmlib's settings added.
    app_name : the application name shown by Spark.
    shuffle_partitions : ``spark.sql.shuffle.partitions``; default 2 x cores in local mode
        (Spark's 200 is far too many for one machine), left alone on a cluster.
        In local mode the driver's memory (``spark.driver.memory``, which is the memory of all
        the work there) is ``$SPARK_DRIVER_MEMORY`` or half of the machine's RAM, instead of
        Spark's 1 GB, which runs out at about 100M rows; ``config`` overrides it. It applies
        when this call starts Spark's JVM, not to a session that already runs.
    config : further ``spark.*`` options.

    Returns
    -------
    pyspark.sql.SparkSession with the session time zone UTC, Arrow conversions on, Java's
    charsets allowed for CSV (GBK, GB18030), the web UI and console progress bars off and the
    log level at ERROR.

    Raises
    ------
    CRMLibError when pyspark is not installed or no Java runtime is found.
    """
    try:
        from pyspark.sql import SparkSession  # noqa: PLC0415
    except ImportError:
        raise CRMLibError('Spark support needs pyspark: pip install "crmlib[spark]" (and a Java 17+ runtime, '
                          "e.g. apt-get install openjdk-17-jre-headless).") from None
    active = SparkSession.getActiveSession()
    if active is not None and master is None:
        active.conf.set("spark.sql.session.timeZone", "UTC")
        active.conf.set("spark.sql.execution.arrow.pyspark.enabled", "true")
        active.conf.set("spark.sql.legacy.javaCharsets", "true")
        return active
    home = _java_home()
    if home is None:
        raise CRMLibError("Spark needs a Java runtime (17 or later) and none was found: install one "
                          "(Debian/Ubuntu: apt-get install openjdk-17-jre-headless) or set JAVA_HOME.")
    os.environ.setdefault("JAVA_HOME", home)
    master = master or os.environ.get("SPARK_MASTER", "local[*]")
    builder = SparkSession.builder.master(master).appName(app_name)
    opts = {
        "spark.sql.session.timeZone": "UTC",
        "spark.sql.execution.arrow.pyspark.enabled": "true",
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        # Spark 4 reads CSV only in UTF-8/16/32, ASCII and Latin-1 unless Java's other charsets
        # are allowed: Chinese exports are GBK/GB18030
        "spark.sql.legacy.javaCharsets": "true",
        "spark.driver.extraJavaOptions": "-Duser.timezone=UTC",
        "spark.executor.extraJavaOptions": "-Duser.timezone=UTC",
    }
    if master.startswith("local"):
        cores = os.cpu_count() or 2
        if master.startswith("local[") and master[6:-1].isdigit():
            cores = int(master[6:-1])
        opts["spark.sql.shuffle.partitions"] = str(shuffle_partitions or 2 * cores)
        # in local mode the driver JVM does all the work: Spark's 1 GB heap runs out of memory
        # in the cleaning's group-bys at 100M rows (benchmarks/RESULTS.md, issue 16)
        opts["spark.driver.memory"] = os.environ.get("SPARK_DRIVER_MEMORY") or _local_driver_memory()
    elif shuffle_partitions:
        opts["spark.sql.shuffle.partitions"] = str(shuffle_partitions)
    opts.update(config or {})
    for key, value in opts.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def is_spark(obj: Any) -> bool:
    """True for a ``pyspark.sql.DataFrame`` (classic or Spark Connect), without importing pyspark."""
    return type(obj).__module__.startswith("pyspark.sql")


def _quiet():
    # pyspark warns on every conversion that pandas >= 3 is "not yet fully supported"; the
    # crossings crmlib uses are covered by tests (tests/test_spark.py), so the warning is noise.
    ctx = warnings.catch_warnings()
    ctx.__enter__()
    warnings.filterwarnings("ignore", message=".*PySpark does not yet fully support pandas.*")
    return ctx


def from_pandas(spark: Any, frame: pd.DataFrame) -> Any:
    """A pandas DataFrame as a Spark DataFrame (through Arrow), safe with pandas >= 3.

    pandas 3 stores text as the ``str`` dtype and datetimes at microsecond or nanosecond
    resolution; both are converted explicitly (text to Python objects, datetimes to
    ``datetime64[us]``) so that Spark infers ``string`` and ``timestamp`` columns.

    Examples
    --------
    >>> import pandas as pd
    >>> from_pandas.__name__
    'from_pandas'
    """
    out = frame.copy()
    if not isinstance(out.index, pd.RangeIndex) or out.index.name is not None:
        out = out.reset_index()
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_datetime64_any_dtype(s):
            if getattr(s.dt, "tz", None) is not None:
                s = s.dt.tz_convert("UTC").dt.tz_localize(None)
            out[col] = s.astype("datetime64[us]")
        elif pd.api.types.is_string_dtype(s) and s.dtype != object:
            out[col] = s.astype(object).where(s.notna(), None)
        elif isinstance(s.dtype, pd.CategoricalDtype):
            out[col] = s.astype(object).where(s.notna(), None)
    ctx = _quiet()
    try:
        return spark.createDataFrame(out)
    finally:
        ctx.__exit__(None, None, None)


def to_pandas(frame: Any) -> pd.DataFrame:
    """Collect a Spark DataFrame into pandas (through Arrow); datetimes come back tz-naive (UTC).

    Only call this on small results: it brings every row to the driver.
    """
    ctx = _quiet()
    try:
        out = frame.toPandas()
    finally:
        ctx.__exit__(None, None, None)
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_datetime64_any_dtype(s) and getattr(s.dt, "tz", None) is not None:
            out[col] = s.dt.tz_convert("UTC").dt.tz_localize(None)
    return out
