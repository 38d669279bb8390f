"""Serve the book's third-party JavaScript from the build itself, not from CDNs.

By default myst-nb loads require.js and ``@jupyter-widgets/html-manager``
(``embed-amd.js``) from CDNs and Sphinx loads MathJax from a CDN, so widgets and
equations are blank without internet. This local Sphinx extension

1. obtains pinned npm tarballs at build time (``npm pack NAME@VERSION``, or a
   plain HTTPS GET from the configured npm registry when ``npm`` is missing),
   kept in a cache directory (default ``<book>/.cache/vendor``, gitignored;
   override with the ``OFFLINE_ASSETS_CACHE`` environment variable or the
   ``offline_assets_cache`` config value),
2. checks every tarball against the sha512 integrity pinned below (the npm
   registry's ``dist.integrity``), and refuses to build with anything else,
3. extracts the files the book needs into a static folder that is added to
   ``html_static_path`` (so they end up in ``_build/html/_static/vendor/``),
4. points ``nb_ipywidgets_js`` (myst-nb) and ``mathjax_path`` (Sphinx) at them.

With a warm cache the build makes no network request. Nothing third-party is
committed to the repository.

Register it in ``_config.yml``::

    sphinx:
      local_extensions:
        offline_assets: book/_ext/

To update a pin: ``npm view NAME@VERSION dist.integrity`` and change
``PINS``; the old cache entries are simply no longer used.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ExtensionError
from sphinx.util import logging

logger = logging.getLogger(__name__)

__version__ = "1.0.0"


@dataclass(frozen=True)
class Pin:
    """One npm package version and the files the book takes from it."""

    name: str
    version: str
    integrity: str  # npm registry ``dist.integrity`` (sha512, base64)
    # (path prefix inside the tarball, destination under _static/) pairs
    members: tuple[tuple[str, str], ...]
    # file-name suffixes under the copied prefixes that the book never loads
    skip_suffixes: tuple[str, ...] = ()

    @property
    def spec(self) -> str:
        return f"{self.name}@{self.version}"

    @property
    def tarball_name(self) -> str:
        # npm pack's file name: "@scope/pkg" -> "scope-pkg-VERSION.tgz"
        return f"{self.name.lstrip('@').replace('/', '-')}-{self.version}.tgz"


PINS: tuple[Pin, ...] = (
    Pin(
        name="requirejs",
        version="2.3.7",
        integrity=(
            "sha512-DouTG8T1WanGok6Qjg2SXuCMzszOo0eHeH9hDZ5Y4x8Je+9JB38HdTLT4"
            "/VA8OaUhBa0JPVHJ0pyBkM1z+pDsw=="
        ),
        members=(("package/require.js", "vendor/requirejs/require.js"),),
    ),
    # html-manager 1.0.x is the embedder that matches ipywidgets 8.1
    # (ipywidgets/_version.py: __html_manager_version__ = "^1.0.1").
    Pin(
        name="@jupyter-widgets/html-manager",
        version="1.0.15",
        integrity=(
            "sha512-5thBIV6ymNgmPVOHvzx+gGy8ZSKmSazhtGw4/c4xJDVzRhG9PTeQsRjF3FUTo"
            "pvFi//SABeNz1yp47bCrJ3CQA=="
        ),
        # embed-amd.js plus the icon fonts it references next to itself
        members=(
            ("package/dist/", "vendor/html-manager/"),
            ("package/LICENSE", "vendor/html-manager/LICENSE"),
        ),
        skip_suffixes=(".map", "/embed.js", "/libembed-amd.js"),
    ),
    Pin(
        name="mathjax",
        version="3.2.2",
        integrity=(
            "sha512-Bt+SSVU8eBG27zChVewOicYs7Xsdt40qm4+UpHyX7k0/O9NliPc+x77k1/FEs"
            "PsjKPZGJvtRZM1vO+geW0OhGw=="
        ),
        # the whole es5 build: components, CHTML woff-v2 fonts, lazily loaded
        # TeX extensions and the accessibility (SRE) files the menu may load
        members=(("package/es5/", "vendor/mathjax/"), ("package/LICENSE", "vendor/mathjax/LICENSE")),
    ),
    # The live figures (crmlib.live): Vega-Lite specs compiled and drawn in the
    # browser. Only the minified UMD bundles; vega-embed expects the other two
    # as the globals ``vega`` and ``vegaLite``.
    Pin(
        name="vega",
        version="6.4.0",
        integrity=(
            "sha512-rHXCq2LpEWCLMjXBEj7hocY9G0/i5TGYRayGGSj06VTF4+l2IG2Z7oeZKCjWbUh/7"
            "hTE/mVhbaOPB72wCElh6g=="
        ),
        members=(("package/build/vega.min.js", "vendor/vega/vega.min.js"), ("package/LICENSE", "vendor/vega/LICENSE")),
    ),
    Pin(
        name="vega-lite",
        version="6.4.3",
        integrity=(
            "sha512-d/7hPjfz560UERaQuTmGgIVfXAe3g2hJWeC+igDeaGohUdEoNrHLXgR/yTOBT8vV/"
            "lIuuKnw+0/xWWblkDwkMQ=="
        ),
        members=(
            ("package/build/vega-lite.min.js", "vendor/vega-lite/vega-lite.min.js"),
            ("package/LICENSE", "vendor/vega-lite/LICENSE"),
        ),
    ),
    Pin(
        name="vega-embed",
        version="7.3.0",
        integrity=(
            "sha512-wQ8s5GaSzqoKgmRfbRolgBrjE2CP7ZKHXqH7NijxMqPjpdWxSs4Dn8tvp9g0giQvh"
            "2cK+3p56sxjWWM0wNngGw=="
        ),
        members=(
            ("package/build/vega-embed.min.js", "vendor/vega-embed/vega-embed.min.js"),
            ("package/LICENSE", "vendor/vega-embed/LICENSE"),
        ),
    ),
)

REQUIREJS = "vendor/requirejs/require.js"
EMBED_AMD = "vendor/html-manager/embed-amd.js"
MATHJAX = "vendor/mathjax/tex-mml-chtml.js"
# Loaded, in this order, on the pages that hold a live figure (see add_live_scripts).
VEGA_BUNDLES = ("vendor/vega/vega.min.js", "vendor/vega-lite/vega-lite.min.js", "vendor/vega-embed/vega-embed.min.js")
# Our own runtime (not vendored): book/_ext/live_static/crm-live/crm-live.js
LIVE_STATIC = Path(__file__).resolve().parent / "live_static"
LIVE_RUNTIME = "crm-live/crm-live.js"
# What crmlib.live writes into a notebook output; a page containing it gets the scripts.
LIVE_MARKER = "data-crm-live="
DEFAULT_REGISTRY = "https://registry.npmjs.org/"


def sri(data: bytes, algorithm: str = "sha512") -> str:
    """Subresource-integrity string (``sha512-<base64>``) of ``data``."""
    digest = hashlib.new(algorithm, data).digest()
    return f"{algorithm}-{base64.b64encode(digest).decode('ascii')}"


def _registry() -> str:
    """The npm registry npm itself would use (``npm config get registry``)."""
    registry = os.environ.get("npm_config_registry") or os.environ.get("NPM_CONFIG_REGISTRY")
    if not registry and shutil.which("npm"):
        try:
            out = subprocess.run(
                ["npm", "config", "get", "registry"],
                capture_output=True, text=True, timeout=60, check=True,
            ).stdout.strip()
            registry = out or None
        except (subprocess.SubprocessError, OSError):
            registry = None
    registry = registry or DEFAULT_REGISTRY
    return registry if registry.endswith("/") else registry + "/"


def _download(pin: Pin, dest_dir: Path) -> Path:
    """Put ``pin``'s tarball into ``dest_dir`` (npm pack, else HTTPS GET)."""
    npm = shutil.which("npm")
    if npm:
        proc = subprocess.run(
            [npm, "pack", pin.spec, "--json", "--pack-destination", str(dest_dir)],
            cwd=dest_dir, capture_output=True, text=True, timeout=600,
        )
        if proc.returncode != 0:
            raise ExtensionError(
                f"offline_assets: `npm pack {pin.spec}` failed (exit {proc.returncode}). "
                f"The npm registry must be reachable once to fill the cache.\n{proc.stderr[-2000:]}"
            )
        return dest_dir / pin.tarball_name
    url = f"{_registry()}{pin.name}/-/{pin.name.split('/')[-1]}-{pin.version}.tgz"
    target = dest_dir / pin.tarball_name
    try:
        with urllib.request.urlopen(url, timeout=120) as response, open(target, "wb") as fh:
            shutil.copyfileobj(response, fh)
    except OSError as err:
        raise ExtensionError(
            f"offline_assets: could not download {url} ({err}); install npm or "
            "make the npm registry reachable once to fill the cache."
        ) from err
    return target


