"""The malformed-input corpus (``tests/malformed_corpus.py``), built once per test file of crmlib.io."""
from __future__ import annotations

import pytest

from tests.malformed_corpus import build


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict:
    return build(tmp_path_factory.mktemp("corpus"))
