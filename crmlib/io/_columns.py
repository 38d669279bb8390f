"""Column names: the header synonyms of each canonical column, header normalisation and the
mapping of a file's columns to their roles (re-exported by :mod:`crmlib.io`)."""
from __future__ import annotations

import re
from typing import Any, Mapping

import pandas as pd

from .._errors import CRMLibError, DataFormatError


# ----------------------------------------------------------------------------------------
# Column names
# ----------------------------------------------------------------------------------------

#: Header spellings recognised for each canonical column (compared after lower-casing and
#: removing spaces, underscores, hyphens, dots and any bracketed unit such as "(USD)").
#: Earlier entries win when a file has several candidates (an id beats a name).
COLUMN_SYNONYMS: dict[str, tuple[str, ...]] = {
    "customer_id": (
        "customerid", "custid", "customerno", "customernumber", "customercode", "clientid", "memberid",
        "userid", "buyerid", "accountid", "客户编号", "客户id", "客户号", "客户代码", "会员号", "会员id",
        "会员编号", "会员卡号", "用户id", "用户编号", "顾客编号", "顾客id", "买家id", "买家会员名", "买家账号",
        "customer", "client", "member", "user", "buyer", "cust", "客户", "会员", "顾客", "买家",
        "customername", "clientname", "客户名称", "客户姓名", "会员名", "顾客姓名", "买家昵称",
        # an e-mail address is the customer key of many shop exports (Shopify, WooCommerce)
        "customeremail", "email", "emailaddress", "billingemail", "邮箱",
        # German ERP and shop exports (DATEV, SAP, Shopware)
        "kundennummer", "kundennr", "kundenid", "kunde",
    ),
    "order_id": (
        "orderid", "orderno", "ordernumber", "ordercode", "invoiceno", "invoicenumber", "invoiceid",
        "invoice", "transactionid", "transactionno", "txid", "receiptno", "receiptid", "order",
        "订单号", "订单编号", "订单id", "单号", "交易号", "交易编号", "流水号", "发票号", "小票号", "单据号",
        "单据编号", "bestellnummer", "bestellnr", "rechnungsnummer", "rechnungsnr", "belegnummer",
    ),
    "line_id": ("lineid", "lineno", "linenumber", "itemno", "行号", "明细号", "明细id", "序号"),
    "date": (
        "date", "orderdate", "invoicedate", "transactiondate", "purchasedate", "saledate", "salesdate",
        "datetime", "timestamp", "ordertime", "purchasetime", "createdat", "orderedat", "time", "日期", "下单时间", "交易日期",
        "订单日期", "购买日期", "交易时间", "下单日期", "销售日期", "付款时间", "支付时间", "成交时间",
        "消费日期", "消费时间", "订单创建时间", "创建时间", "订单付款时间", "时间",
        "rechnungsdatum", "bestelldatum", "belegdatum", "datum",
    ),
    "amount": (
        "amount", "sales", "revenue", "totalamount", "total", "linetotal", "ordervalue", "value",
        "dollarvalue", "netsales", "salesamount", "saleamount", "spend", "spent", "payment", "paid",
        "金额", "销售额", "实付金额", "订单金额", "交易金额", "消费金额", "支付金额", "实收金额",
        "总金额", "合计金额", "应付金额", "销售金额", "成交金额", "付款金额", "实付款", "买家实际支付金额",
        "betrag", "umsatz", "gesamtbetrag", "rechnungsbetrag", "bruttobetrag", "nettobetrag",
    ),
    "quantity": (
        "quantity", "qty", "units", "numberofcds", "numberofitems", "count", "数量", "件数",
        "购买数量", "销量", "销售数量", "menge", "anzahl",
    ),
    "unit_price": ("unitprice", "price", "priceeach", "itemprice", "单价", "价格", "售价", "销售单价"),
    "cost": ("cost", "cogs", "unitcost", "成本", "成本金额"),
    "margin": ("margin", "grossmargin", "profit", "grossprofit", "毛利", "利润", "毛利额"),
    "product": (
        "product", "productid", "sku", "stockcode", "itemcode", "item", "productname", "description",
        "商品", "商品编号", "商品id", "商品名称", "产品", "产品编号", "产品名称", "品名", "货号",
    ),
    "status": ("status", "orderstatus", "financialstatus", "paymentstatus", "transactiontype", "type", "状态",
               "订单状态", "交易类型", "交易状态"),
}

