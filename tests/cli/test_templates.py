"""Chapter 5: the four templates run end to end on messy generated inputs.

Every template run goes through the real command line (``python -m crmlib report``) in a
subprocess, two at a time, once per input; each run's outputs are then checked several
ways. Inputs are generated in a temporary folder:

* ``销售明细.csv`` — GBK, Chinese headers, mixed date spellings, ¥ amounts, returns,
  repeated order lines, missing customer ids and a 合计 total row (``make_transactions``);
* ``orders.xlsx`` — an Excel export with a title row above the header;
* ``orders.parquet`` — a Parquet file with real datetime and float columns;
* ``returns.csv`` — a status column with cancellations and returns, and missing ids,
  with the exact numbers injected known;
* two surveys (GBK CSV with every section; Excel with a title row and only Likert items);
* three bad inputs (no amount column, unparseable dates, an empty file).
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from crmlib import DataFormatError
from crmlib.datasets import make_survey, make_transactions
from crmlib.io import load_transactions
from crmlib.report import (
    choose_engine, cleaning_table, load_input, period_activity, pseudonymise, read_table,
)
from crmlib.satisfaction import cronbach_alpha, net_promoter_score

SALT = "tiramisu-2026"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
FIGURES = {
    "rfm": {"pareto_abc", "segment_sizes", "rfm_heatmap"},
    "clv": {"clv_pareto", "clv_top", "p_alive"},
    "cohort": {"cohort_retention", "retention_curve", "lifecycle_stages"},
    "survey": {"index", "ipa", "nps", "kano"},
}
INJECTED = {"cancelled_order": 5, "return_netted": 4, "missing_customer_id": 6}


# ------------------------------------------------------------------------------------------
# inputs
# ------------------------------------------------------------------------------------------

def _returns_frame() -> pd.DataFrame:
    """Clean English orders plus known cancellations, partial returns and missing ids."""
    tx = make_transactions(n_customers=120, random_state=11)
    tx["status"] = "completed"
    rng = np.random.default_rng(2026)
    rows = rng.choice(len(tx), size=15, replace=False)
    cancel, blank, returned = rows[:5], rows[5:11], rows[11:]
    tx.loc[tx.index[cancel], "status"] = "cancelled"
    tx["customer_id"] = tx["customer_id"].astype(object)
    tx.loc[tx.index[blank], "customer_id"] = ""
    originals = tx.iloc[returned]
    back = originals.assign(
        order_id=[f"R{i:05d}" for i in range(len(originals))],
        date=originals["date"] + pd.Timedelta(hours=1),
        quantity=-1,
        amount=-(originals["amount"] / 2).round(2),
        status="return",
    )
    out = pd.concat([tx, back], ignore_index=True).sort_values("date", kind="stable")
    out["date"] = out["date"].dt.strftime("%Y-%m-%d %H:%M")
    return out


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("inputs")
    paths: dict[str, Path] = {}
    messy = make_transactions(n_customers=250, random_state=7, language="zh", mess=True)
    paths["gbk"] = d / "销售明细.csv"
    messy.to_csv(paths["gbk"], index=False, encoding="gbk")

    excel = make_transactions(n_customers=150, random_state=8)
    paths["excel"] = d / "orders.xlsx"
    with pd.ExcelWriter(paths["excel"], engine="openpyxl") as writer:
        excel.to_excel(writer, sheet_name="export", index=False, startrow=2)
        writer.sheets["export"]["A1"] = "Sales export 2024-01-01 to 2025-06-29 (all shops)"

    paths["parquet"] = d / "orders.parquet"
    make_transactions(n_customers=150, random_state=9).to_parquet(paths["parquet"])

    paths["returns"] = d / "returns.csv"
    _returns_frame().to_csv(paths["returns"], index=False)

    survey = make_survey(300, random_state=5).rename(columns={"SAT1": "总体满意度", "NPS": "推荐意愿"})
    paths["survey"] = d / "满意度调查.csv"
    survey.rename_axis("编号").to_csv(paths["survey"], encoding="gbk")

    small = make_survey(120, random_state=6)[["QUAL1", "QUAL2", "QUAL3", "VAL1", "VAL2"]]
    small.columns = ["sat1", "sat2", "sat3", "value1", "value2"]
    paths["survey_small"] = d / "small_survey.xlsx"
    with pd.ExcelWriter(paths["survey_small"], engine="openpyxl") as writer:
        small.to_excel(writer, sheet_name="answers", index=False, startrow=1)
        writer.sheets["answers"]["A1"] = "Customer survey, spring wave"

    paths["no_amount"] = d / "no_amount.csv"
    pd.DataFrame({"客户编号": ["A", "B"], "日期": ["2024-01-02", "2024-01-03"], "备注": ["x", "y"]}).to_csv(
        paths["no_amount"], index=False)
    paths["bad_dates"] = d / "bad_dates.csv"
    pd.DataFrame({"customer_id": ["A", "B", "C"], "date": ["soon", "later", "never"], "amount": [1, 2, 3]}).to_csv(
        paths["bad_dates"], index=False)
    paths["empty"] = d / "empty.csv"
    paths["empty"].write_bytes(b"")
    return paths


# ------------------------------------------------------------------------------------------
# runs: every template through the CLI, two at a time
# ------------------------------------------------------------------------------------------

RUNS = {
    # key: (template, input, extra CLI arguments)
    "rfm-gbk": ("rfm", "gbk", []),
    "rfm-excel": ("rfm", "excel", ["--salt", SALT, "--notebook"]),
    "rfm-parquet": ("rfm", "parquet", ["-p", "scheme=cn8"]),
    "rfm-returns": ("rfm", "returns", []),
    "clv-gbk": ("clv", "gbk", ["--salt", SALT, "--currency", "CNY", "--notebook"]),
    "cohort-gbk": ("cohort", "gbk", []),
    "survey-gbk": ("survey", "survey", ["--salt", SALT, "--notebook", "--columns", "overall=总体满意度,recommend=推荐意愿",
                                        "-p", 'reverse_items=["SAT3"]']),
    "survey-small": ("survey", "survey_small", []),
    "bad-no_amount": ("rfm", "no_amount", []),
    "bad-bad_dates": ("clv", "bad_dates", []),
    "bad-empty": ("cohort", "empty", []),
}


@pytest.fixture(scope="module")
def runs(inputs, tmp_path_factory) -> dict[str, tuple[subprocess.CompletedProcess, Path]]:
    root = tmp_path_factory.mktemp("outputs")
    env = dict(os.environ, PYTHONIOENCODING="utf-8")

    def run(key):
        template, source, extra = RUNS[key]
        out = root / key
        cmd = [sys.executable, "-m", "crmlib", "report", str(inputs[source]), "--template", template,
               "--out", str(out), "--quiet", *extra]
        return key, (subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600), out)

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(pool.map(run, RUNS))


def _done(runs, key) -> Path:
    proc, out = runs[key]
    assert proc.returncode == 0, f"{key} failed:\n{proc.stderr[-3000:]}"
    assert "Done. Outputs in" in proc.stdout
    return out


def _workbook(out: Path, template: str) -> dict[str, pd.DataFrame]:
    return pd.read_excel(out / f"{template}.xlsx", sheet_name=None)


def _rows_in_file(path: Path, source: str) -> int:
    """Data rows as a spreadsheet program would count them (below the header)."""
    if source == "parquet":
        return len(pd.read_parquet(path))
    if source == "excel":
        return len(pd.read_excel(path, skiprows=2))
    encoding = "gb18030" if source == "gbk" else "utf-8"
    return len(pd.read_csv(path, encoding=encoding, dtype=str, keep_default_na=False))


def _check_cleaning(book: dict[str, pd.DataFrame], rows_in_file: int) -> dict[str, int]:
    table = book["cleaning report"].set_index("step")["rows"]
    removed = table.drop(["read", "kept"])
    assert table["read"] == rows_in_file
    assert table["read"] == table["kept"] + removed.sum()
    return table.to_dict()


# ------------------------------------------------------------------------------------------
# transaction templates
# ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("key", ["rfm-gbk", "rfm-excel", "rfm-parquet", "rfm-returns", "clv-gbk", "cohort-gbk"])
def test_transaction_template_outputs(key, runs, inputs):
    template, source, extra = RUNS[key]
    out = _done(runs, key)
    for suffix in ("xlsx", "html"):
        assert (out / f"{template}.{suffix}").stat().st_size > 0
    # the executed notebook is an optional output
    assert (out / f"{template}.ipynb").is_file() == ("--notebook" in extra)
    pngs = {p.stem for p in (out / "figures").glob("*.png")}
    assert pngs == FIGURES[template]
    assert all((out / "figures" / f"{n}.png").read_bytes()[:4] == b"\x89PNG" for n in pngs)

    tx, report = load_transactions(inputs[source])  # the reference: the documented cleaning
    book = _workbook(out, template)
    counts = _check_cleaning(book, _rows_in_file(inputs[source], source))
    assert counts["kept"] == len(tx) == report.rows_out

    customers = book["customers"]
    assert len(customers) == tx["customer_id"].nunique()
    assert customers["customer_id"].is_unique
    assert np.isclose(customers["total"].sum(), tx["amount"].sum())
    if "--salt" in extra:
        expected = set(pseudonymise(tx["customer_id"].unique(), SALT))
        assert set(customers["customer_id"]) == expected
    else:
        assert set(customers["customer_id"].astype(str)) == set(tx["customer_id"].astype(str))


def test_gbk_input_was_read_as_chinese_export(runs, inputs):
    book = _workbook(_done(runs, "rfm-gbk"), "rfm")
    details = book["input details"].set_index("item")["value"]
    assert details["encoding"] == "gb18030"
    assert details["column customer_id"] == "客户编号" and details["column amount"] == "实付金额"
    mess = make_transactions(n_customers=250, random_state=7, language="zh", mess=True, return_info=True)[1]["mess"]
    counts = book["cleaning report"].set_index("step")["rows"]
    assert counts["total_row"] == mess["total_rows"]
    assert counts["duplicate_line"] == mess["duplicates"]
    assert counts["missing_customer_id"] == mess["missing_customer_id"]
    assert counts["return_netted"] + counts.get("unmatched_return", 0) == mess["returns"]


def test_excel_title_row_is_skipped(runs):
    book = _workbook(_done(runs, "rfm-excel"), "rfm")
    notes = book["input details"].set_index("item").loc["note", "value"]
    assert "skipped 2 title row(s) above the header" in set(np.atleast_1d(notes))


def test_returns_cancellations_and_missing_ids_are_counted_exactly(runs):
    counts = _workbook(_done(runs, "rfm-returns"), "rfm")["cleaning report"].set_index("step")["rows"]
    for reason, n in INJECTED.items():
        assert counts[reason] == n, reason


def test_rfm_segments_and_abc_are_consistent(runs):
    book = _workbook(_done(runs, "rfm-gbk"), "rfm")
    customers, segments = book["customers"], book["segments"].set_index("segment")
    assert segments["customers"].sum() == len(customers)
    assert (customers["segment"].value_counts().reindex(segments.index, fill_value=0) == segments["customers"]).all()
    assert set(customers["RFM"].astype(str).str.len()) == {3}
    abc = book["abc"].set_index("abc")
    assert abc["customers"].sum() == len(customers)
    a_share = customers.loc[customers["abc"] == "A", "total"].sum() / customers["total"].sum()
    assert np.isclose(abc.loc["A", "revenue_share"], a_share)
    assert a_share >= 0.8  # class A carries the first 80 % of revenue (the customer crossing the cut included)
    cn8 = _workbook(_done(runs, "rfm-parquet"), "rfm")["customers"]
    assert cn8["segment"].str.contains("客户").all()  # -p scheme=cn8 reached the template


def test_clv_ranked_list(runs):
    book = _workbook(_done(runs, "clv-gbk"), "clv")
    customers = book["customers"]
    assert customers["rank"].tolist() == list(range(1, len(customers) + 1))
    assert customers["clv"].is_monotonic_decreasing and (customers["clv"] >= 0).all()
    assert customers["p_alive"].between(0, 1).all()
    model = book["model"]
    assert set(model["parameter"]) == {"r", "alpha", "a", "b", "p", "q", "gamma"}
    overview = book["overview"].set_index("item")["value"]
    assert np.isclose(float(overview["total CLV (CNY)"]), customers["clv"].sum(), rtol=1e-6)


def test_cohort_sheets_add_up(runs, inputs):
    out = _done(runs, "cohort-gbk")
    book = _workbook(out, "cohort")
    customers, retention = book["customers"], book["retention"]
    assert retention["customers"].sum() == len(customers)
    # Worked out from the cleaned input with calendar arithmetic, not with crmlib's cohort code:
    # a customer's cohort is the month of the first purchase, and counts as retained k months
    # later when buying in the month that is k months after it.
    tx, _ = load_transactions(inputs["gbk"])
    month = tx["date"].dt.year * 12 + tx["date"].dt.month - 1
    first = month.groupby(tx["customer_id"]).transform("min")
    cohort = (first // 12).astype(str) + "-" + (first % 12 + 1).map("{:02d}".format)
    active = pd.DataFrame({"customer": tx["customer_id"], "cohort": cohort, "age": month - first}).drop_duplicates()
    sizes = active[active["age"] == 0].groupby("cohort").size()
    table = retention.set_index("cohort")
    assert table["customers"].to_dict() == sizes.to_dict()
    for k in (1, 2, 3):
        hand = (active[active["age"] == k].groupby("cohort").size() / sizes).fillna(0.0)
        shown = table[f"period {k}"].dropna()
        assert len(shown) >= len(table) - k  # only the last k cohorts cannot be seen k months on
        np.testing.assert_allclose(shown.to_numpy(float), hand.reindex(shown.index).to_numpy(), atol=5e-4)
    by_cohort = customers["cohort"].astype(str).value_counts()
    assert (retention.set_index("cohort")["customers"] == by_cohort.reindex(retention["cohort"]).to_numpy()).all()
    stages = book["stages"].set_index("stage")
    assert stages["customers"].sum() == len(customers)
    assert set(customers["stage"]) <= set(stages.index)
    # the report shows every retention cell as a percentage (the template displays it through
    # report.as_percentages; the period columns are not named like shares), the workbook the numbers
    cells = re.findall(r"<td>([^<]*)</td>", (out / "cohort.html").read_text(encoding="utf-8"))
    for k in (1, 2, 3):
        for share in table[f"period {k}"].dropna():
            assert f"{100 * share:.1f} %" in cells


def test_salt_hides_every_original_id(runs, inputs):
    for key in ("rfm-excel", "clv-gbk"):
        template, source, _ = RUNS[key]
        out = _done(runs, key)
        ids = load_transactions(inputs[source])[0]["customer_id"].astype(str).unique()
        texts = [(out / f"{template}.html").read_text(encoding="utf-8"),
                 (out / f"{template}.ipynb").read_text(encoding="utf-8")]
        for sheet in _workbook(out, template).values():
            texts.append(sheet.to_csv())
        blob = "\n".join(texts)
        leaked = [i for i in ids if re.search(rf"(?<![0-9A-Za-z]){re.escape(i)}(?![0-9A-Za-z])", blob)]
        assert leaked == []
        assert SALT not in blob


# ------------------------------------------------------------------------------------------
# survey template
# ------------------------------------------------------------------------------------------

def test_survey_full(runs, inputs):
    out = _done(runs, "survey-gbk")
    assert {p.stem for p in (out / "figures").glob("*.png")} == FIGURES["survey"]
    book = _workbook(out, "survey")
    assert {"respondents", "reliability", "items", "index", "ipa", "nps", "kano"} <= set(book)
    raw = read_table(inputs["survey"])
    reliability = book["reliability"].set_index("block")
    quality = ["QUAL1", "QUAL2", "QUAL3", "QUAL4", "QUAL5"]
    assert np.isclose(reliability.loc["QUAL", "alpha"], cronbach_alpha(raw[quality]))
    reversed_sat = raw[["SAT2", "SAT3"]].assign(SAT3=8 - raw["SAT3"])  # 1-7 scale
    assert np.isclose(reliability.loc["SAT", "alpha"], cronbach_alpha(reversed_sat))
    nps = book["nps"].set_index("measure")["nps"]
    assert np.isclose(nps["nps"], net_promoter_score(raw["推荐意愿"])["nps"])
    kano = book["kano"].set_index("feature")["category"].to_dict()
    assert kano == make_survey(300, random_state=5, return_info=True)[1]["kano_truth"]
    assert set(book["ipa"]["item"]) == set(quality)  # stated importance IMP_QUAL1..5
    respondents = book["respondents"]
    assert len(respondents) == len(raw)
    cleaning = book["cleaning"].set_index("check")["count"]
    assert cleaning["respondents"] == len(raw)
    assert cleaning["rows in file"] == (cleaning["blank rows skipped"] + cleaning["title rows skipped"]
                                        + 1 + cleaning["respondents"])
    for item in quality:
        assert cleaning[f"missing answers: {item}"] == raw[item].isna().sum()
    assert set(respondents["respondent_id"]) == set(pseudonymise(raw["编号"], SALT))
    html = (out / "survey.html").read_text(encoding="utf-8")
    assert SALT not in html and SALT not in (out / "survey.ipynb").read_text(encoding="utf-8")


def test_survey_without_optional_columns_skips_sections(runs, inputs):
    out = _done(runs, "survey-small")
    book = _workbook(out, "survey")
    assert set(book) == {"respondents", "reliability", "items", "index", "cleaning"}
    assert book["reliability"].set_index("block")["items"].to_dict() == {"sat": 3, "value": 2}
    html = (out / "survey.html").read_text(encoding="utf-8")
    for section in ("IPA skipped", "NPS skipped", "Kano skipped"):
        assert section in html
    assert {p.stem for p in (out / "figures").glob("*.png")} == {"index"}


# ------------------------------------------------------------------------------------------
# bad inputs
# ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("key, words", [
    ("bad-no_amount", "no amount column"),
    ("bad-bad_dates", "not dates"),
    ("bad-empty", "empty"),
])
def test_bad_input_is_one_paragraph_error(key, words, runs):
    proc, out = runs[key]
    assert proc.returncode == 2
    err = proc.stderr.strip()
    assert "Traceback" not in err and "Error:" not in err.replace("crm: error:", "")
    assert err.startswith("crm: error: ") and words in err
    paragraphs = [p for p in err.split("\n\n") if p.strip()]
    assert len(paragraphs) == 1
    assert err.splitlines()[-1] == "Run again with --debug for the full traceback."
    assert not (out / f"{RUNS[key][0]}.xlsx").exists()


# ------------------------------------------------------------------------------------------
# the HTML reports open offline
# ------------------------------------------------------------------------------------------

def test_html_reports_open_offline_in_chromium(runs):
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    pages = [(key, _done(runs, key) / f"{RUNS[key][0]}.html")
             for key in ("rfm-gbk", "clv-gbk", "cohort-gbk", "survey-gbk")]
    problems: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            for key, html in pages:
                page = browser.new_page()
                external: list[str] = []

                def route(r, external=external):
                    if r.request.url.startswith(("file:", "data:")):
                        r.continue_()
                    else:
                        external.append(r.request.url)
                        r.abort()

                page.route("**/*", route)
                page.on("requestfailed", lambda req, key=key: problems.append(f"{key}: failed {req.url}"))
                page.goto(html.as_uri(), wait_until="load")
                images = page.evaluate(
                    "Array.from(document.images).map(i => i.complete && i.naturalWidth > 0)")
                text = page.inner_text("body")
                problems += [f"{key}: external {u}" for u in external]
                if len(images) < len(FIGURES[RUNS[key][0]]) or not all(images):
                    problems.append(f"{key}: images {images}")
                if "Traceback" in text or "def public" in text:
                    problems.append(f"{key}: code or a traceback is visible")
                page.close()
        finally:
            browser.close()
    assert problems == []


# ------------------------------------------------------------------------------------------
# helpers in crmlib.report used by the templates (no notebook needed)
# ------------------------------------------------------------------------------------------

def test_large_file_engine_gives_the_same_summary(inputs, tmp_path):
    clean, _ = load_transactions(inputs["parquet"])
    path = tmp_path / "clean.parquet"
    clean.to_parquet(path)
    assert choose_engine(path) == "pandas" and choose_engine(path, threshold_mb=0) == "duckdb"
    small = load_input(path)
    large = load_input(path, engine="auto", threshold_mb=0)
    assert large.engine == "duckdb" and large.tx is None
    # the engine route cleans too (issue 16): the same report as the pandas route
    assert large.cleaning.counts() == small.cleaning.counts()
    assert large.cleaning.rows_in == small.cleaning.rows_in == len(clean)
    cols = ["frequency", "recency", "T", "monetary", "n_orders", "total"]
    pd.testing.assert_frame_equal(large.summary[cols].sort_index(), small.summary[cols].sort_index(),
                                  check_dtype=False, check_index_type=False)
    for period in ("D", "M"):
        a = period_activity(clean, period)
        b = period_activity(path, period)
        assert a["orders"].tolist() == b["orders"].tolist()
        assert np.allclose(a["amount"], b["amount"])
        assert a["period"].astype(str).tolist() == b["period"].astype(str).tolist()


def test_large_file_with_mapped_columns(tmp_path):
    tx = pd.DataFrame({"会员号": ["a", "a", "b"], "日期": pd.to_datetime(["2024-01-01", "2024-01-08", "2024-01-03"]),
                       "金额": [10.0, 20.0, 5.0]})
    path = tmp_path / "big.parquet"
    tx.to_parquet(path)
    data = load_input(path, {"customer_id": "会员号", "date": "日期", "amount": "金额"}, engine="duckdb")
    assert data.summary.loc["a", ["frequency", "recency", "total"]].tolist() == [1, 7.0, 30.0]
    months = period_activity(path, "M", columns={"customer_id": "会员号", "date": "日期", "amount": "金额"})
    assert months[["customer_id", "orders", "amount"]].values.tolist() == [["a", 2, 30.0], ["b", 1, 5.0]]


def test_cleaning_table_balances_on_the_returns_input(inputs):
    _, report = load_transactions(inputs["returns"])
    table = cleaning_table(report)["rows"]
    assert table["read"] == table["kept"] + table.drop(["read", "kept"]).sum()
    assert table["read"] == len(_returns_frame())


def test_bad_input_error_says_which_option_fixes_it(runs):
    no_amount = " ".join(runs["bad-no_amount"][0].stderr.split())
    assert "On the command line: --columns role=<your header>" in no_amount
    bad_dates = " ".join(runs["bad-bad_dates"][0].stderr.split())
    assert "--columns role=<your header>" in bad_dates and "-p date_format='%d.%m.%Y'" in bad_dates


def test_sheet_number_as_text_and_explicit_date_format(tmp_path):
    path = tmp_path / "two_sheets.xlsx"
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        pd.DataFrame({"note": ["read me first"]}).to_excel(writer, sheet_name="readme", index=False)
        pd.DataFrame({"会员号": ["a", "a", "b"], "日期": ["05.03.2024", "06.04.2024", "07.03.2024"],
                      "金额": [10.0, 20.0, 5.0]}).to_excel(writer, sheet_name="2024", index=False)
        pd.DataFrame({"会员号": ["z"], "日期": ["01.01.2023"], "金额": [1.0]}).to_excel(writer, sheet_name="1", index=False)
    # "--sheet 1" names the sheet called "1"; "--sheet 2024" the sheet called "2024"; "0" is the first sheet's number
    assert load_input(path, sheet="1", date_format="%d.%m.%Y").summary.index.tolist() == ["z"]
    data = load_input(path, sheet="2024", date_format="%d.%m.%Y")
    assert data.tx["date"].dt.strftime("%Y-%m-%d").tolist() == ["2024-03-05", "2024-04-06", "2024-03-07"]
    assert data.summary.loc["a", "recency"] == 32.0  # 5 March to 6 April: day first, as the format says
    with pytest.raises(DataFormatError, match=r"no customer id column .* First row: \{0: 'note'\}"):
        load_input(path, sheet="0")  # sheet number 0 is the readme sheet: no transactions there
