"""Survey scales and reliability: reverse coding, Likert distributions, top box, Cronbach's alpha, item statistics (ch4_survey_reliability).

Also Likert answers exported as text labels: Google Forms, SurveyMonkey, Qualtrics and 问卷星
(Wenjuanxing) export the label a respondent ticked (非常满意, "Strongly agree"), not its number.
:func:`likert_codes` reads such answers with the built-in label sets of :data:`LIKERT_LABELS` (or
the user's own labels) and :func:`likert_coding` says which set each column was read with, so that
a report can show the mapping it used.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd

from .._errors import CRMLibError
from .._validate import numeric_columns


def reverse_code(data: pd.DataFrame, items: Sequence[str], scale_min: float, scale_max: float) -> pd.DataFrame:
    """Reverse-code negatively worded items: x' = min + max - x.

    Parameters
    ----------
    data : survey answers, one column per item.
    items : the negatively worded items to reverse.
    scale_min, scale_max : the ends of the answer scale (e.g. 1 and 7).

    Returns
    -------
    A new DataFrame; other columns are unchanged.

    Examples
    --------
    >>> df = pd.DataFrame({"q1": [1, 5], "q2r": [2, 7]})
    >>> reverse_code(df, ["q2r"], 1, 7)["q2r"].tolist()
    [6, 1]
    """
    x = numeric_columns(data, items, what="The survey")
    if ((x < scale_min) | (x > scale_max)).any().any():
        raise CRMLibError(f"Some answers in {list(items)} fall outside {scale_min}..{scale_max}; check the scale.")
    out = data.copy()
    for c in items:
        out[c] = scale_min + scale_max - data[c]
    return out


def likert_distribution(data: pd.DataFrame, levels: Sequence[int] | None = None) -> pd.DataFrame:
    """Share of answers at each scale level, per item (rows = items, columns = levels).

    Examples
    --------
    >>> df = pd.DataFrame({"q": [1, 2, 2, 5]})
    >>> likert_distribution(df, levels=range(1, 6)).loc["q"].tolist()
    [0.25, 0.5, 0.0, 0.0, 0.25]
    """
    x = numeric_columns(data, what="The survey")
    if levels is None:
        levels = sorted(pd.unique(x.to_numpy().ravel()[~np.isnan(x.to_numpy().ravel())]))
    levels = [int(v) for v in levels]
    out = pd.DataFrame({lv: (x == lv).sum() / x.notna().sum() for lv in levels})
    out.columns.name = "level"
    return out


def top_box(data: pd.DataFrame, scale_max: int, boxes: int = 2) -> pd.Series:
    """Share of answers in the top *boxes* categories (top-2-box by default).

    Examples
    --------
    >>> df = pd.DataFrame({"q": [5, 4, 3, 1]})
    >>> top_box(df, scale_max=5).tolist()
    [0.5]
    """
    x = numeric_columns(data, what="The survey")
    return ((x > scale_max - boxes).sum() / x.notna().sum()).rename(f"top{boxes}box")


def cronbach_alpha(data: pd.DataFrame) -> float:
    """Cronbach's alpha of a set of items (rows with a missing answer are dropped).

    alpha = k / (k - 1) * (1 - sum of item variances / variance of the total score).

    References
    ----------
    Cronbach (1951), "Coefficient alpha and the internal structure of tests", Psychometrika 16(3).

    Examples
    --------
    >>> df = pd.DataFrame({"a": [1, 2, 3, 4], "b": [2, 2, 4, 4], "c": [1, 3, 3, 5]})
    >>> round(cronbach_alpha(df), 4)
    0.9333
    """
    x = numeric_columns(data, what="The survey").dropna()
    k = x.shape[1]
    if k < 2:
        raise CRMLibError("Cronbach's alpha needs at least two items.")
    total_var = x.sum(axis=1).var(ddof=1)
    if total_var == 0:
        raise CRMLibError("The total score does not vary; alpha is undefined.")
    return float(k / (k - 1) * (1 - x.var(ddof=1).sum() / total_var))


def alpha_if_item_dropped(data: pd.DataFrame) -> pd.Series:
    """Cronbach's alpha of the scale with each item left out in turn.

    Examples
    --------
    >>> df = pd.DataFrame({"a": [1, 2, 3, 4], "b": [2, 2, 4, 4], "c": [1, 3, 3, 5]})
    >>> alpha_if_item_dropped(df).round(4).to_dict()
    {'a': 0.8, 'b': 0.96, 'c': 0.9412}
    """
    x = numeric_columns(data, what="The survey")
    if x.shape[1] < 3:
        raise CRMLibError("Alpha-if-dropped needs at least three items (two must remain).")
    return pd.Series({c: cronbach_alpha(x.drop(columns=c)) for c in x.columns}, name="alpha_if_dropped")


def item_total_correlation(data: pd.DataFrame, corrected: bool = True) -> pd.Series:
    """Correlation of each item with the total score.

    Parameters
    ----------
    corrected : if True (the default) the total leaves the item itself out, so an item
        does not correlate with itself.

    Examples
    --------
    >>> df = pd.DataFrame({"a": [1, 2, 3, 4], "b": [2, 2, 4, 4], "c": [1, 3, 3, 5]})
    >>> item_total_correlation(df).round(4).to_dict()
    {'a': 1.0, 'b': 0.8, 'c': 0.8575}
    """
    x = numeric_columns(data, what="The survey").dropna()
    total = x.sum(axis=1)
    out = {c: x[c].corr(total - x[c] if corrected else total) for c in x.columns}
    return pd.Series(out, name="item_total_r")


def item_statistics(data: pd.DataFrame, scale_max: int, boxes: int = 2) -> pd.DataFrame:
    """Per-item summary: n, mean, sd, median, top-box share, corrected item-total r.

    Examples
    --------
    >>> df = pd.DataFrame({"a": [1, 2, 3, 4], "b": [2, 2, 4, 4], "c": [1, 3, 3, 5]})
    >>> item_statistics(df, scale_max=5).loc["c", ["mean", "top2box"]].tolist()
    [3.0, 0.25]
    """
    x = numeric_columns(data, what="The survey")
    out = pd.DataFrame({
        "n": x.notna().sum(), "mean": x.mean(), "sd": x.std(ddof=1), "median": x.median(),
        f"top{boxes}box": top_box(x, scale_max, boxes),
    })
    if x.shape[1] >= 2:
        out["item_total_r"] = item_total_correlation(x)
    return out


def reliability_table(data: pd.DataFrame, blocks: Mapping[str, Sequence[str]]) -> pd.DataFrame:
    """Cronbach's alpha and the number of items of each block (scale) of a survey.

    Examples
    --------
    >>> df = pd.DataFrame({"a": [1, 2, 3, 4], "b": [2, 2, 4, 4], "c": [1, 3, 3, 5]})
    >>> reliability_table(df, {"S": ["a", "b", "c"]}).round(4).to_dict("index")
    {'S': {'items': 3.0, 'alpha': 0.9333}}
    """
    rows = {}
    for name, items in blocks.items():
        rows[name] = {"items": len(items), "alpha": cronbach_alpha(data[list(items)]) if len(items) > 1 else np.nan}
    return pd.DataFrame(rows).T.astype(float)


# ------------------------------------------------------------------------------------------
# Likert answers given as text labels
# ------------------------------------------------------------------------------------------

def _levels(*points: str) -> dict[str, int]:
    """{label: point} from one string per point, its spellings separated by '|'."""
    return {label: i for i, spellings in enumerate(points, start=1) for label in spellings.split("|")}


#: Built-in label sets: name -> {label: scale point}. Each set is one answer scale, in Chinese and
#: English (the labels of the usual survey tools' defaults). A column is read with ONE set.
LIKERT_LABELS: dict[str, dict[str, int]] = {
    "satisfaction-5": _levels(
        "非常不满意|很不满意|very dissatisfied", "不满意|dissatisfied",
        "一般|neutral|neither satisfied nor dissatisfied", "满意|satisfied", "非常满意|很满意|very satisfied"),
    "satisfaction-7": _levels(
        "非常不满意|很不满意|very dissatisfied", "不满意|dissatisfied",
        "比较不满意|有点不满意|somewhat dissatisfied|slightly dissatisfied",
        "一般|neutral|neither satisfied nor dissatisfied",
        "比较满意|有点满意|somewhat satisfied|slightly satisfied", "满意|satisfied",
        "非常满意|很满意|very satisfied"),
    "agreement-5": _levels(
        "非常不同意|完全不同意|strongly disagree", "不同意|disagree",
        "一般|中立|不确定|neutral|neither agree nor disagree|undecided|not sure", "同意|agree",
        "非常同意|完全同意|strongly agree"),
    "agreement-7": _levels(
        "非常不同意|完全不同意|strongly disagree", "不同意|disagree",
        "比较不同意|有点不同意|somewhat disagree|slightly disagree",
        "一般|中立|不确定|neutral|neither agree nor disagree|undecided|not sure",
        "比较同意|有点同意|somewhat agree|slightly agree", "同意|agree", "非常同意|完全同意|strongly agree"),
    "frequency-5": _levels("从不|从来没有|never", "很少|偶尔|rarely", "有时|sometimes", "经常|often",
                           "总是|always"),
    "likelihood-5": _levels("非常不可能|very unlikely", "不太可能|不可能|unlikely", "不确定|neutral|not sure",
                            "可能|比较可能|likely", "非常可能|very likely"),
    "importance-5": _levels("非常不重要|not at all important", "不重要|slightly important",
                            "一般|moderately important", "重要|very important", "非常重要|extremely important"),
}

#: The name :func:`likert_coding` gives to columns whose text answers all carry their number
#: ("5 非常满意", "5 - Very satisfied").
NUMBERED = "numbers in the answers"
#: The name of the user's own labels (``labels=``) in :func:`likert_coding`.
USER_LABELS = "labels given"

_LEADING_NUMBER = re.compile(r"^\(?([+-]?\d+(?:\.\d+)?)\)?\s*([-–—.:=、)]?)\s*(\S.*)$")
_TRAILING_NUMBER = re.compile(r"^(.*\S)\s*\(([+-]?\d+(?:\.\d+)?)\)$")


def _label_key(text: str) -> str:
    """A label as compared: full-width forms folded (NFKC), case folded, spaces normalised.

    Spaces next to a Chinese character are dropped ("非常 满意" is "非常满意"); trailing
    punctuation ("满意。") too.
    """
    key = unicodedata.normalize("NFKC", text).casefold()
    key = re.sub(r"\s+", " ", key).strip().rstrip(".。!！")
    return re.sub(r"(?<=[^\x00-\x7f]) | (?=[^\x00-\x7f])", "", key)


def _number_in(key: str, known: set[str] | None = None) -> float | None:
    """The number an answer states: '5', '5 非常满意', '5 - very satisfied', 'very satisfied (5)'.

    A number followed by text without a separator counts only when the text is a known label
    (*known*; None: any text), so that '3个月以上' or '3 months' is not read as 3.
    """
    try:
        return float(key)
    except ValueError:
        pass
    m = _LEADING_NUMBER.match(key)
    if m and (m.group(2) or known is None or m.group(3) in known):
        return float(m.group(1))
    m = _TRAILING_NUMBER.match(key)
    return float(m.group(2)) if m else None


def _sets(labels: Mapping[str, float] | None, scales: Sequence[str] | None
          ) -> tuple[dict[str, float], dict[str, dict[str, tuple[int, str]]]]:
    """The user's labels and the allowed built-in sets, keyed by :func:`_label_key`."""
    if scales is None:
        scales = list(LIKERT_LABELS)
    unknown = [s for s in scales if s not in LIKERT_LABELS]
    if unknown:
        raise CRMLibError(f"Unknown label set(s) {unknown}; choose from {list(LIKERT_LABELS)}.")
    user = {}
    for label, point in dict(labels or {}).items():
        try:
            user[_label_key(str(label))] = float(point)
        except (TypeError, ValueError):
            raise CRMLibError(f"labels: the scale point of {label!r} must be a number, got {point!r}; "
                              "e.g. labels={'很好': 5, '好': 4}.") from None
    sets = {name: {_label_key(lb): (pt, lb) for lb, pt in LIKERT_LABELS[name].items()} for name in scales}
    return user, sets


