"""Run a template notebook's cells in this Python process, collecting what they display.

Starting a Jupyter kernel and converting the executed notebook with nbconvert took 4-5 s per
report, more than the analysis itself on a small file. The templates are plain notebooks whose
cells call crmlib; here they run in a fresh namespace, the way a kernel would run them:

* the cell tagged ``parameters`` runs first as written, then the caller's parameters replace
  its values (papermill's convention, so the same notebook works in JupyterLab);
* the value of a cell's last expression is displayed, ``display(x)`` and ``print`` work, and
  every matplotlib figure open at the end of a cell becomes a PNG in the report;
* cells tagged ``notebook-only`` (how to use the notebook, the parameters heading) run but are
  left out of the report.

The outputs become report sections (:class:`crmlib._render.Section`) and, optionally, an
executed copy of the notebook with the same outputs (``crm report --notebook``).
"""
from __future__ import annotations

import ast
import base64
import builtins
import copy
import io
import json
import traceback
import warnings
from pathlib import Path
from typing import Any, Mapping

from ._render import Section, table_html

#: Parameters never written into the executed notebook.
SECRET_PARAMETERS = ("salt",)


class _CellOutputs:
    """Outputs of one cell, in order: both report sections and nbformat outputs."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.sections: list[Section] = []
        self.outputs: list[dict[str, Any]] = []

    def text(self, text: str, name: str = "stdout") -> None:
        if not text:
            return
        if self.outputs and self.outputs[-1].get("name") == name and self.sections and self.sections[-1].kind == "text":
            self.outputs[-1]["text"] += text
            self.sections[-1].content += text
            return
        self.outputs.append({"output_type": "stream", "name": name, "text": text})
        self.sections.append(Section("text", text))

    def value(self, obj: Any, result: bool = False) -> None:
        import pandas as pd  # noqa: PLC0415

        if obj is None or _is_matplotlib(obj):
            return  # figures are collected at the end of the cell
        plain = repr(obj)
        if isinstance(obj, (pd.DataFrame, pd.Series)):
            markup = table_html(obj)
        elif hasattr(obj, "_repr_html_"):
            markup = obj._repr_html_()
        else:
            markup = None
        data = {"text/plain": plain}
        if markup is not None:
            data["text/html"] = markup
            self.sections.append(Section("html", markup))
        else:
            self.sections.append(Section("text", plain))
        output = {"output_type": "execute_result" if result else "display_data", "data": data, "metadata": {}}
        if result:
            output["execution_count"] = self.count
        self.outputs.append(output)

    def figure(self, png: bytes, alt: str) -> None:
        self.sections.append(Section("figure", png, {"alt": alt}))
        self.outputs.append({"output_type": "display_data", "metadata": {},
                             "data": {"image/png": base64.b64encode(png).decode("ascii"), "text/plain": alt}})


class _Stream(io.TextIOBase):
    def __init__(self, get_cell) -> None:
        self._get_cell = get_cell

    def write(self, text: str) -> int:
        self._get_cell().text(text)
        return len(text)


def _is_matplotlib(obj: Any) -> bool:
    module = type(obj).__module__ or ""
    if module.startswith("matplotlib"):
        return True
    return isinstance(obj, (list, tuple)) and bool(obj) and all(_is_matplotlib(o) for o in obj)


def _collect_figures(cell: _CellOutputs) -> None:
    import sys  # noqa: PLC0415

    if "matplotlib.pyplot" not in sys.modules:
        return
    import matplotlib.pyplot as plt  # noqa: PLC0415

    for number in plt.get_fignums():
        fig = plt.figure(number)
        saved = getattr(fig, "_crmlib_png", None)  # set by crmlib.report.save_figure: reuse, do not redraw
        if saved is not None and Path(saved).is_file():
            png = Path(saved).read_bytes()
        else:
            buffer = io.BytesIO()
            fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
            png = buffer.getvalue()
        titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
        cell.figure(png, titles[0] if titles else "figure")
        plt.close(fig)


def _source(cell: Mapping[str, Any]) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _tags(cell: Mapping[str, Any]) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def _run_code(code: str, namespace: dict[str, Any], cell: _CellOutputs, filename: str) -> None:
    tree = ast.parse(code, filename=filename)
    last = tree.body[-1] if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    if last is not None:
        tree.body = tree.body[:-1]
    exec(compile(tree, filename, "exec"), namespace)  # noqa: S102  (the template's own code)
    if last is not None:
        value = eval(compile(ast.Expression(last.value), filename, "eval"), namespace)  # noqa: S307
        cell.value(value, result=True)


def _parameters_source(params: Mapping[str, Any]) -> str:
    lines = ["# Parameters"]
    for name, value in params.items():
        shown = "'<hidden>'" if name in SECRET_PARAMETERS and value else repr(value)
        lines.append(f"{name} = {shown}")
    return "\n".join(lines) + "\n"


def execute_notebook(
    path: str | Path,
    parameters: Mapping[str, Any],
    notebook_out: str | Path | None = None,
) -> tuple[list[Section], dict[str, Any]]:
    """Run the notebook at *path* in-process with *parameters*; return report sections and the namespace.

    With *notebook_out*, the executed notebook (outputs included, secret parameters hidden) is
    written there, also when a cell fails (the failing cell then shows the error).
    """
    import matplotlib  # noqa: PLC0415

    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    executed = copy.deepcopy(nb) if notebook_out is not None else None
    out_cells: list[dict[str, Any]] = []
    sections: list[Section] = []
    current: list[_CellOutputs] = [_CellOutputs(0)]

    def display(*objs: Any, **_kw: Any) -> None:
        for obj in objs:
            current[0].value(obj)

    namespace: dict[str, Any] = {"__name__": "__main__", "__builtins__": builtins, "display": display}
    stream = _Stream(lambda: current[0])
    count = 0
    previous_backend = matplotlib.get_backend()
    import matplotlib.pyplot as plt  # noqa: PLC0415

    if previous_backend.lower() != "agg":
        plt.switch_backend("agg")
    try:
        for index, cell in enumerate(nb.get("cells", [])):
            tags = _tags(cell)
            if cell.get("cell_type") == "markdown":
                if "notebook-only" not in tags:
                    sections.append(Section("markdown", _source(cell)))
                out_cells.append(copy.deepcopy(cell))
                continue
            if cell.get("cell_type") != "code":
                out_cells.append(copy.deepcopy(cell))
                continue
            count += 1
            current[0] = _CellOutputs(count)
            record = copy.deepcopy(cell)
            record["execution_count"] = count
            out_cells.append(record)
            try:
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    import contextlib  # noqa: PLC0415

                    with contextlib.redirect_stdout(stream):
                        _run_code(_source(cell), namespace, current[0], f"<template cell {index}>")
                        if "parameters" in tags:
                            namespace.update(parameters)
                    for w in caught:
                        current[0].outputs.append({"output_type": "stream", "name": "stderr",
                                                   "text": f"{w.category.__name__}: {w.message}\n"})
                _collect_figures(current[0])
            except BaseException as exc:
                record["outputs"] = current[0].outputs + [{
                    "output_type": "error", "ename": type(exc).__name__, "evalue": str(exc),
                    "traceback": traceback.format_exception_only(type(exc), exc)}]
                plt.close("all")
                raise
            else:
                record["outputs"] = current[0].outputs
            finally:
                if "parameters" in tags:
                    record["outputs"] = []
                    injected = {"cell_type": "code", "execution_count": None, "id": f"injected-{index}",
                                "metadata": {"tags": ["injected-parameters"]}, "outputs": [],
                                "source": _parameters_source(parameters)}
                    out_cells.append(injected)
            if "parameters" not in tags and "notebook-only" not in tags:
                sections.extend(current[0].sections)
    finally:
        if previous_backend.lower() != "agg":
            plt.switch_backend(previous_backend)
        if executed is not None:
            executed["cells"] = out_cells
            executed.setdefault("metadata", {})["crmlib"] = {
                "parameters": {k: ("<hidden>" if k in SECRET_PARAMETERS and v else v)
                               for k, v in parameters.items() if _jsonable(v)}}
            Path(notebook_out).write_text(json.dumps(executed, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return sections, namespace


def _jsonable(value: Any) -> bool:
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return False
    return True
