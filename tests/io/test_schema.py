"""Tests for crmlib.io.transaction_schema (crmlib/io/_schema.py): every clean output satisfies it."""
from __future__ import annotations

import numpy as np
import pytest

from crmlib.io import load_transactions


def test_output_satisfies_the_pandera_schema(corpus):
    import pandera.errors

    from crmlib.io import transaction_schema

    tx, _ = load_transactions(corpus["online_retail_returns_net"], dayfirst=False)
    transaction_schema().validate(tx)
    invalid = (pandera.errors.SchemaError, pandera.errors.SchemaErrors)
    with pytest.raises(invalid, match="amount must be finite"):
        transaction_schema().validate(tx.assign(amount=np.inf))
    with pytest.raises(invalid, match="column 'extra' not in DataFrameSchema"):
        transaction_schema().validate(tx.assign(extra=1))
