"""Tests of ``crmlib.datasets._registry`` (split from the old test_datasets.py).

Tests for crmlib.datasets: the manifest and lookup order, the checksummed download
(against a local HTTP server on 127.0.0.1), the real loaders, and the synthetic
transaction generator's ground truth."""
from __future__ import annotations

import dataclasses
import functools
import http.server
import shutil
import threading
from pathlib import Path
import pytest

import crmlib
from crmlib import datasets
from crmlib.datasets import MANIFEST, data_path
from crmlib.datasets._registry import _sha256
from tests._helpers.datasets import REAL_DIR, needs_real


class _Server:
    def __init__(self, root: Path):
        self.requests: list[str] = []
        server = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):  # keep test output quiet
                pass

            def do_GET(self):
                server.requests.append(self.path)
                super().do_GET()

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(root)))
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def served(tmp_path, monkeypatch):
    """A web root holding a copy of CDNOW_sample.txt, empty data/cache folders, and a manifest
    entry pointing at the local server."""
    if not REAL_DIR or not Path(REAL_DIR, "CDNOW_sample.txt").is_file():
        pytest.skip("needs the real CDNOW_sample.txt in CRMLIB_DATA_DIR to serve")
    root = tmp_path / "www"
    root.mkdir()
    shutil.copy(Path(REAL_DIR) / "CDNOW_sample.txt", root / "CDNOW_sample.txt")
    server = _Server(root)
    info = MANIFEST["cdnow_sample"]
    monkeypatch.setitem(MANIFEST, "cdnow_sample", dataclasses.replace(info, url=server.url + "CDNOW_sample.txt"))
    data_dir, cache = tmp_path / "data", tmp_path / "cache"
    data_dir.mkdir()
    monkeypatch.setenv("CRMLIB_DATA_DIR", str(data_dir))
    monkeypatch.setenv("CRMLIB_CACHE_DIR", str(cache))
    yield server, root, data_dir, cache
    server.close()


def test_download_into_cache_then_cache_hit(served):
    server, root, data_dir, cache = served
    path = data_path("cdnow_sample")
    assert path == cache / "CDNOW_sample.txt"
    assert _sha256(path) == MANIFEST["cdnow_sample"].sha256
    assert server.requests == ["/CDNOW_sample.txt"]
    assert list(cache.iterdir()) == [path]  # no partial download left behind
    assert datasets.load_cdnow_sample()["customer_id"].nunique() == 2357
    assert server.requests == ["/CDNOW_sample.txt"]  # second lookup served from the cache


def test_data_dir_wins_over_cache_and_download(served):
    server, root, data_dir, cache = served
    shutil.copy(root / "CDNOW_sample.txt", data_dir / "CDNOW_sample.txt")
    cache.mkdir()
    (cache / "CDNOW_sample.txt").write_text("stale")
    assert data_path("cdnow_sample") == data_dir / "CDNOW_sample.txt"
    assert server.requests == []


def test_sha_mismatch_is_an_error_and_nothing_is_kept(served):
    server, root, data_dir, cache = served
    raw = (root / "CDNOW_sample.txt").read_bytes()
    (root / "CDNOW_sample.txt").write_bytes(raw.replace(b"29.33", b"29.34", 1))
    with pytest.raises(crmlib.CRMLibError, match="sha256 is .* not the published") as info:
        data_path("cdnow_sample")
    assert "was not kept" in str(info.value)
    assert not any(cache.iterdir())


def test_edited_local_copy_is_an_error(served):
    server, root, data_dir, cache = served
    (data_dir / "CDNOW_sample.txt").write_bytes(b"edited")
    with pytest.raises(crmlib.CRMLibError, match="edited or truncated"):
        data_path("cdnow_sample")


def test_download_failure_says_how_to_get_the_file(served, monkeypatch):
    server, root, data_dir, cache = served
    info = MANIFEST["cdnow_sample"]
    monkeypatch.setitem(MANIFEST, "cdnow_sample", dataclasses.replace(info, url=server.url + "missing.txt"))
    with pytest.raises(crmlib.CRMLibError, match="Could not download dataset 'cdnow_sample'") as err:
        data_path("cdnow_sample")
    assert "CRMLIB_DATA_DIR" in str(err.value) and "404" in str(err.value)
    assert not cache.exists() or not any(cache.iterdir())


def test_no_download_allowed(served):
    with pytest.raises(crmlib.CRMLibError, match="not found in CRMLIB_DATA_DIR=.*allow the download from http://127.0.0.1"):
        data_path("cdnow_sample", download=False)


def test_unknown_dataset():
    with pytest.raises(crmlib.CRMLibError, match="Unknown dataset 'cdnow'; known datasets: cdnow_master"):
        data_path("cdnow")


@needs_real
@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_manifest_matches_local_files(name):
    info = MANIFEST[name]
    assert _sha256(Path(REAL_DIR) / info.filename) == info.sha256
    assert info.url.startswith("https://") and info.citation and info.license
