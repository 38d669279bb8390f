"""Chapters 3 and 4 say what seeds 001-004 say: fixes of issue 14's misreadings, checked in the text.

Each test fails on the text before the fix (two curves, 'moment of trust', a reverse-coding prompt
claiming the item mean is unchanged, JUSCO's mechanism presented as the seed's ...)."""
import json
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CURVES = {"A": "无奈的选择", "B": "一分满意,一分忠诚", "C": "激烈竞争的买方市场"}


def _markdown(notebook: str) -> str:
    nb = json.loads((REPO / "notebooks" / f"{notebook}.ipynb").read_text("utf-8"))
    return "\n\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")


def _code(notebook: str) -> list[str]:
    nb = json.loads((REPO / "notebooks" / f"{notebook}.ipynb").read_text("utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


def _page(name: str) -> str:
    return (REPO / "book" / name).read_text("utf-8")


@pytest.mark.parametrize("text", [
    pytest.param(lambda: _page("ch4_satisfaction.md"), id="ch4 page"),
    pytest.param(lambda: _markdown("ch4_loyalty_zones"), id="ch4_loyalty_zones"),
])
def test_three_satisfaction_loyalty_curves_are_named_with_their_letters(text):
    t = text()
    for letter, chinese in CURVES.items():
        # the letter and the seed's Chinese name sit together, e.g. "**A** 无奈的选择" or "A, 无奈的选择"
        assert re.search(rf"\b{letter}\b\W{{0,6}}{re.escape(chinese)}", t), (letter, chinese)
    assert "no real choice" in t and "in proportion to satisfaction" in t and "buyer's market" in t
    assert "two curves" not in t.lower() and "has two curves" not in t


def test_the_curves_figure_draws_three_curves_on_the_zones_scale():
    code = "\n".join(_code("ch4_loyalty_zones"))
    assert all(f'"{k}"' in code for k in "ABC")
    # the figure comes from the library's three-curve function (test_satisfaction checks its
    # curves, labels and cut), on the zones' 1-7 scale with the cut at 5
    assert "plot_satisfaction_loyalty_curves(np.linspace(1, 7" in code and "cut=5" in code
    assert '"noncompetitive"' not in code and '"competitive"' not in code   # no 1-5 two-curve remap


def test_one_scale_for_curves_and_zones():
    md = _markdown("ch4_loyalty_zones")
    assert '"satisfied" (4) to "completely satisfied" (5)' not in md
    assert '"satisfied" (6) to "completely\nsatisfied" (7)' in md or '"satisfied" (6) to "completely satisfied" (7)' in md


def test_reverse_coding_prompt_does_not_claim_the_mean_is_unchanged():
    md = _markdown("ch4_survey_reliability")
    start = md.index(":label: ex-ch4-reverse")
    prompt = md[start:md.index("````", start)]
    assert "leaves item means" not in prompt
    assert "shifts the reversed item's mean" in prompt


def test_moments_of_truth_not_trust():
    for text in (_page("ch4_satisfaction.md"), _page("glossary/ch4.md")):
        assert "moment of truth" in text.lower()
        # 'moment of trust' may appear only where the text says it is *not* the term
        for m in re.finditer(r"moments? of trust", text, re.I):
            assert "not" in text[max(0, m.start() - 40):m.start()], text[m.start() - 60:m.end()]


def test_perceived_performance_and_perceived_value_are_separate_terms():
    gl = _page("glossary/ch4.md")
    entries = dict(re.findall(r"^(\S[^\n]*)\n(\S[^\n]*)\n", gl, re.M))
    assert entries.get("perceived performance") == "顾客的感知值"
    assert entries.get("perceived value") == "感知价值"
    page = _page("ch4_satisfaction.md")
    terms = page[page.index("tbl-ch4-terms"):page.index("```", page.index("tbl-ch4-terms"))]
    assert "* - perceived performance\n  - 顾客的感知值" in terms
    assert "* - perceived value\n  - 感知价值" in terms


def test_loyalty_ladder_mapping_is_explained():
    for text in (_page("ch4_satisfaction.md"), _markdown("ch4_loyalty_zones")):
        for chinese, english in [("普通购买者", "suspect"), ("跟随者", "supporter"), ("拥护者", "advocate")]:
            assert re.search(rf"{chinese}[^|\n]*\|\s*{english}", text), (chinese, english)


def test_reconstructions_are_marked():
    ch3 = _page("ch3_segmentation.md")
    jusco = ch3[ch3.index("**JUSCO"):]
    assert "reconstruction" in jusco[:600] and "only asks" in jusco[:200]
    rfm = _markdown("ch3_rfm")
    assert "used it to lift" not in rfm
    fedex = rfm[rfm.index("### FedEx's seven groups"):]
    assert "reconstruction" in fedex[:600]


def test_abc_classification_is_told_apart_from_activity_based_costing():
    for text in (_page("ch3_segmentation.md"), _page("glossary/ch3.md"), _markdown("ch3_identification_abc"),
                 _markdown("ch3_ordering_and_clusters")):
        assert "ABC成本法" in text


def test_seed_topics_are_taught():
    ch3 = _page("ch3_segmentation.md")
    assert "客户意识" in ch3 and "客户身份识别制度" in ch3 and "KYC" in ch3
    abc = _markdown("ch3_identification_abc")
    s1 = abc[abc.index("(map-s1)="):abc.index("(map-s3)=")]       # under the identification target
    assert "客户身份识别制度" in s1 and "客户意识" in s1
    ch4 = _page("ch4_satisfaction.md")
    for term in ("客户关系金字塔", "关系质量", "信任感", "归属感", "商业友谊", "忠诚的客户给我们带来什么"):
        assert term in ch4, term
    assert "seed 004" in ch4 and "Seed 000 asks" in ch4
