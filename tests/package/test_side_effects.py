"""Importing crmlib changes no global state, and it imports what its docstrings say it does.

Each check runs in a fresh interpreter: within this pytest process matplotlib, pandas and
crmlib are long imported, so a before/after comparison here would prove nothing.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Snapshot every piece of process-wide state a library could touch on import, import every
# module of crmlib (public and private, except the __main__ entry point, which runs the CLI),
# snapshot again and print the differences as JSON. The third-party modules that crmlib
# imports (listed by a first run, argument "list") are imported before the first snapshot:
# scipy, for one, adds warning filters on import, and that is not crmlib's doing.
_SNAPSHOT_SCRIPT = r'''
import json, locale, logging, os, pkgutil, random, sys, warnings, importlib
import matplotlib
import matplotlib.pyplot as plt
import matplotlib.units as munits
from matplotlib import font_manager
import numpy as np
import pandas as pd
from pandas._config import config as pd_config  # the only list of every registered option


def logger_state(logger):
    return {"level": logger.level, "propagate": logger.propagate, "disabled": logger.disabled,
            "handlers": [type(h).__name__ for h in logger.handlers]}


def snapshot():
    loggers = {name: logger_state(obj) for name, obj in logging.root.manager.loggerDict.items()
               if isinstance(obj, logging.Logger)}
    return {
        "rcParams": {k: repr(v) for k, v in matplotlib.rcParams.items()},
        "warnings.filters": [repr(f) for f in warnings.filters],
        "pandas options": {k: repr(pd.get_option(k)) for k in sorted(pd_config._registered_options)},
        "numpy print options": {k: repr(v) for k, v in np.get_printoptions().items()},
        "numpy error state": np.geterr(),
        "numpy global random state": repr(np.random.get_state()[1][:8].tolist()) + repr(np.random.get_state()[2:]),
        "random state": repr(random.getstate()[1][:8]),
        "logging root": logger_state(logging.root),
        "logging disable": logging.root.manager.disable,
        "logging loggers": loggers,
        "matplotlib units registry": sorted(repr(k) for k in munits.registry),
        "matplotlib colormaps": sorted(matplotlib.colormaps),
        "matplotlib fonts": len(font_manager.fontManager.ttflist),
        "environment": dict(os.environ),
        "locale": locale.setlocale(locale.LC_ALL, None),
        "stdout/stderr": [repr(sys.stdout), repr(sys.stderr)],
    }


def crmlib_modules():
    import crmlib
    return ["crmlib"] + [m.name for m in pkgutil.walk_packages(crmlib.__path__, "crmlib.")
                         if not m.name.endswith("__main__")]


def import_crmlib_module(name):
    """Import *name*; False when an optional third-party dependency is not installed here."""
    try:
        importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if (exc.name or "").split(".")[0] == "crmlib":
            raise
        return False
    return True


if sys.argv[1] == "list":
    for name in crmlib_modules():
        import_crmlib_module(name)
    print(json.dumps([m for m in sys.modules if m != "crmlib" and not m.startswith("crmlib.")]))
    sys.exit()

for name in json.loads(sys.argv[1]):
    try:
        importlib.import_module(name)
    except Exception:  # aliases and shims that sys.modules holds but that cannot be imported by name
        pass
before = snapshot()
names = [name for name in crmlib_modules() if import_crmlib_module(name)]
after = snapshot()

diff = {}
for key in before:
    if key == "logging loggers":
        # New loggers are fine (every module may create its own); configuring one is not.
        changed = {n: [before[key].get(n), s] for n, s in after[key].items()
                   if before[key].get(n, {"level": 0, "propagate": True, "disabled": False,
                                          "handlers": []}) != s and s["handlers"] not in ([], ["NullHandler"])}
        changed |= {n: [s, after[key].get(n)] for n, s in before[key].items() if after[key].get(n) != s}
        if changed:
            diff[key] = changed
    elif isinstance(before[key], dict) and isinstance(after[key], dict):
        changed = {k: [before[key].get(k), after[key].get(k)] for k in before[key].keys() | after[key].keys()
                   if before[key].get(k) != after[key].get(k)}
        if changed:
            diff[key] = changed
    elif before[key] != after[key]:
        diff[key] = [before[key], after[key]]
print(json.dumps({"modules": names, "diff": diff}, default=repr))
'''


def _run(code: str, *args: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MPLBACKEND": "Agg"}
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, cwd=ROOT,
                          timeout=600)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def test_importing_every_crmlib_module_changes_no_global_state() -> None:
    third_party = _run(_SNAPSHOT_SCRIPT, "list")
    result = json.loads(_run(_SNAPSHOT_SCRIPT, third_party))
    # The walk really reached the modules that used to touch global state.
    assert {"crmlib.plots", "crmlib.plots._style", "crmlib.widgets", "crmlib.report", "crmlib.cli",
            "crmlib.exercises.ch0"} <= set(result["modules"])
    assert result["diff"] == {}


def test_import_crmlib_is_lazy_as_its_docstring_says() -> None:
    # crmlib/__init__.py: "Submodules are imported on first use, so import crmlib stays fast."
    out = _run("import crmlib, sys; print(sorted({'matplotlib', 'pandas', 'numpy', 'crmlib.plots', 'crmlib.value'}"
               " & set(sys.modules)))")
    assert out == "[]"
    out = _run("import crmlib, sys; crmlib.value; print('crmlib.value' in sys.modules, 'matplotlib' in sys.modules)")
    assert out == "True False"


def test_only_plots_and_widgets_import_matplotlib() -> None:
    # The computations never need matplotlib: one can fit models and run the CLI's data
    # checks without it. One interpreter for all: if none of them is there after importing
    # every one, no single one imports it.
    modules = ["io", "summary", "datasets", "relationship", "value", "lifecycle", "clv", "segment",
               "satisfaction", "exercises", "report", "cli"]
    out = _run(f"import sys; import {', '.join('crmlib.' + m for m in modules)}; "
               "print('matplotlib' in sys.modules, 'crmlib.satisfaction' in sys.modules)")
    assert out == "False True"


def test_plots_imports_its_chapter_files_eagerly_and_datasets_its_generators_lazily() -> None:
    # crmlib/_lazy.py and crmlib/plots/__init__.py describe exactly this split.
    out = _run("import sys, crmlib.plots; print('matplotlib.pyplot' in sys.modules, "
               "all(f'crmlib.plots.{m}' in sys.modules for m in ('_intro', '_value', '_lifecycle', '_segment',"
               " '_satisfaction')))")
    assert out == "True True"
    out = _run("import sys, crmlib.datasets as d; a = 'crmlib.datasets._synthetic_transactions' in sys.modules; "
               "d.make_transactions; print(a, 'crmlib.datasets._synthetic_transactions' in sys.modules)")
    assert out == "False True"


# ------------------------------------------------------------------------------------------
# No crmlib code relies on DataFrame.attrs (issue 15): pandas drops them when a table is
# rebuilt (pd.concat with a table without them, a DataFrame built from columns, a file read
# back), so a number that travels in attrs can silently fall back to a default.
# ------------------------------------------------------------------------------------------

def _attrs_reads(root: Path) -> list[str]:
    """``file:line`` of every read of ``.attrs`` in crmlib's Python files and template notebooks.

    Allowed, as writes kept for one release as a documented convenience: ``x.attrs[key] = v``,
    ``x.attrs.update(...)`` and ``x.attrs = ...``. Anything else that touches ``.attrs``
    (``x.attrs[key]``, ``x.attrs.get(key)``, ``dict(x.attrs)``, ...) is a read.
    """
    import ast

    sources: list[tuple[str, str]] = []
    for path in sorted(root.rglob("*.py")):
        sources.append((path.relative_to(root.parent).as_posix(), path.read_text(encoding="utf-8")))
    for path in sorted(root.rglob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
        # the code cells joined in order: a line number counts the lines of the code cells only
        sources.append((path.relative_to(root.parent).as_posix() + " (code cells)", "\n".join(code)))
    reads = []
    for name, text in sources:
        tree = ast.parse(text)
        allowed: set[int] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Subscript) and isinstance(node.ctx, (ast.Store, ast.Del)):
                allowed.add(id(node.value))
            elif isinstance(node, ast.Attribute) and node.attr == "update" and isinstance(node.value, ast.Attribute):
                allowed.add(id(node.value))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and node.attr == "attrs" and isinstance(node.ctx, ast.Load)
                    and id(node) not in allowed):
                reads.append((name, node.lineno))
    return [f"{name}:{line}" for name, line in sorted(set(reads))]


def test_no_crmlib_code_reads_dataframe_attrs() -> None:
    reads = _attrs_reads(ROOT / "crmlib")
    assert not reads, ("crmlib reads DataFrame.attrs, which pandas drops when a table is rebuilt; pass the "
                       "value as an argument, a column or a returned object instead: " + ", ".join(reads))


def test_the_attrs_scan_finds_reads_and_allows_writes(tmp_path: Path) -> None:
    package = tmp_path / "crmlib"
    package.mkdir()
    (package / "m.py").write_text(
        "def f(t, u):\n"
        "    t.attrs['cuts'] = (1, 2)\n"          # write: allowed
        "    t.attrs.update(params={})\n"         # write: allowed
        "    u.attrs = {}\n"                      # write: allowed
        "    a = t.attrs['cuts']\n"               # line 5: read
        "    return u.attrs.get('percent')\n",    # line 6: read
        encoding="utf-8")
    notebook = {"cells": [{"cell_type": "markdown", "source": ["t.attrs['x']"]},
                          {"cell_type": "code", "source": ["t.attrs['percent'] = True\n", "t.attrs['percent']"]}]}
    (package / "t.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    assert _attrs_reads(package) == ["crmlib/m.py:5", "crmlib/m.py:6", "crmlib/t.ipynb (code cells):2"]