def fetch_tarball(pin: Pin, cache: Path) -> Path:
    """Return the cached, integrity-checked tarball of ``pin``, fetching it if needed."""
    tarballs = cache / "tarballs"
    tarballs.mkdir(parents=True, exist_ok=True)
    final = tarballs / pin.tarball_name
    if final.exists():
        if sri(final.read_bytes()) == pin.integrity:
            return final
        logger.warning(
            "offline_assets: cached %s does not match its pinned integrity; fetching it again",
            final, type="offline_assets",
        )
        final.unlink()
    logger.info("offline_assets: fetching %s from the npm registry", pin.spec)
    with tempfile.TemporaryDirectory(dir=tarballs, prefix=".tmp-") as tmp:
        got = _download(pin, Path(tmp))
        actual = sri(got.read_bytes())
        if actual != pin.integrity:
            raise ExtensionError(
                f"offline_assets: {pin.spec} has integrity {actual}, expected {pin.integrity}. "
                "Refusing to use it."
            )
        os.replace(got, final)  # atomic: parallel builds never see half a file
    return final


def _destination(pin: Pin, member: str) -> str | None:
    """Where ``member`` of ``pin``'s tarball goes under _static, or None to skip it."""
    for prefix, dest in pin.members:
        if prefix.endswith("/"):
            if member.startswith(prefix) and len(member) > len(prefix):
                if any(member.endswith(s) for s in pin.skip_suffixes):
                    return None
                return dest + member[len(prefix):]
        elif member == prefix:
            return dest
    return None


