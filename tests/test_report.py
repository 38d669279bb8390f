"""crmlib.report and the crm command line: outputs, pseudonymisation, errors."""
import hashlib
import re

import matplotlib
import numpy as np
import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from crmlib import CRMLibError
from crmlib.cli import build_parser, main
from crmlib.report import TEMPLATES, notebook_to_html, pseudonymise, pseudonymise_frame, save_figure, write_workbook

matplotlib.use("Agg")


def test_pseudonymise_is_salted_sha256_and_stable():
    ids = pd.Series(["C001", "C002", "C001", 17], index=[10, 11, 12, 13], name="customer_id")
    out = pseudonymise(ids, salt="s3cret-salt")
    expected = hashlib.sha256("s3cret-salt\x00C001".encode()).hexdigest()[:12]
    assert out.loc[10] == out.loc[12] == expected
    assert out.loc[13] == hashlib.sha256("s3cret-salt\x0017".encode()).hexdigest()[:12]
    assert out.index.tolist() == [10, 11, 12, 13] and out.name == "customer_id"
    assert out.nunique() == 3
    assert (pseudonymise(ids, salt="other-salt!") != out).all()


def test_pseudonymise_frame_hashes_the_named_column_and_index_level():
    digest = hashlib.sha256("s3cret-salt\x00R7".encode()).hexdigest()[:12]
    frame = pd.DataFrame({"respondent_id": ["R7"], "score": [9]})
    out = pseudonymise_frame(frame, "s3cret-salt", column="respondent_id")
    assert out["respondent_id"].tolist() == [digest] and frame["respondent_id"].tolist() == ["R7"]
    two = pd.DataFrame({"x": [1]}, index=pd.MultiIndex.from_tuples([("R7", 2026)], names=["respondent_id", "year"]))
    assert pseudonymise_frame(two, "s3cret-salt", column="respondent_id").index[0] == (digest, 2026)
    # the column name was positional before 0.2: still works, with a FutureWarning
    with pytest.warns(FutureWarning, match="pass column= by keyword"):
        old = pseudonymise_frame(frame, "s3cret-salt", "respondent_id")
    pd.testing.assert_frame_equal(old, out)


@pytest.mark.parametrize("salt", ["", "short", None])
def test_pseudonymise_rejects_weak_salt(salt):
    with pytest.raises(CRMLibError, match="at least 8 characters"):
        pseudonymise(["a"], salt=salt)


def test_workbook_has_every_sheet_with_index_when_named(tmp_path):
    customers = pd.DataFrame({"total": [10.0, 20.5]}, index=pd.Index(["a", "b"], name="customer_id"))
    report = pd.DataFrame({"reason": ["kept"], "rows": [2]})
    path = write_workbook(tmp_path / "out.xlsx", {"customers": customers, "a" * 40: report}, cleaning_report=report)
    book = pd.read_excel(path, sheet_name=None)
    assert list(book) == ["customers", "a" * 31, "cleaning report"]
    assert book["customers"].to_dict("list") == {"customer_id": ["a", "b"], "total": [10.0, 20.5]}
    import openpyxl

    sheet = openpyxl.load_workbook(path)["customers"]
    # header "customer_id" is 11 characters + 2; "total" and its values are short: the minimum 8
    assert sheet.column_dimensions["A"].width == 13 and sheet.column_dimensions["B"].width == 8


def test_workbook_column_width_is_capped_at_60(tmp_path):
    notes = pd.DataFrame({"note": ["x" * 100, "short"]})
    sheet = __import__("openpyxl").load_workbook(write_workbook(tmp_path / "w.xlsx", {"notes": notes}))["notes"]
    assert sheet.column_dimensions["A"].width == 60
    assert sheet["A2"].value == "x" * 100  # the cell keeps its full text


def test_save_figure_writes_png(tmp_path):
    import matplotlib.pyplot as plt

    _, ax = plt.subplots()
    ax.plot([1, 2], [3, 4])
    path = save_figure(ax, tmp_path, "line")
    assert path == tmp_path / "figures" / "line.png" and path.read_bytes()[:4] == b"\x89PNG"


def test_html_report_hides_code_and_loads_nothing_remote(tmp_path):
    nb = new_notebook(cells=[new_markdown_cell("# Report"), new_code_cell("print('visible output')")])
    nb.cells[1].outputs = [nbformat.v4.new_output("stream", name="stdout", text="visible output\n")]
    nb_path = tmp_path / "r.ipynb"
    nbformat.write(nb, nb_path)
    html = notebook_to_html(nb_path, tmp_path / "r.html").read_text(encoding="utf-8")
    assert "visible output" in html and "print(" not in html
    assert not re.search(r"""<(script|link)[^>]*(src|href)=["']https?://""", html)


