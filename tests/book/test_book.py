"""The book builds without a warning and loads nothing from another host.

The build itself runs once per session in the ``book_build`` fixture
(tests/conftest.py): ``jupyter-book build . -W -n --keep-going`` from the
repository root, log in ``_build/build.log``.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
import tarfile
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path

import pytest
from sphinx.errors import ExtensionError

from tests.conftest import BUILD_LOG, REPO, BookBuild, source_of, toc_docnames

# ---------------------------------------------------------------------------
# the offline_assets extension's own logic (fast, no network)
# ---------------------------------------------------------------------------

_spec = importlib.util.spec_from_file_location("offline_assets", REPO / "book" / "_ext" / "offline_assets.py")
offline_assets = importlib.util.module_from_spec(_spec)
sys.modules["offline_assets"] = offline_assets  # before exec: @dataclass looks its module up here
_spec.loader.exec_module(offline_assets)


def test_sri_matches_known_digest():
    # sha512("abc") from FIPS 180-2, appendix C.1, in base64 (npm's dist.integrity form)
    assert offline_assets.sri(b"abc") == (
        "sha512-3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw=="
    )


def test_pins_are_exact_versions_with_sha512():
    for pin in offline_assets.PINS:
        assert re.fullmatch(r"\d+\.\d+\.\d+", pin.version), pin.spec
        assert pin.integrity.startswith("sha512-") and len(pin.integrity) == len("sha512-") + 88, pin.spec


def _fake_tarball(files: dict[str, bytes]) -> bytes:
    buf = BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, BytesIO(data))
    return buf.getvalue()


def test_tampered_tarball_is_refused(tmp_path, monkeypatch):
    good = _fake_tarball({"package/require.js": b"define();"})
    pin = offline_assets.Pin("requirejs", "9.9.9", offline_assets.sri(good), (("package/require.js", "x.js"),))

    def download(p, dest):  # what a compromised mirror would serve
        target = dest / p.tarball_name
        target.write_bytes(_fake_tarball({"package/require.js": b"alert('pwned');"}))
        return target

    monkeypatch.setattr(offline_assets, "_download", download)
    with pytest.raises(ExtensionError, match="integrity"):
        offline_assets.fetch_tarball(pin, tmp_path)
    assert not (tmp_path / "tarballs" / pin.tarball_name).exists()


def test_verified_tarball_is_cached_and_reused(tmp_path, monkeypatch):
    good = _fake_tarball({"package/require.js": b"define();"})
    pin = offline_assets.Pin("requirejs", "9.9.9", offline_assets.sri(good), (("package/require.js", "x.js"),))
    calls = []

    def download(p, dest):
        calls.append(p.spec)
        target = dest / p.tarball_name
        target.write_bytes(good)
        return target

    monkeypatch.setattr(offline_assets, "_download", download)
    first = offline_assets.fetch_tarball(pin, tmp_path)
    second = offline_assets.fetch_tarball(pin, tmp_path)  # warm cache: no second download
    assert first == second and first.read_bytes() == good
    assert calls == ["requirejs@9.9.9"]


def test_member_mapping_skips_unused_bundles():
    pin = next(p for p in offline_assets.PINS if p.name == "@jupyter-widgets/html-manager")
    assert offline_assets._destination(pin, "package/dist/embed-amd.js") == offline_assets.EMBED_AMD
    assert offline_assets._destination(pin, "package/dist/embed.js.map") is None
    assert offline_assets._destination(pin, "package/dist/libembed-amd.js") is None
    assert offline_assets._destination(pin, "package/src/index.ts") is None


# ---------------------------------------------------------------------------
# the real build
# ---------------------------------------------------------------------------


@pytest.mark.book
def test_book_builds_without_warnings(book_build: BookBuild):
    assert book_build.returncode == 0, (
        f"jupyter-book build exited {book_build.returncode}; log: {BUILD_LOG}\n" + "\n".join(book_build.problems[:50])
    )
    assert not book_build.problems, f"{len(book_build.problems)} warning/error lines (log: {BUILD_LOG}):\n" + "\n".join(
        book_build.problems[:50]
    )


class _AssetRefs(HTMLParser):
    """Collects the URLs a page makes the browser fetch by itself."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str]] = []  # (tag, url)
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag in ("script", "img", "iframe", "source", "audio", "video", "embed") and a.get("src"):
            self.refs.append((tag, a["src"]))
        if tag == "link" and a.get("href"):
            rel = set(a.get("rel", "").lower().split())
            if rel & {"stylesheet", "preload", "modulepreload", "prefetch", "icon", "shortcut", "apple-touch-icon", "manifest"}:
                self.refs.append((f"link rel={a.get('rel')}", a["href"]))
        if tag == "object" and a.get("data"):
            self.refs.append((tag, a["data"]))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)