def _who(index: Any) -> str:
    return repr(index) if isinstance(index, str) else str(index)


def _code_column(values: pd.Series, user: dict[str, float], sets: dict[str, dict[str, tuple[int, str]]],
                 prefer: Sequence[str], invalid: str, source: str, known: set[str] | None
                 ) -> tuple[pd.Series, dict[str, Any]]:
    """One column's answers as numbers, and how they were read (see :func:`likert_coding`).

    *known*: the labels after which a number without separator is read (None: any text).
    """
    # each distinct answer is parsed once (a survey repeats a handful of labels many times);
    # answers are placed by position, as respondent ids need not be unique
    obj = values.to_numpy(dtype=object)
    is_text = np.fromiter((isinstance(v, str) for v in obj), bool, len(obj))
    codes = pd.to_numeric(pd.Series(np.where(is_text, None, obj), dtype=object), errors="coerce").to_numpy(float, copy=True)
    pos = np.flatnonzero(is_text)
    idx, distinct = pd.factorize(pd.Series(obj[pos], dtype=object))
    number_of = np.full(len(distinct), np.nan)
    numbered_text = np.zeros(len(distinct), bool)
    key_of: list[str | None] = [None] * len(distinct)
    for j, answer in enumerate(distinct):
        key = _label_key(answer)
        number = _number_in(key, known) if key else None
        if number is not None:
            number_of[j], numbered_text[j] = number, _safe_float(answer) is None
        elif key:
            key_of[j] = key
    numbers = number_of[idx]
    codes[pos[~np.isnan(numbers)]] = numbers[~np.isnan(numbers)]
    numbered = int(numbered_text[idx].sum())
    is_label = np.array([k is not None for k in key_of], bool)[idx]
    label_pos, label_idx = pos[is_label], idx[is_label]
    counts: dict[str, int] = {}  # label key -> answers (spellings that differ in case or width share a key)
    for j, n in enumerate(np.bincount(label_idx, minlength=len(distinct))):
        if n:
            counts[key_of[j]] = counts.get(key_of[j], 0) + int(n)
    info: dict[str, Any] = {"scale": NUMBERED if numbered else None, "mapping": {}, "answers": numbered,
                            "invalid": 0, "example": ""}
    if not counts:
        return pd.Series(codes, index=values.index), info
    rest = set(counts) - user.keys()
    fits = [name for name, s in sets.items() if rest <= s.keys()]
    if fits:  # a set the survey's other columns use wins, then the shorter scale (5 before 7 points)
        points = {n: len({p for p, _ in sets[n].values()}) for n in sets}
        chosen = min(fits, key=lambda n: (n not in prefer, points[n] not in {points[m] for m in prefer}, points[n]))
    else:
        partial = [name for name, s in sets.items() if rest & s.keys()]  # the set most answers are from
        chosen = max(partial, key=lambda n: sum(c for k, c in counts.items() if k in sets[n]), default=None)
    table = {k: (float(p), lb) for k, (p, lb) in (sets[chosen].items() if chosen else ())}
    table.update({k: (p, k) for k, p in user.items()})
    point_of = np.array([table[k][0] if k in table else np.nan for k in key_of], float)
    read = ~np.isnan(point_of[label_idx])
    bad = label_pos[~read]
    if bad.size:
        who, answer = values.index[bad[0]], values.iloc[bad[0]]
        other = next((n for n, s in sets.items() if _label_key(answer) in s), None)
        if invalid != "missing":
            if other is None or chosen is None:
                problem = "not a known Likert label"
            else:
                problem = f"from the {other!r} scale while the others are from the {chosen!r} scale"
            raise CRMLibError(
                f"{source}: column {values.name!r}: {len(bad)} answer{'s' if len(bad) > 1 else ''} {problem}, "
                f"e.g. respondent {_who(who)} answered {answer!r}. A column is read with one label set "
                f"({', '.join(LIKERT_LABELS)}); pass labels={{{answer!r}: <scale point>, ...}} to say what each "
                "label means, correct the answer in the file, or pass invalid='missing' to count such answers "
                "as missing.")
        info.update(invalid=len(bad), example=f"respondent {_who(who)} answered {answer!r}")
    codes[label_pos[read]] = point_of[label_idx[read]]
    used = set(counts) & table.keys()
    from_set = used - user.keys()
    if not used:  # invalid="missing" and not one known label: nothing was read from labels
        info["scale"] = NUMBERED if numbered else "no known label"
    elif chosen is None or not from_set:
        info["scale"] = USER_LABELS
    else:
        info["scale"] = chosen if not used & user.keys() else f"{chosen} + {USER_LABELS}"
    info["mapping"] = _mapping(sets.get(chosen, {}) if from_set else {}, from_set, {k: user[k] for k in used & user.keys()})
    info["answers"] = numbered + int(read.sum())
    return pd.Series(codes, index=values.index), info


