"""Tests for crmlib.io's column mapping (crmlib/io/_columns.py): explicit mapping, derived and duplicate columns."""
from __future__ import annotations

import pytest

import crmlib
from crmlib.io import load_transactions


def test_explicit_mapping_wins(corpus):
    # the file has both 'Invoice' and 'Customer ID'; map the customer to the invoice on purpose
    tx, report = load_transactions(corpus["utf8_bom_english"], columns={"customer_id": "Invoice", "order_id": None})
    assert report.columns["customer_id"] == "Invoice"
    assert "order_id" not in tx
    assert tx["customer_id"].tolist() == [1001, 1002, 1003, 1004]


# ---------------------------------------------------------------------------------------
# column choice: exact names beat derived ones; ambiguity is an error (issue 12, item 10)
# ---------------------------------------------------------------------------------------


def test_margin_comes_from_profit_not_profit_bin(tmp_path):
    f = tmp_path / "superstore.csv"
    f.write_text("Customer ID,Order Date,Sales (USD),Profit (bin),Profit\n"
                 "A,2024-01-01,100,200,231.5\nB,2024-01-02,50,-200,-12.25\n", encoding="utf-8")
    tx, report = load_transactions(f)
    assert report.columns["margin"] == "Profit" and tx["margin"].tolist() == [231.5, -12.25]
    assert report.columns["amount"] == "Sales (USD)"  # a unit in brackets is the same column
    assert any("'Profit (bin)'" in n and "derived" in n for n in report.notes)


def test_two_amount_columns_are_an_error_naming_both_and_the_fix(tmp_path):
    f = tmp_path / "two.csv"
    f.write_text("Customer ID,Order Date,Amount,Amount\nA,2024-01-01,100,90\n", encoding="utf-8")
    with pytest.raises(crmlib.DataFormatError) as info:
        load_transactions(f)
    message = str(info.value)
    assert "two.csv" in message and "'Amount' and 'Amount.1'" in message
    assert "--columns amount=Amount" in message
    tx, _ = load_transactions(f, columns={"amount": "Amount.1"})
    assert tx["amount"].tolist() == [90.0]


def test_german_export_headers_need_no_mapping(tmp_path):
    # a DATEV-style export: German headers, ';' separator, day-first dates, decimal commas
    path = tmp_path / "rechnungen.csv"
    path.write_bytes("Rechnungsnummer;Kundennummer;Rechnungsdatum;Betrag\n"
                     "R-1;K8;13.04.2024;2.797,10\nR-2;K8;02.05.2024;12,50\nR-3;K9;03.05.2024;100,00\n"
                     .encode("cp1252"))
    tx, report = load_transactions(path)
    assert report.columns == {"customer_id": "Kundennummer", "order_id": "Rechnungsnummer",
                              "date": "Rechnungsdatum", "amount": "Betrag"}
    assert tx["amount"].sum() == pytest.approx(2797.10 + 12.50 + 100.00)  # 2,909.60 by hand
    assert tx["date"].dt.strftime("%Y-%m-%d").tolist() == ["2024-04-13", "2024-05-02", "2024-05-03"]


def test_every_header_the_book_lists_is_recognised():
    # book ch5's table of recognised headers must not promise a header the code does not know
    import re
    from pathlib import Path

    from crmlib.io import COLUMN_SYNONYMS
    from crmlib.io._columns import _norm_header

    text = (Path(__file__).resolve().parents[2] / "book" / "ch5_templates.md").read_text(encoding="utf-8")
    table = text.split("| role | recognised headers include |", 1)[1].split("\n\n", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    assert len(rows) >= 6
    checked = 0
    for row in rows:
        roles_cell, names_cell = row.strip("|").split("|")[:2]
        roles = re.findall(r"`(\w+)`", roles_cell)
        for name in re.sub(r"\(.*?\)", "", names_cell).split(","):
            if name.strip():
                assert any(_norm_header(name) in COLUMN_SYNONYMS[r] for r in roles), (name.strip(), roles)
                checked += 1
    assert checked >= 60
