"""Tests of ``crmlib.satisfaction._scales`` (split from the old test_satisfaction.py).

Tests for crmlib.satisfaction (chapter 4): published numbers, hand calculations, invariants."""
from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
import pytest

from crmlib import CRMLibError, DataFormatError
from crmlib import satisfaction as cs
from crmlib.datasets import make_survey


matplotlib.use("Agg")


def test_pls_recovers_synthetic_paths() -> None:
    s, info = make_survey(2000, random_state=2026, return_info=True)
    data = cs.reverse_code(s, info["reverse_coded"], *info["scale"])
    truth = info["paths"]
    paths = [(p, d) for d in truth.index for p in truth.columns if truth.loc[d, p] != 0]
    m = cs.pls_path_model(data, info["blocks"], paths)
    est = np.array([m.path_coefficients_.loc[d, p] for p, d in paths])
    true = np.array([truth.loc[d, p] for p, d in paths])
    assert np.max(np.abs(est - true)) < 0.1
    assert np.corrcoef(est, true)[0, 1] > 0.95


ALPHA_DATA = pd.DataFrame({"a": [1, 2, 3, 4, 5], "b": [2, 2, 3, 5, 5], "c": [1, 3, 2, 4, 4]})


def test_cronbach_alpha_hand_worked() -> None:
    # item variances 2.5, 2.3, 1.7 (sum 6.5); totals 4, 7, 8, 13, 14 have variance 17.7
    assert ALPHA_DATA.var(ddof=1).tolist() == pytest.approx([2.5, 2.3, 1.7])
    assert cs.cronbach_alpha(ALPHA_DATA) == pytest.approx(1.5 * (1 - 6.5 / 17.7))


def test_alpha_if_dropped_and_item_total() -> None:
    dropped = cs.alpha_if_item_dropped(ALPHA_DATA)
    # without c: a + b = 3, 4, 6, 9, 10, var 9.3; alpha = 2 (1 - 4.8 / 9.3)
    assert dropped["c"] == pytest.approx(2 * (1 - 4.8 / 9.3))
    r = cs.item_total_correlation(ALPHA_DATA)
    assert r["a"] == pytest.approx(np.corrcoef(ALPHA_DATA["a"], ALPHA_DATA["b"] + ALPHA_DATA["c"])[0, 1])
    r_uncorrected = cs.item_total_correlation(ALPHA_DATA, corrected=False)
    assert (r_uncorrected > r).all()


def test_reverse_coding_restores_alpha() -> None:
    s, info = make_survey(600, return_info=True)
    sat = s[info["blocks"]["Satisfaction"]]
    assert cs.cronbach_alpha(sat) < 0.3  # the negatively worded item drags alpha down
    fixed = cs.reverse_code(s, ["SAT3"], 1, 7)
    assert (fixed["SAT3"] + s["SAT3"] == 8).all()
    assert cs.cronbach_alpha(fixed[info["blocks"]["Satisfaction"]]) > 0.8
    assert cs.item_total_correlation(sat)["SAT3"] < 0
    with pytest.raises(CRMLibError):
        cs.reverse_code(s, ["SAT3"], 1, 5)


def test_likert_distribution_and_top_box() -> None:
    df = pd.DataFrame({"q": [1, 2, 4, 5, 5, 3]})
    dist = cs.likert_distribution(df, range(1, 6))
    assert dist.loc["q"].sum() == pytest.approx(1)
    assert cs.top_box(df, 5).iloc[0] == pytest.approx(3 / 6)
    stats = cs.item_statistics(pd.concat([df, df.rename(columns={"q": "r"})[::-1].reset_index(drop=True)], axis=1), 5)
    assert stats.loc["q", "mean"] == pytest.approx(20 / 6)


