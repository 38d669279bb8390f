"""Notebook prose that reads well in both places it is shown: the book and JupyterLab.

JupyterLab renders notebook markdown with jupyterlab-myst, which resolves a cross-reference
only against targets written in the notebook's own markdown: ``(label)=`` lines and the
``:label:``/``:name:`` options of directives. It does not see the figure names that myst-nb
reads from code-cell metadata (``mystnb.figure.name``), nor labels on other pages, and shows
"Cross reference target was not found" for them. So notebooks refer to code-made figures in
words and to other pages with ``{doc}`` (rule in CONTRIBUTING's spirit, see issue 14).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").rglob("*.ipynb"))

ROLE = re.compile(r"\{(numref|ref|eq|numref)\}`([^`]+)`")
LINK = re.compile(r"\[[^\]]*\]\(#([^)\s]+)\)")
TARGET = re.compile(r"^\s*\(([\w.:-]+)\)=\s*$", re.M)
OPTION = re.compile(r"^\s*:(?:label|name):\s*(\S+)\s*$", re.M)


def _role_target(text: str) -> str:
    # {ref}`some text <label>` → label
    m = re.search(r"<([^<>]+)>\s*$", text)
    return (m.group(1) if m else text).strip()


def references(nb: dict) -> list[str]:
    """Cross-reference targets used in the markdown cells of *nb*."""
    out = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        src = "".join(cell["source"])
        out += [_role_target(t) for _, t in ROLE.findall(src)]
        out += LINK.findall(src)
    return out


def markdown_targets(nb: dict) -> set[str]:
    md = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    return set(TARGET.findall(md)) | set(OPTION.findall(md))


def metadata_targets(nb: dict) -> set[str]:
    names = set()
    for cell in nb["cells"]:
        fig = cell.get("metadata", {}).get("mystnb", {}).get("figure", {})
        if fig.get("name"):
            names.add(fig["name"])
    return names


def test_the_parser_finds_references_and_targets():
    nb = {"cells": [
        {"cell_type": "markdown", "source": ["(map-v1)=\n## Two views\nSee {numref}`fig-a` and {ref}`the views <map-v1>`,\n",
                                             "[here](#ex-1) and {doc}`../book/ch1`."]},
        {"cell_type": "markdown", "source": ["```{exercise}\n:label: ex-1\n\nQ\n```"]},
        {"cell_type": "code", "source": [], "metadata": {"mystnb": {"figure": {"name": "fig-a"}}}},
    ]}
    assert references(nb) == ["fig-a", "map-v1", "ex-1"]
    assert markdown_targets(nb) == {"map-v1", "ex-1"}
    assert metadata_targets(nb) == {"fig-a"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_cross_references_resolve_inside_the_notebook(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    defined, in_metadata = markdown_targets(nb), metadata_targets(nb)
    refs = references(nb)
    metadata_only = sorted({r for r in refs if r in in_metadata and r not in defined})
    assert not metadata_only, (
        f"{path.name}: cross-references to figures named only in cell metadata {metadata_only}; "
        "JupyterLab cannot resolve them — refer to the figure in words ('the chart above')")
    elsewhere = sorted({r for r in refs if r not in defined})
    assert not elsewhere, (
        f"{path.name}: cross-references to targets not defined in this notebook {elsewhere}; "
        "use {doc}`page` and name the section in words")


@pytest.mark.book
def test_wide_outputs_scroll_in_the_book(built_html: Path):
    """Wide DataFrames (the accumulation simulation) scroll instead of being cut off."""
    page = (built_html / "notebooks" / "ch1_value_of_customer.html").read_text(encoding="utf-8")
    assert re.search(r'<link[^>]+href="[^"]*_static/custom\.css', page), "custom.css is not linked"
    css = (built_html / "_static" / "custom.css").read_text(encoding="utf-8")
    rule = re.search(r"\.cell_output \.output\.text_html[^{]*\{([^}]*)\}", css)
    assert rule and "overflow-x: auto" in rule.group(1)
    # the simulation's table is one of those outputs
    assert re.search(r'class="output text_html"><div>.*?<table[^>]*class="dataframe', page, re.S)
