"""Exercises of chapters 3 and 4: the new checkers accept the hand-computed answer, reject a
wrong one, and no hint of these chapters gives its answer away."""
import re

import numpy as np
import pytest

from crmlib.exercises import _REGISTRY, check, exercises


def test_chapters_3_and_4_have_at_least_eight_checked_exercises():
    assert len(exercises("ch3")) >= 8
    assert len(exercises("ch4")) >= 8


def test_positioning_reach_matches_a_hand_abc_split_of_manager_d():
    from crmlib.exercises.ch3 import MANAGER_D_REVENUE

    # by hand: sorted revenue 420, 260, 150, 90 | 55, 40, 35 | 25, 18, 12 (total 1105);
    # a customer is A while the share before it is < 80 %, B while it is < 95 %
    values = sorted(MANAGER_D_REVENUE, reverse=True)
    before = np.cumsum([0] + values[:-1]) / sum(values)
    n_a = int((before < 0.80).sum())
    n_ab = int((before < 0.95).sum())
    assert (n_ab, n_a) == (7, 4)
    assert check("ch3.positioning-reach", [7, 4])
    assert not check("ch3.positioning-reach", [4, 7])
    assert not check("ch3.positioning-reach", [10, 2])   # everyone at step 3, the top 20 % at step 4


def test_kmeans_k3_profile_is_the_highest_spending_cluster():
    from crmlib import segment
    from crmlib.datasets import load_cdnow_master
    from crmlib.summary import customer_summary
    from sklearn.cluster import KMeans

    scores = segment.rfm_scores(customer_summary(load_cdnow_master()))
    features = segment.rfm_features(scores)
    km = KMeans(n_clusters=3, n_init=10, random_state=2026).fit(features.to_numpy())
    spend = scores["monetary_value"].groupby(km.labels_).mean()
    top = spend.idxmax()
    members = km.labels_ == top
    answer = [members.mean(), scores["frequency_value"][members].mean()]
    assert check("ch3.kmeans-k3", answer)
    assert answer[1] > scores["frequency_value"].mean()    # the top cluster buys more often than average
    assert not check("ch3.kmeans-k3", [1 / 3, answer[1]])  # equal-sized clusters: wrong


def test_five_gaps_largest_firm_side_shortfall_is_behaviour():
    from crmlib.exercises.ch4 import CHECK_IN_MEASURES

    m = CHECK_IN_MEASURES.loc["check-in"]
    # by hand: understanding 6.1-6.4, procedure 5.9-6.1, behaviour 4.6-5.9, promotion 4.6-5.0
    inside = {"understanding": m["management_view"] - m["expected"],
              "procedure": m["standards"] - m["management_view"],
              "behaviour": m["delivered"] - m["standards"],
              "promotion": m["delivered"] - m["promised"]}
    assert np.isclose(inside["behaviour"], -1.3)
    assert min(inside, key=inside.get) == "behaviour"
    assert check("ch4.five-gaps", "Behaviour")
    assert not check("ch4.five-gaps", "perception")   # the outcome, not a cause
    assert not check("ch4.five-gaps", "promotion")


def test_hostages_at_cut_six_match_a_hand_count():
    from crmlib import satisfaction as cs
    from crmlib.datasets import make_survey

    survey, info = make_survey(return_info=True)
    survey = cs.reverse_code(survey, info["reverse_coded"], *info["scale"])
    n = int(((survey["SAT1"] < 6) & (survey["LOY1"] >= 6)).sum())
    assert 0 < n < len(survey)
    assert check("ch4.hostages", n)
    assert not check("ch4.hostages", n + 1)
    at_five = int(((survey["SAT1"] < 5) & (survey["LOY1"] >= 5)).sum())
    assert at_five != n and not check("ch4.hostages", at_five)   # the notebook's cut of 5 is not the answer


def test_ladder_step_rates_are_rung_over_rung_below():
    # gym: 20,000 suspects, 3,000 prospects, 900 customers, 360 supporters, 90 advocates, 9 partners
    rates = [3000 / 20000, 900 / 3000, 360 / 900, 90 / 360, 9 / 90]
    assert rates == pytest.approx([0.15, 0.30, 0.40, 0.25, 0.10])
    assert check("ch4.ladder", rates)
    assert not check("ch4.ladder", [3000 / 20000, 900 / 20000, 360 / 20000, 90 / 20000, 9 / 20000])


@pytest.mark.parametrize("chapter", ["ch3", "ch4"])
def test_hints_do_not_contain_the_answer(chapter):
    for key in exercises(chapter):
        ex = _REGISTRY[key]
        hint = ex.hint.casefold()
        expected = ex.solution()
        if isinstance(expected, str):
            if len(expected) > 1:
                assert not re.search(rf"\b{re.escape(expected.casefold())}\b", hint), key
            continue
        values = np.atleast_1d(np.asarray(expected, dtype=object)).ravel()
        for v in values:
            if isinstance(v, (int, float, np.integer, np.floating)) and not float(v).is_integer():
                assert f"{float(v):.2f}" not in hint and f"{float(v):.3g}" not in hint, key
            elif isinstance(v, (int, np.integer)) or (isinstance(v, float) and v.is_integer()):
                if abs(v) >= 10:
                    assert not re.search(rf"\b{int(v)}\b", hint), key
    if chapter == "ch3":   # the seed table behind the Fortune-1000 ratio must not be spelled out
        assert "46" not in _REGISTRY["ch3.fortune-ratio"].hint and "32" not in _REGISTRY["ch3.fortune-ratio"].hint