def _mapping(labelset: dict[str, tuple[int, str]], used: set[str], user: dict[str, float]) -> dict[str, float]:
    """Label -> point as shown in a report: every point of the set, in the spellings the answers used
    (else the set's first spelling in the answers' script), then the user's labels that were used."""
    ascii_answers = sum(k.isascii() for k in used) * 2 > len(used)
    by_point: dict[int, list[tuple[str, str]]] = {}
    for key, (point, label) in labelset.items():
        by_point.setdefault(point, []).append((key, label))
    shown: dict[str, float] = {}
    for point in sorted(by_point):
        met = [label for key, label in by_point[point] if key in used]
        same_script = [label for _, label in by_point[point] if label.isascii() == ascii_answers]
        for label in met or same_script[:1] or [by_point[point][0][1]]:
            shown[label] = float(point)
    shown.update(user)
    return dict(sorted(shown.items(), key=lambda kv: kv[1]))


def _safe_float(text: str) -> float | None:
    try:
        return float(unicodedata.normalize("NFKC", text))
    except ValueError:
        return None


def _label_columns(answers: pd.DataFrame, user: dict[str, float], sets: dict[str, dict[str, tuple[int, str]]]
                   ) -> list[str]:
    """Columns whose text answers are mostly labels of the allowed sets, user labels or numbered."""
    known = set(user).union(*(s.keys() for s in sets.values()))
    out = []
    for c in answers.columns:
        text = _text_counts(answers[c])
        # plain numbers do not count: one 'agree' among numbers is a stray answer, not a label column
        labelled = sum(n for answer, n in text.items() if (key := _label_key(answer)) in known
                       or (_number_in(key, known) is not None and _safe_float(answer) is None))
        if text.sum() and labelled >= 0.5 * text.sum():
            out.append(c)
    return out