EXTERNAL = re.compile(r"^\s*(https?:)?//", re.I)
CSS_EXTERNAL = re.compile(r"""(url\(\s*['"]?\s*(https?:)?//|@import\s+['"]\s*(https?:)?//)""", re.I)


def _pages(html: Path) -> list[Path]:
    return sorted(p for p in html.rglob("*.html") if "_static" not in p.parts and "_sources" not in p.parts)


@pytest.mark.book
def test_no_page_loads_assets_from_another_host(built_html: Path):
    offenders = []
    pages = _pages(built_html)
    assert len(pages) >= 3, pages
    for page in pages:
        parser = _AssetRefs()
        parser.feed(page.read_text(encoding="utf-8"))
        rel = page.relative_to(built_html)
        offenders += [f"{rel}: <{tag}> {url}" for tag, url in parser.refs if EXTERNAL.match(url)]
        offenders += [f"{rel}: <style> {m.group(0)}" for css in parser.styles for m in CSS_EXTERNAL.finditer(css)]
    for css in sorted(built_html.rglob("*.css")):
        for m in CSS_EXTERNAL.finditer(css.read_text(encoding="utf-8", errors="replace")):
            offenders.append(f"{css.relative_to(built_html)}: {m.group(0)}")
    assert not offenders, "external asset references:\n" + "\n".join(offenders[:50])


@pytest.mark.book
def test_vendored_assets_are_served_locally(built_html: Path):
    static = built_html / "_static"
    for rel in (offline_assets.REQUIREJS, offline_assets.EMBED_AMD, offline_assets.MATHJAX):
        assert (static / rel).stat().st_size > 10_000, rel
    # MathJax's CHTML fonts are loaded relative to tex-mml-chtml.js
    assert list((static / "vendor/mathjax/output/chtml/fonts/woff-v2").glob("MathJax_Main-Regular.woff"))
    widget_pages = [p for p in _pages(built_html) if "application/vnd.jupyter.widget-state+json" in p.read_text("utf-8")]
    for page in widget_pages:
        text = page.read_text("utf-8")
        assert "_static/vendor/requirejs/require.js" in text and "_static/vendor/html-manager/embed-amd.js" in text, page
    math_pages = [p for p in _pages(built_html) if 'class="math' in p.read_text("utf-8")]
    for page in math_pages:
        assert "_static/vendor/mathjax/tex-mml-chtml.js" in page.read_text("utf-8"), page


# ---------------------------------------------------------------------------
# the book's contents
# ---------------------------------------------------------------------------


def test_every_toc_entry_has_a_source():
    missing = [d for d in toc_docnames() if source_of(d) is None]
    assert not missing, f"_toc.yml lists documents with no .md/.ipynb file: {missing}"


def test_every_page_source_is_in_the_toc():
    """``only_build_toc_files: true`` silently skips a page missing from _toc.yml."""
    listed = set(toc_docnames())
    sources = sorted(REPO.glob("book/*.md")) + sorted(REPO.glob("notebooks/*.ipynb"))
    orphans = [p.relative_to(REPO).as_posix() for p in sources if p.relative_to(REPO).with_suffix("").as_posix() not in listed]
    assert not orphans, f"pages not in _toc.yml (they are not built): {orphans}"


@pytest.mark.book
def test_every_toc_entry_is_built(built_html: Path):
    docs = toc_docnames()
    assert len(docs) >= 10, docs
    missing = [f"{d}.html" for d in docs if not (built_html / f"{d}.html").is_file()]
    assert not missing, f"_toc.yml entries without an HTML page: {missing}"


CJK = re.compile(r"[\u3400-\u9fff]")


