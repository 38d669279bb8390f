"""Tests of ``crmlib.exercises._ch0`` (split from the old test_exercises.py).

The exercise checker and the quiz renderer."""

import re

from crmlib.exercises import quiz
from crmlib.exercises.ch0 import QUIZ, intro_quiz


def test_quiz_has_valid_answers_and_map_topics():
    assert len(QUIZ) >= 30
    assert {q.topic for q in QUIZ} >= {"I1", "I2", "I3", "I4", "I5", "I6", "I7", "I8"}
    for q in QUIZ:
        # a valid key: the answer points at one of several distinct options
        assert len(q.options) >= 3 and len(set(q.options)) == len(q.options), q.question
        assert 0 <= q.answer < len(q.options), q.question
        assert q.source and q.explanation, q.question
    html = intro_quiz()._repr_html_()
    # one radio group per question, exactly one right option in each
    assert html.count('class="right"') == len(QUIZ)
    assert len(set(re.findall(r'name="(ch0-quiz-q\d+)"', html))) == len(QUIZ)
    assert intro_quiz("seed").n_questions + intro_quiz("course").n_questions == len(QUIZ)
