"""Helpers and fixtures shared by the tests split from the old test_satisfaction.py."""
from __future__ import annotations

import pandas as pd
import pytest

from crmlib import satisfaction as cs


MOBI_BLOCKS = cs.ECSI_MOBI_BLOCKS


# Published ECSI path coefficients on mobi (R seminr / plspm, centroid scheme, standardized).
MOBI_PATHS = {
    ("Image", "Expectation"): 0.505, ("Image", "Satisfaction"): 0.179, ("Image", "Loyalty"): 0.195,
    ("Expectation", "Quality"): 0.557, ("Expectation", "Value"): 0.051, ("Expectation", "Satisfaction"): 0.064,
    ("Quality", "Value"): 0.557, ("Quality", "Satisfaction"): 0.513, ("Value", "Satisfaction"): 0.192,
    ("Satisfaction", "Complaints"): 0.526, ("Satisfaction", "Loyalty"): 0.483, ("Complaints", "Loyalty"): 0.071,
}


@pytest.fixture(scope="module")
def mobi() -> pd.DataFrame:
    from crmlib.datasets import load_mobi

    try:
        return load_mobi()
    except Exception as exc:  # pragma: no cover - only without the data
        pytest.skip(f"mobi data not available: {exc}")


@pytest.fixture(scope="module")
def ecsi(mobi: pd.DataFrame) -> cs.PLSPathModel:
    return cs.pls_path_model(mobi, MOBI_BLOCKS, list(MOBI_PATHS), scheme="centroid")
