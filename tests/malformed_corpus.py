"""A corpus of malformed or awkward transaction files, generated from code.

Each :class:`Case` writes one file and states what :func:`crmlib.io.load_transactions` must
do with it: either raise an error whose message contains given fragments, or return a
balanced report with exact row counts. Nothing binary is committed: run

    python tests/malformed_corpus.py /tmp/corpus

to write the files to a folder and look at them, or let ``tests/io/conftest.py`` build them in a
temporary folder.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import pandas as pd


@dataclass
class Case:
    name: str
    filename: str
    write: Callable[[Path], None]
    kwargs: dict[str, Any] = field(default_factory=dict)
    error: tuple[str, ...] = ()          # fragments the error message must contain
    rows_in: int | None = None
    rows_out: int | None = None
    removed: dict[str, int] = field(default_factory=dict)
    check: Callable[[pd.DataFrame, Any], None] | None = None


def _text(content: str, encoding: str = "utf-8") -> Callable[[Path], None]:
    def write(path: Path) -> None:
        path.write_bytes(content.encode(encoding))
    return write


def _bytes(content: bytes) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        path.write_bytes(content)
    return write


def _lines(*lines: str) -> str:
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------------------------
# contents
# ----------------------------------------------------------------------------------------

_EN = _lines(
    "Customer ID,Invoice,InvoiceDate,Amount",
    "C001,1001,2024-03-05,120.50",
    "C002,1002,2024-03-06,80.00",
    "C001,1003,2024-03-20,35.25",
    "C003,1004,2024-04-01,12.00",
)

_ZH_ROWS = [
    ("A001", "D1", "2024年3月5日", "120.00"),
    ("A002", "D2", "2024年3月6日", "88.50"),
    ("A001", "D3", "2024年3月9日 14:20", "35.00"),
    ("A003", "D4", "2024年4月1日", "199.90"),
    ("A002", "D5", "2024年4月2日", "12.00"),
]
_ZH = _lines("客户编号,订单号,下单时间,实付金额", *(",".join(r) for r in _ZH_ROWS))


def _check_zh(tx: pd.DataFrame, report) -> None:
    assert report.encoding == "gb18030"
    assert report.columns == {"customer_id": "客户编号", "order_id": "订单号", "date": "下单时间", "amount": "实付金额"}
    assert tx["date"].iloc[2] == pd.Timestamp("2024-03-09 14:20")
    assert tx["amount"].sum() == 120.00 + 88.50 + 35.00 + 199.90 + 12.00


def _xlsx_title(path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "说明"
    ws.append(["这张表是导出说明"])
    data = wb.create_sheet("销售明细")
    data.append(["2024年第一季度销售明细"])
    data.append([])
    data.append(["会员号", "交易日期", "商品名称", "数量", "单价"])
    data.append(["M01", pd.Timestamp("2024-01-03").to_pydatetime(), "咖啡", 2, 18.5])
    data.append(["M02", pd.Timestamp("2024-01-04").to_pydatetime(), "茶", 1, 12.0])
    data.append(["M01", 45299, "蛋糕", 3, 25.0])          # an Excel serial date: 2024-01-08
    data.append(["M03", "2024/1/9", "咖啡", 1, 18.5])     # a date typed as text
    data.append(["合计", None, None, 7, None])
    wb.save(path)


def _check_xlsx(tx: pd.DataFrame, report) -> None:
    assert report.sheet == "销售明细" and report.header_row == 3
    assert tx["date"].tolist() == [pd.Timestamp(d) for d in ["2024-01-03", "2024-01-04", "2024-01-08", "2024-01-09"]]
    assert tx["amount"].tolist() == [37.0, 12.0, 75.0, 18.5]  # quantity x unit price
    assert tx["product"].tolist() == ["咖啡", "茶", "蛋糕", "咖啡"]


def _xlsx_plain(path: Path) -> None:
    pd.DataFrame({"CustomerID": [1, 2], "Date": [20240105, 20240106], "Sales": [5.0, 6.0]}).to_excel(
        path, sheet_name="Data", index=False)


def _parquet(path: Path) -> None:
    pd.DataFrame({
        "customer_id": pd.array([1, 2, None, 3], dtype="Int64"),
        "order_date": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04"]).tz_localize("Asia/Shanghai"),
        "revenue": [10.0, -4.0, 3.0, 0.0],
    }).to_parquet(path)


_RETAIL = _lines(
    "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country",
    '536365,85123A,"WHITE HANGING HEART T-LIGHT HOLDER",6,12/1/2010 8:26,2.55,17850,United Kingdom',
    "536365,71053,WHITE METAL LANTERN,6,12/1/2010 8:26,3.39,17850,United Kingdom",
    "536366,22633,HAND WARMER UNION JACK,6,12/1/2010 8:28,1.85,17850,United Kingdom",
    "536367,84879,ASSORTED COLOUR BIRD ORNAMENT,32,12/1/2010 8:34,1.69,13047,United Kingdom",
    "C536379,D,Discount,-1,12/1/2010 9:41,27.50,14527,United Kingdom",
    "536380,22961,JAM MAKING SET PRINTED,24,12/1/2010 9:41,1.45,14527,United Kingdom",
    "C536383,71053,WHITE METAL LANTERN,-6,12/1/2010 9:49,3.39,17850,United Kingdom",
    "C536391,22633,HAND WARMER UNION JACK,-2,12/1/2010 10:24,1.85,17850,United Kingdom",
    "536392,22634,CHILDS BREAKFAST SET,4,12/1/2010 10:29,9.95,,United Kingdom",
    "C536400,21232,STRAWBERRY MUG,-1,12/1/2010 10:30,1.25,13047,United Kingdom",
    "C536401,22633,HAND WARMER UNION JACK,-1,12/1/2010 10:31,1.85,99999,United Kingdom",
)


def _check_retail_net(tx: pd.DataFrame, report) -> None:
    # the lantern line (6 x 3.39) was fully returned; 2 of the 6 hand warmers were returned;
    # the discount and the mug refund have no same-product purchase, so they are netted against
    # the same customer's latest earlier purchase; customer 99999 never bought anything
    assert len(tx) == 4
    warmers = tx[tx["product"] == "22633"]
    assert warmers["amount"].round(2).tolist() == [round(6 * 1.85 - 2 * 1.85, 2)]
    assert warmers["quantity"].tolist() == [4.0]
    assert round(report.returns_netted, 2) == round(6 * 3.39 + 2 * 1.85 + 27.50 + 1.25, 2)
    assert tx["amount"].round(2).tolist() == [round(6 * 2.55, 2), round(6 * 1.85 - 2 * 1.85, 2),
                                              round(32 * 1.69 - 1.25, 2), round(24 * 1.45 - 27.50, 2)]
    assert report.columns["order_id"] == "InvoiceNo" and report.columns["unit_price"] == "UnitPrice"


def _check_retail_keep(tx: pd.DataFrame, report) -> None:
    assert (tx["amount"] < 0).sum() == 5
    assert round(tx["amount"].sum(), 2) == round(6 * 2.55 + 6 * 3.39 + 6 * 1.85 + 32 * 1.69 - 27.5 + 24 * 1.45
                                                 - 6 * 3.39 - 2 * 1.85 - 1.25 - 1.85, 2)


def _check_semicolon(tx: pd.DataFrame, report) -> None:
    assert report.delimiter == ";"
    assert tx["amount"].tolist() == [12.5, 1234.0, 7.25]
    assert tx["date"].tolist() == [pd.Timestamp("2024-03-25"), pd.Timestamp("2024-04-05"), pd.Timestamp("2024-05-06")]
    assert any("day-first" in n for n in report.notes)


def _check_currency(tx: pd.DataFrame, report) -> None:
    assert tx["amount"].tolist() == [1234.5, 12.0, 8.0, 99.0]
    assert report.returns_netted == 5.0


def _check_serial(tx: pd.DataFrame, report) -> None:
    assert tx["date"].tolist() == [pd.Timestamp("2024-01-08"), pd.Timestamp("2024-01-09 12:00")]
    assert report.date_formats == {"Excel serial": 2}


def _check_ids(tx: pd.DataFrame, report) -> None:
    assert tx["customer_id"].tolist() == ["007", "7", "0042"]


def _check_cdnow_like(tx: pd.DataFrame, report) -> None:
    assert tx["customer_id"].tolist() == [4, 4, 4, 18]
    assert tx["customer_id"].dtype == "int64"
    assert report.suspected_duplicates == 1


def _check_mixed_formats(tx: pd.DataFrame, report) -> None:
    assert tx["date"].tolist() == [
        pd.Timestamp("2024-03-05 10:00"), pd.Timestamp("2024-03-05 14:22"), pd.Timestamp("2024-03-06"),
        pd.Timestamp("2024-03-07"), pd.Timestamp("2024-03-08 21:15:30"),
    ]


def _check_quoted(tx: pd.DataFrame, report) -> None:
    assert tx["product"].tolist() == ["Lamp, brass", 'Poster "Paris"\nlarge']


def _check_two_digit(tx: pd.DataFrame, report) -> None:
    assert tx["date"].tolist() == [pd.Timestamp("2024-03-25 14:30"), pd.Timestamp("1999-12-31 00:15")]


def _check_order_states(tx: pd.DataFrame, report) -> None:
    # the refunded order is removed as it is, NOT netted against the same customer's first
    # order (that would remove the sale twice); the partly refunded one stays at full value
    assert tx["amount"].tolist() == [50.0, 40.0, 25.0]
    assert tx["customer_id"].tolist() == ["a@shop.example", "b@shop.example", "b@shop.example"]
    assert report.returns_netted == 0 and any("partly refunded" in n for n in report.notes)


def _check_shopify_lines(tx: pd.DataFrame, report) -> None:
    # Shopify writes the order Total on an order's first line only: revenue is the kept orders'
    # totals (37.50 + 25.50, counted by hand), the order number comes from "Name", and the note
    # says why the other lines have no amount (both belong to orders with one)
    assert tx["amount"].tolist() == [37.5, 25.5]
    assert tx["order_id"].tolist() == ["#1001", "#1003"]
    assert report.columns["order_id"] == "Name"
    assert any(n.startswith("2 of the 2 lines without an amount belong to an order") for n in report.notes), report.notes


def _check_taobao(tx: pd.DataFrame, report) -> None:
    # 交易关闭 (closed) and 等待买家付款 (awaiting payment) are not sales; "已付款，等待卖家发货"
    # (paid, awaiting shipment) is; ="…" order numbers are read as the text inside
    assert tx["amount"].tolist() == [128.0, 88.0]
    assert tx["order_id"].tolist() == ["2024030500001", "2024030500004"]
    assert report.columns == {"order_id": "订单编号", "customer_id": "买家会员名", "amount": "买家实际支付金额",
                              "status": "订单状态", "date": "订单创建时间"}


def _check_status(tx: pd.DataFrame, report) -> None:
    assert tx["amount"].tolist() == [200.0, 60.0]  # 100 of the 300 returned by 退货 line


def _check_parquet(tx: pd.DataFrame, report) -> None:
    # customer 2's refund has no earlier purchase to net against; customer 3's $0 line is kept
    assert tx["customer_id"].tolist() == [1, 3] and tx["customer_id"].dtype == "int64"
    assert tx["amount"].tolist() == [10.0, 0.0]
    assert tx["date"].tolist() == [pd.Timestamp("2024-01-01"), pd.Timestamp("2024-01-04")]  # local wall time


CASES: list[Case] = [
    Case("utf8_bom_english", "bom.csv", _text("\ufeff" + _EN), rows_in=4, rows_out=4,
         check=lambda tx, r: (r.encoding == "utf-8-sig" and tx.columns.tolist() == ["customer_id", "order_id", "date", "amount"]) or _fail(r)),
    Case("gbk_chinese_headers", "gbk.csv", _text(_ZH, "gbk"), rows_in=5, rows_out=5, check=_check_zh),
    Case("gb18030_rare_character", "gb18030.csv", _text(_lines("客户名称,日期,金额", "𠀀记商行,2024-01-02,10", "张三,2024-01-03,20"), "gb18030"),
         rows_in=2, rows_out=2, check=lambda tx, r: (tx["customer_id"].iloc[0] == "𠀀记商行") or _fail(r)),
    Case("semicolon_decimal_comma", "eu.csv",
         _text(_lines("customer_id;date;amount", "1;25.03.2024;12,50", "2;05.04.2024;1234,00", "1;06.05.2024;7,25")),
         rows_in=3, rows_out=3, check=_check_semicolon),
    Case("tab_separated", "tabs.tsv", _text(_EN.replace(",", "\t")), rows_in=4, rows_out=4,
         check=lambda tx, r: (r.delimiter == "\t") or _fail(r)),
    Case("pipe_delimited", "pipes.txt", _text(_EN.replace(",", "|")), rows_in=4, rows_out=4,
         check=lambda tx, r: (r.delimiter == "|") or _fail(r)),
    Case("whitespace_no_header_cdnow_like", "cdnow_like.txt",
         _text(" 00004 19970101  2   29.33\r\n 00004 19970118  2   29.73\r\n 00004 19970118  2   29.73\r\n 00018 19970102  1   14.96\r\n"),
         kwargs={"columns": {"customer_id": 0, "date": 1, "quantity": 2, "amount": 3}},
         rows_in=4, rows_out=4, check=_check_cdnow_like),
    Case("headerless_without_mapping", "noheader.csv", _text(_lines("17850,2024-01-01,3.5", "13047,2024-01-02,4.0")),
         error=("noheader.csv", "no customer id column", "columns={'customer_id'", "First row")),
    Case("title_rows_above_header", "title.csv",
         _text(_lines("销售明细表（2024年3月）", "", "客户ID,交易日期,销售额", "K1,2024-03-01,10", "K2,2024-03-02,20"), "utf-8"),
         rows_in=2, rows_out=2, check=lambda tx, r: (r.header_row == 3 and r.notes[0].startswith("skipped 2")) or _fail(r)),
    Case("excel_title_row_and_sheet", "sales.xlsx", _xlsx_title, kwargs={"sheet": "销售明细"},
         rows_in=5, rows_out=4, removed={"total_row": 1}, check=_check_xlsx),
    Case("excel_wrong_sheet", "plain.xlsx", _xlsx_plain, kwargs={"sheet": "Sheet1"},
         error=("plain.xlsx", "no sheet 'Sheet1'", "['Data']", "sheet=")),
    Case("excel_yyyymmdd_numbers", "plain2.xlsx", _xlsx_plain, kwargs={"sheet": "Data"}, rows_in=2, rows_out=2,
         check=lambda tx, r: (tx["date"].tolist() == [pd.Timestamp("2024-01-05"), pd.Timestamp("2024-01-06")]) or _fail(r)),
    Case("excel_serial_in_csv", "serial.csv", _text(_lines("CustomerID,Date,Amount", "1,45299,10", "2,45300.5,20")),
         rows_in=2, rows_out=2, check=_check_serial),
    Case("ambiguous_day_month", "ambiguous.csv", _text(_lines("customer_id,date,amount", "1,03/05/2024,10", "2,04/06/2024,20", "3,07/07/2024,5")),
         error=("ambiguous.csv", "column 'date'", "'03/05/2024'", "dayfirst=True", "dayfirst=False")),
    Case("ambiguous_day_month_resolved", "ambiguous2.csv", _text(_lines("customer_id,date,amount", "1,03/05/2024,10", "2,04/06/2024,20")),
         kwargs={"dayfirst": True}, rows_in=2, rows_out=2,
         check=lambda tx, r: (tx["date"].tolist() == [pd.Timestamp("2024-05-03"), pd.Timestamp("2024-06-04")]) or _fail(r)),
    Case("mixed_day_and_month_first", "mixed.csv", _text(_lines("customer_id,date,amount", "1,25/03/2024,10", "2,03/26/2024,20")),
         error=("mixed.csv", "both day-first", "'25/03/2024'", "'03/26/2024'", "dayfirst=")),
    Case("two_digit_years_am_pm", "us.csv", _text(_lines("customer_id,date,amount", "1,3/25/24 2:30 PM,10", "2,12/31/99 12:15 AM,20")),
         rows_in=2, rows_out=2, check=_check_two_digit),
    Case("mixed_iso_timestamps", "iso.csv",
         _text(_lines("customer_id,date,amount", "1,2024-03-05T10:00:00Z,1", "1,2024/3/5 14:22,2", "2,20240306,3",
                      "3,7 Mar 2024,4", "3,2024-03-08 21:15:30.250,5")),
         rows_in=5, rows_out=5, check=_check_mixed_formats),
    Case("missing_customer_ids", "missing_ids.csv",
         _text(_lines("customer_id,date,amount", "1,2024-01-01,1", ",2024-01-02,2", "NULL,2024-01-03,3", "2,2024-01-04,4", " ,2024-01-05,5")),
         rows_in=5, rows_out=2, removed={"missing_customer_id": 3},
         check=lambda tx, r: (tx["customer_id"].tolist() == [1, 2] and tx["customer_id"].dtype == "int64") or _fail(r)),
    Case("a_few_bad_dates", "bad_dates.csv",
         _text(_lines("customer_id,date,amount", "1,2024-01-01,1", "1,2024-02-30,2", "2,tomorrow,3", "2,,4", "3,2024-01-05,5", "4,2024-01-06,6")),
         rows_in=6, rows_out=3, removed={"missing_date": 1, "unparseable_date": 2}),
    Case("mostly_bad_dates_wrong_column", "wrong_date.csv",
         _text(_lines("customer_id,date,amount", "1,north,1", "2,south,2", "3,east,3", "4,2024-01-01,4")),
         error=("wrong_date.csv", "column 'date'", "3 of 4 values are not dates", "'north'", "columns={'date'", "date_format=")),
    Case("out_of_range_dates", "range.csv",
         _text(_lines("customer_id,date,amount", "1,1900-01-01,1", "2,2099-12-31,2", "3,2024-01-05,3")),
         rows_in=3, rows_out=1, removed={"out_of_range_date": 2}),
    Case("currency_symbols_and_parentheses", "money.csv",
         _text(_lines("客户编号,日期,金额", 'A,2024-01-01,"¥1,234.50"', "B,2024-01-02,$12", "C,2024-01-03,￥8元",
                      "D,2024-01-04,99 RMB", "D,2024-01-05,(5.00)")),
         kwargs={"columns": {"amount": "金额"}}, rows_in=5, rows_out=4, removed={"return_netted": 1},
         check=lambda tx, r: (tx["amount"].tolist() == [1234.5, 12.0, 8.0, 94.0] and r.returns_netted == 5.0) or _fail(r)),
    Case("amount_column_is_text", "text_amount.csv",
         _text(_lines("customer_id,date,amount", "1,2024-01-01,paid", "2,2024-01-02,unpaid", "3,2024-01-03,12")),
         error=("text_amount.csv", "column 'amount'", "2 of 3 values are not numbers", "'paid'", "columns={'amount'")),
    Case("a_few_invalid_amounts", "some_bad_amounts.csv",
         _text(_lines("customer_id,date,amount", "1,2024-01-01,10", "2,2024-01-02,n/a", "3,2024-01-03,12", "4,2024-01-04,")),
         rows_in=4, rows_out=2, removed={"invalid_amount": 2}),
    Case("no_amount_column", "no_amount.csv", _text(_lines("customer_id,date,colour", "1,2024-01-01,red")),
         error=("no_amount.csv", "no amount column", "columns={'amount'", "quantity")),
    Case("online_retail_ambiguous_dates", "retail_raw.csv", _text(_RETAIL),
         error=("retail_raw.csv", "column 'InvoiceDate'", "'12/1/2010 8:26'", "line 2", "dayfirst=False")),
    Case("online_retail_returns_net", "retail.csv", _text(_RETAIL), kwargs={"dayfirst": False}, rows_in=11, rows_out=4,
         removed={"missing_customer_id": 1, "return_netted": 4, "unmatched_return": 1, "fully_returned": 1},
         check=_check_retail_net),
    Case("online_retail_returns_drop", "retail_drop.csv", _text(_RETAIL), kwargs={"returns": "drop", "dayfirst": False}, rows_in=11, rows_out=5,
         removed={"missing_customer_id": 1, "return_dropped": 5}),
    Case("online_retail_returns_keep", "retail_keep.csv", _text(_RETAIL), kwargs={"returns": "keep", "dayfirst": False}, rows_in=11, rows_out=10,
         removed={"missing_customer_id": 1}, check=_check_retail_keep),
    Case("online_retail_returns_error", "retail_err.csv", _text(_RETAIL), kwargs={"returns": "error", "dayfirst": False},
         error=("retail_err.csv", "5 return/refund lines", "C536379", "returns='net'")),
    Case("chinese_status_cancel_and_return", "status.csv",
         _text(_lines("会员编号,订单编号,订单状态,成交时间,订单金额", "V1,S1,已完成,2024-05-01,300", "V1,S2,退货,2024-05-03,100",
                      "V2,S3,已取消,2024-05-04,50", "V2,S4,已完成,2024-05-05,60")),
         rows_in=4, rows_out=2, removed={"cancelled_order": 1, "return_netted": 1}, check=_check_status),
    Case("shop_export_refunded_and_partly_refunded", "shop.csv",
         _text(_lines("Name,Email,Financial Status,Created at,Total",
                      "#1001,a@shop.example,paid,2024-01-05 10:00:00 -0500,50.00",
                      "#1002,a@shop.example,refunded,2024-01-20 10:00:00 -0500,30.00",
                      "#1003,b@shop.example,partially_refunded,2024-02-01 10:00:00 -0500,40.00",
                      "#1004,b@shop.example,paid,2024-02-10 10:00:00 -0500,25.00")),
         rows_in=4, rows_out=3, removed={"cancelled_order": 1}, check=_check_order_states),
    Case("shopify_total_on_first_line_only", "shopify_orders.csv",
         _text(_lines("Name,Email,Financial Status,Created at,Total,Lineitem quantity,Lineitem name,Lineitem price",
                      "#1001,a@shop.example,paid,2024-01-05 10:00:00 -0500,37.50,1,Cap,12.00",
                      "#1001,a@shop.example,,2024-01-05 10:00:00 -0500,,1,Mug,25.50",
                      "#1002,b@shop.example,refunded,2024-01-20 10:00:00 -0500,24.00,1,Cap,12.00",
                      "#1002,b@shop.example,,2024-01-20 10:00:00 -0500,,1,Pin,12.00",
                      "#1003,a@shop.example,paid,2024-02-01 10:00:00 -0500,25.50,1,Mug,25.50")),
         rows_in=5, rows_out=2, removed={"invalid_amount": 2, "cancelled_order": 1}, check=_check_shopify_lines),
    Case("taobao_closed_unpaid_and_excel_text_ids", "taobao.csv",
         _text(_lines("订单编号,买家会员名,买家实际支付金额,订单状态,订单创建时间",
                      '="2024030500001",买家1,128.00,交易成功,2024/3/5 10:22:11',
                      '="2024030500002",买家1,59.90,交易关闭,2024/3/6 09:00:00',
                      '="2024030500003",买家2,39.00,等待买家付款,2024/3/7 11:00:00',
                      '="2024030500004",买家2,88.00,买家已付款，等待卖家发货,2024/3/8 12:00:00',
                      '="2024030500001",买家1,128.00,交易成功,2024/3/5 10:22:11'), "gb18030"),
         rows_in=5, rows_out=2, removed={"cancelled_order": 2, "duplicate_line": 1}, check=_check_taobao),
    Case("duplicate_order_lines", "dups.csv",
         _text(_lines("order_id,customer_id,date,product,amount", "o1,1,2024-01-01,p1,10", "o1,1,2024-01-01,p1,10",
                      "o1,1,2024-01-01,p2,5", "o2,2,2024-01-02,p1,10", "o2,2,2024-01-02,p1,10", "o3,3,2024-01-03,p9,1")),
         rows_in=6, rows_out=4, removed={"duplicate_line": 2}),
    Case("duplicate_line_ids", "line_ids.csv",
         _text(_lines("订单号,行号,客户编号,日期,金额", "S1,1,A,2024-01-01,10", "S1,2,A,2024-01-01,10", "S1,1,A,2024-01-01,10")),
         rows_in=3, rows_out=2, removed={"duplicate_line": 1}),
    Case("identical_rows_without_order_id_are_kept", "repeats.csv",
         _text(_lines("customer_id,date,amount", "1,1997-01-18,29.73", "1,1997-01-18,29.73", "2,1997-01-02,14.96")),
         rows_in=3, rows_out=3, check=lambda tx, r: (r.suspected_duplicates == 1 and r.removed == {}) or _fail(r)),
    Case("files_pasted_together", "pasted.csv", _text(_EN + _EN.split("\n", 1)[0] + "\nC009,1009,2024-05-01,5\n"),
         rows_in=6, rows_out=5, removed={"repeated_header": 1}),
    Case("total_row_footer", "footer.csv", _text(_lines("客户编号,日期,金额", "A,2024-01-01,10", "B,2024-01-02,20", "合计,,30")),
         rows_in=3, rows_out=2, removed={"total_row": 1}),
    Case("blank_lines", "blanks.csv", _text("customer_id,date,amount\n1,2024-01-01,1\n\n2,2024-01-02,2\n,,\n3,2024-01-03,3\n"),
         rows_in=5, rows_out=3, removed={"blank_row": 2}),
    Case("unquoted_thousands_comma", "extra_field.csv",
         _text(_lines("customer_id,date,amount", "1,2024-01-01,10", "2,2024-01-02,1,234.00", "3,2024-01-03,30")),
         rows_in=3, rows_out=2, removed={"bad_field_count": 1},
         check=lambda tx, r: (r.removed["bad_field_count"].examples.index.tolist() == [3]) or _fail(r)),
    Case("quoted_commas_and_newlines", "quoted.csv",
         _text('customer_id,date,product,amount\n1,2024-01-01,"Lamp, brass",10\n2,2024-01-02,"Poster ""Paris""\nlarge",20\n'),
         rows_in=2, rows_out=2, check=_check_quoted),
    Case("ids_with_leading_zeros", "zeros.csv", _text(_lines("customer_id,date,amount", "007,2024-01-01,1", "7,2024-01-02,2", "0042,2024-01-03,3")),
         rows_in=3, rows_out=3, check=_check_ids),
    Case("latin1_not_utf8_nor_gbk", "latin1.csv", _bytes("customer_id,date,amount\nJosé,2024-01-01,10\n".encode("latin-1").replace(b"\xe9,", b"\xe9\xff,")),
         error=("latin1.csv", "neither UTF-8 nor GBK", "line 2", "encoding=")),
    Case("latin1_with_encoding_option", "latin1_ok.csv", _bytes("customer_id,date,amount\nJosé,2024-01-01,10\n".encode("latin-1")),
         kwargs={"encoding": "latin-1"}, rows_in=1, rows_out=1,
         check=lambda tx, r: (tx["customer_id"].iloc[0] == "José") or _fail(r)),
    Case("empty_file", "empty.csv", _text(""), error=("empty.csv", "empty")),
    Case("header_only", "header_only.csv", _text("customer_id,date,amount\n"), error=("header_only.csv", "no data rows")),
    Case("unsupported_extension", "data.json", _text('[{"customer_id": 1}]'), error=("data.json", "unsupported file type", ".csv")),
    Case("mapping_names_missing_column", "mapping.csv", _text(_EN), kwargs={"columns": {"customer_id": "会员卡号"}},
         error=("mapping.csv", "'会员卡号'", "names no column", "Customer ID")),
    Case("parquet_typed_with_timezone", "typed.parquet", _parquet, rows_in=4, rows_out=2,
         removed={"missing_customer_id": 1, "unmatched_return": 1}, check=_check_parquet),
]


def _fail(report) -> bool:
    raise AssertionError(str(report))


def build(directory: Path) -> dict[str, Path]:
    """Write every case's file into *directory*; return name -> path."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = {}
    for case in CASES:
        path = directory / case.filename
        case.write(path)
        paths[case.name] = path
    return paths


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "malformed_corpus")
    for name, path in build(out).items():
        print(f"{name:45s} {path}")
