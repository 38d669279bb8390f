"""Helpers and fixtures shared by the tests split from the old test_segment.py."""
from __future__ import annotations

import pandas as pd
import pytest

from crmlib.datasets import load_cdnow_master


@pytest.fixture(scope="module")
def cdnow_tx() -> pd.DataFrame:
    return load_cdnow_master()
