"""The package layout follows the course (issue 15): value, lifecycle, segment, satisfaction and report
are subpackages whose private files match the notebooks' sections, re-exported flat, so
``crmlib.segment.rfm_scores`` and ``from crmlib.value import retention_clv`` keep working."""
from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path

import pytest

# the private files of each subpackage, in the order of the chapter's notebooks
LAYOUT = {
    "value": {"_delivered", "_competitive", "_accumulation", "_clv", "_profitability"},
    "lifecycle": {"_stages", "_cohorts", "_survival", "_sbg", "_churn", "_economics"},
    "segment": {"_concentration", "_rfm", "_fedex", "_clp", "_ordering", "_clusters"},
    "satisfaction": {"_scales", "_indices", "_servqual", "_nps", "_ipa", "_kano", "_pls",
                     "_loyalty"},
    "report": {"_templates", "_run", "_excel", "_privacy", "_engine", "_input", "_survey", "_cohort_sql"},
    # chapter 0's "working with data" sections: column names, the report, the schema, reading,
    # parsing values, the loader, returns netting
    "io": {"_columns", "_report", "_schema", "_read", "_parse", "_load", "_netting"},
}


def _top_level_names(path: Path) -> set[str]:
    """Names a file defines itself (def, class, assignment), not the ones it imports."""
    names: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


@pytest.mark.parametrize("name", sorted(LAYOUT))
def test_subpackage_files_match_the_course(name):
    module = importlib.import_module(f"crmlib.{name}")
    assert hasattr(module, "__path__"), f"crmlib.{name} should be a package"
    folder = Path(module.__file__).parent
    files = {p.stem for p in folder.glob("*.py")} - {"__init__"}
    assert files == LAYOUT[name]
    assert not (folder.parent / f"{name}.py").exists()  # no stale flat module shadowing the package


@pytest.mark.parametrize("name", sorted(LAYOUT))
def test_public_names_are_flat_and_defined_once_in_a_private_file(name):
    module = importlib.import_module(f"crmlib.{name}")
    folder = Path(module.__file__).parent
    assert module.__all__ and len(set(module.__all__)) == len(module.__all__)
    # __init__ only re-exports: it defines nothing but __all__
    assert _top_level_names(folder / "__init__.py") == {"__all__"}
    defined = {stem: _top_level_names(folder / f"{stem}.py") for stem in LAYOUT[name]}
    for public in module.__all__:
        obj = getattr(module, public)  # importable from the flat namespace
        homes = [stem for stem, names in defined.items() if public in names]
        assert len(homes) == 1, f"crmlib.{name}.{public} is defined in {homes}"
        private = importlib.import_module(f"crmlib.{name}.{homes[0]}")
        assert getattr(private, public) is obj
        if inspect.isfunction(obj) or inspect.isclass(obj):
            assert obj.__module__ == f"crmlib.{name}.{homes[0]}"


def test_no_public_name_has_two_definitions_across_the_subpackages():
    seen: dict[str, object] = {}
    for name in sorted(LAYOUT):
        module = importlib.import_module(f"crmlib.{name}")
        for public in module.__all__:
            obj = getattr(module, public)
            if public in seen and seen[public] is not obj:
                raise AssertionError(f"{public} has two different definitions (one in crmlib.{name})")
            seen[public] = obj


def test_old_import_paths_still_resolve():
    from crmlib import lifecycle, report, satisfaction, segment, value
    from crmlib.lifecycle import STAGES, ShiftedBetaGeometric, classify_stages, cohort_retention, kaplan_meier
    from crmlib.report import EXCEL_MAX_ROWS, load_input, survey_cleaning_table
    from crmlib.value import mercedes_s350_bids, retention_clv

    assert segment.rfm_scores.__module__ == "crmlib.segment._rfm"
    assert retention_clv.__module__ == "crmlib.value._clv"
    assert load_input.__module__ == "crmlib.report._input"
    assert survey_cleaning_table.__module__ == "crmlib.report._survey"
    assert satisfaction.PLSPathModel.__module__ == "crmlib.satisfaction._pls"
    assert EXCEL_MAX_ROWS == 1_048_576 and report.write_workbook.__module__ == "crmlib.report._excel"
    assert mercedes_s350_bids is value.mercedes_s350_bids
    assert classify_stages.__module__ == "crmlib.lifecycle._stages" and list(STAGES)[0] == "identification"
    assert cohort_retention.__module__ == "crmlib.lifecycle._cohorts"
    assert kaplan_meier.__module__ == "crmlib.lifecycle._survival"
    assert ShiftedBetaGeometric is lifecycle.ShiftedBetaGeometric and ShiftedBetaGeometric.__module__ == "crmlib.lifecycle._sbg"
    assert lifecycle.early_warning.__module__ == "crmlib.lifecycle._churn"
    assert lifecycle.retention_economics.__module__ == "crmlib.lifecycle._economics"


