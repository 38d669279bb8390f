"""Lazy re-export of names from private submodules of a subpackage.

Subpackages such as :mod:`crmlib.plots` gather functions that live in one private
file per chapter. Importing them lazily keeps ``import crmlib.plots`` cheap and means
one chapter's optional dependency never breaks another chapter's import.
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
