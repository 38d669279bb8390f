"""Chinese labels render in crmlib's plots, through a style context, not through rcParams.

Rendering is checked where it can go wrong: matplotlib warns "Glyph … missing from
font(s)" when it draws a character that none of the text's fonts has. The figures are
drawn (``savefig``) after the plot function has returned, outside its style context,
as a notebook or ``crm report`` draws them.
"""
from __future__ import annotations

import io
import warnings

import matplotlib
import pandas as pd
import pytest
from matplotlib.figure import Figure

from crmlib import plots
from crmlib.plots._style import CJK_FONTS

pytestmark = pytest.mark.skipif(not plots.cjk_fonts(), reason="no CJK font installed (apt-get install fonts-noto-cjk)")

SEGMENTS = pd.Series(["重要价值客户", "重要保持客户", "一般发展客户", "重要价值客户"])


def _glyph_warnings(figure: Figure) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figure.savefig(io.BytesIO(), format="png")
    return [str(w.message) for w in caught if "Glyph" in str(w.message)]


def test_plot_with_chinese_legend_renders_without_missing_glyphs() -> None:
    before = dict(matplotlib.rcParams)
    ax = plots.plot_relationship_map(resolution=10)
    assert dict(matplotlib.rcParams) == before
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any("基本型" in label for label in labels)  # Kotler's "basic" level, by its Chinese name
    assert _glyph_warnings(ax.figure) == []


def test_axes_made_outside_the_plot_function_gets_the_fallback_too() -> None:
    # The widgets build a pyplot-free Figure first and pass its Axes in; the y tick labels
    # (segment names) and a title set afterwards by the caller's code must render as well.
    fig = Figure()
    ax = plots.plot_segment_sizes(SEGMENTS, ax=fig.subplots())
    assert [t.get_text() for t in ax.get_yticklabels()] == ["一般发展客户", "重要价值客户", "重要保持客户"]
    ax.set_title("客户细分")
    assert _glyph_warnings(fig) == []


def test_without_the_style_the_same_figure_misses_glyphs() -> None:
    # The control: the unwrapped function on the user's default settings draws boxes, so the
    # two tests above would fail if the fallback were not applied.
    with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
        fig = Figure()
        plots.plot_segment_sizes.__wrapped__(SEGMENTS, ax=fig.subplots())
        assert _glyph_warnings(fig) != []


def test_the_user_font_stays_first_and_rcparams_are_restored() -> None:
    with matplotlib.rc_context({"font.family": ["serif"]}):
        ax = plots.plot_segment_sizes(SEGMENTS)
        assert matplotlib.rcParams["font.family"] == ["serif"]
    family = ax.get_yticklabels()[0].get_fontfamily()
    assert family[0] == "serif"
    assert set(family[1:]) == set(plots.cjk_fonts()) and set(family[1:]) <= set(CJK_FONTS)


def test_every_registered_plot_function_is_styled_in_its_chapter_file_too() -> None:
    # The widgets import the functions from the private chapter files.
    from crmlib.plots import _intro, _lifecycle, _satisfaction, _segment, _value

    names = [n for n in plots.__all__ if n.startswith("plot_")]
    assert len(names) >= 25
    for chapter in (_intro, _value, _lifecycle, _segment, _satisfaction):
        for name in chapter.__all__:
            if name.startswith("plot_"):
                assert getattr(chapter, name) is getattr(plots, name)
                assert getattr(plots, name).__wrapped__.__module__ == chapter.__name__
