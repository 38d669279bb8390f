"""Reading a survey for the satisfaction template: items, scales, cleaning, answers (ch5_templates)."""
from __future__ import annotations

import re
from typing import Iterable, Mapping, Sequence

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


def infer_scale(answers: pd.DataFrame, items: Sequence[str], typo_rate: float = 1e-2,
                points: Mapping[str, float] | None = None) -> tuple[float, float]:
    """The answer scale of the Likert *items*: the standard scale that best explains most answers.

    When every item was read from a built-in label set with the same number of *points*
    (item -> points, the ``points`` column of :func:`crmlib.satisfaction.likert_coding`), the
    scale is that set's, 1 to *points*, whatever the answers: a 7-point questionnaire stays 1-7
    when nobody ticked 非常满意.

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
    >>> infer_scale(answers, ["sat2"], points={"sat2": 7})
    (1.0, 7.0)
    """
    if points is not None:
        known = pd.Series(points, dtype="float64").reindex(list(items))
        if known.notna().all() and known.nunique() == 1:
            return 1.0, float(known.iloc[0])
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
                          source: str = "the survey", invalid: str = "error", *,
                          read_report: Mapping[str, int] | None = None) -> pd.DataFrame:
    """Account for every row and answer of a survey, and refuse answers off the scale.

    The first rows are *read_report* (from ``read_table(..., return_report=True)``): rows in the
    file = blank rows + title rows + the header + respondents; without it, the respondents only.
    Then, per Likert item, the missing answers, which the analyses leave out item by item (no
    respondent is dropped).

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
    read_report : dict, optional
        The row counts of the file, as returned by ``read_table(path, return_report=True)``.

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
    rows = [(k, int(v)) for k, v in (read_report if read_report is not None else {"respondents": len(answers)}).items()]
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


#: Usual header names of the survey template's special columns (compared trimmed and in lower case),
#: in order of preference; a name given explicitly always wins.
SURVEY_COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "respondent_id": ("respondent_id", "respondent", "id", "编号", "序号", "问卷编号"),
    "overall": ("overall", "overall_satisfaction", "总体满意度", "整体满意度"),
    "recommend": ("nps", "recommend", "likelihood_to_recommend", "推荐意愿"),
}

#: The NPS question as survey tools export its header ("How likely are you to recommend us to a
#: friend?", "您向朋友推荐我们的可能性有多大？"): a recommend column when no usual name is found and
#: its answers are numbers from 0 to 10.
RECOMMEND_QUESTION = re.compile(r"likel\w*\b.*\brecommend|recommend\w*\b.*\blikel|推荐.*(可能|意愿|几率|概率)"
                                r"|(可能|意愿).*推荐", re.IGNORECASE)


def survey_columns(answers: pd.DataFrame, columns: Mapping[str, str] | None = None, *,
                   overall: str | None = None, recommend: str | None = None) -> dict[str, str | None]:
    """The respondent id, overall-satisfaction and recommend columns of a survey, or None.

    For each role of :data:`SURVEY_COLUMN_NAMES` the column is the one named explicitly
    (*overall*, *recommend*, else ``columns[role]``), else the first column with a usual name;
    else the recommend column is the first whose header asks the NPS question
    (:data:`RECOMMEND_QUESTION`, e.g. "您向朋友推荐我们的可能性有多大？") with answers from 0 to 10.

    Raises
    ------
    CRMLibError
        When a column named explicitly is not in the survey.

    Examples
    --------
    >>> answers = pd.DataFrame(columns=["编号", "sat1", "sat2", " NPS ", "总分"])
    >>> survey_columns(answers)
    {'respondent_id': '编号', 'overall': None, 'recommend': ' NPS '}
    >>> survey_columns(answers, {"overall": "总分"})["overall"]
    '总分'
    >>> survey_columns(pd.DataFrame({"How likely are you to recommend us?": [10, 0], "q": [1, 2]}))["recommend"]
    'How likely are you to recommend us?'
    """
    columns = dict(columns or {})
    given = {"respondent_id": None, "overall": overall, "recommend": recommend}
    lower = {}
    for c in answers.columns:
        lower.setdefault(str(c).strip().lower(), c)
    found: dict[str, str | None] = {}
    for role, names in SURVEY_COLUMN_NAMES.items():
        name = given[role] or columns.get(role)
        if name:
            if name not in answers.columns:
                raise CRMLibError(f"{role} column {name!r} is not in the survey; columns: {list(answers.columns)}.")
            found[role] = name
        else:
            found[role] = next((lower[n] for n in names if n in lower), None)
    if found["recommend"] is None and not (recommend or columns.get("recommend")):
        found["recommend"] = next((c for c in answers.columns if RECOMMEND_QUESTION.search(str(c))
                                   and _zero_to_ten(answers[c])), None)
    return found


def _zero_to_ten(values: pd.Series) -> bool:
    """Whether most answers are numbers and all of them lie in 0-10 (the recommend question's scale)."""
    numbers = pd.to_numeric(values, errors="coerce").dropna()
    return len(numbers) > 0 and len(numbers) >= 0.5 * values.notna().sum() and bool(numbers.between(0, 10).all())


def survey_blocks(answers: pd.DataFrame, blocks: Mapping[str, Sequence[str]] | None = None, *,
                  exclude: Iterable[str] = (), importance_prefix: str = "IMP_",
                  scales: Mapping[str, str] | None = None) -> dict[str, list[str]]:
    """The blocks of Likert items to analyse: *blocks* as given, else found by name (:func:`survey_items`).

    *scales* maps the columns whose answers were read from text labels to their label set (the
    ``scale`` column of :func:`crmlib.satisfaction.likert_coding`): those not found by name are
    items too, one block per label set (``satisfaction-5``: the 问卷星 export's 产品质量, 送货速度 …).

    Raises
    ------
    CRMLibError
        When there is no item at all, saying how to name the items or pass *blocks*.

    Examples
    --------
    >>> answers = pd.DataFrame({"sat1": [5, 4], "sat2": [3, 3], "overall": [4, 4]})
    >>> survey_blocks(answers, exclude=["overall"])
    {'sat': ['sat1', 'sat2']}
    >>> survey_blocks(answers[["overall"]])
    Traceback (most recent call last):
    ...
    crmlib._errors.CRMLibError: No Likert items found in ['overall']: name them with a prefix and a number (sat1, sat2, ...) or pass blocks={'Block': ['col1', 'col2']}.
    >>> survey_blocks(answers.rename(columns={"sat1": "质量", "sat2": "速度"}), scales={"质量": "satisfaction-5", "速度": "satisfaction-5"})
    {'satisfaction-5': ['质量', '速度']}
    """
    if blocks is None:  # a question with a stray word ('agree') stays an item: the cleaning check names it
        found = survey_items(answers, exclude=exclude, importance_prefix=importance_prefix)
        named = {c for v in found.values() for c in v} | set(exclude)
        by_scale: dict[str, list[str]] = {}
        for c, scale in ({} if scales is None else dict(scales)).items():
            if c not in named and not str(c).startswith(("KF_", "KD_", importance_prefix)):
                by_scale.setdefault(str(scale), []).append(c)
        found.update({b: v for b, v in by_scale.items() if len(v) >= 2 and b not in found})
    else:
        found = {str(b): list(v) for b, v in blocks.items()}
    if not any(found.values()):
        raise CRMLibError(
            f"No Likert items found in {list(answers.columns)}: name them with a prefix and a number "
            "(sat1, sat2, ...) or pass blocks={'Block': ['col1', 'col2']}.")
    return found


def survey_label_checks(coding: pd.DataFrame) -> pd.DataFrame:
    """Rows for the cleaning table (``check``, ``count``): the answers read from text labels, per
    column with its label set and mapping, and the labels counted as missing.

    *coding* is :func:`crmlib.satisfaction.likert_coding`'s table.

    Examples
    --------
    >>> from crmlib.satisfaction import likert_coding
    >>> coding = likert_coding(pd.DataFrame({"q": ["同意", "不同意", "还行"]}), invalid="missing")
    >>> survey_label_checks(coding).to_dict("list")["count"]
    [2, 1]
    """
    rows = []
    for item, r in coding.iterrows():
        rows.append((f"answers read from labels: {item} ({r['scale']}: {r['mapping']})", int(r["answers"])))
        if r["invalid"]:
            rows.append((f"labels not read, counted as missing: {item} (e.g. {r['example']})", int(r["invalid"])))
    return pd.DataFrame(rows, columns=["check", "count"])


def survey_index(likert: pd.DataFrame, blocks: Mapping[str, Sequence[str]], scale_min: float,
                 scale_max: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Each respondent's 0-100 index per block, and the table of the blocks' and the overall index.

    A respondent's block score is the mean of the block's answered items, rescaled from the
    answer scale to 0-100 (:func:`crmlib.satisfaction.rescale_to_100`); the overall index of a
    respondent is the mean of the blocks.

    Returns
    -------
    ``(per_respondent, table)``: respondents x blocks, and a table indexed by block (plus
    ``"overall index"``) with the ``index`` (mean), ``std`` and ``count`` of respondents.

    Examples
    --------
    >>> likert = pd.DataFrame({"s1": [5, 1], "s2": [3, 1], "v1": [4, 2], "v2": [4, None]})
    >>> people, table = survey_index(likert, {"S": ["s1", "s2"], "V": ["v1", "v2"]}, 1, 5)
    >>> people.to_dict("list")
    {'S': [75.0, 0.0], 'V': [75.0, 25.0]}
    >>> table["index"].to_dict()
    {'S': 37.5, 'V': 50.0, 'overall index': 43.75}
    """
    from ..satisfaction import rescale_to_100  # noqa: PLC0415

    scores = pd.DataFrame({b: likert[list(v)].mean(axis=1) for b, v in blocks.items()})
    per_respondent = rescale_to_100(scores, scale_min, scale_max)
    table = per_respondent.agg(["mean", "std", "count"]).T.rename(columns={"mean": "index"}).rename_axis("block")
    overall = per_respondent.mean(axis=1)
    table.loc["overall index"] = [overall.mean(), overall.std(), overall.count()]
    return per_respondent, table


def survey_ipa(answers: pd.DataFrame, likert: pd.DataFrame, blocks: Mapping[str, Sequence[str]], *,
               overall: str | None = None, importance_prefix: str = "IMP_") -> tuple[pd.DataFrame | None, str]:
    """Importance-performance analysis of the survey's items, with the importance it has.

    Stated importance wins: the items with an ``<importance_prefix><item>`` column are analysed
    with the mean of that column as importance. Otherwise, with an *overall* satisfaction
    column, importance is derived (its correlation with each item, over the respondents who
    answered everything). Otherwise there is no IPA. Items of a block that holds *overall* are
    left out (an item cannot explain itself).

    Returns
    -------
    ``(ipa, message)``: the table of :func:`crmlib.satisfaction.importance_performance` (None when
    skipped) and one sentence saying which importance was used, or why the IPA was skipped.

    Examples
    --------
    >>> answers = pd.DataFrame({"q1": [5, 3, 4], "q2": [2, 3, 1], "IMP_q1": [9, 7, 8], "IMP_q2": [2, 4, 3]})
    >>> ipa, message = survey_ipa(answers, answers[["q1", "q2"]].astype(float), {"q": ["q1", "q2"]})
    >>> ipa[["importance", "performance"]].to_dict("list"), message
    ({'importance': [8.0, 3.0], 'performance': [4.0, 2.0]}, 'IPA of 2 items with stated importance (IMP_<item> columns)')
    """
    from ..satisfaction import importance_performance  # noqa: PLC0415

    items = [c for v in blocks.values() if overall is None or overall not in v for c in v]
    stated = [c for c in items if f"{importance_prefix}{c}" in answers.columns]
    if stated:
        importance = answers[[f"{importance_prefix}{c}" for c in stated]].mean().set_axis(stated)
        return (importance_performance(likert[stated], importance=importance),
                f"IPA of {len(stated)} items with stated importance ({importance_prefix}<item> columns)")
    if overall is not None and items:
        rows = answers[[overall]].join(likert[items]).dropna()
        return (importance_performance(rows[items], overall=rows[overall]),
                f"IPA with importance derived from the correlation with {overall!r}")
    return None, ("IPA skipped: give an overall-satisfaction column (overall=...) or stated importance columns "
                  f"{importance_prefix}<item>.")


def survey_nps(answers: pd.DataFrame, recommend: str | None) -> tuple[pd.DataFrame | None, str]:
    """The Net Promoter Score table of the 0-10 *recommend* column, or why there is none.

    Answers that are not numbers count as not answered. A column with answers outside 0-10 is
    not a recommend question on the NPS scale: the NPS is skipped and the message says so.

    Returns
    -------
    ``(nps, message)``: :func:`crmlib.satisfaction.net_promoter_score` as a one-column table
    ``nps`` (None when skipped), and the message ("" when computed).

    Examples
    --------
    >>> answers = pd.DataFrame({"NPS": [10, 9, 8, 3, "n/a"]})
    >>> table, _ = survey_nps(answers, "NPS")
    >>> round(float(table.loc["nps", "nps"]), 1)
    25.0
    >>> survey_nps(answers.assign(NPS=[1, 2, 3, 4, 11]), "NPS")[1]
    "NPS skipped: 'NPS' has answers outside 0-10."
    """
    from ..satisfaction import net_promoter_score  # noqa: PLC0415

    if recommend is None:
        return None, "NPS skipped: no 0-10 recommend column (pass recommend=... or name it NPS/recommend)."
    scores = pd.to_numeric(answers[recommend], errors="coerce").dropna()
    if ((scores < 0) | (scores > 10)).any():
        return None, f"NPS skipped: {recommend!r} has answers outside 0-10."
    return net_promoter_score(scores).to_frame(), ""


def kano_pairs(answers: pd.DataFrame, *, functional: str = "KF_", dysfunctional: str = "KD_"
               ) -> dict[str, tuple[str, str]]:
    """The Kano questions of a survey: feature -> (functional, dysfunctional) columns.

    A feature is asked twice, ``KF_<feature>`` (how do you feel if it is there) and
    ``KD_<feature>`` (if it is not); a column without its pair is not a Kano question.

    Examples
    --------
    >>> kano_pairs(pd.DataFrame(columns=["KF_app", "KD_app", "KF_wifi", "sat1"]))
    {'app': ('KF_app', 'KD_app')}
    """
    names = {str(c) for c in answers.columns}
    return {c[len(functional):]: (c, dysfunctional + c[len(functional):]) for c in map(str, answers.columns)
            if c.startswith(functional) and dysfunctional + c[len(functional):] in names}