def _text_counts(values: pd.Series, blank: bool = False) -> pd.Series:
    """How often each distinct text answer is given (the blank ones only when *blank*)."""
    counts = values.value_counts()
    return counts[[isinstance(v, str) and (not v.strip()) == blank for v in counts.index]]


def _mostly_text(values: pd.Series) -> bool:
    """Whether at least half of the given answers are text other than a plain number."""
    text = _text_counts(values)
    given = int(values.notna().sum()) - int(_text_counts(values, blank=True).sum())
    words = sum(n for answer, n in text.items() if _safe_float(answer) is None)
    return words > 0 and words >= 0.5 * given


def _coding(answers: pd.DataFrame, items: Sequence[str] | None, labels: Mapping[str, float] | None,
            scales: Sequence[str] | None, invalid: str, source: str
            ) -> tuple[dict[str, pd.Series], dict[str, dict[str, Any]]]:
    if invalid not in ("error", "missing"):
        raise CRMLibError(f"invalid={invalid!r}: use 'error' (stop) or 'missing' (count such answers as missing).")
    if not isinstance(answers, pd.DataFrame):
        raise CRMLibError(f"Expected the survey answers as a pandas DataFrame, got {type(answers).__name__}.")
    user, sets = _sets(labels, scales)
    given = items is not None
    items = list(items) if given else _label_columns(answers, user, sets)
    known = None if given else set(user).union(*(s.keys() for s in sets.values()))
    missing = [c for c in items if c not in answers.columns]
    if missing:
        raise CRMLibError(f"{source}: no column {missing[0]!r} (columns: {list(answers.columns)}).")
    if given:  # a column of numbers with a stray word ('agree') is left to the numeric checks: no guess
        items = [c for c in items if _mostly_text(answers[c])]
    # the set of a column whose labels fit both the 5- and the 7-point scale is the one the
    # survey's unambiguous columns use, so that one questionnaire is read with one scale
    prefer: list[str] = []
    for c in items:
        text = {_label_key(v) for v in _text_counts(answers[c]).index} - set(user)
        fits = [n for n, s in sets.items() if text and text <= s.keys()]
        if len({tuple(sorted((k, s[k][0]) for k in text)) for s in (sets[n] for n in fits)}) == 1:
            prefer += fits
    codes, infos = {}, {}
    for c in items:
        codes[c], infos[c] = _code_column(answers[c], user, sets, prefer, invalid, source, known)
    return codes, infos


