"""Lazy re-export of names from private submodules of a subpackage.

:mod:`crmlib.datasets` uses it for its synthetic generators: each generator's file is
imported on first use, so ``import crmlib.datasets`` (and with it the real-data
loaders) does not pay for the others, and one generator's optional dependency never
breaks the others. The top-level ``crmlib`` package does the same for its submodules
(its own ``__getattr__``): ``import crmlib`` imports neither pandas nor matplotlib.
:mod:`crmlib.plots` and :mod:`crmlib.widgets` do not load lazily: they import their
chapter files, and matplotlib, when they are imported (see :mod:`crmlib.plots`).
"""
from __future__ import annotations

import importlib
from typing import Any, Callable


def lazy_exports(package: str, table: dict[str, str]) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """Return ``(__getattr__, __dir__)`` for *package* exporting ``table[name]`` modules."""

    def __getattr__(name: str) -> Any:
        try:
            module_name = table[name]
        except KeyError:
            raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
        value = getattr(importlib.import_module(module_name, package), name)
        return value

    def __dir__() -> list[str]:
        return sorted(table)

    return __getattr__, __dir__
