"""Pseudonymisation of customer ids before anything is written (ch5_templates, privacy)."""
from __future__ import annotations

import hashlib
from typing import Any, Iterable

import pandas as pd

from .._deprecate import keyword_only_arguments
from .._errors import CRMLibError


def pseudonymise(ids: pd.Series | pd.Index | Iterable[Any], salt: str, length: int = 12) -> pd.Series:
    """Replace customer identifiers by a salted SHA-256 hash.

    The same id and salt always give the same pseudonym, so outputs of several runs can
    be joined; without the salt the original ids cannot be recovered by trying likely
    values. Keep the salt secret and the same across runs.

    Parameters
    ----------
    ids : customer identifiers (any type; compared as text).
    salt : a secret string, at least 8 characters.
    length : number of hex characters kept (12 gives 48 bits: collisions are
        unlikely below ~10 million customers and are checked for).

    Returns
    -------
    Series of pseudonyms (strings), aligned with *ids*.

    Examples
    --------
    >>> pseudonymise(["C001", "C002", "C001"], salt="correct horse").tolist()[0] == \\
    ...     pseudonymise(["C001"], salt="correct horse").iloc[0]
    True
    >>> pseudonymise(["C001"], salt="correct horse").iloc[0] != pseudonymise(["C001"], salt="battery staple").iloc[0]
    True
    """
    if not isinstance(salt, str) or len(salt) < 8:
        raise CRMLibError("The pseudonymisation salt must be a secret string of at least 8 characters.")
    values = pd.Series(list(ids) if not isinstance(ids, (pd.Series, pd.Index)) else ids)
    if isinstance(ids, pd.Series):
        values.index = ids.index
    texts = values.astype(str)
    unique = texts.unique()
    mapping = {v: hashlib.sha256((salt + "\x00" + v).encode("utf-8")).hexdigest()[:length] for v in unique}
    if len(set(mapping.values())) != len(mapping):
        raise CRMLibError(f"Two customer ids hash to the same {length}-character pseudonym: use a larger length.")
    return texts.map(mapping).rename(getattr(ids, "name", None))


@keyword_only_arguments("column", since="0.2", removed_in="0.3")
def pseudonymise_frame(frame: pd.DataFrame, salt: str | None, *, column: str = "customer_id") -> pd.DataFrame:
    """A copy of *frame* with customer ids (index or column named *column*) replaced by
    :func:`pseudonymise`; *frame* itself when *salt* is empty.

    Examples
    --------
    >>> df = pd.DataFrame({"total": [1.0]}, index=pd.Index(["C001"], name="customer_id"))
    >>> pseudonymise_frame(df, "s3cret-salt").index[0] == pseudonymise(["C001"], "s3cret-salt").iloc[0]
    True
    >>> pseudonymise_frame(df, None) is df
    True
    """
    if not salt:
        return frame
    out = frame.copy()
    if column in out.columns:
        out[column] = pseudonymise(out[column], salt).to_numpy()
    if column in (out.index.names or []):
        if out.index.nlevels == 1:
            out.index = pd.Index(pseudonymise(out.index, salt).to_numpy(), name=column)
        else:
            level = out.index.names.index(column)
            codes = pseudonymise(out.index.get_level_values(level), salt).to_numpy()
            arrays = [codes if i == level else out.index.get_level_values(i) for i in range(out.index.nlevels)]
            out.index = pd.MultiIndex.from_arrays(arrays, names=out.index.names)
    return out
