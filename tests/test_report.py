"""crmlib.report and the crm command line: outputs, pseudonymisation, errors."""
import hashlib
import re

import matplotlib
import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from crmlib import CRMLibError
from crmlib.cli import build_parser, main
from crmlib.report import TEMPLATES, notebook_to_html, pseudonymise, save_figure, write_workbook

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