def test_no_module_imports_another_modules_private_helpers():
    """Each public module talks to the others through their public names. Shared private
    modules (``crmlib._frames``, ``crmlib._validate`` ...) may be imported from anywhere, and a
    private implementation module (``crmlib._clean_engines``) may reach into the module it serves."""
    root = Path(importlib.import_module("crmlib").__file__).parent
    offences = []
    for path in sorted(root.rglob("*.py")):
        here = path.relative_to(root).with_suffix("").parts
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom) or not node.level or node.module is None:
                continue
            # resolve the relative import against the importing file's package
            package = here[:-1]
            base = package[: len(package) - (node.level - 1)]
            target = (*base, *node.module.split("."))
            if here[0].startswith("_") or target[0].startswith("_") or target[0] == here[0]:
                continue  # a private implementation module, a shared private module, or within one module
            offences += [f"{'/'.join(here)} imports {'.'.join(target)}.{a.name}" for a in node.names
                         if a.name.startswith("_") and not a.name.startswith("__")]
    assert not offences, "\n".join(offences)


def test_segment_code_does_not_use_dataframe_attrs():
    """pandas drops ``DataFrame.attrs`` in many operations (issue 15), so no segment function
    may depend on them: the cut points live on ``RFMScoring`` (``thresholds_``, ``cuts_``,
    ``bins_``, ``method``), in arguments (``cuts``, ``loyalty_cut``, ``current_cut``) or in
    columns. Any ``.attrs`` in the code (read or written; docstrings do not count) fails."""
    root = Path(importlib.import_module("crmlib").__file__).parent
    files = sorted((root / "segment").glob("*.py")) + [root / "plots" / "_segment.py"]
    offences = [f"{path.relative_to(root)}:{node.lineno}" for path in files
                for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                if isinstance(node, ast.Attribute) and node.attr == "attrs"]
    assert len(files) == 8 and not offences, "\n".join(offences)


# Added by the split into folders (issue 15): tests/ mirrors crmlib/, one test file per module
# file. Modules that still lack their test file are listed; the list may only shrink.
WITHOUT_MIRRORED_TESTS = frozenset({
    "crmlib._base",
    "crmlib._clean_engines",
    "crmlib._deprecate",
    "crmlib._errors",
    "crmlib._frames",
    "crmlib._lazy",
    "crmlib._render",
    "crmlib._runner",
    "crmlib.datasets._download",
    "crmlib.datasets._seed_tables",
    "crmlib.datasets._synthetic_b2b",
    "crmlib.datasets._synthetic_survey",
    "crmlib.exercises.ch1",
    "crmlib.exercises.ch2",
    "crmlib.live._core",
    "crmlib.live._intro",
    "crmlib.live._lifecycle",
    "crmlib.live._satisfaction",
    "crmlib.live._segment",
    "crmlib.live._value",
    "crmlib.plots._intro",
    "crmlib.plots._lifecycle",
    "crmlib.report._engine",
    "crmlib.report._templates",
    "crmlib.widgets._common",
    "crmlib.widgets._intro",
    "crmlib.widgets._lifecycle",
})


def _mirrored_test_file(module: str, crmlib_root: Path) -> str:
    """``crmlib.segment._rfm`` -> tests/segment/test_rfm.py; ``crmlib.summary`` -> tests/test_summary.py."""
    parts = module.split(".")[1:]
    if (crmlib_root / parts[0]).is_dir():
        return f"tests/{parts[0]}/test_{parts[-1].lstrip('_')}.py"
    return f"tests/test_{parts[0].lstrip('_')}.py"


def test_every_module_with_public_functions_has_a_mirrored_test_file():
    root = Path(importlib.import_module("crmlib").__file__).parent
    repo = root.parent
    assert _mirrored_test_file("crmlib.segment._rfm", root) == "tests/segment/test_rfm.py"
    missing, stale = set(), set()
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(repo).with_suffix("")
        if path.name in ("__init__.py", "__main__.py"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if not any(isinstance(n, (ast.FunctionDef, ast.ClassDef)) and not n.name.startswith("_") for n in tree.body):
            continue
        module = ".".join(rel.parts)
        has_tests = (repo / _mirrored_test_file(module, root)).is_file()
        if not has_tests and module not in WITHOUT_MIRRORED_TESTS:
            missing.add(module)
        if has_tests and module in WITHOUT_MIRRORED_TESTS:
            stale.add(module)
    assert not missing, f"no test file in the mirrored place for {sorted(missing)}"
    assert not stale, f"these modules have tests now: remove them from WITHOUT_MIRRORED_TESTS: {sorted(stale)}"