_OUTPUT_ORDER = ("customer_id", "order_id", "date", "amount", "quantity", "unit_price", "cost", "margin", "product")
_CANONICAL = tuple(COLUMN_SYNONYMS)


def _norm_header(name: Any) -> str:
    text = str(name).strip().lower()
    text = re.sub(r"[\(\（\[【].*?[\)\）\]】]", "", text)
    return re.sub(r"[\s_\-\./:：#]+", "", text)


# ----------------------------------------------------------------------------------------
# Column mapping
# ----------------------------------------------------------------------------------------


def _map_columns(frame: pd.DataFrame, columns: Mapping[str, Any] | None, source: str,
                 report_notes: list[str] | None = None) -> dict[str, Any]:
    report_notes = [] if report_notes is None else report_notes
    mapping: dict[str, Any] = {}
    columns = dict(columns or {})
    for role, col in columns.items():
        if role not in _CANONICAL:
            raise CRMLibError(f"columns= has an unknown key {role!r}; use any of {', '.join(_CANONICAL)}.")
        if col is None:
            continue
        if col in frame.columns:
            mapping[role] = col
            continue
        matches = [c for c in frame.columns if _norm_header(c) == _norm_header(col)]
        if not matches:
            raise DataFormatError(
                f"{source}: columns={{{role!r}: {col!r}}} names no column of the file; its columns are "
                f"{[str(c) for c in frame.columns]}."
            )
        mapping[role] = matches[0]
    # "Amount.1": the reader's name for a second column headed "Amount"
    normed = {c: _norm_header(re.sub(r"\.\d+$", "", str(c)) if _DEDUPED.match(str(c)) else c) for c in frame.columns}
    taken = set(mapping.values())
    for role, synonyms in COLUMN_SYNONYMS.items():
        if role in mapping or role in columns:
            continue
        for syn in synonyms:
            hit = [c for c, n in normed.items() if n == syn and c not in taken]
            if not hit:
                continue
            exact = [c for c in hit if not _is_derived(c)]
            best = exact or hit
            if len(best) > 1:
                names = " and ".join(repr(str(c)) for c in best)
                raise DataFormatError(
                    f"{source}: two columns could be the {role}: {names}. Say which one to use with "
                    f"columns={{{role!r}: {str(best[0])!r}}} (on the command line: --columns {role}={best[0]})."
                )
            mapping[role] = best[0]
            taken.add(best[0])
            derived = [c for c in hit if c != best[0]]
            if derived:
                report_notes.append(
                    f"{role} read from {str(best[0])!r}, not from {', '.join(repr(str(c)) for c in derived)} "
                    f"(a derived column); pass columns={{{role!r}: ...}} to choose another")
            break
    _shopify_order_name(frame, mapping, columns, report_notes)
    return mapping


def _shopify_order_name(frame: pd.DataFrame, mapping: dict[str, Any], columns: Mapping[str, Any],
                        report_notes: list[str]) -> None:
    """Shopify's order export: the order number (#1001) is in a column headed "Name".

    "Name" is no order-id synonym in general (it is more often a customer's name); it is read
    as the order id only beside Shopify's "Lineitem ..." columns, which no other export uses.
    The order id matters there: the order's Total is on its first line only.
    """
    if "order_id" in mapping or "order_id" in columns:
        return
    normed = {_norm_header(c): c for c in frame.columns}
    if "name" in normed and any(n.startswith("lineitem") for n in normed) and normed["name"] not in mapping.values():
        mapping["order_id"] = normed["name"]
        report_notes.append(f"order_id read from {str(normed['name'])!r}: the file has Shopify's 'Lineitem' columns, "
                            "and Shopify names each order (#1001, ...) in that column")


_DEDUPED = re.compile(r"^(.*\S)\.(\d+)$")
#: Bracketed header parts that are units (kept as the same column), e.g. "Sales (USD)", "金额（元）".
_UNIT = re.compile(r"^(?:usd|eur|gbp|cny|rmb|jpy|hkd|twd|chf|cad|aud|sgd|krw|inr|[¥￥$€£%]|元|万元|千元|人民币|rmb|us\$|pcs|件|个|kg|g|units?|qty|pct|percent)$")


def _is_derived(name: Any) -> bool:
    """True for headers like "Profit (bin)" or "Sales [rank]": a column derived from another."""
    text = str(name).strip().lower()
    if _DEDUPED.match(text):
        text = _DEDUPED.match(text).group(1)
    parts = re.findall(r"[\(\（\[【](.*?)[\)\）\]】]", text)
    return any(not _UNIT.match(part.strip()) for part in parts)
