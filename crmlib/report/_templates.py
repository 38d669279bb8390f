"""The template notebooks shipped in the package: their table, paths and copying (ch5_templates)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .._errors import CRMLibError


@dataclass(frozen=True)
class Template:
    """A template notebook: its file and what it is for."""

    name: str
    filename: str
    description: str
    input_kind: str  # "transactions" or "survey"


TEMPLATES: dict[str, Template] = {
    t.name: t
    for t in [
        Template("rfm", "rfm_segmentation.ipynb",
                 "customer value: ABC classes, RFM scores and segments", "transactions"),
        Template("clv", "clv.ipynb",
                 "customer lifetime value: BG/NBD + Gamma-Gamma, ranked customer list", "transactions"),
        Template("cohort", "cohort_lifecycle.ipynb",
                 "cohort retention and lifecycle stages", "transactions"),
        Template("survey", "satisfaction_survey.ipynb",
                 "satisfaction survey: reliability, index, IPA, NPS, Kano", "survey"),
    ]
}

def _template_dir():  # a Traversable: inside the installed package or the checkout
    from importlib import resources  # noqa: PLC0415

    return resources.files("crmlib") / "templates"


def template_path(name: str) -> Path:
    """Path of template *name* (a key of :data:`TEMPLATES`), a notebook shipped in ``crmlib/templates``.

    Examples
    --------
    >>> template_path("rfm").name
    'rfm_segmentation.ipynb'
    """
    try:
        template = TEMPLATES[name]
    except KeyError:
        raise CRMLibError(f"Unknown template {name!r}; choose one of: {', '.join(TEMPLATES)}.") from None
    path = Path(str(_template_dir() / template.filename))
    if not path.is_file():
        raise CRMLibError(f"Template {name!r} is missing from the installed crmlib ({path}); reinstall crmlib.")
    return path


_COPY_README = """# CRM analytics templates

Copied by `crm templates copy` (crmlib {version}). Each notebook runs one analysis:

{listing}

## Run them

* In JupyterLab: `jupyter lab`, open a notebook, choose *Run > Run All Cells*. They read the
  sample files `orders.csv` (transactions) and `survey.csv` (a satisfaction survey) and write
  their workbook and figures into this folder.
* For your own data: edit the cell marked *Parameters* at the top (`input_path = "my_orders.xlsx"`,
  `columns = {{"customer_id": "会员号"}}` when the headers are unusual), then run all cells again.
* From a terminal, without opening the notebook:
  `crm report orders.csv -t rfm -o rfm_report/` (HTML report, Excel workbook, PNG charts).

The data contract, the cleaning rules and the error messages are explained in chapter 5 of the
CRM Analytics book ("Use it on your own data"). The sample files are synthetic: no real customer.
"""


def copy_templates(folder: str | Path, force: bool = False) -> list[Path]:
    """Copy the template notebooks, sample data and a README into *folder* (``crm templates copy``).

    Writes ``rfm_segmentation.ipynb``, ``clv.ipynb``, ``cohort_lifecycle.ipynb``,
    ``satisfaction_survey.ipynb``, ``orders.csv`` (synthetic transactions, which the
    transaction templates read by default), ``survey.csv`` (a synthetic survey) and ``README.md``.

    Parameters
    ----------
    folder : where to copy; created if missing.
    force : overwrite files that already exist (otherwise nothing is written and
        :class:`CRMLibError` lists them).

    Returns
    -------
    The paths written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> sorted(p.name for p in copy_templates(pathlib.Path(tempfile.mkdtemp()) / "mine"))[:3]
    ['README.md', 'clv.ipynb', 'cohort_lifecycle.ipynb']
    """
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

    from ..datasets import make_survey, make_transactions  # noqa: PLC0415

    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise CRMLibError(f"{folder} is an existing file, not a folder: choose another folder to copy into.")
    names = [t.filename for t in TEMPLATES.values()] + ["orders.csv", "survey.csv", "README.md"]
    existing = [n for n in names if (folder / n).exists()]
    if existing and not force:
        raise CRMLibError(f"{folder} already has {', '.join(existing)}; nothing was copied. Copy into another "
                          "folder, or add --force to overwrite them (force=True in Python).")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for t in TEMPLATES.values():
        target = folder / t.filename
        target.write_bytes(template_path(t.name).read_bytes())
        written.append(target)
    orders = make_transactions(n_customers=120, random_state=2026)
    orders["date"] = orders["date"].dt.strftime("%Y-%m-%d %H:%M")
    orders.to_csv(folder / "orders.csv", index=False)
    make_survey(200, random_state=2026).rename_axis("respondent_id").to_csv(folder / "survey.csv")
    written += [folder / "orders.csv", folder / "survey.csv"]
    try:
        release = version("crmlib")
    except PackageNotFoundError:
        release = "from a checkout"
    listing = "\n".join(f"* `{t.filename}` — {t.description} (`crm report <file> -t {t.name}`)"
                        for t in TEMPLATES.values())
    (folder / "README.md").write_text(_COPY_README.format(version=release, listing=listing), encoding="utf-8")
    written.append(folder / "README.md")
    return written
