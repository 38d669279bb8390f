"""Reading a survey for the satisfaction template: items, scales, cleaning, answers (ch5_templates)."""
from __future__ import annotations

import re
from typing import Iterable, Sequence

import numpy as np
import pandas as pd

from .._errors import CRMLibError


def survey_items(answers: pd.DataFrame, exclude: Iterable[str] = (), importance_prefix: str = "IMP_"
                 ) -> dict[str, list[str]]:
    """Likert items grouped into blocks by name: ``sat1, sat2, …`` form block ``sat``.

    A column is an item when its name is a prefix and a number and at least half of its
    answers are numbers, so one stray answer such as ``agree`` does not hide the question
    (:func:`survey_cleaning_table` then names it). Blocks need two items; ``KF_``/``KD_``
    (Kano) columns, importance columns (*importance_prefix*) and *exclude* are left out.

    Examples
    --------
    >>> answers = pd.DataFrame({"sat1": [5, 4], "sat2": ["agree", 3], "q1": ["x", "y"], "q2": ["x", "y"]})
    >>> survey_items(answers)
    {'sat': ['sat1', 'sat2']}
    """
    import re  # noqa: PLC0415

    skip = set(exclude)
    found: dict[str, list[str]] = {}
    for c in answers.columns:
        if c in skip or str(c).startswith(("KF_", "KD_")):
            continue
        m = re.fullmatch(r"(.*?\D)[_\- ]?(\d+)", str(c))
        if not m:
            continue
        given = answers[c].notna()
        numbers = pd.to_numeric(answers[c], errors="coerce").notna()
        if given.sum() == 0 or numbers.sum() < 0.5 * given.sum():
            continue
        found.setdefault(m.group(1).rstrip("_- "), []).append(c)
    return {k: v for k, v in found.items() if len(v) >= 2 and not k.startswith(importance_prefix)}


#: Answer scales :func:`infer_scale` chooses from, with how common they are (a prior; 1-5 and
#: 1-7 Likert scales and the 0-10 recommend scale dominate questionnaires).
LIKERT_SCALES: dict[tuple[int, int], float] = {
    (1, 5): 0.35, (1, 7): 0.20, (0, 10): 0.15, (1, 10): 0.08, (1, 4): 0.05, (1, 6): 0.05, (1, 9): 0.04,
    (0, 5): 0.03, (1, 3): 0.03, (0, 4): 0.02,
}


def infer_scale(answers: pd.DataFrame, items: Sequence[str], typo_rate: float = 1e-2) -> tuple[float, float]:
    """The answer scale of the Likert *items*: the standard scale that best explains most answers.

    Each scale of :data:`LIKERT_SCALES` (and the answers' own range when it lies outside
    0-10, e.g. a 0-100 slider) is scored as if answers were spread evenly over it, an answer
    outside it costing *typo_rate*, plus how common the scale is:
    ``n_in log(1 / levels) + n_out log(typo_rate) + log(prior)``, among the scales that leave
    out at most 10 % of the answers (or two). So a
    stray 0 or 9 among 1-5 answers leaves the scale at 1-5 (the answer is then named by
    :func:`survey_cleaning_table`), while answers that really use 6 and 7 choose 1-7. Pass
    ``scale_min``/``scale_max`` to the template when the questionnaire's scale is known.

    Examples
    --------
    >>> answers = pd.DataFrame({"sat1": [1, 5, 3, 9, 4, 2], "sat2": [2, 4, 5, 1, 3, 3], "sat3": [0, 3, 4, 5, 2, 4]})
    >>> infer_scale(answers, ["sat1", "sat2", "sat3"])
    (1.0, 5.0)
    """
    values = answers[list(items)].apply(pd.to_numeric, errors="coerce").stack().to_numpy(dtype=float)
    if values.size == 0:
        raise CRMLibError("The Likert items hold no numeric answers; check the columns or pass blocks=.")
    candidates = dict(LIKERT_SCALES)
    lo_all, hi_all = float(np.floor(values.min())), float(np.ceil(values.max()))
    if lo_all < 0 or hi_all > 10:
        candidates[(lo_all, hi_all)] = 0.01
    best = ((-np.inf, 0.0), lo_all, hi_all)  # no standard scale fits: the answers' own range
    for (lo, hi), prior in candidates.items():
        inside = int(((values >= lo) & (values <= hi)).sum())
        if values.size - inside > max(2, 0.1 * values.size):  # a scale must hold most answers
            continue
        score = (inside * np.log(1.0 / (hi - lo + 1)) + (values.size - inside) * np.log(typo_rate)
                 + np.log(prior))
        key = (score, -(hi - lo))
        if best is None or key > best[0]:
            best = (key, lo, hi)
    return float(best[1]), float(best[2])