def test_survey_inputs_are_checked_by_the_shared_validators() -> None:
    # one message style for every chapter: the column or the attribute, and an example row
    survey = pd.DataFrame({"q1": [4, 5], "q2": ["agree", "5"]})
    with pytest.raises(DataFormatError, match=r"The survey: column 'q2' is not numeric .*'agree'"):
        cs.cronbach_alpha(survey)
    with pytest.raises(DataFormatError, match=r"The survey has no column 'q3'"):
        cs.reverse_code(survey, ["q3"], 1, 5)
    with pytest.raises(DataFormatError, match=r"expected has 1 missing value \(e.g. row 'speed'\)"):
        cs.attribute_satisfaction({"speed": 4.0, "price": 3.0}, {"speed": None, "price": 4.0})
    with pytest.raises(DataFormatError, match=r"Expected the expectation ratings as a pandas DataFrame"):
        cs.servqual_scores([[7, 6]], pd.DataFrame({"r1": [5]}))


def test_likert_labels_read_as_the_questionnaire_points() -> None:
    # the points of the usual 5-point scales, written out here rather than taken from crmlib
    answers = pd.DataFrame({
        "质量": ["非常不满意", "不满意", "一般", "满意", "非常满意"],
        "speed": ["Very dissatisfied", "dissatisfied", "Neither satisfied nor dissatisfied", "SATISFIED",
                  "very satisfied"],
        "trust": ["非常不同意", "不同意", "中立", "同意", "非常同意"],
        "fair": ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"],
        "often": ["从不", "很少", "有时", "经常", "总是"],
        "备注": ["很快", "还行", "慢", "", "好"],  # free text is not a Likert item: left as it is
    }, index=["r1", "r2", "r3", "r4", "r5"])
    codes = cs.likert_codes(answers)
    for c in ["质量", "speed", "trust", "fair", "often"]:
        assert codes[c].tolist() == [1.0, 2.0, 3.0, 4.0, 5.0], c
    assert codes["备注"].tolist() == answers["备注"].tolist()
    coding = cs.likert_coding(answers)
    assert coding["scale"].to_dict() == {"质量": "satisfaction-5", "speed": "satisfaction-5", "trust": "agreement-5",
                                         "fair": "agreement-5", "often": "frequency-5"}
    assert coding.loc["质量", "mapping"] == "非常不满意=1, 不满意=2, 一般=3, 满意=4, 非常满意=5"
    assert coding["answers"].tolist() == [5] * 5 and coding["invalid"].tolist() == [0] * 5


def test_likert_labels_tolerate_case_full_width_forms_and_spaces() -> None:
    # U+3000 ideographic space, full-width letters and digits, stray spaces and a full stop
    answers = pd.DataFrame({"q": ["非常　满意", " 满意 ", "ＳＡＴＩＳＦＩＥＤ", "不满意。", "Very  Dissatisfied", "５"]})
    assert cs.likert_codes(answers)["q"].tolist() == [5.0, 4.0, 4.0, 2.0, 1.0, 5.0]


def test_likert_numbers_in_the_answer_are_the_answer() -> None:
    # the number a tool writes beside the label is the questionnaire's own coding: it wins
    answers = pd.DataFrame({"q": ["5 非常满意", "4. 满意", "3 - Neutral", "1 = Very dissatisfied", "Satisfied (4)",
                                  "７　非常满意"]})
    assert cs.likert_codes(answers)["q"].tolist() == [5.0, 4.0, 3.0, 1.0, 4.0, 7.0]
    assert cs.likert_coding(answers).loc["q", "scale"] == "numbers in the answers"
    # ... but a number followed by other words is not a Likert answer
    other = pd.DataFrame({"使用时长": ["3个月以上", "1年", "3 months"]})
    assert cs.likert_coding(other).empty
    assert cs.likert_codes(other).equals(other)


