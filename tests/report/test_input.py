"""Tests of ``crmlib.report._input`` (split from the old test_report.py).

crmlib.report and the crm command line: outputs, pseudonymisation, errors."""

import matplotlib
import pandas as pd
import pytest

from crmlib import CRMLibError


matplotlib.use("Agg")


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
