"""Tests of ``crmlib.report._survey`` (split from the old test_report.py).

crmlib.report and the crm command line: outputs, pseudonymisation, errors."""

import matplotlib
import numpy as np
import pandas as pd
import pytest

from crmlib import CRMLibError


matplotlib.use("Agg")


def test_survey_cleaning_names_file_column_and_respondent(tmp_path):
    from crmlib.report import read_table, survey_cleaning_table

    csv = tmp_path / "wave2.csv"
    csv.write_text("id,sat1,sat2\n11,4,5\n12,,3\n13,9,4\n", encoding="utf-8")
    answers = read_table(csv).set_index("id")
    table = survey_cleaning_table(answers, ["sat1", "sat2"], 1, 10).set_index("check")["count"]
    assert table["respondents"] == 3 and table["missing answers: sat1"] == 1 and table["missing answers: sat2"] == 0
    with pytest.raises(CRMLibError, match=r"wave2.csv: column 'sat1': 1 answer outside the scale 1-7, "
                                          r"e.g. respondent 13 answered 9\."):
        survey_cleaning_table(answers, ["sat1", "sat2"], 1, 7, source=csv.name)


def _survey_file(tmp_path, sat2_third="3", extra=None):
    rows = [["id", "sat1", "sat2", "sat3"], ["r1", "4", "5", "4"], ["r2", "2", "3", "3"], ["r3", "5", sat2_third, "4"],
            ["r4", "4", "4", "5"], ["r5", "1", "2", "2"]]
    for (r, c), v in (extra or {}).items():
        rows[r][c] = v
    f = tmp_path / "survey.csv"
    f.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    return f


def test_a_word_in_a_likert_item_stops_the_run_naming_it(tmp_path):
    from crmlib.report import read_table, survey_answers, survey_cleaning_table, survey_items

    answers = read_table(_survey_file(tmp_path, sat2_third="agree")).set_index("id")
    items = survey_items(answers)["sat"]
    assert items == ["sat1", "sat2", "sat3"]  # sat2 is still a question, not silently dropped
    with pytest.raises(CRMLibError) as info:
        survey_cleaning_table(answers, items, 1, 5, source="survey.csv")
    assert str(info.value).startswith("survey.csv: column 'sat2': 1 answer not a number, e.g. respondent 'r3' "
                                      "answered 'agree'")
    table = survey_cleaning_table(answers, items, 1, 5, source="survey.csv", invalid="missing")
    counts = dict(zip(table["check"], table["count"]))
    assert counts["invalid answers counted as missing: sat2 (e.g. respondent 'r3' answered 'agree')"] == 1
    assert counts["missing answers: sat2"] == 1 and counts["missing answers: sat1"] == 0
    clean = survey_answers(answers, items, 1, 5)
    assert clean["sat2"].tolist()[:2] == [5.0, 3.0] and np.isnan(clean.loc["r3", "sat2"])
    assert clean["sat2"].mean() == pytest.approx((5 + 3 + 4 + 2) / 4)


def test_a_stray_zero_and_nine_do_not_stretch_the_scale(tmp_path):
    from crmlib.report import infer_scale, read_table, survey_cleaning_table, survey_items

    answers = read_table(_survey_file(tmp_path, extra={(2, 1): "9", (4, 3): "0"})).set_index("id")
    items = survey_items(answers)["sat"]
    assert infer_scale(answers, items) == (1.0, 5.0)  # not 0-9: two items say 1 is the lowest, two say 5 the highest
    with pytest.raises(CRMLibError, match=r"column 'sat1': 1 answer outside the scale 1-5, e\.g\. respondent 'r2' "
                                          r"answered 9"):
        survey_cleaning_table(answers, items, *infer_scale(answers, items), source="survey.csv")
    # with the questionnaire's scale given (0-10), both answers are valid
    assert survey_cleaning_table(answers, items, 0, 10)["count"].sum() > 0


def test_survey_columns_explicit_names_win_and_usual_names_are_found():
    from crmlib.report import survey_columns

    answers = pd.DataFrame(columns=["问卷编号", "Overall", "sat1", "sat2", "推荐意愿", "score"])
    assert survey_columns(answers) == {"respondent_id": "问卷编号", "overall": "Overall", "recommend": "推荐意愿"}
    # an explicit parameter beats columns[role], which beats the usual names
    assert survey_columns(answers, {"overall": "sat1", "recommend": "score"}, overall="sat2") == {
        "respondent_id": "问卷编号", "overall": "sat2", "recommend": "score"}
    assert survey_columns(pd.DataFrame(columns=["a1", "a2"])) == {
        "respondent_id": None, "overall": None, "recommend": None}
    with pytest.raises(CRMLibError, match=r"recommend column 'nps_score' is not in the survey; columns: \["):
        survey_columns(answers, recommend="nps_score")


