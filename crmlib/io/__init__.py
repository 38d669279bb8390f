"""Load a customer's transaction file safely, with a report that accounts for every row.

:func:`load_transactions` reads CSV/TSV/TXT (any delimiter), Excel and Parquet files or a
DataFrame, finds the customer / order / date / amount columns from English or Chinese
headers, decodes UTF-8, UTF-8 with BOM and GBK/GB18030, parses the usual date spellings,
and returns a clean DataFrame with canonical column names together with a
:class:`CleaningReport`. The report balances: ``rows_in == rows_out + rows_removed``, with
every removed row counted under one reason.

Row numbers in messages and report examples: ``line N`` for text and Excel files is the number
an editor or Excel shows (1-based, header and title lines counted); ``row N`` for Parquet
files and DataFrames is the 1-based data row (the first row below the header is row 1).

Canonical output columns: ``customer_id``, ``order_id`` (when the file has one), ``date``
(datetime64), ``amount`` (float; quantity x unit price when the file has no amount), then
``quantity``, ``unit_price``, ``cost``, ``margin`` and ``product`` when present.

The cleaning rules exist once, in ``crmlib/_clean_engines.py`` (``clean_frame``), written as
narwhals expressions; every engine runs them, pandas included: the pandas route reads the file
here (encoding, delimiter, header row, Excel, Parquet) and hands the frame as read to
``clean_frame`` on narwhals' pandas backend. What stays in this package is reading, the
column mapping, the value parsers the rules call on each column's distinct values
(:func:`_parse_date_strings`, :func:`_parse_numbers`), the report, the pandas output's own
formatting (integer customer ids, ``_parse_ids``) and the pandera check.
Why narwhals on pandas and not a hand-over to an in-process engine: Polars and DuckDB are
optional (``crmlib[fast]``), so a hand-over would add a run-time dependency, and measured on
CDNow the Polars route (2.7-3.3 s for the CSV on a loaded machine) was not faster than
narwhals on pandas (3.4-4.6 s on the same machine); PyArrow (a core dependency) has no
narwhals window functions over partitions, which the FIFO netting needs.
:func:`net_returns` stays as the reference FIFO the rules' closed form is tested against.

The code lives in private files named after chapter 0's "working with data" sections
(``_columns``, ``_report``, ``_schema``, ``_read``, ``_parse``, ``_load``, ``_netting``),
re-exported here, so ``crmlib.io.load_transactions`` and ``from crmlib.io import REASONS``
keep working; ``crmlib.io.TRANSACTION_SCHEMA`` is still built on first use.
"""
from __future__ import annotations

from ._columns import COLUMN_SYNONYMS
from ._report import REASONS, CleaningReport, RemovedRows
from ._schema import __getattr__, transaction_schema  # noqa: F401  (TRANSACTION_SCHEMA, built on first use)
from ._read import read_text_rows
from ._load import load_transactions
from ._netting import net_returns

__all__ = ["load_transactions", "CleaningReport", "RemovedRows", "COLUMN_SYNONYMS", "REASONS", "transaction_schema",
           "net_returns", "read_text_rows"]