def likert_codes(answers: pd.DataFrame, items: Sequence[str] | None = None, *,
                 labels: Mapping[str, float] | None = None, scales: Sequence[str] | None = None,
                 invalid: str = "error", source: str = "the survey") -> pd.DataFrame:
    """The survey with its Likert answers given as text labels read as scale points.

    Each column is read with ONE label set of :data:`LIKERT_LABELS` (5- and 7-point satisfaction
    and agreement, frequency, likelihood, importance; Chinese and English): the set that holds
    all its labels. When both a 5- and a 7-point set hold them, the set the survey's other
    columns need wins, else the 5-point one (:func:`likert_coding` shows the choice). Labels are
    compared ignoring case, full-width forms and spaces. An answer that states its number
    (``"5 非常满意"``, ``"5 - Very satisfied"``, ``"Very satisfied (5)"``) is that number.

    Parameters
    ----------
    answers : DataFrame
        One row per respondent (index: respondent ids, used in messages).
    items : sequence of str, optional
        The columns to read; a column whose answers are mostly plain numbers is left as it is
        (a stray word among numbers is not a label to guess). Default: every column whose text
        answers are mostly known labels or numbered answers (other columns, e.g. 性别 or
        comments, are left as they are).
    labels : mapping, optional
        Your own labels, ``{"很好": 5, "好": 4, ...}``; they win over the built-in ones.
    scales : sequence of str, optional
        The built-in sets allowed (names of :data:`LIKERT_LABELS`), e.g. ``["satisfaction-7"]``
        for a 7-point questionnaire. Default: all.
    invalid : ``"error"`` (default) or ``"missing"``
        An answer that is not a known label, or a label of another set than the rest of its
        column: stop, or count it as missing.
    source : str
        The file name used in messages.

    Returns
    -------
    A copy of *answers* with the *items* as float columns; other columns are unchanged.

    Raises
    ------
    CRMLibError
        When an answer is an unknown label or mixes label sets (``invalid="error"``): the message
        names the file, the column, the answer and the respondent.

    Examples
    --------
    >>> answers = pd.DataFrame({"产品质量": ["满意", "非常满意", "一般"], "q2": ["Strongly agree", "Agree", "Disagree"],
    ...                         "备注": ["好", "快", "慢"]})
    >>> likert_codes(answers).to_dict("list")
    {'产品质量': [4.0, 5.0, 3.0], 'q2': [5.0, 4.0, 2.0], '备注': ['好', '快', '慢']}
    >>> likert_codes(pd.DataFrame({"q": ["5 - Very satisfied", "２ 不满意", "很好"]}), labels={"很好": 5})["q"].tolist()
    [5.0, 2.0, 5.0]
    >>> likert_codes(pd.DataFrame({"q": ["满意", "同意"]}, index=[1, 2]), source="wjx.csv")
    Traceback (most recent call last):
    ...
    crmlib._errors.CRMLibError: wjx.csv: column 'q': 1 answer from the 'agreement-5' scale while the others are from the 'satisfaction-5' scale, e.g. respondent 2 answered '同意'. A column is read with one label set (satisfaction-5, satisfaction-7, agreement-5, agreement-7, frequency-5, likelihood-5, importance-5); pass labels={'同意': <scale point>, ...} to say what each label means, correct the answer in the file, or pass invalid='missing' to count such answers as missing.
    """
    codes, _ = _coding(answers, items, labels, scales, invalid, source)
    out = answers.copy()
    for c, values in codes.items():
        out[c] = values
    return out