class _Glossary(HTMLParser):
    """Entries of ``<dl class="glossary">``: the terms (``<dt>``) before each ``<dd>``."""

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[list[str]] = []
        self._terms: list[str] = []
        self._dt: list[str] | None = None
        self._depth = 0  # nesting of glossary <dl>s
        self._skip = 0  # inside a headerlink <a> ("#")

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "dl" and "glossary" in (a.get("class") or "").split():
            self._depth += 1
        elif self._depth and tag == "dt":
            self._dt = []
        elif self._depth and tag == "dd":
            self.entries.append(self._terms)
            self._terms = []
        elif self._dt is not None and tag == "a" and "headerlink" in (a.get("class") or ""):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag == "dt" and self._dt is not None:
            self._terms.append("".join(self._dt).strip())
            self._dt = None
        elif tag == "a" and self._skip:
            self._skip -= 1
        elif tag == "dl" and self._depth:
            self._depth -= 1

    def handle_data(self, data):
        if self._dt is not None and not self._skip:
            self._dt.append(data)


@pytest.mark.book
def test_glossary_is_bilingual(built_html: Path):
    parser = _Glossary()
    parser.feed((built_html / "book" / "glossary.html").read_text("utf-8"))
    entries = parser.entries
    assert len(entries) >= 10, f"only {len(entries)} glossary entries"
    english = [t for e in entries for t in e if t and not CJK.search(t)]
    chinese = [t for e in entries for t in e if CJK.search(t)]
    assert "customer relationship management" in english and "客户关系管理" in chinese
    one_sided = [e for e in entries if not (any(CJK.search(t) for t in e) and any(t and not CJK.search(t) for t in e))]
    assert not one_sided, f"glossary entries without both an English and a Chinese term: {one_sided[:20]}"


COURSE_MAP = REPO.parent / "shared" / "COURSE_MAP.md"
MAP_ID = re.compile(r"^\s*[-*]\s+\**([A-Z]\d+)\b", re.M)
TARGET = re.compile(r"^\s*\((map-[a-z0-9]+)\)=\s*$", re.M)


def _course_map_ids() -> list[str]:
    if not COURSE_MAP.is_file():
        pytest.skip(f"{COURSE_MAP} not found: the course map sits beside the repository, not in it")
    ids = list(dict.fromkeys(MAP_ID.findall(COURSE_MAP.read_text("utf-8"))))
    assert len(ids) >= 40, f"parsed only {len(ids)} concept IDs from {COURSE_MAP}: {ids}"
    return ids


def _source_targets() -> dict[str, list[str]]:
    """MyST targets ``(map-x)=`` in book pages and in notebooks' markdown cells."""
    found: dict[str, list[str]] = {}
    for md in sorted(REPO.glob("book/**/*.md")):
        for target in TARGET.findall(md.read_text("utf-8")):
            found.setdefault(target, []).append(md.relative_to(REPO).as_posix())
    for nb in sorted(REPO.glob("notebooks/*.ipynb")):
        for cell in json.loads(nb.read_text("utf-8")).get("cells", []):
            if cell.get("cell_type") == "markdown":
                src = cell.get("source", "")
                for target in TARGET.findall(src if isinstance(src, str) else "".join(src)):
                    found.setdefault(target, []).append(nb.relative_to(REPO).as_posix())
    return found


def test_course_map_parser():
    text = "- I4 Kotler's levels (000 Q5)\n- V13 Apple; S350 dealers\n  * **T1** templates\nQ1 not an item\n"
    assert MAP_ID.findall(text) == ["I4", "V13", "T1"]
    assert TARGET.findall("text\n(map-v6)=\n## Gale\n`(map-x1)=` inline\n") == ["map-v6"]


@pytest.mark.book
def test_every_course_map_concept_has_a_target(request):
    """Each concept ID in ../shared/COURSE_MAP.md labels a section: ``(map-<id>)=``."""
    ids = _course_map_ids()
    targets = _source_targets()
    missing = [i for i in ids if f"map-{i.lower()}" not in targets]
    if missing:  # a target written some other way still counts if the built page has the id
        html = request.getfixturevalue("built_html")
        built = "\n".join(p.read_text("utf-8") for p in html.rglob("*.html") if "_static" not in p.parts)
        missing = [i for i in missing if f'id="map-{i.lower()}"' not in built]
    assert not missing, f"course-map concepts with no (map-<id>)= target in book/ or notebooks/: {missing}"