def test_survey_columns_find_the_nps_question_by_its_wording():
    from crmlib.report import survey_columns

    # 问卷星 and Google Forms export the question itself as the header
    for header in ("您向朋友推荐我们的可能性有多大？", "How likely are you to recommend us to a friend or colleague?",
                   "您有多大可能向朋友推荐本店"):
        answers = pd.DataFrame({"序号": [1, 2, 3], "产品质量": ["满意", "一般", "满意"], header: [10, 0, 7]})
        assert survey_columns(answers)["recommend"] == header
    # the wording alone is not enough: a 'would you recommend' yes/no question or answers above 10 are no NPS
    assert survey_columns(pd.DataFrame({"您会推荐我们吗？": ["会", "不会"]}))["recommend"] is None
    assert survey_columns(pd.DataFrame({"推荐的可能性(0-100)": [80, 40]}))["recommend"] is None
    # a usual name or an explicit one wins over the wording
    answers = pd.DataFrame({"推荐意愿": [9, 8], "您向朋友推荐我们的可能性有多大？": [1, 2], "q": [3, 4]})
    assert survey_columns(answers)["recommend"] == "推荐意愿"
    assert survey_columns(answers, recommend="q")["recommend"] == "q"


def test_survey_label_columns_form_blocks_and_are_listed_in_the_cleaning_table():
    from crmlib.report import survey_blocks, survey_label_checks
    from crmlib.satisfaction import likert_coding

    answers = pd.DataFrame({"质量": ["满意", "一般"], "速度": ["不满意", "满意"], "信任": ["同意", "不同意"],
                            "公平": ["同意", "非常同意"], "sat1": [4, 5], "sat2": [3, 4], "备注": ["快", "慢"]},
                           index=["r1", "r2"])
    coding = likert_coding(answers)
    assert survey_blocks(answers, scales=coding["scale"]) == {
        "sat": ["sat1", "sat2"], "satisfaction-5": ["质量", "速度"], "agreement-5": ["信任", "公平"]}
    # an excluded column (e.g. the overall question) and a label set with one column form no block
    assert survey_blocks(answers, exclude=["速度"], scales=coding["scale"]) == {
        "sat": ["sat1", "sat2"], "agreement-5": ["信任", "公平"]}
    checks = survey_label_checks(likert_coding(answers.assign(速度=["不满意", "还行"]), invalid="missing"))
    assert checks.set_index("check")["count"].to_dict() == {
        "answers read from labels: 质量 (satisfaction-5: 非常不满意=1, 不满意=2, 一般=3, 满意=4, 非常满意=5)": 2,
        "answers read from labels: 速度 (satisfaction-5: 非常不满意=1, 不满意=2, 一般=3, 满意=4, 非常满意=5)": 1,
        "labels not read, counted as missing: 速度 (e.g. respondent 'r2' answered '还行')": 1,
        "answers read from labels: 信任 (agreement-5: 非常不同意=1, 不同意=2, 一般=3, 同意=4, 非常同意=5)": 2,
        "answers read from labels: 公平 (agreement-5: 非常不同意=1, 不同意=2, 一般=3, 同意=4, 非常同意=5)": 2}


def test_survey_scale_of_label_items_is_the_label_sets():
    from crmlib.report import infer_scale, survey_cleaning_table
    from crmlib.satisfaction import likert_codes, likert_coding

    # a 7-point questionnaire where one respondent in 30 ticked 满意 (6): by the answers alone the
    # scale would be 1-5 and that answer "outside the scale"; the label set says 1-7
    answers = pd.DataFrame({"a": ["比较满意", "一般", "比较不满意"] * 9 + ["满意", "一般", "一般"],
                            "b": ["一般", "比较满意", "一般"] * 10})
    coding, codes = likert_coding(answers), likert_codes(answers)
    assert coding["points"].tolist() == [7, 7]
    assert infer_scale(codes, ["a", "b"]) == (1.0, 5.0)
    assert infer_scale(codes, ["a", "b"], points=coding["points"]) == (1.0, 7.0)
    assert survey_cleaning_table(codes, ["a", "b"], 1, 7)["count"].iloc[-2:].tolist() == [0, 0]
    # user labels carry no number of points: the answers decide
    own = likert_coding(pd.DataFrame({"a": ["好", "差"], "b": ["好", "好"]}), labels={"好": 4, "差": 2})
    assert own["points"].isna().all()