def survey_cleaning_table(answers: pd.DataFrame, items: Sequence[str], scale_min: float, scale_max: float,
                          source: str = "the survey", invalid: str = "error") -> pd.DataFrame:
    """Account for every row and answer of a survey, and refuse answers off the scale.

    The rows come from ``answers.attrs["read_report"]`` (set by :func:`read_table`): rows in the
    file = blank rows + title rows + the header + respondents. Then, per Likert item, the missing
    answers, which the analyses leave out item by item (no respondent is dropped).

    Parameters
    ----------
    answers : DataFrame
        One row per respondent, as returned by :func:`read_table` (index: respondent ids).
    items : sequence of str
        The Likert item columns.
    scale_min, scale_max : float
        The ends of the answer scale (e.g. from :func:`infer_scale`).
    source : str
        File name used in error messages.
    invalid : ``"error"`` (default) or ``"missing"``
        What to do with an answer that is not a number or lies off the scale: stop, or count
        it as missing (then :func:`survey_answers` gives the answers with those cells
        emptied, and the table lists each item's invalid answers, with the first respondent).

    Returns
    -------
    DataFrame with columns ``check`` and ``count``.

    Raises
    ------
    CRMLibError
        When an answer is not a number or lies outside ``[scale_min, scale_max]`` and
        ``invalid="error"``; the message names the file, the column and the first such
        respondent (the answers' index: the id column, else the 1-based respondent number).

    Examples
    --------
    >>> answers = pd.DataFrame({"sat1": [5, None, 4], "sat2": [3, 2, 1]}, index=["a", "b", "c"])
    >>> survey_cleaning_table(answers, ["sat1", "sat2"], 1, 5)["count"].tolist()
    [3, 1, 0]
    >>> survey_cleaning_table(answers, ["sat1", "sat2"], 2, 5)
    Traceback (most recent call last):
    ...
    crmlib._errors.CRMLibError: the survey: column 'sat2': 1 answer outside the scale 2-5, e.g. respondent 'c' answered 1. Set scale_min/scale_max to the questionnaire's scale, correct the answer in the file, or pass invalid='missing' to count such answers as missing.
    >>> survey_cleaning_table(answers, ["sat1", "sat2"], 2, 5, invalid="missing")["check"].tolist()[-2:]
    ["invalid answers counted as missing: sat2 (e.g. respondent 'c' answered 1)", 'missing answers: sat2']
    """
    if invalid not in ("error", "missing"):
        raise CRMLibError(f"invalid={invalid!r}: use 'error' (stop) or 'missing' (count such answers as missing).")
    rows = [(k, int(v)) for k, v in answers.attrs.get("read_report", {"respondents": len(answers)}).items()]
    for item in items:
        values = pd.to_numeric(answers[item], errors="coerce")
        bad_text = values.isna() & answers[item].notna()
        off_scale = (values < scale_min) | (values > scale_max)
        for mask, problem in ((bad_text, "not a number"), (off_scale, f"outside the scale {scale_min:g}-{scale_max:g}")):
            if mask.any():
                who = mask.idxmax()
                answer = answers.at[who, item]
                answer = repr(answer) if isinstance(answer, str) else f"{answer:g}"
                who = repr(who) if isinstance(who, str) else str(who)
                if invalid == "missing":
                    continue
                raise CRMLibError(
                    f"{source}: column {item!r}: {int(mask.sum())} answer{'s' if mask.sum() > 1 else ''} "
                    f"{problem}, e.g. respondent {who} answered {answer}. Set "
                    "scale_min/scale_max to the questionnaire's scale, correct the answer in the file, or pass "
                    "invalid='missing' to count such answers as missing.")
        bad = bad_text | off_scale
        if bad.any():
            who = bad.idxmax()
            answer = answers.at[who, item]
            answer = repr(answer) if isinstance(answer, str) else f"{answer:g}"
            who = repr(who) if isinstance(who, str) else str(who)
            rows.append((f"invalid answers counted as missing: {item} (e.g. respondent {who} answered {answer})",
                         int(bad.sum())))
        rows.append((f"missing answers: {item}", int((values.isna() | off_scale).sum())))
    return pd.DataFrame(rows, columns=["check", "count"])


def survey_answers(answers: pd.DataFrame, items: Sequence[str], scale_min: float, scale_max: float) -> pd.DataFrame:
    """The Likert *items* as numbers, with answers that are not numbers or lie off the scale
    emptied (``invalid="missing"`` in :func:`survey_cleaning_table`, which counts them).

    Examples
    --------
    >>> answers = pd.DataFrame({"sat1": [5, 9, 4], "sat2": ["agree", 2, 1]})
    >>> survey_answers(answers, ["sat1", "sat2"], 1, 5).to_dict("list")
    {'sat1': [5.0, nan, 4.0], 'sat2': [nan, 2.0, 1.0]}
    """
    values = answers[list(items)].apply(pd.to_numeric, errors="coerce").astype("float64")
    return values.where((values >= scale_min) & (values <= scale_max))