def test_cli_help_lists_every_template_with_an_example(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["report", "--help"])
    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    assert all(name in text for name in TEMPLATES) and "crm report orders.xlsx" in text


def test_cli_parses_chinese_column_mapping():
    args = build_parser().parse_args(
        ["report", "x.csv", "-t", "rfm", "-o", "out", "--columns", "customer_id=会员号, amount=实付金额"]
    )
    assert args.columns == {"customer_id": "会员号", "amount": "实付金额"}


def test_cli_missing_file_is_a_one_paragraph_error(tmp_path, capsys):
    code = main(["report", str(tmp_path / "nope.csv"), "-t", "rfm", "-o", str(tmp_path / "o"), "--quiet"])
    err = capsys.readouterr().err
    assert code == 2 and "does not exist" in err and "Traceback" not in err
    # where crmlib looked, and how to get the sample files a template was written against
    flat = " ".join(err.split())
    assert f"looked in {tmp_path.resolve()}" in flat and "crm templates copy <folder>" in flat


def test_template_opened_without_its_sample_data_says_how_to_get_it(tmp_path, monkeypatch):
    # an instructor opens crmlib/templates/rfm_segmentation.ipynb in JupyterLab from the repository:
    # input_path = "orders.csv" is not there
    from crmlib.report import load_input, read_table

    monkeypatch.chdir(tmp_path)
    for call in (lambda: load_input("orders.csv"), lambda: read_table("survey.csv")):
        with pytest.raises(CRMLibError, match=r"orders.csv|survey.csv") as info:
            call()
        assert "input_path in the Parameters cell" in str(info.value)
        assert "crm templates copy" in str(info.value)


def test_failed_run_leaves_no_salt_in_the_executed_notebook(tmp_path):
    from crmlib.report import run_template

    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    salt = "tiramisu-2026"
    with pytest.raises(CRMLibError, match=r"^empty\.csv: the file is empty"):
        run_template("cohort", empty, tmp_path / "out", {"salt": salt}, notebook=True)
    executed = tmp_path / "out" / "cohort.ipynb"
    assert executed.is_file()  # the partly executed notebook is kept for inspection, the error in its cell
    text = executed.read_text(encoding="utf-8")
    assert salt not in text and "'<hidden>'" in text and "the file is empty" in text
    assert not (tmp_path / "out" / "cohort.xlsx").exists()


def test_read_table_uses_the_transaction_readers_rules(tmp_path):
    from crmlib import DataFormatError
    from crmlib.report import read_table

    tsv = tmp_path / "survey.tsv"  # UTF-8 with BOM, tab-separated, a title row above the header
    tsv.write_bytes("\ufeff客户满意度调查 2026\n编号\tsat1\tsat2\n7\t4\t5\n8\t2\t\n".encode("utf-8"))
    table = read_table(tsv)
    assert list(table.columns) == ["编号", "sat1", "sat2"]
    assert table["sat1"].tolist() == [4, 2] and table["sat2"].iloc[0] == 5 and pd.isna(table["sat2"].iloc[1])
    blank = tmp_path / "blank.csv"
    blank.write_bytes(b"\n  \n")
    with pytest.raises(DataFormatError, match="the file is empty"):
        read_table(blank)


def test_read_table_counts_every_skipped_row(tmp_path):
    from crmlib.report import read_table, survey_cleaning_table

    # 2 title rows, a blank line after them, the header, 3 respondents with a blank line between
    csv = tmp_path / "survey.csv"
    csv.write_bytes("满意度调查\n2026年3月\n\nid,sat1,sat2\n1,4,5\n\n2,3,3\n3,5,4\n".encode("gb18030"))
    answers, report = read_table(csv, return_report=True)
    assert report == {"rows in file": 8, "blank rows skipped": 2, "title rows skipped": 2,
                      "header row": 4, "respondents": 3}
    assert report["rows in file"] == (report["blank rows skipped"] + report["title rows skipped"]
                                      + 1 + report["respondents"])
    # the counts reach the cleaning table as an argument, so a table pandas rebuilt (no attrs) keeps them
    rebuilt = pd.DataFrame({c: answers[c] for c in answers.columns})  # rebuilt from its columns
    assert rebuilt.attrs == {}
    table = survey_cleaning_table(rebuilt.set_index("id"), ["sat1", "sat2"], 1, 5, read_report=report)
    assert table.set_index("check")["count"].head(5).to_dict() == report


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


