"""Exceptions raised by crmlib."""
from __future__ import annotations


class CRMLibError(ValueError):
    """Base class for crmlib's errors about the data or arguments it was given.

    A subclass of :class:`ValueError`, so ``except ValueError`` still catches it.
    """


class DataFormatError(CRMLibError):
    """Input data cannot be used as it is.

    The message names the file, the column, the problem, an example row and a fix.
    """


class NotFittedError(CRMLibError, AttributeError):
    """A model's results were asked for before ``fit()`` was called."""
