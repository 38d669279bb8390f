"""The exercise checker and the quiz renderer."""
import re

import numpy as np
import pandas as pd
import pytest

from crmlib import CRMLibError
from crmlib.exercises import QuizQuestion, check, exercises, quiz
from crmlib.exercises.ch0 import QUIZ, intro_quiz


def test_check_right_and_wrong_answers():
    assert check("ch0.relationship-level", "Partnership ")
    wrong = check("ch0.relationship-level", "basic")
    assert not wrong and "Hint" in repr(wrong) and "Not yet" in wrong._repr_html_()
    assert check("ch0.relationship-strength", 1 / 9)
    assert not check("ch0.relationship-strength", 1 / 3)
    assert not check("ch0.relationship-strength", None)


def test_unknown_exercise_lists_known_ones():
    with pytest.raises(CRMLibError, match="ch0.relationship-level"):
        check("ch0.no-such-thing", 1)


def _sbg_survival(alpha: float, beta: float, t: int) -> float:
    # S(t) = Π_{i=1..t} (β + i − 1) / (α + β + i − 1)  (Fader & Hardie 2007, eq. 6)
    s = 1.0
    for i in range(1, t + 1):
        s *= (beta + i - 1) / (alpha + beta + i - 1)
    return s


def _p_alive(r: float, alpha: float, a: float, b: float, x: int, t_x: float, T: float) -> float:
    # Fader, Hardie & Lee (2005), eq. 11, for x > 0
    return 1 / (1 + a / (b + x - 1) * ((alpha + T) / (alpha + t_x)) ** (r + x))


_MANAGER_D = [420, 35, 260, 18, 90, 12, 55, 150, 25, 40]  # revenue of K01 … K10, total 1,105
_STREAM_A = [10000, 12000, 15000, 17000, 20000, 22000, 25000, 23000, 21000, 20000]  # seed: customer A

# Each answer worked out by hand from the exercise's inputs (or, for the sBG questions, from
# Fader & Hardie's published parameters), independently of the crmlib code that checks it.
HAND_ANSWERS = {
    "ch0.relationship-level": "partnership",  # Kotler: few customers (40), high margin (45 %)
    "ch0.relationship-level-bank": "basic",  # many customers (2 million), low margin (6 %)
    "ch0.relationship-strength": (1 / 3) ** 2,  # strength falls with the square of the links
    "ch1.delivered-value": (6000 + 800 + 300 + 400) - (5200 + 200 + 100 + 150),  # 7,500 − 5,650
    "ch1.price-score": 0.6 * 9 + 0.2 * 6 + 0.1 * 9 + 0.1 * 7,  # 8.2, not the printed 8.3
    "ch1.accumulation-ratio": (100 + 20) / (100 - 20),
    "ch1.retention-clv": 50 * 0.75 / (1 + 0.12 - 0.75),
    "ch1.stream-a": sum(v / 1.08 ** (4 * k) for k, v in enumerate(_STREAM_A)),
    "ch1.whale-peak": 29 + 26 + 22 + 20 + 8 + 4,  # 1992 deciles: the positive shares
    # Dwyer: 2,000 → 800 → 400 customers, 120 revenue each; margin 45 %, marketing 6, acquisition 25
    "ch1.dwyer-clv": (2000 * (120 * 0.45 - 6 - 25) + 800 * (120 * 0.45 - 6) / 1.15
                      + 400 * (120 * 0.45 - 6) / 1.15 ** 2) / 2000,
    "ch2.retention-uplift": (1 + 0.12 - 0.75) / (1 + 0.12 - 0.80) - 1,
    "ch2.churn-rate": (2400 + 270 - 2310) / 2400,
    "ch2.sbg-year12": 1000 * _sbg_survival(0.704, 1.182, 12),  # regular cohort, α and β as published
    # high-end cohort (α = 0.668, β = 3.806): Σ_{t≥1} S(t) / 1.1^(t−1)
    "ch2.derl-highend": sum(_sbg_survival(0.668, 3.806, t) / 1.1 ** (t - 1) for t in range(1, 2000)),
    "ch2.p-alive": _p_alive(0.2426, 4.4136, 0.7929, 2.4259, 4, 20.0, 38.86),
    "ch3.fortune-ratio": 46 / 32,
    "ch3.abc-a-customers": ["K01", "K03", "K08", "K05"],  # cumulative share before each: 0, 38, 62, 75 %
    # sorted ascending, weights 2i − n − 1 = −9, −7, …, 9: Σ = 6,171
    "ch3.gini": 6171 / (10 * 1105),
    "ch3.top20-share": (420 + 260) / 1105,
    "ch4.nps": 100 * (5 - 3) / 10,  # promoters 10, 9, 10, 10, 9; detractors 6, 0, 5
    "ch4.kano": "M",  # functional "must-be", dysfunctional "dislike": must-be
    "ch4.iceberg": 30 / 0.04,
    "ch4.zone": "mercenary",
}


@pytest.mark.parametrize("key", sorted(HAND_ANSWERS))
def test_exercise_accepts_the_hand_computed_answer(key):
    assert key in exercises()
    expected = HAND_ANSWERS[key]
    assert check(key, expected), key
    if isinstance(expected, float):
        assert not check(key, expected * 1.01), key  # and a 1 % slip is wrong


def test_series_and_array_answers_compare_elementwise():
    from crmlib.exercises import _same

    assert _same(pd.Series([1.0, 2.0]), pd.Series([1.0, 2.0005]), 1e-3, 0)
    assert not _same(np.array([1.0, 2.0]), pd.Series([1.0, 2.5]), 1e-3, 0)
    assert not _same([1.0], pd.Series([1.0, 2.0]), 1e-3, 0)


def test_quiz_has_at_least_15_questions_with_valid_answers_and_map_topics():
    assert len(QUIZ) >= 15
    assert {q.topic for q in QUIZ} >= {"I1", "I2", "I3", "I4", "I5", "I6", "I7", "I8"}
    html = intro_quiz()._repr_html_()
    # one radio group per question, exactly one right option in each
    assert html.count('class="right"') == len(QUIZ)
    assert len(set(re.findall(r'name="(ch0-quiz-q\d+)"', html))) == len(QUIZ)


def test_quiz_question_with_answer_out_of_range_is_rejected():
    with pytest.raises(CRMLibError, match="answer index 2"):
        quiz([QuizQuestion("?", ["a", "b"], 2, "")])
