"""Tests of ``crmlib.cli`` (split from the old test_report.py).

crmlib.report and the crm command line: outputs, pseudonymisation, errors."""

import matplotlib
import pytest

from crmlib.cli import build_parser, main
from crmlib.report import TEMPLATES


matplotlib.use("Agg")


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
