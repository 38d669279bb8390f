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

ROOT = Path(__file__).resolve().parents[1]

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
