"""Tests of ``crmlib.report._excel`` (split from the old test_report.py).

crmlib.report and the crm command line: outputs, pseudonymisation, errors."""

import matplotlib
import pandas as pd

from crmlib.report import write_workbook


matplotlib.use("Agg")


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
