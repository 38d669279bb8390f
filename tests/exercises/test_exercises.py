"""Tests of ``crmlib.exercises._exercises`` (split from the old test_exercises.py, test_satisfaction.py, test_segment.py, test_value.py)."""
from __future__ import annotations

import re
import numpy as np
import pandas as pd
import pytest
import matplotlib

from crmlib import CRMLibError
from crmlib.exercises import QuizQuestion, check, exercises, quiz
from crmlib.exercises import check
from crmlib import CRMLibError, value


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


def _sbg_survival(alpha: float, beta: float, t: int) -> float:
    # S(t) = Π_{i=1..t} (β + i − 1) / (α + β + i − 1)  (Fader & Hardie 2007, eq. 6)
    s = 1.0
    for i in range(1, t + 1):
        s *= (beta + i - 1) / (alpha + beta + i - 1)
    return s


def _p_alive(r: float, alpha: float, a: float, b: float, x: int, t_x: float, T: float) -> float:
    # Fader, Hardie & Lee (2005), eq. 11, for x > 0
    return 1 / (1 + a / (b + x - 1) * ((alpha + T) / (alpha + t_x)) ** (r + x))


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


def test_seed_part_covers_each_of_seed_000s_twenty_questions_exactly_once():
    from crmlib.exercises.ch0 import COURSE_QUIZ, SEED_QUIZ

    sources = [q.source for q in SEED_QUIZ]
    assert sorted(sources) == sorted([f"000:Q{i}" for i in range(1, 21)] + ["000:F1"])
    assert len(set(sources)) == len(sources)
    # the rest of the quiz cites chapter 0's own sections, which must exist on the page
    from pathlib import Path

    page = (Path(__file__).parents[2] / "book" / "ch0_introduction.md").read_text(encoding="utf-8")
    notebooks = "".join(p.read_text(encoding="utf-8") for p in (Path(__file__).parents[2] / "notebooks").glob("ch0_*.ipynb"))
    for q in COURSE_QUIZ:
        assert re.fullmatch(r"map-i\d", q.source), q.source
        assert f"({q.source})=" in page or f"({q.source})=" in notebooks, q.source


def test_seed_part_matches_the_question_list_printed_in_seed_000():
    """Parse seed 000's 选择题 list (when the seeds are at hand) and compare it with the quiz."""
    import os
    from pathlib import Path

    from crmlib.exercises.ch0 import SEED_QUIZ

    data_dir = Path(os.environ.get("CRMLIB_DATA_DIR", "../shared/data")).resolve()
    seeds = sorted((data_dir.parent / "seeds").glob("000_*.txt"))
    if not seeds:
        pytest.skip("seed 000 not found next to CRMLIB_DATA_DIR")
    text = seeds[0].read_text(encoding="utf-8")
    choice = text[text.index("一、选择题"):text.index("二、填空题")]
    # each question is "<n>." followed by its stem and options "A … B … C … D …"
    numbers = [int(n) for n in re.findall(r"(?<![\d.])(\d{1,2})\.\s*(?=\S)", choice)]
    assert numbers == list(range(1, 21))
    fill_in = text[text.index("二、填空题"):].split("\n", 1)[0]
    assert "西方" in fill_in
    quiz_numbers = sorted(int(q.source.split("Q")[1]) for q in SEED_QUIZ if ":Q" in q.source)
    assert quiz_numbers == numbers
    fill = next(q for q in SEED_QUIZ if q.source == "000:F1")
    assert "marketing" in fill.options[fill.answer] and "Western" in fill.question
    # Q5's options in the seed use 主动型/责任型 for Kotler's proactive/accountable levels
    q5 = next(q for q in SEED_QUIZ if q.source == "000:Q5")
    assert "主动型" in " ".join(q5.options) and "责任型" in " ".join(q5.options)
    # Q9's tier is the one for 200+ staff across regions
    q9 = next(q for q in SEED_QUIZ if q.source == "000:Q9")
    assert "200以上" in choice and "Mid-range" in q9.options[q9.answer]


def test_quiz_question_with_answer_out_of_range_is_rejected():
    with pytest.raises(CRMLibError, match="answer index 2"):
        quiz([QuizQuestion("?", ["a", "b"], 2, "")])


def test_ch1_two_views_of_value():
    # customer: (3000 + 600 + 300 + 100) − (2400 + 300 + 100 + 0) = 1200;
    # firm: 900 paid now, then 900/1.1 and 900/1.1² = 2461.98
    hand = {"customer": 1200.0, "firm": 900 + 900 / 1.1 + 900 / 1.1**2}
    assert check("ch1.two-views", hand)
    assert check("ch1.two-views", {"customer": 1200, "firm": 2462.0})
    assert not check("ch1.two-views", {"customer": 1200.0, "firm": 2700.0})  # undiscounted
    assert not check("ch1.two-views", {"customer": 4000.0, "firm": 2461.98})  # value, not delivered value
    assert not check("ch1.two-views", 1200.0)


