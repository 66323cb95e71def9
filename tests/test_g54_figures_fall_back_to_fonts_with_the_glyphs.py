"""Exported figures (``plots.save_figure``; the report's timelines) draw a text whose glyphs matplotlib's default font
lacks (a sequence named in Chinese: DejaVu Sans has no CJK glyph, drawn as boxes) with an installed font that has
them (``use_glyph_fallback``); where none is installed the text is kept and the figure still saved."""
from __future__ import annotations

import warnings

from matplotlib.figure import Figure

from workbench.core.evaluation import plots

CIRCLED_A = "\u24b6"  # not in DejaVu Sans, in matplotlib's own STIXGeneral: a glyph an installed font has, anywhere


def _missing_glyph_warnings(fig, path):
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        plots.save_figure(fig, path)
    return [str(w.message) for w in got if "missing from font" in str(w.message)]


def test_a_glyph_its_font_lacks_is_drawn_with_an_installed_font_that_has_it(tmp_path):
    fig = Figure(figsize=(2, 1.5))
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 1], label=f"kcf on seq{CIRCLED_A}")
    ax.legend()
    ax.set_title(f"seq{CIRCLED_A}")
    assert _missing_glyph_warnings(fig, tmp_path / "a.png") == []  # the old code: "Glyph 9398 ... missing"
    assert "STIXGeneral" in ax.title.get_fontfamily() and ax.title.get_text() == f"seq{CIRCLED_A}"
    legend_text = ax.get_legend().get_texts()[0]
    assert "STIXGeneral" in legend_text.get_fontfamily()
    assert (tmp_path / "a.png").stat().st_size > 0
    plain = fig.add_subplot(2, 1, 2)
    plain.set_title("seq1")
    plots.use_glyph_fallback(fig)
    assert plain.title.get_fontfamily() == ["sans-serif"]  # a text its font has: as it was


def test_cjk_names_with_or_without_a_cjk_font_installed(tmp_path):
    name = "序列一"
    have = plots.fallback_families(name)
    fig = Figure(figsize=(2, 1.5))
    ax = fig.add_subplot()
    ax.set_title(name)
    missing = _missing_glyph_warnings(fig, tmp_path / "b.svg")
    assert ax.title.get_text() == name and (tmp_path / "b.svg").stat().st_size > 0  # kept, and saved
    if have:  # a CJK font installed here: it draws them
        assert missing == [] and have[0] in ax.title.get_fontfamily()
    else:  # none: nothing breaks, matplotlib says which glyphs it lacks
        assert missing and ax.title.get_fontfamily() == ["sans-serif"]
