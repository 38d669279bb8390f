"""Command line: ``crm report <input> --template rfm --out <dir>`` (also ``python -m crmlib``)."""
from __future__ import annotations

import argparse
import sys
import textwrap
from typing import Sequence

from ._errors import CRMLibError

_EPILOG = """\
examples:
  crm report orders.xlsx --template rfm --out report/
  crm report 销售明细.csv --template clv --out out/ --columns customer_id=会员号,amount=实付金额 --currency CNY
  crm report survey.csv --template survey --out survey_report/
  python -m crmlib report big.parquet --template cohort --out out/ --engine duckdb

Outputs: <template>.xlsx (one row per customer, summaries, cleaning report),
figures/*.png, <template>.html (opens offline) and the executed <template>.ipynb.
"""


def _parse_columns(text: str) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        canonical, sep, source = item.partition("=")
        if not sep or not canonical.strip() or not source.strip():
            raise argparse.ArgumentTypeError(
                f"--columns takes canonical=source pairs separated by commas, e.g. customer_id=会员号; got {item!r}"
            )
        mapping[canonical.strip()] = source.strip()
    return mapping


def build_parser() -> argparse.ArgumentParser:
    from .report import TEMPLATES  # noqa: PLC0415

    parser = argparse.ArgumentParser(
        prog="crm", description="CRM analytics on your own data: run a crmlib template and write Excel/HTML outputs.",
        formatter_class=argparse.RawDescriptionHelpFormatter, epilog=_EPILOG,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    listing = "\n".join(f"  {t.name:<8} {t.description}" for t in TEMPLATES.values())
    report = commands.add_parser(
        "report", help="run a template on a data file",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Run a template notebook on a data file.\n\ntemplates:\n" + listing, epilog=_EPILOG,
    )
    report.add_argument("input", help="CSV/TSV/TXT, Excel (.xlsx) or Parquet file")
    report.add_argument("--template", "-t", required=True, choices=list(TEMPLATES), help="which analysis to run")
    report.add_argument("--out", "-o", required=True, help="output folder (created if missing)")
    report.add_argument("--columns", type=_parse_columns, default={},
                        help="column mapping canonical=source,…; canonical names: customer_id, order_id, date, "
                             "amount, quantity, unit_price, cost, margin, product")
    report.add_argument("--observation-end", help="last day of the observation period, YYYY-MM-DD (default: last date)")
    report.add_argument("--currency", default="", help="currency label for amounts, e.g. CNY, USD")
    report.add_argument("--sheet", help="Excel sheet name or number (default: the first sheet)")
    report.add_argument("--dayfirst", choices=["yes", "no"], help="dates like 03/05/2024 mean 3 May (yes) or 5 March (no)")
    report.add_argument("--salt", help="pseudonymise customer ids in all outputs with this secret salt (>= 8 chars)")
    report.add_argument("--engine", choices=["auto", "pandas", "polars", "duckdb"], default="auto",
                        help="summary engine; auto uses DuckDB for files too large for pandas")
    report.add_argument("--quiet", action="store_true", help="no progress bar")
    report.add_argument("--debug", action="store_true", help="show the full traceback on errors")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``crm`` command; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    from .report import run_template  # noqa: PLC0415

    parameters = {
        "columns": args.columns, "observation_end": args.observation_end, "currency": args.currency,
        "sheet": args.sheet, "salt": args.salt, "engine": args.engine,
        "dayfirst": None if args.dayfirst is None else args.dayfirst == "yes",
    }
    try:
        outputs = run_template(args.template, args.input, args.out, parameters, progress=not args.quiet)
    except CRMLibError as exc:
        if args.debug:
            raise
        message = textwrap.fill(str(exc), width=100)
        print(f"crm: error: {message}\nRun again with --debug for the full traceback.", file=sys.stderr)
        return 2
    print(f"Done. Outputs in {outputs['html'].parent}:")
    for label, path in outputs.items():
        print(f"  {label:<9} {path}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
