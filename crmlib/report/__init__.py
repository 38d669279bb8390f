"""Run a template on the user's own data and write its outputs.

A run of template ``rfm`` on ``orders.xlsx`` writes, into the output folder,

* ``<template>.xlsx`` — one row per customer plus summary sheets and the cleaning report,
* ``figures/*.png`` — every chart,
* ``<template>.html`` — the report (text, tables, charts; no code), openable offline,
* ``<template>.ipynb`` — the executed notebook, only when asked for (``notebook=True``,
  ``crm report --notebook``).

The templates are notebooks shipped inside the package (``crmlib/templates/``, linked from
the repository's ``notebooks/templates/``); each has one cell tagged ``parameters``
(papermill's convention) and calls only crmlib below it. :func:`run_template` runs their
cells in this process (no Jupyter kernel) and renders the HTML report directly.
"""
from __future__ import annotations

from ._templates import (
    Template,
    TEMPLATES,
    template_path,
    copy_templates,
)
from ._privacy import (
    pseudonymise,
    pseudonymise_frame,
)
from ._excel import (
    write_workbook,
    EXCEL_MAX_ROWS,
)
from ._run import (
    as_percentages,
    save_figure,
    notebook_to_html,
    run_template,
)
from ._engine import (
    LARGE_FILE_MB,
    choose_engine,
    engine_choice,
)
from ._input import (
    TemplateInput,
    load_input,
    cleaning_table,
    input_details,
    read_table,
)
from ._survey import (
    survey_items,
    LIKERT_SCALES,
    infer_scale,
    survey_cleaning_table,
    survey_answers,
    SURVEY_COLUMN_NAMES,
    survey_columns,
    survey_blocks,
    survey_label_checks,
    RECOMMEND_QUESTION,
    survey_index,
    survey_ipa,
    survey_nps,
    kano_pairs,
)
from ._cohort_sql import (
    period_activity,
)

__all__ = [
    "TEMPLATES",
    "Template",
    "template_path",
    "copy_templates",
    "pseudonymise",
    "write_workbook",
    "save_figure",
    "as_percentages",
    "notebook_to_html",
    "run_template",
    "LARGE_FILE_MB",
    "choose_engine",
    "engine_choice",
    "TemplateInput",
    "load_input",
    "pseudonymise_frame",
    "cleaning_table",
    "input_details",
    "read_table",
    "period_activity",
    "survey_items",
    "infer_scale",
    "LIKERT_SCALES",
    "survey_answers",
    "SURVEY_COLUMN_NAMES",
    "survey_columns",
    "survey_blocks",
    "survey_label_checks",
    "RECOMMEND_QUESTION",
    "survey_index",
    "survey_ipa",
    "survey_nps",
    "kano_pairs",
]