def test_ch1_activity_based_costing():
    # T: gross profit 21,000; 90 orders × 40 + 15 returns × 120 + 30 visits × 600 = 23,400
    assert check("ch1.abc-costing", 21_000 - (90 * 40 + 15 * 120 + 30 * 600))
    assert not check("ch1.abc-costing", 21_000 - (90 * 40 + 15 * 120))  # visits forgotten
    assert not check("ch1.abc-costing", 2400)


def test_ch1_value_matrix_quadrant():
    # T's potential rises to 150,000 × 0.35 − 21,000 = 31,500: above the new median, and T's
    # current value 15,600 is above the median current value
    assert check("ch1.value-matrix", "high value, high potential")
    assert not check("ch1.value-matrix", "high value, low potential")  # T's quadrant before the change


def test_ch1_and_ch2_have_at_least_eight_auto_checked_exercises():
    assert len(exercises("ch1")) >= 8 and len(exercises("ch2")) >= 8


def test_ch2_cohort_matrix():
    # February cohort = D, E, F; in March all three buy, in April D and F
    assert check("ch2.cohort-matrix", [3 / 3, 2 / 3])
    assert check("ch2.cohort-matrix", [1.0, 0.667])
    assert not check("ch2.cohort-matrix", [1.0, 1 / 3])
    assert not check("ch2.cohort-matrix", [2 / 3])


def test_ch2_lapsed_customers():
    # E: silent 292 days against a mean gap of 29 (10×); F: 250 against 29 (8.6×); both > 4×.
    # B: 264 against 87 (3.0×) is overdue (decline) but not lapsed; C and G bought once < 365 days ago.
    assert check("ch2.lapsed", {"E", "F"})
    assert check("ch2.lapsed", ["F", "E"])
    assert not check("ch2.lapsed", {"B", "E", "F"})
    assert not check("ch2.lapsed", {"C", "E", "F", "G"})


def test_hints_do_not_give_the_answer_away():
    from crmlib.exercises import _REGISTRY

    exercises()
    leaks = {"ch2.p-alive": ["0.2426", "4.4136"], "ch0.relationship-strength": ["1/3", "(1/3)"],
             "ch1.retention-clv": ["m·r / (1 + d − r)"], "ch2.retention-uplift": ["0.75", "0.80"],
             "ch1.price-score": ["0.6/0.2"], "ch2.churn-rate": ["(start − end + new) / start"]}
    for key, bits in leaks.items():
        for bit in bits:
            assert bit not in _REGISTRY[key].hint, (key, bit)


matplotlib.use("Agg")


def test_exercise_checkers() -> None:
    from crmlib.exercises import check, exercises

    keys = exercises("ch4")
    assert len(keys) >= 3
    assert bool(check("ch4.nps", 20.0))
    assert not bool(check("ch4.nps", 25.0))
    assert not bool(check("ch4.kano", None))


def test_ch3_checkers_accept_the_right_answers_only():
    assert check("ch3.fortune-ratio", 46 / 32)
    assert not check("ch3.fortune-ratio", 38 / 22)
    assert check("ch3.abc-a-customers", ["K01", "K03", "K08", "K05"])
    assert not check("ch3.abc-a-customers", None)
    # sorted ascending: 12, 18, 25, 35, 40, 55, 90, 150, 260, 420; Σ (2i − n − 1) xᵢ = 6,171; n Σ x = 11,050
    assert check("ch3.gini", 6171 / 11050)
    assert not check("ch3.gini", 0.5)
    assert check("ch3.top20-share", 680 / 1105)
    assert check("ch3.ordering-rank", 2)
    assert not check("ch3.rfm-code", None)
    assert check("ch3.rfm-code", "555")  # customer 3: 33 days, 6 orders, $156.46


def test_chapter1_exercises_against_hand_calculations():
    from crmlib.exercises import check, exercises

    assert len(exercises("ch1")) >= 6
    assert check("ch1.price-score", 8.2) and not check("ch1.price-score", 8.3)
    assert check("ch1.accumulation-ratio", 120 / 80)
    assert check("ch1.retention-clv", 50 * 0.75 / (1 + 0.12 - 0.75))
    assert check("ch1.whale-peak", 109)
    assert check("ch1.delivered-value", (6000 + 800 + 300 + 400) - (5200 + 200 + 100 + 150))
    amounts = [10_000, 12_000, 15_000, 17_000, 20_000, 22_000, 25_000, 23_000, 21_000, 20_000]
    assert check("ch1.stream-a", sum(a / 1.08 ** (4 * k) for k, a in enumerate(amounts)))
    y1 = 2000 * 1.5 * 80 * 0.45 - 2000 * 6 - 2000 * 25
    y2 = 800 * 1.5 * 80 * 0.45 - 800 * 6
    y3 = 400 * 1.5 * 80 * 0.45 - 400 * 6
    assert check("ch1.dwyer-clv", (y1 + y2 / 1.15 + y3 / 1.15 ** 2) / 2000)
    assert not check("ch1.dwyer-clv", None)