def test_likert_seven_point_labels_and_one_scale_per_survey() -> None:
    # 比较满意 exists only on the 7-point scale: there 满意 is 6 and 一般 is 4, in every column of the
    # survey, also in a column whose own answers would fit the 5-point scale
    answers = pd.DataFrame({"a": ["比较满意", "满意", "非常满意", "比较不满意"], "b": ["满意", "一般", "满意", "不满意"]})
    codes = cs.likert_codes(answers)
    assert codes["a"].tolist() == [5.0, 6.0, 7.0, 3.0]
    assert codes["b"].tolist() == [6.0, 4.0, 6.0, 2.0]
    assert set(cs.likert_coding(answers)["scale"]) == {"satisfaction-7"}
    # alone, the same answers are the 5-point scale's; scales= chooses the 7-point one
    alone = answers[["b"]]
    assert cs.likert_codes(alone)["b"].tolist() == [4.0, 3.0, 4.0, 2.0]
    assert cs.likert_codes(alone, scales=["satisfaction-7"])["b"].tolist() == [6.0, 4.0, 6.0, 2.0]
    english = pd.DataFrame({"q": ["Somewhat agree", "Agree", "Strongly disagree", "Somewhat disagree"]})
    assert cs.likert_codes(english)["q"].tolist() == [5.0, 6.0, 1.0, 3.0]


def test_likert_unknown_label_names_file_column_answer_and_respondent() -> None:
    answers = pd.DataFrame({"送货速度": ["满意", "一般", "还行", "还行", "非常满意"]}, index=[11, 12, 13, 14, 15])
    with pytest.raises(CRMLibError) as info:
        cs.likert_codes(answers, source="wjx.csv")
    message = str(info.value)
    assert message.startswith("wjx.csv: column '送货速度': 2 answers not a known Likert label, e.g. respondent 13 "
                              "answered '还行'.")
    assert "labels={'还行': <scale point>, ...}" in message and "invalid='missing'" in message
    # counted as missing on request, and said so
    missing = cs.likert_codes(answers, invalid="missing")["送货速度"]
    assert missing.isna().tolist() == [False, False, True, True, False] and missing.sum() == 4 + 3 + 5
    coding = cs.likert_coding(answers, invalid="missing").loc["送货速度"]
    assert (coding["answers"], coding["invalid"], coding["example"]) == (3, 2, "respondent 13 answered '还行'")
    # the user's labels win over the built-in ones and fill the gaps
    assert cs.likert_codes(answers, labels={"还行": 3.5})["送货速度"].tolist() == [4.0, 3.0, 3.5, 3.5, 5.0]
    assert cs.likert_coding(answers, labels={"还行": 3.5}).loc["送货速度", "scale"] == "satisfaction-5 + labels given"
    own = pd.DataFrame({"q": ["很好", "好", "差", "一般"]})
    assert cs.likert_codes(own, labels={"很好": 5, "好": 4, "一般": 3, "差": 2, "很差": 1})["q"].tolist() == [
        5.0, 4.0, 2.0, 3.0]
    assert cs.likert_codes(own, labels={"一般": 2.5}, items=["q"], invalid="missing")["q"].iloc[3] == 2.5
    # a column of unknown labels only, given as an item: all missing, and said so
    none = cs.likert_coding(own.iloc[:3], ["q"], invalid="missing").loc["q"]
    assert (none["scale"], none["mapping"], none["answers"], none["invalid"]) == ("no known label", "", 0, 3)


def test_likert_mixed_label_sets_are_refused_not_guessed() -> None:
    # 满意 (satisfaction) and 同意 (agreement) are both point 4, but a column is one question on one scale
    answers = pd.DataFrame({"q": ["满意", "非常满意", "同意", "一般"]}, index=["a", "b", "c", "d"])
    with pytest.raises(CRMLibError, match=r"^s.csv: column 'q': 1 answer from the 'agreement-5' scale while the "
                                          r"others are from the 'satisfaction-5' scale, e.g. respondent 'c' answered '同意'"):
        cs.likert_codes(answers, source="s.csv")
    codes = cs.likert_codes(answers, invalid="missing")["q"]
    assert codes.isna().tolist() == [False, False, True, False] and codes.dropna().tolist() == [4.0, 5.0, 3.0]
    # respondent ids need not be unique (two waves pasted together): answers are read by position
    twice = cs.likert_codes(answers.set_axis(["a", "a", "b", "b"]), invalid="missing")["q"]
    assert twice.isna().tolist() == [False, False, True, False] and twice.dropna().tolist() == [4.0, 5.0, 3.0]
    with pytest.raises(CRMLibError, match=r"Unknown label set\(s\) \['satisfaction-10'\]"):
        cs.likert_codes(answers, scales=["satisfaction-10"])
