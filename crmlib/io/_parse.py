"""Parsing values: dates of any supported spelling, amounts with either decimal mark, customer ids."""
from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from .._errors import DataFormatError


# ----------------------------------------------------------------------------------------
# Parsing values
# ----------------------------------------------------------------------------------------

def _map_unique(values: pd.Series, func, missing: Any = "") -> pd.Series:
    """Apply a Python function to each distinct value only (logs repeat values a lot)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    mapped = np.array([func(v) for v in uniques] + [missing], dtype=object)
    return pd.Series(mapped[codes], index=values.index, dtype=object)


def _as_text(values: pd.Series) -> pd.Series:
    """Cells as stripped text, '' for missing; vectorised when the column holds only strings."""
    if values.dtype == object and pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty"):
        values = values.astype("str")
    if pd.api.types.is_string_dtype(values) and values.dtype != object:
        return values.fillna("").str.strip()
    return _map_unique(values, _cell_text).astype("str")


def _cell_text(v: Any) -> str:
    if v is None or v is pd.NaT or (isinstance(v, float) and np.isnan(v)):
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


_YMD = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?$")
_ZH = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?(?:\s*(\d{1,2})\s*[:：时]\s*(\d{2})(?:\s*[:：分]\s*(\d{2})\s*秒?)?)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:\.0+)?$")
_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$")
_SERIAL = re.compile(r"^(\d{5})(?:\.\d+)?$")


def _assemble(parts: pd.DataFrame) -> pd.Series:
    comp = parts.apply(pd.to_numeric, errors="coerce")
    comp = comp.fillna({c: 0 for c in ("hour", "minute", "second") if c in comp})
    valid = comp[["year", "month", "day"]].notna().all(axis=1)
    out = pd.Series(pd.NaT, index=parts.index, dtype="datetime64[us]")
    if valid.any():
        out[valid] = pd.to_datetime(comp[valid].astype("int64"), errors="coerce")
    return out


def _parse_date_strings(uniq: pd.Series, dayfirst: bool | None, date_format: str | None, where: str,
                        example_of) -> tuple[pd.Series, dict[str, int], bool | None]:
    """Parse unique date strings. Returns (datetimes, formats found, dayfirst used)."""
    out = pd.Series(pd.NaT, index=uniq.index, dtype="datetime64[us]")
    found = pd.Series(None, index=uniq.index, dtype="object")
    if date_format:
        parsed = pd.to_datetime(uniq, format=date_format, errors="coerce")
        return parsed.astype("datetime64[us]"), found.where(parsed.isna(), date_format), dayfirst
    cols6 = ["year", "month", "day", "hour", "minute", "second"]

    def fill(mask_parts: pd.DataFrame, label: str) -> None:
        ok = mask_parts.notna().any(axis=1) & out.isna()
        if ok.any():
            parsed = _assemble(mask_parts[ok])
            out[ok] = parsed
            found[parsed.index[parsed.notna()]] = label

    def extract_unparsed(pattern: re.Pattern) -> pd.DataFrame:
        # each format is tried only on the values no earlier format read (a value is filled
        # once): the Python-regex extract costs about 4 us a value, and most files use one format
        todo = uniq[out.isna()]
        return todo.str.extract(pattern).reindex(uniq.index) if len(todo) else \
            pd.DataFrame(np.nan, index=uniq.index, columns=range(pattern.groups), dtype=object)

    ymd = extract_unparsed(_YMD)
    ymd.columns = cols6
    fill(ymd, "YYYY-MM-DD")
    zh = extract_unparsed(_ZH)
    zh.columns = cols6
    fill(zh, "YYYY年M月D日")
    compact = extract_unparsed(_COMPACT)
    compact.columns = ["year", "month", "day"]
    year = pd.to_numeric(compact["year"], errors="coerce")
    compact = compact[(year >= 1900) & (year <= 2100)].reindex(uniq.index)
    fill(compact, "YYYYMMDD")
    dmy = extract_unparsed(_DMY)
    dmy.columns = ["a", "b", "year", "hour", "minute", "second", "ampm"]
    has = dmy["a"].notna() & out.isna()
    if has.any():
        a = pd.to_numeric(dmy.loc[has, "a"])
        b = pd.to_numeric(dmy.loc[has, "b"])
        if dayfirst is None:
            day_signal, month_signal = (a > 12).any(), (b > 12).any()
            if day_signal and month_signal:
                ex_d, ex_m = uniq[has][a > 12].iloc[0], uniq[has][b > 12].iloc[0]
                raise DataFormatError(
                    f"{where}: dates are written both day-first ({ex_d!r}{example_of(ex_d)}) and month-first "
                    f"({ex_m!r}{example_of(ex_m)}), so neither order reads every row. Fix the export, or pass "
                    "dayfirst=True/False to accept one order and drop the rows that do not fit it."
                )
            if day_signal:
                dayfirst = True
            elif month_signal:
                dayfirst = False
            elif (a != b).any():
                ex = uniq[has][a != b].iloc[0]
                raise DataFormatError(
                    f"{where}: dates such as {ex!r}{example_of(ex)} can be read as day/month/year or month/day/year "
                    "and no value settles it (no day above 12). Pass dayfirst=True for day/month/year "
                    "(e.g. 05/03/2024 = 5 March) or dayfirst=False for month/day/year (= 3 May)."
                )
            else:
                dayfirst = False
        year_raw = pd.to_numeric(dmy.loc[has, "year"])
        year_full = year_raw.where(year_raw >= 100, np.where(year_raw < 70, 2000 + year_raw, 1900 + year_raw))
        hour = pd.to_numeric(dmy.loc[has, "hour"]).fillna(0)
        pm = dmy.loc[has, "ampm"].str.lower().eq("pm")
        am = dmy.loc[has, "ampm"].str.lower().eq("am")
        hour = hour.where(~(pm & (hour < 12)), hour + 12).where(~(am & (hour == 12)), 0)
        parts = pd.DataFrame({
            "year": year_full, "month": b if dayfirst else a, "day": a if dayfirst else b,
            "hour": hour, "minute": dmy.loc[has, "minute"], "second": dmy.loc[has, "second"],
        })
        fill(parts.reindex(uniq.index), "D/M/YYYY" if dayfirst else "M/D/YYYY")
    serial = uniq.str.fullmatch(_SERIAL.pattern) & out.isna()
    if serial.any():
        values = pd.to_numeric(uniq[serial])
        in_range = values.between(20000, 80000)
        if in_range.any():
            dates = pd.Timestamp("1899-12-30") + pd.to_timedelta(values[in_range], unit="D")
            out[in_range[in_range].index] = dates.dt.round("s").astype("datetime64[us]")
            found[in_range[in_range].index] = "Excel serial"
    rest = out.isna() & uniq.str.contains(r"[A-Za-z]{3}", regex=True) & uniq.str.contains(r"\d", regex=True)
    if rest.any():
        parsed = pd.to_datetime(uniq[rest], format="mixed", errors="coerce", dayfirst=bool(dayfirst), utc=True)
        parsed = parsed.dt.tz_localize(None).astype("datetime64[us]")
        out[rest] = parsed
        found[parsed.index[parsed.notna()]] = "text month"
    return out, found, dayfirst


def _parse_dates(values: pd.Series, dayfirst, date_format, where, example_of):
    """Parse a column of dates of any supported spelling; NaT where it cannot be read."""
    if pd.api.types.is_datetime64_any_dtype(values):
        s = values
        if getattr(s.dt, "tz", None) is not None:
            s = s.dt.tz_localize(None)
        return s.astype("datetime64[us]"), {"datetime": int(s.notna().sum())}, dayfirst
    def as_text(v):
        if isinstance(v, (pd.Timestamp, np.datetime64)) or hasattr(v, "isoformat"):
            return pd.Timestamp(v).strftime("%Y-%m-%d %H:%M:%S")
        return _cell_text(v) if not isinstance(v, float) or v.is_integer() else repr(v)

    values = _map_unique(values, as_text).astype(str)
    codes, uniques = pd.factorize(values)
    uniq = pd.Series(uniques, dtype=str)
    parsed, labels, dayfirst = _parse_date_strings(uniq, dayfirst, date_format, where, example_of)
    result = pd.Series(parsed.to_numpy()[codes], index=values.index, dtype="datetime64[us]")
    result[codes < 0] = pd.NaT
    row_labels = pd.Series(labels.to_numpy()[codes], index=values.index)[(codes >= 0) & result.notna().to_numpy()]
    counts = {str(k): int(v) for k, v in row_labels.value_counts(sort=False).items()}
    return result, counts, dayfirst


_CURRENCY = re.compile(r"[¥￥$€£]|元|RMB|CNY|USD|EUR|GBP|CHF|\s|['’]")
#: Decimal-comma spellings: 1.015,00 / 1015,5 (after spaces and apostrophes are removed).
_EU_NUMBER = re.compile(r"-?(?:\d{1,3}(?:\.\d{3})+|\d+),\d+|-?\d{1,3}(?:\.\d{3}){2,}")
#: Decimal-point spellings that cannot be read with a decimal comma: 1,015.00 / 12.5 / 1.2345.
_US_NUMBER = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d+|-?\d{1,3}(?:,\d{3}){2,}")


def _decimal_mark(text: pd.Series) -> str:
    """``","`` when the values are written with decimal commas (1.015,00, 1 015,00, 12,5), else ``"."``.

    A value such as ``1,015`` or ``1.015`` fits both conventions and settles nothing; a column
    holding both kinds of evidence is an error (the caller names the column).
    """
    plain = text[text != ""]
    eu = plain.str.fullmatch(_EU_NUMBER.pattern)
    us = plain.str.fullmatch(_US_NUMBER.pattern)
    # "1.015" matches neither; "12.50" is US; "12,50" and "1.015,00" are EU; "1,015" matches neither
    us &= ~plain.str.fullmatch(r"-?\d{1,3}\.\d{3}")
    eu &= ~plain.str.fullmatch(r"-?\d{1,3},\d{3}")
    if eu.any() and us.any():
        raise _MixedDecimals(plain[eu].iloc[0], plain[us].iloc[0])
    return "," if eu.any() else "."


class _MixedDecimals(Exception):
    def __init__(self, comma: str, point: str) -> None:
        super().__init__(comma, point)
        self.comma, self.point = comma, point


def _parse_numbers(values: pd.Series, decimal: str | None) -> pd.Series:
    """Numbers written as text: currency signs, thousands separators (``,`` ``.`` space ``'``),
    (negatives), decimal commas (detected, or forced with *decimal*)."""
    if pd.api.types.is_numeric_dtype(values):
        return values.astype("float64")
    codes, uniques = pd.factorize(_map_unique(values, lambda v: str(v).strip()).astype(str))
    text = pd.Series(uniques, dtype=str).str.replace(_CURRENCY, "", regex=True)
    text = text.str.replace(r"^\((.*)\)$", r"-\1", regex=True).str.replace(r"^(.*\d)-$", r"-\1", regex=True)
    if decimal is None:
        decimal = _decimal_mark(text)
    if decimal == ",":
        text = text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    else:
        thousands = text.str.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?")
        text = text.where(~thousands, text.str.replace(",", "", regex=False))
    numbers = pd.to_numeric(text, errors="coerce").to_numpy(dtype="float64")
    out = pd.Series(numbers[codes], index=values.index, dtype="float64")
    out[codes < 0] = np.nan
    return out


def _parse_ids(values: pd.Series) -> pd.Series:
    """Customer ids: strip text; integer dtype when every id is a plain number without collisions."""
    if pd.api.types.is_integer_dtype(values):
        return values.astype("Int64")
    if pd.api.types.is_float_dtype(values):
        if (values.dropna() % 1 == 0).all():
            return values.astype("Int64")
        return values.astype(str)
    text = _as_text(values)
    text = text.str.replace(r"^(\d+)\.0$", r"\1", regex=True)
    text = text.where(~text.isin(_BLANKS), "")
    present = text[text != ""]
    if len(present) and present.str.fullmatch(r"\d{1,18}").all():
        as_int = present.astype("int64")
        if as_int.nunique() == present.nunique():
            out = pd.Series(pd.NA, index=values.index, dtype="Int64")
            out[present.index] = as_int
            return out
    return text.where(text != "", None).astype("string")


_BLANKS = frozenset(["", "nan", "NaN", "None", "NULL", "null", "NA", "N/A", "#N/A", "-"])
