"""Command line (also ``python -m crmlib``).

* ``crm report <input> --template rfm --out <dir>`` runs a template on a data file;
* ``crm templates`` lists the templates; ``crm templates copy <dir>`` (or ``crm init <dir>``)
  copies them, with sample data and a README, into a folder of your own.

Exit status: 0 done, 2 a user error (bad file, option or output folder: one paragraph that
says what to do), 1 an unexpected error (a short message; ``--debug`` shows the traceback).
"""
from __future__ import annotations

import argparse
import ast
import json
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
  crm report survey.xlsx -t survey -o out/ -p reverse_items='["sat4"]' -p scale_max=5
  crm report 问卷星导出.csv -t survey -o out/ -p likert_labels='{"很好": 5, "好": 4, "差": 2, "很差": 1}'

Outputs: <template>.xlsx (one row per customer, summaries, cleaning report),
figures/*.png, <template>.html (opens offline) and, with --notebook, the executed
<template>.ipynb. `crm templates copy my_analysis/` copies the template notebooks and
sample files into a folder of your own, to open in JupyterLab.
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


def _parse_param(text: str) -> tuple[str, object]:
    name, sep, raw = text.partition("=")
    if not sep or not name.strip().isidentifier():
        raise argparse.ArgumentTypeError(f"--param takes name=value, e.g. rfm_bins=4 or horizon_months=24; got {text!r}")
    raw = raw.strip()
    for parse in (json.loads, ast.literal_eval):
        try:
            return name.strip(), parse(raw)
        except (ValueError, SyntaxError):
            continue
    return name.strip(), raw


#: crmlib's messages name Python arguments; the same fix on the command line.
_CLI_FIXES = (
    ("columns=", "--columns role=<your header>,… (e.g. --columns amount=实付金额)"),
    ("customer_id='", "--columns customer_id=<your header>"),
    ("date='", "--columns date=<your header>"),
    ("amount='", "--columns amount=<your header>"),
    ("scale_min/scale_max", "-p scale_min=1 -p scale_max=5 (your questionnaire's scale)"),
    ("penalizer=", "-p penalizer=0.001"),
    ("invalid='missing'", "-p invalid=missing (count such answers as missing)"),
    ("observation_end=", "--observation-end YYYY-MM-DD"),
    ("engine=", "--engine pandas|duckdb|polars|spark"),
    ("decimal=", "--decimal , (decimal comma) or -p decimal=,"),
    ("dayfirst=", "--dayfirst yes (day/month/year) or --dayfirst no (month/day/year)"),
    ("date_format=", "-p date_format='%d.%m.%Y' (your format)"),
    ("sheet=", "--sheet <name or number>"),
    ("blocks=", "-p blocks='{\"Block\": [\"col1\", \"col2\"]}'"),
    ("labels={", "-p likert_labels='{\"<answer>\": <scale point>, ...}'"),
)


def _command_line_hint(message: str) -> str:
    """The message plus how to pass the fix it suggests as ``crm report`` options.

    Examples
    --------
    >>> _command_line_hint("Pass dayfirst=True or dayfirst=False.")
    'Pass dayfirst=True or dayfirst=False. On the command line: --dayfirst yes (day/month/year) or --dayfirst no (month/day/year).'
    >>> _command_line_hint("the file is empty.")
    'the file is empty.'
    """
    fixes = [fix for word, fix in _CLI_FIXES if word in message]
    return f"{message} On the command line: {'; '.join(fixes)}." if fixes else message


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
    report.add_argument("--decimal", choices=[",", "."],
                        help="decimal mark of the amounts: ',' for 12,50 or 1.015,00 (default: detect)")
    report.add_argument("--salt", help="pseudonymise customer ids in all outputs with this secret salt (>= 8 chars)")
    report.add_argument("--engine", choices=["auto", "pandas", "polars", "duckdb", "spark"], default="auto",
                        help="summary engine; auto uses DuckDB for files too large for pandas")
    report.add_argument("--param", "-p", type=_parse_param, action="append", default=[], metavar="NAME=VALUE",
                        help="a template option from its parameters cell, e.g. -p rfm_bins=4, -p horizon_months=24, "
                             "-p scheme=cn8; values are read as JSON/Python literals, else as text; repeatable")
    report.add_argument("--notebook", action="store_true",
                        help="also write the executed notebook <template>.ipynb (code and outputs)")
    report.add_argument("--quiet", action="store_true", help="kept for compatibility: a run shows no progress bar")
    report.add_argument("--debug", action="store_true", help="show the full traceback on errors")

    listing_help = "list the templates, or copy them with sample data into a folder of your own"
    templates = commands.add_parser("templates", help=listing_help, description=listing_help.capitalize() + ".")
    actions = templates.add_subparsers(dest="action")
    copy = actions.add_parser("copy", help="copy the template notebooks, sample files and a README into DIR")
    init = commands.add_parser("init", help="the same as `crm templates copy DIR`")
    for sub in (copy, init):
        sub.add_argument("dir", help="folder to copy into (created if missing)")
        sub.add_argument("--force", action="store_true", help="overwrite files that already exist")
        sub.add_argument("--debug", action="store_true", help="show the full traceback on errors")
    return parser


def _list_templates() -> int:
    from .report import TEMPLATES  # noqa: PLC0415

    print("Templates (crm report <file> -t NAME -o <folder>):")
    for t in TEMPLATES.values():
        print(f"  {t.name:<8} {t.filename:<28} {t.description}")
    print("\nCopy them with sample data into a folder of your own: crm templates copy my_analysis/")
    return 0


def _copy(folder: str, force: bool) -> int:
    from .report import copy_templates  # noqa: PLC0415

    written = copy_templates(folder, force=force)
    print(f"Copied {len(written)} files into {folder}:")
    for path in written:
        print(f"  {path.name}")
    print(f"Next: cd {folder} && jupyter lab  (open a notebook and choose Run > Run All Cells), "
          f"or: crm report orders.csv -t rfm -o rfm_report/")
    return 0


def _user_error(message: str) -> int:
    text = textwrap.fill(_command_line_hint(message), width=100)
    print(f"crm: error: {text}\nRun again with --debug for the full traceback.", file=sys.stderr)
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``crm`` command; returns the exit status (0 done, 2 user error, 1 bug)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "templates" and args.action is None:
            return _list_templates()
        if args.command in {"templates", "init"}:
            return _copy(args.dir, args.force)
        return _report(args)
    except CRMLibError as exc:
        if args.debug:
            raise
        return _user_error(str(exc))
    except (PermissionError, FileExistsError, NotADirectoryError, IsADirectoryError) as exc:
        if args.debug:
            raise
        # the file system refused: the user's path, not a bug
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        return _user_error(f"{exc.strerror or exc}{where}. Choose another file or folder.")
    except KeyboardInterrupt:
        print("crm: interrupted.", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001  (anything else is a bug: short message, no traceback)
        if args.debug:
            raise
        print(f"crm: internal error: {type(exc).__name__}: {textwrap.shorten(str(exc), 300)}\n"
              "This is probably a bug in crmlib, not in your data. Run again with --debug for the full "
              "traceback and report it.", file=sys.stderr)
        return 1


def _report(args: argparse.Namespace) -> int:
    from .report import run_template  # noqa: PLC0415

    parameters = {
        "columns": args.columns, "observation_end": args.observation_end, "currency": args.currency,
        "sheet": args.sheet, "salt": args.salt, "engine": args.engine, "decimal": args.decimal,
        "dayfirst": None if args.dayfirst is None else args.dayfirst == "yes",
        **{name: list(value) if isinstance(value, tuple) else value for name, value in args.param},
    }
    notices: list[str] = []
    outputs = run_template(args.template, args.input, args.out, parameters, notebook=args.notebook,
                           notices=notices)
    for note in notices:
        print(textwrap.fill(f"crm: note: {note}", width=100, subsequent_indent="  "), file=sys.stderr)
    print(f"Done. Outputs in {outputs['html'].parent}:")
    for label, path in outputs.items():
        print(f"  {label:<9} {path}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
