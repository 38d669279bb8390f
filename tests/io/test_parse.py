"""Tests for crmlib.io's value parsers (crmlib/io/_parse.py): number spellings and decimal marks."""
from __future__ import annotations

import pytest

import crmlib
from crmlib.io import load_transactions


# ---------------------------------------------------------------------------------------
# decimal commas and other thousands separators (issue 12, item 11)
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("cells, expected", [
    (["1.015,00", "12,50", "3,00"], [1015.0, 12.5, 3.0]),                 # German/Dutch
    (["1 015,00", "12,50", "2 000 000,75"], [1015.0, 12.5, 2000000.75]),  # French, with spaces
    (["1\u202f015,00", "12,5", "7"], [1015.0, 12.5, 7.0]),                # narrow no-break space
    (["1'015.00", "12.50", "1'000'000.25"], [1015.0, 12.5, 1000000.25]),  # Swiss
    (["1,015.00", "12.50", "3"], [1015.0, 12.5, 3.0]),                    # English
])
def test_number_spellings_are_detected(tmp_path, cells, expected):
    f = tmp_path / "eu.csv"
    rows = "".join(f"C{i};2024-01-0{i + 1};\"{c}\"\n" for i, c in enumerate(cells))
    f.write_text("Customer ID;Order Date;Amount\n" + rows, encoding="utf-8")
    tx, report = load_transactions(f)
    assert tx["amount"].tolist() == expected
    assert report.counts() == {}


def test_decimal_option_and_mixed_marks(tmp_path):
    f = tmp_path / "mixed.csv"
    f.write_text("Customer ID;Order Date;Amount\nA;2024-01-01;12,50\nB;2024-01-02;7.25\n", encoding="utf-8")
    with pytest.raises(crmlib.DataFormatError) as info:
        load_transactions(f)
    assert "column 'Amount'" in str(info.value) and "'12,50'" in str(info.value) and "decimal=','" in str(info.value)
    tx, report = load_transactions(f, decimal=",")
    # 7.25 read with a decimal comma is 725: the user chose the reading, and the row is kept as written
    assert tx["amount"].tolist() == [12.5, 725.0]
    f.write_text("Customer ID;Order Date;Amount\nA;2024-01-01;1.015\nB;2024-01-02;2.500\n", encoding="utf-8")
    assert load_transactions(f, decimal=",")[0]["amount"].tolist() == [1015.0, 2500.0]
    assert load_transactions(f)[0]["amount"].tolist() == [1.015, 2.5]  # undecidable: decimal point
    with pytest.raises(crmlib.CRMLibError, match="decimal=';'"):
        load_transactions(f, decimal=";")
