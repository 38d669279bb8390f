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


def test_unanswered_check_is_pending_without_verdict_or_hint():
    # Notebooks are committed with the answer variable still None: the output must neither
    # say "Not yet" nor show the hint (hints may narrow the answer down).
    for blank in (None, ...):
        r = check("ch0.relationship-level", blank)
        assert r.pending and not r
        text, html_ = repr(r), r._repr_html_()
        assert "Run this cell with your answer" in text and "Run this cell" in html_
        assert "Not yet" not in text + html_ and "Correct" not in text + html_
        assert "Hint" not in text + html_ and "kotler_matrix" not in text + html_
    # an actual answer, even a wrong one, gets a verdict
    assert not check("ch0.relationship-level", "basic").pending


def test_unknown_exercise_lists_known_ones():
    with pytest.raises(CRMLibError, match="ch0.relationship-level"):
        check("ch0.no-such-thing", 1)


def test_every_registered_exercise_accepts_its_own_solution():
    from crmlib.exercises import _REGISTRY

    keys = exercises()
    assert {"ch0.relationship-level", "ch0.relationship-level-bank", "ch0.relationship-strength"} <= set(keys)
    for key in keys:
        assert check(key, _REGISTRY[key].solution()), key


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
