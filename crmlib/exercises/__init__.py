"""Answer checkers and quizzes for the book's exercises.

A chapter registers a checker with :func:`register`; the expected answer is computed
by crmlib code when the student checks, never typed in as a constant::

    @register("ch1.retention-clv", hint="Sum m r^t / (1+d)^t over t = 1, 2, ...")
    def _():
        return value.retention_clv(100, 0.8, 0.1)

Students call ``check("ch1.retention-clv", 266.67)`` and see right or wrong with the hint.
A check cell is committed with the answer variable set to ``None`` (or ``...``): the check is
then *pending* and says "run this cell with your answer", with no verdict and no hint, so the
committed notebook neither shows a red "Not yet" nor gives the answer away.
"""
from __future__ import annotations

import html
import importlib
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

import numpy as np
import pandas as pd

from .._errors import CRMLibError

__all__ = ["Exercise", "CheckResult", "register", "check", "exercises", "quiz", "QuizQuestion"]


@dataclass(frozen=True)
class Exercise:
    """A registered exercise: how to compute its answer, and how close is close enough."""

    key: str
    solution: Callable[[], Any]
    hint: str
    rtol: float = 1e-3
    atol: float = 1e-6


_REGISTRY: dict[str, Exercise] = {}


def register(key: str, hint: str, rtol: float = 1e-3, atol: float = 1e-6) -> Callable[[Callable[[], Any]], Callable[[], Any]]:
    """Decorator registering *solution* (a function of no arguments) under *key*."""

    def decorator(solution: Callable[[], Any]) -> Callable[[], Any]:
        _REGISTRY[key] = Exercise(key, solution, hint, rtol, atol)
        return solution

    return decorator


def _load_chapter(key: str) -> None:
    chapter = key.split(".", 1)[0]
    if chapter.startswith("ch") and chapter[2:].isdigit():
        try:
            importlib.import_module(f".{chapter}", __name__)
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{chapter}":
                raise


def exercises(chapter: str | None = None) -> list[str]:
    """Keys of the registered exercises, optionally of one chapter (``"ch1"``)."""
    chapters = [chapter] if chapter else [f"ch{i}" for i in range(10)]
    for ch in chapters:
        _load_chapter(f"{ch}.x")
    return sorted(k for k in _REGISTRY if chapter is None or k.startswith(f"{chapter}."))


def _same(answer: Any, expected: Any, rtol: float, atol: float) -> bool:
    if isinstance(expected, str):
        return isinstance(answer, str) and answer.strip().casefold() == expected.strip().casefold()
    if isinstance(expected, (pd.Series, pd.DataFrame)):
        expected = expected.to_numpy()
        answer = answer.to_numpy() if isinstance(answer, (pd.Series, pd.DataFrame)) else answer
    if isinstance(expected, dict):
        return (
            isinstance(answer, dict)
            and set(answer) == set(expected)
            and all(_same(answer[k], v, rtol, atol) for k, v in expected.items())
        )
    if isinstance(expected, (set, frozenset)):
        return set(answer) == expected
    try:
        a = np.asarray(answer, dtype=float)
        e = np.asarray(expected, dtype=float)
    except (TypeError, ValueError):
        a, e = np.asarray(answer, dtype=object), np.asarray(expected, dtype=object)
        return a.shape == e.shape and bool(np.all(a == e))
    return a.shape == e.shape and bool(np.allclose(a, e, rtol=rtol, atol=atol))


@dataclass
class CheckResult:
    """Outcome of :func:`check`; true when the answer is right.

    ``pending`` is true when no answer was given yet (``None`` or ``...``): the result then
    carries no verdict and shows no hint.
    """

    key: str
    correct: bool
    hint: str
    message: str = field(default="")
    pending: bool = False

    def __bool__(self) -> bool:
        return self.correct

    def __repr__(self) -> str:
        if self.pending:
            return f"▶ Run this cell with your answer ({self.key}): replace None by your answer."
        mark = "✔ Correct" if self.correct else "✘ Not yet"
        tail = "" if self.correct else f" Hint: {self.hint}"
        return f"{mark} ({self.key}).{tail}{(' ' + self.message) if self.message else ''}"

    def _repr_html_(self) -> str:
        if self.pending:
            colour, bg = "#0072B2", "#e8f1f8"
        elif self.correct:
            colour, bg = "#009E73", "#e6f5ef"
        else:
            colour, bg = "#D55E00", "#fbebe0"
        return (
            f'<div class="crm-check" style="border-left:4px solid {colour};background:{bg};'
            f'padding:.4em .8em;margin:.3em 0">{html.escape(repr(self))}</div>'
        )


