"""Tests of ``crmlib.report._run`` (split from the old test_report.py).

crmlib.report and the crm command line: outputs, pseudonymisation, errors."""

import re
import matplotlib
import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from crmlib import CRMLibError
from crmlib.report import notebook_to_html, save_figure


matplotlib.use("Agg")


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
