"""What every crmlib model shares: repr, parameter access, the fitted check."""
from __future__ import annotations

import inspect
from typing import Any

import pandas as pd

from ._errors import NotFittedError


class BaseModel:
    """Base class for models with a scikit-learn-like ``fit()``.

    Constructor arguments are stored as they are; what ``fit()`` learns ends in ``_``
    (``params_``, ``log_likelihood_``). ``fit()`` returns ``self``.
    """

    def get_params(self) -> dict[str, Any]:
        """Constructor arguments, by name."""
        names = [p for p in inspect.signature(type(self).__init__).parameters if p != "self"]
        return {name: getattr(self, name) for name in names}

    def _check_fitted(self) -> None:
        if not hasattr(self, "params_"):
            raise NotFittedError(
                f"This {type(self).__name__} is not fitted yet: call .fit(data) before asking for results."
            )

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_params().items())
        head = f"{type(self).__name__}({args})"
        params = getattr(self, "params_", None)
        if params is None:
            return head
        if isinstance(params, pd.Series):
            params = params.to_dict()
        shown = ", ".join(f"{k}={v:.4g}" for k, v in params.items())
        return f"{head}\n  fitted: {shown}"