def test_workbook_cells_missing_infinite_dates_and_multiindex(tmp_path):
    frame = pd.DataFrame(
        {"when": pd.to_datetime(["2024-03-05 10:30", None]).tz_localize("Asia/Shanghai"),
         "trend": [float("inf"), float("nan")], "stage": pd.Categorical(["stable", None]),
         "month": pd.period_range("2024-01", periods=2, freq="M")},
        index=pd.MultiIndex.from_tuples([("BG/NBD", "r"), ("BG/NBD", "alpha")], names=["model", "parameter"]))
    sheet = __import__("openpyxl").load_workbook(write_workbook(tmp_path / "c.xlsx", {"m": frame}))["m"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["model", "parameter", "when", "trend", "stage", "month"]
    import datetime as dt
    assert rows[1] == ["BG/NBD", "r", dt.datetime(2024, 3, 5, 10, 30), "inf", "stable", "2024-01"]
    assert rows[2] == ["BG/NBD", "alpha", None, None, None, "2024-02"]


def test_workbook_table_longer_than_excel_goes_to_csv_in_full(tmp_path, monkeypatch):
    from crmlib.report import _excel

    # write_workbook looks EXCEL_MAX_ROWS up in its own module, so patch it there
    monkeypatch.setattr(_excel, "EXCEL_MAX_ROWS", 4)  # header + 3 rows, instead of 1,048,576
    customers = pd.DataFrame({"total": range(10)}, index=pd.Index([f"客户{i}" for i in range(10)], name="customer_id"))
    path = write_workbook(tmp_path / "rfm.xlsx", {"customers": customers, "small": pd.DataFrame({"a": [1]})})
    assert pd.read_excel(path, sheet_name="customers")["total"].tolist() == [0, 1, 2]
    full = pd.read_csv(tmp_path / "rfm_customers.csv", encoding="utf-8-sig")
    assert full["customer_id"].tolist() == [f"客户{i}" for i in range(10)] and full["total"].sum() == 45
    assert not (tmp_path / "rfm_small.csv").exists()


def test_workbook_text_that_looks_like_a_formula_stays_text(tmp_path):
    import openpyxl

    products = pd.DataFrame({"product": ["=HYPERLINK(\"http://x\")", "tea"], "n": [1, 2]})
    cell = openpyxl.load_workbook(write_workbook(tmp_path / "f.xlsx", {"p": products}))["p"]["A2"]
    assert cell.data_type == "s" and cell.value == "=HYPERLINK(\"http://x\")"


def test_workbook_with_an_all_empty_column(tmp_path):
    # a 2-customer cohort file gives retention columns with no value at all (issue 12, item 13)
    frame = pd.DataFrame({"customers": [1, 1], "period 1": [float("nan")] * 2,
                          "label": pd.Series([None, None], dtype=object), "s": pd.Series([pd.NA] * 2, dtype="string")})
    path = write_workbook(tmp_path / "c.xlsx", {"retention": frame})
    back = pd.read_excel(path, sheet_name="retention")
    assert back["customers"].tolist() == [1, 1] and back["period 1"].isna().all() and back["label"].isna().all()


def test_period_activity_marks_an_incomplete_last_period(tmp_path):
    # a log ending on 9 March: March is not a full month (issue 12, item 12)
    from crmlib.report import period_activity

    tx = pd.DataFrame({"customer_id": ["a", "a", "b"], "amount": [1.0, 2.0, 8.0],
                       "date": pd.to_datetime(["2024-01-03", "2024-03-09", "2024-02-10"])})
    assert period_activity(tx)["complete"].tolist() == [True, False, True]
    assert period_activity(tx, observation_end="2024-03-31")["complete"].tolist() == [True, True, True]
    tx.to_parquet(tmp_path / "tx.parquet")
    assert period_activity(tmp_path / "tx.parquet")["complete"].tolist() == [True, False, True]
    assert period_activity(tx, "D")["complete"].all()  # a day is always complete


# ---------------------------------------------------------------------------------------
# survey: a word among numbers, a stray 0 or 9 (issue 12, items 4 and 5)
# ---------------------------------------------------------------------------------------


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


# ------------------------------------------------------------------------------------------
# the survey and cohort templates' logic (the templates only call these)
# ------------------------------------------------------------------------------------------

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


