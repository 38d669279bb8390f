"""crmlib.spark: the session crmlib starts (the Spark equality tests are in tests/engines/)."""
from __future__ import annotations

import os

import pytest

from crmlib import spark as crm_spark


@pytest.mark.parametrize(("pages", "expected"), [
    (24 * 2**30 // 4096, "12g"),   # a 24 GiB machine: half
    (23 * 2**30 // 4096, "11g"),   # 11.5 GiB rounds down to whole GiB
    (3 * 2**29 // 4096, "1g"),     # 1.5 GiB machine: 0.75 -> at least 1g
])
def test_local_driver_memory_is_half_the_machine(monkeypatch, pages, expected):
    sizes = {"SC_PAGE_SIZE": 4096, "SC_PHYS_PAGES": pages}
    monkeypatch.setattr(crm_spark.os, "sysconf", lambda name: sizes[name])
    assert crm_spark._local_driver_memory() == expected


def test_local_driver_memory_without_a_memory_size(monkeypatch):
    def unsupported(name):
        raise ValueError(name)

    monkeypatch.setattr(crm_spark.os, "sysconf", unsupported)
    assert crm_spark._local_driver_memory() == "4g"


def test_local_session_gets_the_driver_memory(spark):
    # Spark's own default (1g) ran out of heap at 100M rows (benchmarks/RESULTS.md, issue 16)
    want = os.environ.get("SPARK_DRIVER_MEMORY") or crm_spark._local_driver_memory()
    assert spark.sparkContext.getConf().get("spark.driver.memory") == want
