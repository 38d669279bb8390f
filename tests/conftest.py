"""Shared test fixtures: the one book build used by test_book.py and test_browser.py.

Order of the run: unit tests and doctests first, then the notebooks (nbval), then
the book build (marker ``book``) and last the browser test (marker ``browser``),
so a quick failure in the library shows up before the slow steps.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
BUILD = REPO / "_build"
HTML = BUILD / "html"
BUILD_LOG = BUILD / "build.log"

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
PROBLEM = re.compile(r"\b(WARNING|ERROR|CRITICAL)\b")


def _toc_files(node) -> list[str]:
    found: list[str] = []
    if isinstance(node, dict):
        for key in ("root", "file"):
            if isinstance(node.get(key), str):
                found.append(node[key])
        for value in node.values():
            if isinstance(value, (dict, list)):
                found += _toc_files(value)
    elif isinstance(node, list):
        for value in node:
            found += _toc_files(value)
    return found


def toc_docnames() -> list[str]:
    """Every document ``_toc.yml`` lists (root first), without its suffix, in TOC order."""
    toc = yaml.safe_load((REPO / "_toc.yml").read_text("utf-8"))
    names = (f.rsplit(".", 1)[0] if f.endswith((".md", ".ipynb", ".rst")) else f for f in _toc_files(toc))
    return list(dict.fromkeys(names))


def source_of(docname: str) -> Path | None:
    """The source file of a TOC document (``.md``, ``.ipynb`` or ``.rst``), if it exists."""
    for suffix in (".md", ".ipynb", ".rst"):
        if (REPO / (docname + suffix)).exists():
            return REPO / (docname + suffix)
    return None


@dataclass(frozen=True)
class BookBuild:
    """Result of ``jupyter-book build . -W -n --keep-going``."""

    returncode: int
    log: str  # ANSI colour codes removed
    seconds: float
    html: Path

    @property
    def problems(self) -> list[str]:
        """Every log line that reports a warning or an error."""
        return [line for line in self.log.splitlines() if PROBLEM.search(line)]


def _order(item: pytest.Item) -> int:
    if item.get_closest_marker("browser"):
        return 3
    if item.get_closest_marker("book"):
        return 2
    if item.path.suffix == ".ipynb":
        return 1
    return 0


def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    """Unit tests and doctests, then notebooks, then the book build, then the browser (stable sort)."""
    items.sort(key=_order)


@pytest.fixture(scope="session")
def book_build() -> BookBuild:
    """Build the book once per session, from scratch, with warnings as errors.

    A clean build (``_build/html`` and ``_build/.doctrees`` removed first) is the
    only way to see every warning: an incremental Sphinx build stays silent about
    pages it does not re-read. The full log is kept in ``_build/build.log``.
    """
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    if not jupyter_book.exists():
        pytest.fail(f"{jupyter_book} not found: install the requirements into this interpreter's environment")
    for stale in (HTML, BUILD / ".doctrees", BUILD / "jupyter_execute"):
        shutil.rmtree(stale, ignore_errors=True)
    BUILD.mkdir(exist_ok=True)
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    started = time.perf_counter()
    proc = subprocess.run(
        [str(jupyter_book), "build", ".", "-W", "-n", "--keep-going"],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    seconds = time.perf_counter() - started
    log = ANSI.sub("", proc.stdout)
    BUILD_LOG.write_text(log + f"\n[exit code {proc.returncode}, {seconds:.1f} s]\n", encoding="utf-8")
    return BookBuild(returncode=proc.returncode, log=log, seconds=seconds, html=HTML)


@pytest.fixture(scope="session")
def built_html(book_build: BookBuild) -> Path:
    """The built HTML folder; fails (rather than skips) if the build produced none."""
    if not (book_build.html / "index.html").exists():
        pytest.fail(f"the book build produced no {book_build.html}/index.html; see {BUILD_LOG}")
    return book_build.html


@pytest.fixture(scope="session")
def spark():
    """One local Spark session for the whole test run (Spark's ~10-40 s start is paid once).

    Two cores, four shuffle partitions, no web UI, log level ERROR. No skip: without Java or
    pyspark this fixture fails with crmlib's message saying what to install, because CI must
    run the Spark equality tests.
    """
    from crmlib.spark import session

    spark = session("local[2]", app_name="crmlib-tests", shuffle_partitions=4)
    yield spark
    spark.stop()
