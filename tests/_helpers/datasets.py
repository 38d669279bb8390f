"""Helpers and fixtures shared by the tests split from the old test_datasets.py."""
from __future__ import annotations

import os
from pathlib import Path
import pytest


REAL_DIR = os.environ.get("CRMLIB_DATA_DIR")


needs_real = pytest.mark.skipif(
    not REAL_DIR or not Path(REAL_DIR, "CDNOW_sample.txt").is_file(),
    reason="set CRMLIB_DATA_DIR to the folder with the real data files",
)