def check(key: str, answer: Any) -> CheckResult:
    """Check a student's *answer* to exercise *key*.

    Numbers are compared with a relative tolerance (0.1 % unless the exercise says
    otherwise), strings without regard to case, arrays and Series element by element.
    An *answer* of ``None`` or ``...`` means "not answered yet": the result is pending,
    with neither a verdict nor the hint (the state in which notebooks are committed).

    Examples
    --------
    >>> from crmlib.exercises import check
    >>> bool(check("ch0.relationship-level", "partnership"))
    True
    >>> check("ch0.relationship-level", None)
    ▶ Run this cell with your answer (ch0.relationship-level): replace None by your answer.
    """
    _load_chapter(key)
    try:
        exercise = _REGISTRY[key]
    except KeyError:
        raise CRMLibError(f"No exercise {key!r}; registered: {', '.join(exercises()) or 'none'}.") from None
    if answer is None or answer is Ellipsis:
        return CheckResult(key, False, exercise.hint, pending=True)
    expected = exercise.solution()
    return CheckResult(key, _same(answer, expected, exercise.rtol, exercise.atol), exercise.hint)


@dataclass(frozen=True)
class QuizQuestion:
    """One multiple-choice question: the options, the index of the right one, and why.

    ``topic`` is the course-map id (``"I5"``); ``source`` says where the question comes
    from: ``"000:Q7"`` for question 7 of seed 000's review list, or a section label.
    """

    question: str
    options: Sequence[str]
    answer: int
    explanation: str
    topic: str = ""
    source: str = ""


_QUIZ_CSS = """
.crm-quiz{font-family:inherit}
.crm-quiz .q{border:1px solid #ccc;border-radius:6px;padding:.6em .9em;margin:.8em 0}
.crm-quiz .q p.stem{font-weight:600;margin:.2em 0 .5em}
.crm-quiz .q p.stem .src{font-weight:400;font-size:.85em;color:#555}
.crm-quiz .q label{display:block;padding:.15em .4em;border-radius:4px;cursor:pointer}
.crm-quiz .q input{position:absolute;opacity:0}
.crm-quiz .q input:focus-visible+label{outline:2px solid #0072B2}
.crm-quiz .q input.right:checked+label{background:#e6f5ef;border-left:4px solid #009E73}
.crm-quiz .q input.wrong:checked+label{background:#fbebe0;border-left:4px solid #D55E00}
.crm-quiz .q .fb{display:none;margin-top:.4em}
.crm-quiz .q input.right:checked~.fb.ok{display:block;color:#00664a}
.crm-quiz .q input.wrong:checked~.fb.no{display:block;color:#a34400}
"""


def quiz(questions: Sequence[QuizQuestion], name: str = "quiz") -> "QuizHTML":
    """Render multiple-choice questions as HTML that works without JavaScript.

    Choosing an option marks it right (green) or wrong (orange) through CSS alone,
    so the quiz works in JupyterLab and in the static online book. Each question
    also has a "show answer" fold with the explanation.

    Examples
    --------
    >>> q = QuizQuestion("1 + 1 = ?", ["1", "2"], 1, "Two.")
    >>> "Two." in quiz([q])._repr_html_()
    True
    """
    parts = [f"<style>{_QUIZ_CSS}</style>", f'<div class="crm-quiz" id="{html.escape(name)}">']
    for i, q in enumerate(questions, 1):
        if not 0 <= q.answer < len(q.options):
            raise CRMLibError(f"Question {i} ({q.question[:40]!r}) has answer index {q.answer} outside its options.")
        group = f"{name}-q{i}"
        src = f' <span class="src">[{html.escape(q.source)}]</span>' if q.source else ""
        parts.append(f'<div class="q"><p class="stem">{i}. {html.escape(q.question)}{src}</p>')
        for j, option in enumerate(q.options):
            cls = "right" if j == q.answer else "wrong"
            oid = f"{group}-{j}"
            letter = "ABCDEFGH"[j]
            parts.append(
                f'<input type="radio" name="{group}" id="{oid}" class="{cls}">'
                f'<label for="{oid}">{letter}. {html.escape(option)}</label>'
            )
        letter = "ABCDEFGH"[q.answer]
        parts.append(f'<div class="fb ok">Correct. {html.escape(q.explanation)}</div>')
        parts.append('<div class="fb no">Not this one: try another option.</div>')
        parts.append(
            f"<details><summary>Show answer</summary><p><b>{letter}</b>. {html.escape(q.explanation)}</p></details></div>"
        )
    parts.append("</div>")
    return QuizHTML("".join(parts), len(questions))


@dataclass(frozen=True)
class QuizHTML:
    """A rendered quiz: shows as HTML in Jupyter, as a one-line summary in text."""

    html: str
    n_questions: int

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"<quiz of {self.n_questions} questions: run in Jupyter or read the online book to answer>"