def build_static_dir(cache: Path) -> Path:
    """Extract the pinned files into ``cache/static-<key>/`` once and return that folder."""
    key = hashlib.sha256(
        json.dumps([[p.spec, p.integrity, p.members, p.skip_suffixes] for p in PINS]).encode()
    ).hexdigest()[:16]
    static = cache / f"static-{key}"
    if (static / ".complete").exists():
        return static
    tarballs = [(pin, fetch_tarball(pin, cache)) for pin in PINS]
    tmp = Path(tempfile.mkdtemp(dir=cache, prefix=".static-"))
    try:
        for pin, path in tarballs:
            wanted = 0
            with tarfile.open(path, "r:gz") as tar:
                for info in tar.getmembers():
                    if not info.isfile():
                        continue
                    dest = _destination(pin, PurePosixPath(info.name).as_posix())
                    if dest is None:
                        continue
                    target = tmp / dest
                    if tmp.resolve() not in target.resolve().parents:
                        raise ExtensionError(f"offline_assets: unsafe path {info.name} in {path}")
                    target.parent.mkdir(parents=True, exist_ok=True)
                    with tar.extractfile(info) as src, open(target, "wb") as out:
                        shutil.copyfileobj(src, out)
                    wanted += 1
            if wanted == 0:
                raise ExtensionError(f"offline_assets: nothing extracted from {path}")
        for needed in (REQUIREJS, EMBED_AMD, MATHJAX, *VEGA_BUNDLES):
            if not (tmp / needed).is_file():
                raise ExtensionError(f"offline_assets: {needed} missing after extraction")
        (tmp / ".complete").write_text("\n".join(p.spec for p in PINS) + "\n")
        try:
            os.rename(tmp, static)
        except OSError:
            if not (static / ".complete").exists():  # lost a race to a half-made dir
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return static


def _cache_dir(app: Sphinx, config: Config) -> Path:
    configured = os.environ.get("OFFLINE_ASSETS_CACHE") or config.offline_assets_cache
    path = Path(configured) if configured else Path(app.srcdir) / ".cache" / "vendor"
    if not path.is_absolute():
        path = Path(app.srcdir) / path
    path.mkdir(parents=True, exist_ok=True)
    return path


def configure(app: Sphinx, config: Config) -> None:
    """config-inited: vendor the assets and point myst-nb and MathJax at them."""
    static = build_static_dir(_cache_dir(app, config))
    # Neither folder is called "_static", so Jupyter Book 1 does not inject their
    # *.js into every page; add_live_scripts adds them where they are needed.
    config.html_static_path = [*config.html_static_path, str(static), str(LIVE_STATIC)]
    app.offline_assets_live = [  # type: ignore[attr-defined]
        (rel, {"integrity": sri((static / rel).read_bytes(), "sha384")}) for rel in VEGA_BUNDLES
    ] + [(LIVE_RUNTIME, {"integrity": sri((LIVE_STATIC / LIVE_RUNTIME).read_bytes(), "sha384")})]

    def attrs(rel: str) -> dict[str, str]:
        # same-origin files; SRI still guards against a stale or altered copy
        return {"integrity": sri((static / rel).read_bytes(), "sha384")}

    embed = attrs(EMBED_AMD)
    # embed-amd.js would fetch widget modules it does not bundle (custom
    # widgets) from this CDN; point it at our own files so that such a module
    # fails loudly (a local 404 the browser test reports) instead of going online.
    embed["data-jupyter-widgets-cdn"] = "_static/vendor/npm/"
    embed["data-jupyter-widgets-cdn-only"] = ""
    config.nb_ipywidgets_js = {REQUIREJS: attrs(REQUIREJS), EMBED_AMD: embed}
    config.mathjax_path = MATHJAX
    logger.info("offline_assets: serving %s locally", ", ".join(p.spec for p in PINS))


