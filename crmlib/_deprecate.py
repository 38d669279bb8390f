"""One way to retire an argument name: the old keyword keeps working for one release, with a warning.

Every rename of issue 15 (``discount`` → ``discount_rate``, ``freq`` → ``time_unit``,
``seed`` → ``random_state``, ``time``/``horizon`` → ``periods``, ``alpha`` → ``level``) goes
through :func:`renamed_arguments`, so all of them warn with the same words and fail the same
way when both names are given. Positional callers are unaffected by a rename.
"""
from __future__ import annotations

import functools
import inspect
import warnings
from typing import Any, Callable, TypeVar

from ._errors import CRMLibError

F = TypeVar("F", bound=Callable[..., Any])


def _caller_stacklevel() -> int:
    """The stacklevel of the first frame outside crmlib, counted from the warning's caller.

    A renamed function may be called by another crmlib function (a widget calling a
    deprecated keyword on behalf of the user); the warning should point at the user's line.
    """
    frame = inspect.currentframe()
    level = 1
    try:
        frame = frame.f_back  # the wrapper
        while frame is not None:
            name = frame.f_globals.get("__name__", "")
            if name != "crmlib" and not name.startswith("crmlib."):
                return level
            frame = frame.f_back
            level += 1
        return 2
    finally:
        del frame


def renamed_arguments(*, since: str, removed_in: str, **renames: str | tuple[str, Callable[[Any], Any], str]
                      ) -> Callable[[F], F]:
    """Decorator: accept each retired keyword ``old`` of ``renames`` as its new name.

    Parameters
    ----------
    since : crmlib version that retired the names (shown in the docstring note only).
    removed_in : version that will stop accepting them (shown in the warning).
    **renames : ``old="new"`` pairs; ``new`` must be a parameter of the decorated function.
        When the new name also changes the meaning of the number, pass
        ``old=("new", convert, "new = 1 - old")``: ``convert`` maps the old value to the new one
        and the text is shown in the warning (``alpha=0.05`` → ``level=0.95``).

    Returns
    -------
    A decorator. The wrapped function warns with :class:`FutureWarning` (visible to end users,
    unlike ``DeprecationWarning``), passes the value on under the new name and raises
    :class:`crmlib.CRMLibError` if both names are given. Its signature
    (``inspect.signature``) and docstring are those of the decorated function: only the new
    names show.

    Examples
    --------
    >>> @renamed_arguments(freq="time_unit", since="0.2", removed_in="0.3")
    ... def weeks(n, *, time_unit="W"):
    ...     return n if time_unit == "W" else n / 7
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     weeks(14, freq="D")
    2.0
    >>> str(caught[0].message)
    'freq= is deprecated, use time_unit= (removed in crmlib 0.3)'
    >>> str(inspect.signature(weeks))
    "(n, *, time_unit='W')"
    """
    table = {old: (spec, None, "") if isinstance(spec, str) else spec for old, spec in renames.items()}

    def decorate(func: F) -> F:
        params = inspect.signature(func).parameters
        for old, (new, _, _) in table.items():
            if new not in params:
                raise TypeError(f"{func.__qualname__} has no parameter {new!r} to rename {old!r} to")
            if old in params:
                raise TypeError(f"{func.__qualname__} still has the retired parameter {old!r}")

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            for old, (new, convert, rule) in table.items():
                if old not in kwargs:
                    continue
                if new in kwargs:
                    raise CRMLibError(f"{func.__name__}() got both {old}= and {new}=: {old} is the retired name "
                                      f"of {new}; pass only {new}=.")
                how = f", {rule}" if rule else ""
                warnings.warn(f"{old}= is deprecated, use {new}={how} (removed in crmlib {removed_in})",
                              FutureWarning, stacklevel=_caller_stacklevel())
                value = kwargs.pop(old)
                kwargs[new] = convert(value) if convert is not None else value
            return func(*args, **kwargs)

        wrapper.__signature__ = inspect.signature(func)  # type: ignore[attr-defined]
        wrapper.__renamed_arguments__ = {old: new for old, (new, _, _) in table.items()}  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate


def keyword_only_arguments(*names: str, since: str, removed_in: str) -> Callable[[F], F]:
    """Decorator: *names*, now keyword-only, may still be passed by position for one release.

    Column-name arguments are keyword-only in crmlib (``kaplan_meier(data, duration="tenure")``),
    so that a positional call cannot silently mean another column. Old positional calls keep
    working with a :class:`FutureWarning`; *names* are the parameters in their old positional
    order, right after the ones that are still positional.

    Examples
    --------
    >>> @keyword_only_arguments("column", since="0.2", removed_in="0.3")
    ... def total(data, *, column="amount"):
    ...     return sum(row[column] for row in data)
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     total([{"x": 2}, {"x": 3}], "x")
    5
    >>> str(caught[0].message)
    'total(): pass column= by keyword; passing it by position is deprecated (removed in crmlib 0.3)'
    """
    def decorate(func: F) -> F:
        params = inspect.signature(func).parameters
        positional = [p for p in params.values() if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        for name in names:
            if name not in params or params[name].kind is not inspect.Parameter.KEYWORD_ONLY:
                raise TypeError(f"{func.__qualname__}: {name!r} is not a keyword-only parameter")

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if len(args) > len(positional):
                extra = args[len(positional):]
                if len(extra) > len(names):
                    raise TypeError(f"{func.__name__}() takes at most {len(positional) + len(names)} positional "
                                    f"arguments ({len(args)} given)")
                moved = names[:len(extra)]
                for name, value in zip(moved, extra):
                    if name in kwargs:
                        raise CRMLibError(f"{func.__name__}() got {name} both by position and as {name}=.")
                    kwargs[name] = value
                shown = ", ".join(f"{n}=" for n in moved)
                warnings.warn(f"{func.__name__}(): pass {shown} by keyword; passing {'it' if len(moved) == 1 else 'them'} "
                              f"by position is deprecated (removed in crmlib {removed_in})",
                              FutureWarning, stacklevel=_caller_stacklevel())
                args = args[:len(positional)]
            return func(*args, **kwargs)

        wrapper.__signature__ = inspect.signature(func)  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate


def warn_deprecated(message: str) -> None:
    """Emit a crmlib deprecation :class:`FutureWarning` pointing at the user's line."""
    warnings.warn(message, FutureWarning, stacklevel=_caller_stacklevel())