def likert_coding(answers: pd.DataFrame, items: Sequence[str] | None = None, *,
                  labels: Mapping[str, float] | None = None, scales: Sequence[str] | None = None,
                  invalid: str = "error", source: str = "the survey") -> pd.DataFrame:
    """How :func:`likert_codes` reads each column with text answers: the label set and its mapping.

    Parameters are those of :func:`likert_codes`.

    Returns
    -------
    DataFrame indexed by ``item`` (only the columns that had text answers read as numbers), with
    ``scale`` (the label set's name, ``"labels given"`` or ``"numbers in the answers"``),
    ``mapping`` (``"非常不满意=1, 不满意=2, …"``: the points of the set, with the spellings met),
    ``answers`` (answers read from text), ``invalid`` (answers counted as missing), ``example``
    (the first of those) and ``points`` (the number of points of a built-in set, so the scale is
    1 to ``points``; NaN for the user's labels and numbered answers).

    Examples
    --------
    >>> answers = pd.DataFrame({"产品质量": ["满意", "非常满意"], "price": ["Very satisfied", "5"]})
    >>> likert_coding(answers)[["scale", "mapping", "answers"]].to_dict("index")["产品质量"]
    {'scale': 'satisfaction-5', 'mapping': '非常不满意=1, 不满意=2, 一般=3, 满意=4, 非常满意=5', 'answers': 2}
    >>> likert_coding(answers).loc["price", "mapping"]
    'very dissatisfied=1, dissatisfied=2, neutral=3, satisfied=4, very satisfied=5'
    """
    _, infos = _coding(answers, items, labels, scales, invalid, source)
    rows = {c: {"scale": i["scale"], "mapping": ", ".join(f"{lb}={p:g}" for lb, p in i["mapping"].items())
                or ("the number in each answer" if i["scale"] == NUMBERED else ""), "answers": i["answers"], "invalid": i["invalid"],
                "example": i["example"],
                "points": len(set(LIKERT_LABELS[i["scale"]].values())) if i["scale"] in LIKERT_LABELS else np.nan}
            for c, i in infos.items() if i["scale"] is not None}
    return pd.DataFrame.from_dict(rows, orient="index", columns=["scale", "mapping", "answers", "invalid",
                                                                   "example", "points"]).rename_axis("item")