def test_survey_blocks_found_by_name_given_or_refused():
    from crmlib.report import survey_blocks

    answers = pd.DataFrame({"QUAL1": [5, 4], "QUAL2": [4, 4], "IMP_QUAL1": [9, 8], "IMP_QUAL2": [7, 8],
                            "KF_app": [1, 2], "KD_app": [5, 4], "overall1": [3, 3], "overall2": [4, 4]})
    assert survey_blocks(answers, exclude=["overall1", "overall2"]) == {"QUAL": ["QUAL1", "QUAL2"]}
    assert survey_blocks(answers, {"Q": ("QUAL2",)}) == {"Q": ["QUAL2"]}
    with pytest.raises(CRMLibError, match="No Likert items found"):
        survey_blocks(answers, {"Q": []})


def test_survey_index_by_hand():
    from crmlib.report import survey_index

    # 1-5 scale: 3 -> 50, 5 -> 100, 2 -> 25; respondent 2 skipped v2, so V is the mean of one item
    likert = pd.DataFrame({"s1": [3.0, 5.0], "s2": [5.0, 5.0], "v1": [2.0, 1.0], "v2": [4.0, np.nan]})
    people, table = survey_index(likert, {"S": ["s1", "s2"], "V": ["v1", "v2"]}, 1, 5)
    assert people.to_dict("list") == {"S": [75.0, 100.0], "V": [50.0, 0.0]}
    overall = [62.5, 50.0]
    assert table.loc["overall index", "index"] == pytest.approx(56.25)
    assert table.loc["overall index", "std"] == pytest.approx(np.std(overall, ddof=1))
    assert table.loc["S", "std"] == pytest.approx(np.std([75.0, 100.0], ddof=1))
    assert table["count"].tolist() == [2, 2, 2]


def test_survey_ipa_stated_importance_wins_then_derived_then_skipped():
    from crmlib.report import survey_ipa

    answers = pd.DataFrame({"q1": [5, 3, 4, 2], "q2": [1, 2, 2, 3], "q3": [4, 4, 5, 5],
                            "IMP_q1": [9, 7, 8, 8], "IMP_q3": [2, 4, 3, 3], "overall": [5, 3, 4, 2]})
    likert = answers[["q1", "q2", "q3"]].astype(float)
    blocks = {"q": ["q1", "q2", "q3"]}
    ipa, note = survey_ipa(answers, likert, blocks, overall="overall")
    # only the items with an IMP_ column, importance = the mean stated importance
    assert ipa["importance"].to_dict() == {"q1": 8.0, "q3": 3.0} and "stated importance" in note
    assert ipa["performance"].to_dict() == {"q1": 3.5, "q3": 4.5}
    derived, note = survey_ipa(answers.drop(columns=["IMP_q1", "IMP_q3"]), likert, blocks, overall="overall")
    # q1 equals the overall answer: correlation 1; q2 moves opposite to it
    assert derived.loc["q1", "importance"] == pytest.approx(1.0)
    assert derived.loc["q2", "importance"] == pytest.approx(np.corrcoef([1, 2, 2, 3], [5, 3, 4, 2])[0, 1])
    assert note == "IPA with importance derived from the correlation with 'overall'"
    skipped, note = survey_ipa(answers[["q1", "q2", "q3"]], likert, blocks)
    assert skipped is None and note.startswith("IPA skipped")


def test_survey_nps_by_hand_and_skipped_off_scale():
    from crmlib.report import survey_nps

    # 3 promoters (9, 10, 10), 1 passive (8), 2 detractors (0, 6) of 6 answers; "?" is not an answer
    answers = pd.DataFrame({"rec": [9, 10, 10, 8, 0, 6, "?"]})
    table, note = survey_nps(answers, "rec")
    assert table.loc["nps", "nps"] == pytest.approx(100 * (3 - 2) / 6) and note == ""
    assert table.loc["promoters", "nps"] == pytest.approx(0.5)
    assert survey_nps(answers.assign(rec=[1, 2, 3, 4, 5, 70, 1]), "rec") == (None, "NPS skipped: 'rec' has answers "
                                                                              "outside 0-10.")
    assert survey_nps(answers, None)[0] is None


def test_kano_pairs_need_both_questions():
    from crmlib.report import kano_pairs

    answers = pd.DataFrame(columns=["KF_wifi", "KD_wifi", "KF_app", "KD_bar", "sat1"])
    assert kano_pairs(answers) == {"wifi": ("KF_wifi", "KD_wifi")}