# Runs in <head> on every page, before embed-amd.js:
# 1. tells the widget embedder where its icon fonts are (it would otherwise look
#    for them under "<page folder>/@jupyter-widgets/..." , the URIs RequireJS
#    gives its modules);
# 2. html-manager 1.0.x typesets widget labels with the MathJax 2 call
#    ``MathJax.Hub.Queue(["Typeset", MathJax.Hub, el])``; with MathJax 3 on the
#    page that throws "Cannot read properties of undefined (reading 'Queue')".
#    Before the widgets render (they wait for DOMContentLoaded or load, after the
#    deferred MathJax script has run) give MathJax 3 a ``Hub.Queue`` that forwards
#    to ``typesetPromise``.
SHIM_JS = r"""
(function () {
  var root = document.documentElement.dataset.content_root || "";
  var dist = new URL(root + "_static/vendor/html-manager/", document.baseURI).href;
  window.__jupyter_widgets_assets_path__ = dist;
  // Each AMD module bundled in embed-amd.js ("@jupyter-widgets/base",
  // "@jupyter-widgets/controls", ".../html-manager/dist/libembed-amd", ...) takes
  // its webpack public path, and so its font URLs, from its RequireJS module URI.
  // Map them all onto the folder that holds the fonts. A config object named
  // "require" defined before require.js loads is RequireJS's configuration.
  if (typeof window.require === "undefined") {
    var dir = dist.replace(/\/$/, "");
    window.require = {paths: {"@jupyter-widgets": dir, "@jupyter-widgets/html-manager/dist": dir}};
  }
  document.addEventListener("DOMContentLoaded", function () {
    var mj = window.MathJax;
    if (!mj || mj.Hub || typeof mj.typesetPromise !== "function") { return; }
    mj.Hub = {
      Queue: function () {
        Array.prototype.forEach.call(arguments, function (job) {
          var el = Array.isArray(job) && job[0] === "Typeset" ? job[2] : null;
          if (el) {
            mj.startup.promise.then(function () { return mj.typesetPromise([el]); })
              .catch(function (err) { console.warn("MathJax typeset of a widget label failed", err); });
          }
        });
      }
    };
  });
})();
""".strip()


def dedupe_inline_scripts(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """html-page-context: drop repeated inline ``<script>`` bodies.

    sphinx-thebe and sphinx-togglebutton add inline scripts with
    ``app.add_js_file(None, body=...)`` while the builder exists; Sphinx 7.4
    stores that one with ``filename=None`` and, when it re-reads the registry
    before writing, again with ``filename=''``, so they no longer compare equal
    and every page carries the body twice. For sphinx-thebe the body is
    ``const THEBE_JS_URL = ...``, and the second copy throws "Identifier
    'THEBE_JS_URL' has already been declared" in the console. Keep the first.
    """
    scripts = context.get("script_files")
    if not isinstance(scripts, list):
        return
    seen: set[tuple[Any, ...]] = set()
    unique = []
    for js in scripts:
        key = (
            getattr(js, "filename", js) or "",
            getattr(js, "priority", 500),
            tuple(sorted(getattr(js, "attributes", {}).items())),
        )
        if key not in seen:
            seen.add(key)
            unique.append(js)
    scripts[:] = unique


def add_live_scripts(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """html-page-context: vega, vega-lite, vega-embed and crm-live.js, only on pages with a live figure.

    Priorities 90-93 put them before everything else in ``<head>``, in particular
    before require.js (myst-nb's widget loader): a UMD bundle that finds ``define.amd``
    registers itself as an anonymous AMD module instead of setting ``window.vega``.
    ``add_js_file`` called from this event adds the file to this page only.
    """
    if LIVE_MARKER not in (context.get("body") or ""):
        return
    for priority, (rel, attributes) in enumerate(getattr(app, "offline_assets_live", []), start=90):
        app.add_js_file(rel, priority=priority, **attributes)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("offline_assets_cache", "", "env", [str])
    # after myst-nb and sphinx.ext.mathjax have registered their config values
    app.connect("config-inited", configure, priority=900)
    app.connect("html-page-context", add_live_scripts, priority=90)
    app.connect("html-page-context", dedupe_inline_scripts, priority=100)
    app.add_js_file(None, body=SHIM_JS, priority=100)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
