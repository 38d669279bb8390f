"""The ``crm`` command as a user meets it: errors, engine messages, the report, copying templates.

Runs go through :func:`crmlib.cli.main` in this process (templates no longer start a kernel),
on small files generated here. The wheel test at the end builds and installs crmlib into a
fresh virtual environment and runs ``crm report`` from a folder outside the repository.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from crmlib import report
from crmlib.cli import main
from crmlib.datasets import make_survey, make_transactions

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def orders(tmp_path_factory) -> Path:
    """About 100 rows: 40 customers with 1-6 orders each, clean English headers."""
    path = tmp_path_factory.mktemp("orders") / "orders.csv"
    make_transactions(n_customers=40, random_state=1).to_csv(path, index=False)
    return path


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _one_paragraph_error(err: str) -> None:
    assert err.startswith("crm: error: ") and "Traceback" not in err
    assert len([p for p in err.split("\n\n") if p.strip()]) == 1
    assert err.rstrip().splitlines()[-1] == "Run again with --debug for the full traceback."


# ------------------------------------------------------------------------------------------
# errors (issue 12, item 8 and the error convention)
# ------------------------------------------------------------------------------------------

def test_output_path_that_is_an_existing_file_is_a_user_error(orders, tmp_path, capsys):
    taken = tmp_path / "report.txt"
    taken.write_text("my notes", encoding="utf-8")
    code, _, err = _run(capsys, "report", str(orders), "-t", "rfm", "-o", str(taken))
    assert code == 2
    _one_paragraph_error(err)
    assert "is an existing file, not a folder" in " ".join(err.split()) and "--out" in err
    assert taken.read_text(encoding="utf-8") == "my notes"  # untouched


def test_unexpected_error_is_short_and_points_to_debug(orders, tmp_path, capsys, monkeypatch):
    def broken(*args, **kwargs):
        raise KeyError("internal")

    monkeypatch.setattr(report, "run_template", broken)
    code, _, err = _run(capsys, "report", str(orders), "-t", "rfm", "-o", str(tmp_path / "o"))
    assert code == 1 and "Traceback" not in err
    assert "crm: internal error: KeyError" in err and "--debug" in err and len(err.splitlines()) <= 3
    with pytest.raises(KeyError):
        main(["report", str(orders), "-t", "rfm", "-o", str(tmp_path / "o"), "--debug"])


# ------------------------------------------------------------------------------------------
# the report itself (item 14) and the optional notebook
# ------------------------------------------------------------------------------------------

def test_html_report_is_for_managers(orders, tmp_path, capsys):
    out = tmp_path / "rfm_report"
    code, stdout, _ = _run(capsys, "report", str(orders), "-t", "rfm", "-o", str(out))
    assert code == 0 and "Done. Outputs in" in stdout
    html = (out / "rfm.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", " ", re.sub(r"<(style|img)[^>]*>.*?(</style>|>)", " ", html, flags=re.S))
    assert not re.search(r"\d\.?\d*e[+-]\d\d", text)  # no scientific notation
    assert "Parameters" not in text and "Let's start" not in text and "import " not in text
    assert str(tmp_path) not in html and str(orders.parent) not in html and str(Path.home()) + "/" not in html
    assert "orders.csv" in text  # the file name is shown
    assert not (out / "rfm.ipynb").exists()  # the notebook is optional now
    # revenue shown with a thousands separator, equal to the file's total (no returns in it)
    total = pd.read_csv(orders)["amount"].sum()
    assert f"{total:,.0f}" in text
    # shares as percentages: the ABC table's revenue shares
    book = pd.read_excel(out / "rfm.xlsx", sheet_name="abc").set_index("abc")
    assert f"{book.loc['A', 'revenue_share'] * 100:.1f} %" in text
    assert len(re.findall(r"<img [^>]*src='data:image/png;base64,", html)) == 3


def test_notebook_output_is_a_valid_executed_notebook(orders, tmp_path, capsys):
    import nbformat

    out = tmp_path / "o"
    code, stdout, _ = _run(capsys, "report", str(orders), "-t", "cohort", "-o", str(out), "--notebook",
                           "--salt", "s3cret-salt")
    assert code == 0 and "cohort.ipynb" in stdout
    nb = nbformat.read(out / "cohort.ipynb", as_version=4)
    nbformat.validate(nb)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and "salt = '<hidden>'" in injected[0].source
    assert "s3cret-salt" not in (out / "cohort.ipynb").read_text(encoding="utf-8")
    images = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if "image/png" in o.get("data", {})]
    assert len(images) == 3


def test_table_numbers_are_formatted():
    from crmlib._render import format_table

    table = pd.DataFrame({"revenue": [6.82e6, 2.5e4], "share": [0.247, 0.753], "alpha": [2.47e-1, 1.5],
                          "customers": [12000, 7]}, index=["a", "b"])
    cells = format_table(table)
    assert cells["revenue"].tolist() == ["6,820,000", "25,000"]
    assert cells["share"].tolist() == ["24.7 %", "75.3 %"]
    assert cells["customers"].tolist() == ["12,000", "7"]
    assert cells["alpha"].tolist() == ["0.247", "1.500"]  # one number of decimals per column (median < 1: 3)


# ------------------------------------------------------------------------------------------
# large-file route messages (item 9)
# ------------------------------------------------------------------------------------------

def _with_returns(path: Path) -> Path:
    tx = make_transactions(n_customers=30, random_state=3)
    first = tx.iloc[0]
    refund = first.copy()
    refund["amount"] = -3 * abs(first["amount"]) - 100  # a refund larger than everything the customer bought
    refund["date"] = first["date"] + pd.Timedelta(days=1)
    pd.concat([tx, refund.to_frame().T], ignore_index=True).to_csv(path, index=False)
    return path


def test_auto_says_which_engine_it_chose_and_cleans_on_it(tmp_path, capsys, monkeypatch):
    pytest.importorskip("duckdb")
    clean = tmp_path / "clean.csv"
    make_transactions(n_customers=30, random_state=4).to_csv(clean, index=False)
    # the documented setting (book ch5): crmlib.report.LARGE_FILE_MB, read when the engine is chosen
    monkeypatch.setattr(report, "LARGE_FILE_MB", 0.001)  # this small file counts as large
    code, _, err = _run(capsys, "report", str(clean), "-t", "rfm", "-o", str(tmp_path / "o"))
    err = " ".join(err.split())
    assert code == 0
    assert "engine auto chose duckdb: clean.csv is" in err and "above the 0.001 MB limit" in err
    html = " ".join((tmp_path / "o" / "rfm.html").read_text(encoding="utf-8").split())
    assert "engine auto chose duckdb" in html


def test_large_route_nets_returns_as_the_pandas_route_does(tmp_path, capsys):
    # issue 16: the DuckDB route used to stop on a customer with a negative total; it now cleans
    pytest.importorskip("duckdb")
    from crmlib.report import load_input

    path = _with_returns(tmp_path / "with_returns.csv")
    ref, got = load_input(path, engine="pandas"), load_input(path, engine="duckdb")
    assert got.cleaning.counts() == ref.cleaning.counts() and "return_netted" in ref.cleaning.counts()
    assert ref.cleaning.returns_unmatched > 0  # the refund exceeds the purchases: the excess is counted
    assert got.cleaning.returns_unmatched == pytest.approx(ref.cleaning.returns_unmatched)
    assert (got.summary["total"] >= 0).all()
    code, _, _ = _run(capsys, "report", str(path), "-t", "rfm", "-o", str(tmp_path / "o"), "--engine", "duckdb")
    assert code == 0


def test_large_route_finds_renamed_columns_as_the_pandas_route_does(tmp_path, capsys):
    pytest.importorskip("duckdb")
    path = tmp_path / "renamed.csv"
    make_transactions(n_customers=10, random_state=5).rename(columns={"customer_id": "member"}).to_csv(path, index=False)
    code, _, err = _run(capsys, "report", str(path), "-t", "clv", "-o", str(tmp_path / "o"), "--engine", "duckdb")
    assert code == 0 and "engine duckdb" in " ".join(err.split())


# ------------------------------------------------------------------------------------------
# crm templates / crm templates copy / crm init
# ------------------------------------------------------------------------------------------

def test_templates_lists_every_template(capsys):
    code, out, _ = _run(capsys, "templates")
    assert code == 0
    for t in report.TEMPLATES.values():
        assert t.name in out and t.filename in out


def test_copy_refuses_to_overwrite_unless_forced(tmp_path, capsys):
    target = tmp_path / "mine"
    code, out, _ = _run(capsys, "templates", "copy", str(target))
    assert code == 0
    expected = {t.filename for t in report.TEMPLATES.values()} | {"orders.csv", "survey.csv", "README.md"}
    assert {p.name for p in target.iterdir()} == expected
    for t in report.TEMPLATES.values():  # the copies are the shipped notebooks, byte for byte
        assert (target / t.filename).read_bytes() == report.template_path(t.name).read_bytes()
    (target / "orders.csv").write_text("my own data", encoding="utf-8")
    code, _, err = _run(capsys, "init", str(target))
    assert code == 2 and "--force" in err and "orders.csv" in err
    assert (target / "orders.csv").read_text(encoding="utf-8") == "my own data"
    code, _, _ = _run(capsys, "init", str(target), "--force")
    assert code == 0 and (target / "orders.csv").read_text(encoding="utf-8") != "my own data"


@pytest.mark.parametrize("notebook, workbook", [("rfm_segmentation.ipynb", "rfm.xlsx"),
                                                ("satisfaction_survey.ipynb", "survey.xlsx")])
def test_copied_notebook_runs_as_it_is(tmp_path, notebook, workbook):
    report.copy_templates(tmp_path)
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.run(
        [sys.executable, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute", notebook,
         "--output", f"ran_{notebook}", "--ExecutePreprocessor.timeout=300"],
        cwd=tmp_path, capture_output=True, text=True, env=env, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    book = pd.read_excel(tmp_path / workbook, sheet_name=None)
    if workbook == "rfm.xlsx":  # the sample has no returns: every row kept, revenue = the file's sum
        cleaning = book["cleaning report"].set_index("step")["rows"]
        sample = pd.read_csv(tmp_path / "orders.csv")
        assert cleaning["read"] == cleaning["kept"] == len(sample)
        assert np.isclose(book["customers"]["total"].sum(), sample["amount"].sum())
    else:
        assert len(book["respondents"]) == len(pd.read_csv(tmp_path / "survey.csv"))


# ------------------------------------------------------------------------------------------
# the wheel (item 1)
# ------------------------------------------------------------------------------------------

@pytest.mark.wheel
def test_wheel_installs_and_runs_outside_the_repository(tmp_path):
    """Build the wheel, install it into a fresh venv, run ``crm report`` from an empty folder."""
    dist = tmp_path / "dist"
    build = subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(REPO)],
                           capture_output=True, text=True, timeout=900)
    assert build.returncode == 0, build.stdout[-2000:] + build.stderr[-2000:]
    wheel = next(dist.glob("crmlib-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {f"crmlib/templates/{t.filename}" for t in report.TEMPLATES.values()} <= names
    assert "crmlib/datasets/seed_tables/accumulation_effect.csv" in names

    # nothing of the checkout may leak in: PYTHONPATH would make pip think crmlib is installed already
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300, env=env)
    python = venv / "bin" / "python"
    pip = subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel)],
                         capture_output=True, text=True, timeout=1800, env=env)
    assert pip.returncode == 0, pip.stderr[-3000:]
    assert (venv / "bin" / "crm").is_file(), pip.stdout[-2000:]

    work = tmp_path / "empty_folder"
    work.mkdir()
    make_transactions(n_customers=40, random_state=1).to_csv(work / "sample.csv", index=False)
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    crm = venv / "bin" / "crm"
    for template in ("rfm", "clv", "cohort"):
        proc = subprocess.run([str(crm), "report", "sample.csv", "-t", template, "-o", f"out_{template}"],
                              cwd=work, capture_output=True, text=True, env=env, timeout=600)
        assert proc.returncode == 0, f"{template}: {proc.stderr[-3000:]}"
        assert (work / f"out_{template}" / f"{template}.html").stat().st_size > 10_000
        assert (work / f"out_{template}" / f"{template}.xlsx").is_file()
    book = pd.read_excel(work / "out_rfm" / "rfm.xlsx", sheet_name="customers")
    assert np.isclose(book["total"].sum(), pd.read_csv(work / "sample.csv")["amount"].sum())
    check = subprocess.run(
        [str(python), "-c", "import crmlib, json; from crmlib.datasets import seed_tables; "
                            "print(json.dumps([crmlib.__file__, seed_tables()]))"],
        cwd=work, capture_output=True, text=True, env=env, timeout=300)
    where, tables = json.loads(check.stdout)
    assert str(venv) in where  # the installed copy, not the checkout
    assert tables == sorted(p.stem for p in (REPO / "datasets").glob("*.csv")) and len(tables) == 5
    copied = subprocess.run([str(crm), "templates", "copy", "mine"], cwd=work, capture_output=True, text=True,
                            env=env, timeout=300)
    assert copied.returncode == 0 and (work / "mine" / "rfm_segmentation.ipynb").is_file()


# ------------------------------------------------------------------------------------------
# template wiring of 12B's library fixes (items 2, 5/6, 11, 12)
# ------------------------------------------------------------------------------------------

def test_rfm_runs_on_small_and_low_frequency_files(tmp_path, capsys):
    rng = np.random.default_rng(12)
    rows = []
    for c in range(40):  # 40 customers with 1-4 orders: F ties merge bins
        for k in range(int(rng.integers(1, 5))):
            rows.append((f"C{c:02d}", f"2024-{1 + k * 3:02d}-{1 + c % 28:02d}", round(float(rng.uniform(5, 200)), 2)))
    low = tmp_path / "low_frequency.csv"
    pd.DataFrame(rows, columns=["customer_id", "date", "amount"]).to_csv(low, index=False)
    two = tmp_path / "two_rows.csv"
    two.write_text("customer_id,date,amount\nA,2024-01-02,10\nB,2024-02-03,20\n", encoding="utf-8")
    for path in (low, two):
        out = tmp_path / path.stem
        code, _, err = _run(capsys, "report", str(path), "-t", "rfm", "-o", str(out))
        assert code == 0, err
        book = pd.read_excel(out / "rfm.xlsx", sheet_name=None)
        assert "thresholds" in book and len(book["customers"]) == pd.read_csv(path)["customer_id"].nunique()
        assert "fewer than 5 levels" in (out / "rfm.html").read_text(encoding="utf-8")


def test_rows_after_observation_end_are_counted(tmp_path, capsys):
    path = tmp_path / "four.csv"
    path.write_text("customer_id,date,amount\nA,2024-01-02,10\nB,2024-01-05,20\nA,2024-03-01,5\nB,2024-03-02,7\n",
                    encoding="utf-8")
    code, _, err = _run(capsys, "report", str(path), "-t", "rfm", "-o", str(tmp_path / "o"),
                        "--observation-end", "2024-02-01")
    assert code == 0, err
    cleaning = pd.read_excel(tmp_path / "o" / "rfm.xlsx", sheet_name="cleaning report").set_index("step")["rows"]
    assert cleaning["after_observation_end"] == 2 and cleaning["read"] == 4 and cleaning["kept"] == 2
    assert cleaning["read"] == cleaning["kept"] + cleaning.drop(["read", "kept"]).sum()


def test_decimal_comma_from_the_command_line(tmp_path, capsys):
    path = tmp_path / "eu.csv"
    path.write_text("customer_id;date;amount\nA;2024-01-02;7.25\nA;2024-02-02;12,50\nB;2024-01-09;1.015,00\n",
                    encoding="utf-8")
    for option in (["-p", "decimal=,"], ["--decimal", ","]):
        out = tmp_path / f"o{len(option[0])}"
        code, _, err = _run(capsys, "report", str(path), "-t", "rfm", "-o", str(out), *option)
        assert code == 0, err
        customers = pd.read_excel(out / "rfm.xlsx", sheet_name="customers").set_index("customer_id")
        # with a decimal comma, "7.25" reads as 725 (the dot groups thousands): the user chose ','
        assert customers.loc["B", "total"] == 1015.0 and customers.loc["A", "total"] == 725 + 12.5


def test_unmatched_returns_are_shown_in_the_input_details(tmp_path, capsys):
    path = tmp_path / "refund_first.csv"
    path.write_text("customer_id,date,amount\nA,2024-01-02,-30\nA,2024-01-05,50\nB,2024-01-06,20\n", encoding="utf-8")
    code, _, err = _run(capsys, "report", str(path), "-t", "rfm", "-o", str(tmp_path / "o"))
    assert code == 0, err
    details = pd.read_excel(tmp_path / "o" / "rfm.xlsx", sheet_name="input details").set_index("item")["value"]
    assert details["returns not matched to a purchase (value, not in revenue)"] == "30.00"


def test_clv_reports_estimates_without_standard_errors_and_explains_p_alive(tmp_path, capsys):
    rows = []
    rng = np.random.default_rng(1)
    for c in range(100):  # regular buyers every 7-19 days up to the end of the window: nobody has lapsed
        begin, step = int(rng.integers(0, 30)), int(rng.integers(7, 20))
        nu = rng.gamma(4.0, 1 / 40.0)  # Gamma-Gamma spend: Gamma(6, nu) per purchase, nu varying by customer
        rows += [(f"C{c:03d}", (pd.Timestamp("2024-01-01") + pd.Timedelta(days=d)).date().isoformat(),
                  round(float(rng.gamma(6.0, 1 / nu)), 2)) for d in range(begin, 180, step)]
    path = tmp_path / "weekly.csv"
    pd.DataFrame(rows, columns=["customer_id", "date", "amount"]).to_csv(path, index=False)
    code, _, err = _run(capsys, "report", str(path), "-t", "clv", "-o", str(tmp_path / "o"), "-p", "penalizer=0.01")
    assert code == 0, err
    html = " ".join((tmp_path / "o" / "clv.html").read_text(encoding="utf-8").split())
    assert "P(alive) is close to 1" in html and "Hessian" in html
    model = pd.read_excel(tmp_path / "o" / "clv.xlsx", sheet_name="model")
    assert (model["estimate"] > 0).all()  # the estimates are reported
    assert (model["lower_95"].dropna() > 0).all()  # intervals of positive parameters stay positive


def test_clv_on_a_two_row_file_says_what_to_do(tmp_path, capsys):
    path = tmp_path / "two.csv"
    path.write_text("customer_id,date,amount\nA,2024-01-02,10\nB,2024-02-03,20\n", encoding="utf-8")
    code, _, err = _run(capsys, "report", str(path), "-t", "clv", "-o", str(tmp_path / "o"))
    flat = " ".join(err.split())
    assert code == 2
    _one_paragraph_error(err)
    assert "none of the 2 customers bought more than once" in flat and "rfm template" in flat


def test_cohort_leaves_out_an_incomplete_last_month_and_runs_on_two_customers(tmp_path, capsys):
    rows = [(f"C{c}", d, 10.0 + c) for c in range(6) for d in ("2024-01-15", "2024-02-10", "2024-03-05")]
    rows += [("C0", "2024-04-09", 5.0)]  # the log ends on the 9th of April
    path = tmp_path / "april.csv"
    pd.DataFrame(rows, columns=["customer_id", "date", "amount"]).to_csv(path, index=False)
    code, _, err = _run(capsys, "report", str(path), "-t", "cohort", "-o", str(tmp_path / "o"))
    assert code == 0, err
    html = (tmp_path / "o" / "cohort.html").read_text(encoding="utf-8")
    assert "2024-04 (of 30 days)" in html
    retention = pd.read_excel(tmp_path / "o" / "cohort.xlsx", sheet_name="retention")
    assert "2024-04" not in retention["cohort"].astype(str).tolist()
    # one cohort (January, 6 customers), seen in January-March; C0's April purchase is in the incomplete month
    assert retention["cohort"].astype(str).tolist() == ["2024-01"] and retention["customers"].tolist() == [6]
    assert retention[["period 0", "period 1", "period 2"]].iloc[0].tolist() == [1, 1, 1]
    assert "period 3" not in retention or retention["period 3"].isna().all()
    two = tmp_path / "two.csv"
    two.write_text("customer_id,date,amount\nA,2024-01-02,10\nB,2024-02-03,20\n", encoding="utf-8")
    code, _, err = _run(capsys, "report", str(two), "-t", "cohort", "-o", str(tmp_path / "o2"))
    assert code == 0, err


def test_survey_stray_word_stops_the_run_or_counts_as_missing(tmp_path, capsys):
    answers = make_survey(40, random_state=6)[["QUAL1", "QUAL2", "QUAL3"]].astype(object)
    answers.columns = ["sat1", "sat2", "sat3"]
    answers.iloc[4, 1] = "agree"
    path = tmp_path / "wave.csv"
    answers.rename_axis("id").to_csv(path)
    code, _, err = _run(capsys, "report", str(path), "-t", "survey", "-o", str(tmp_path / "o"))
    flat = " ".join(err.split())
    assert code == 2 and "wave.csv" in flat and "column 'sat2'" in flat and "respondent" in flat
    code, _, err = _run(capsys, "report", str(path), "-t", "survey", "-o", str(tmp_path / "o2"), "-p", "invalid=missing")
    assert code == 0, err
    book = pd.read_excel(tmp_path / "o2" / "survey.xlsx", sheet_name=None)
    assert book["reliability"].set_index("block").loc["sat", "items"] == 3  # sat2 kept
    assert book["cleaning"]["check"].astype(str).str.contains("sat2").any()


# ------------------------------------------------------------------------------------------
# a 问卷星 (Wenjuanxing) export: Likert answers as text labels, the NPS question as its header
# ------------------------------------------------------------------------------------------

WJX = REPO / "tests" / "data" / "wjx_survey_example.csv"
WJX_ITEMS = ["产品质量", "送货速度", "客服态度", "价格合理"]
WJX_RECOMMEND = "您向朋友推荐我们的可能性有多大？"
# the questionnaire's 5-point satisfaction scale, written out here (not taken from crmlib)
WJX_POINTS = {"非常不满意": 1, "不满意": 2, "一般": 3, "满意": 4, "非常满意": 5}


def _wjx_by_hand() -> tuple[float, float]:
    """The satisfaction index and NPS of the example file, computed from its text with the table above."""
    import csv  # noqa: PLC0415

    with WJX.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    # a respondent's index: the mean of the four items rescaled from 1-5 to 0-100; the survey's: their mean
    people = [(sum(WJX_POINTS[r[c]] for c in WJX_ITEMS) / 4 - 1) / 4 * 100 for r in rows]
    recommend = [int(r[WJX_RECOMMEND]) for r in rows]
    nps = 100 * (sum(x >= 9 for x in recommend) - sum(x <= 6 for x in recommend)) / len(recommend)
    return sum(people) / len(people), nps


def test_wjx_export_with_text_labels_runs_end_to_end(tmp_path):
    # the lead's run from the wheel stopped at "column '产品质量': 120 answers not a number ... '满意'"
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "crmlib", "report", str(WJX), "-t", "survey", "-o", str(out)],
                          capture_output=True, text=True, encoding="utf-8", cwd=tmp_path,
                          env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=600)
    assert proc.returncode == 0, proc.stderr
    index, nps = _wjx_by_hand()
    book = pd.read_excel(out / "survey.xlsx", sheet_name=None)
    table = book["index"].set_index("block")["index"]
    # without blocks=, the four label columns are found as one block of the satisfaction-5 label set
    assert table.index.tolist() == ["satisfaction-5", "overall index"]
    assert table["overall index"] == pytest.approx(index, abs=1e-9)
    assert book["nps"].set_index("measure").loc["nps", "nps"] == pytest.approx(nps, abs=1e-9)
    assert sorted(book["items"]["item"]) == sorted(WJX_ITEMS)
    checks = book["cleaning"].set_index("check")["count"]
    mapping = "satisfaction-5: 非常不满意=1, 不满意=2, 一般=3, 满意=4, 非常满意=5"
    for c in WJX_ITEMS:
        assert checks[f"answers read from labels: {c} ({mapping})"] == 120
    assert mapping in (out / "survey.html").read_text(encoding="utf-8")


def test_wjx_export_with_blocks_and_own_labels(tmp_path, capsys):
    index, _ = _wjx_by_hand()
    blocks = json.dumps({"服务": WJX_ITEMS}, ensure_ascii=False)
    code, _, err = _run(capsys, "report", str(WJX), "-t", "survey", "-o", str(tmp_path / "a"), "-p", f"blocks={blocks}")
    assert code == 0, err
    table = pd.read_excel(tmp_path / "a" / "survey.xlsx", sheet_name="index").set_index("block")["index"]
    assert table.to_dict() == pytest.approx({"服务": index, "overall index": index}, abs=1e-9)
    # the same survey with the tool's labels replaced by the user's own words: refused, naming the
    # column, the label and the respondent, then read with -p likert_labels
    own = {"非常不满意": "很差", "不满意": "差", "一般": "还行", "满意": "好", "非常满意": "很好"}
    lines = [",".join(own.get(cell, cell) for cell in line.split(","))
             for line in WJX.read_text(encoding="utf-8-sig").splitlines()]
    path = tmp_path / "own.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, err = _run(capsys, "report", str(path), "-t", "survey", "-o", str(tmp_path / "b"), "-p", f"blocks={blocks}")
    assert code == 2
    err = " ".join(err.split())  # the message is wrapped for the terminal
    assert "own.csv: column '产品质量': 120 answers not a known Likert label, e.g. respondent 1 answered '好'" in err
    assert "-p likert_labels='{\"<answer>\": <scale point>, ...}'" in err
    labels = json.dumps({own[k]: v for k, v in WJX_POINTS.items()}, ensure_ascii=False)
    code, _, err = _run(capsys, "report", str(path), "-t", "survey", "-o", str(tmp_path / "c"),
                        "-p", f"likert_labels={labels}")
    assert code == 0, err
    table = pd.read_excel(tmp_path / "c" / "survey.xlsx", sheet_name="index").set_index("block")["index"]
    assert table["overall index"] == pytest.approx(index, abs=1e-9)
