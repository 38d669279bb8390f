"""crmlib: customer relationship management analytics on pandas.

One module per idea:

``io``            load transaction files safely, with a cleaning report
``summary``       per-customer frequency / recency / T / monetary summaries
``datasets``      real public datasets, the seeds' small tables, synthetic data
``relationship``  Kotler's relationship levels (chapter 0)
``value``         customer delivered value, Gale's value analysis, CLV tables
``lifecycle``     lifecycle stages, cohorts, survival, sBG, churn
``clv``           BG/NBD and Gamma-Gamma purchase models
``segment``       ABC, RFM, CLP, the ordering model, clustering
``satisfaction``  survey analytics, Kano, IPA, NPS, PLS path models, loyalty zones
``plots``         ``plot_*`` functions that return a matplotlib Axes
``widgets``       thin ipywidgets front ends over the functions above
``exercises``     answer checkers and quizzes for the book's exercises

Submodules are imported on first use, so ``import crmlib`` stays fast.
"""
from __future__ import annotations

import importlib
from typing import Any

from ._errors import CRMLibError, DataFormatError, NotFittedError

__version__ = "0.2.0"

_SUBMODULES = (
    "io", "summary", "datasets", "relationship", "value", "lifecycle", "clv",
    "segment", "satisfaction", "plots", "widgets", "exercises",
)

__all__ = ["CRMLibError", "DataFormatError", "NotFittedError", "__version__", *_SUBMODULES]


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        module = importlib.import_module(f".{name}", __name__)
        globals()[name] = module
        return module
    raise AttributeError(f"module 'crmlib' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
