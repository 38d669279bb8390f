"""The pandera schema every clean transaction frame satisfies, built on first use."""
from __future__ import annotations

import functools
from typing import Any

import numpy as np
import pandas as pd

from .._errors import CRMLibError


# ----------------------------------------------------------------------------------------
# Output schema (pandera)
# ----------------------------------------------------------------------------------------


def _build_schema():
    import warnings  # noqa: PLC0415

    with warnings.catch_warnings():
        # pandera probes pyspark when it is installed, and pyspark warns about pandas >= 3 on import:
        # nothing crmlib does with pandera involves Spark, so the user should not see it
        warnings.filterwarnings("ignore", message="PySpark does not yet fully support", category=FutureWarning)
        import pandera.pandas as pa  # noqa: PLC0415

    is_dt = pa.Check(lambda s: pd.api.types.is_datetime64_dtype(s), element_wise=False,
                     error="date must be a timezone-naive datetime64 column")
    return pa.DataFrameSchema(
        {
            "customer_id": pa.Column(nullable=False),
            "order_id": pa.Column(nullable=True, required=False),
            "date": pa.Column(checks=is_dt, nullable=False),
            "amount": pa.Column(float, nullable=False, checks=pa.Check(lambda s: np.isfinite(s), error="amount must be finite")),
            "quantity": pa.Column(float, nullable=True, required=False),
            "unit_price": pa.Column(float, nullable=True, required=False),
            "cost": pa.Column(float, nullable=True, required=False),
            "margin": pa.Column(float, nullable=True, required=False),
            "product": pa.Column(nullable=True, required=False),
        },
        strict=True,
        name="crmlib transactions",
    )


@functools.lru_cache(maxsize=1)
def transaction_schema():
    """The pandera schema every :func:`load_transactions` output satisfies (built on first use)."""
    return _build_schema()


def __getattr__(name: str) -> Any:  # TRANSACTION_SCHEMA is built on first use (pandera import is slow)
    if name == "TRANSACTION_SCHEMA":
        return transaction_schema()
    raise AttributeError(f"module 'crmlib.io' has no attribute {name!r}")


def _validate_output(out: pd.DataFrame, src: str) -> None:
    """Check the clean frame against the transaction schema (pandera)."""
    import warnings  # noqa: PLC0415

    with warnings.catch_warnings():
        # importing pandera and its first validation import pyspark.pandas when pyspark is installed, which
        # warns about pandas >= 3; nothing here involves Spark, so the user should not see it
        warnings.filterwarnings("ignore", message="PySpark does not yet fully support", category=FutureWarning)
        from pandera.errors import SchemaError, SchemaErrors  # noqa: PLC0415

        try:
            transaction_schema().validate(out)
        except (SchemaError, SchemaErrors) as exc:  # pragma: no cover - would be a crmlib bug
            raise CRMLibError(f"{src}: the cleaned data failed the transaction schema: {exc}") from exc
