"""Exported figures (``plots.save_figure``; the report's timelines) draw a text whose glyphs matplotlib's default font
lacks (a sequence named in Chinese: DejaVu Sans has no CJK glyph, drawn as boxes) with an installed font that has
them (``use_glyph_fallback``); where none is installed the text is kept and the figure still saved. The fonts are
the test's own (matplotlib's DejaVu Sans and STIXGeneral, and made-up ones), and fontconfig's answer is made up:
what this machine has installed does not decide which font is chosen. A glyph no font has reads the glyph tables
of a bounded few fonts, not every installed one; a figure saved again keeps its font list."""
from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from matplotlib import font_manager, get_data_path
from matplotlib.figure import Figure
from matplotlib.ft2font import FT2Font

from workbench.core.evaluation import plots

CIRCLED_A = "\u24b6"  # not in DejaVu Sans, in matplotlib's own STIXGeneral
NOBODYS = "\U0010fffd"  # a private use code point no font here has
MADE_UP = 200  # installed fonts besides matplotlib's (a desktop's hundreds)


def _own(name):
    path = Path(get_data_path()) / "fonts" / "ttf" / name
    return font_manager.ttfFontProperty(FT2Font(str(path)))


@pytest.fixture
def fonts(monkeypatch):
    """Installed: matplotlib's DejaVu Sans and STIXGeneral, and MADE_UP others (files that do not open: no glyphs);
    fontconfig's answers: ``said`` (code point -> its fc-list lines; "absent": True, no fc-list here). Returns (said, asked:
    the code points fc-list was asked about, read: the font files whose glyph tables were read)."""
    made_up = [font_manager.FontEntry(fname=f"/nonexistent/g54/made-up-{k:03}.ttf", name=f"Made Up {k:03}")
               for k in range(MADE_UP)]
    monkeypatch.setattr(font_manager.fontManager, "ttflist",
                        [_own("DejaVuSans.ttf"), _own("STIXGeneral.ttf"), *made_up])
    said, asked, read = {}, [], []
    monkeypatch.setattr(plots, "_COVERING", {}, raising=False)
    monkeypatch.setattr(plots, "_fc_list", lambda code: asked.append(code) or (
        None if said.get("absent") else said.get(code, "")), raising=False)
    real = plots._charmap
    monkeypatch.setattr(plots, "_charmap", lambda path: read.append(path) or real(path))
    return said, asked, read


def _missing_glyph_warnings(fig, path):
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        plots.save_figure(fig, path)
    return [str(w.message) for w in got if "missing from font" in str(w.message)]


def _made_up_read(read):
    return [p for p in read if "/g54/made-up-" in p]


def test_a_glyph_its_font_lacks_is_drawn_with_an_installed_font_that_has_it(fonts, tmp_path):
    said, asked, read = fonts
    said[ord(CIRCLED_A)] = "Made Up 007\nNot Installed,Not Installed Book\n"  # fontconfig's: not matplotlib's list
    fig = Figure(figsize=(2, 1.5))
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 1], label=f"kcf on seq{CIRCLED_A}")
    ax.legend()
    ax.set_title(f"seq{CIRCLED_A}")
    assert _missing_glyph_warnings(fig, tmp_path / "a.png") == []  # without the fallback: "Glyph 9398 ... missing"
    assert ax.title.get_fontfamily() == ["sans-serif", "STIXGeneral"] and ax.title.get_text() == f"seq{CIRCLED_A}"
    assert ax.get_legend().get_texts()[0].get_fontfamily() == ["sans-serif", "STIXGeneral"]
    assert (tmp_path / "a.png").stat().st_size > 0
    for k in range(2):  # saved again: the caller's figure keeps one list (was one more STIXGeneral each save)
        plots.save_figure(fig, tmp_path / f"again{k}.svg")
    assert ax.title.get_fontfamily() == ["sans-serif", "STIXGeneral"]
    assert ax.get_legend().get_texts()[0].get_fontfamily() == ["sans-serif", "STIXGeneral"]
    assert set(_made_up_read(read)) == {"/nonexistent/g54/made-up-007.ttf"}  # the one fontconfig named, not all
    assert asked == [ord(CIRCLED_A)]  # fontconfig asked once for the glyph (its answer kept)
    plain = fig.add_subplot(2, 1, 2)
    plain.set_title("seq1")
    plots.use_glyph_fallback(fig)
    assert plain.title.get_fontfamily() == ["sans-serif"]  # a text its font has: as it was


def test_a_glyph_no_font_has_reads_a_bounded_few(fonts, tmp_path):
    said, asked, read = fonts
    assert plots.fallback_families(f"seq{NOBODYS}") == []  # fontconfig knows none: no installed font is read
    assert _made_up_read(read) == []  # (the old code read all 200)
    assert asked == [ord(NOBODYS)]
    plots.fallback_families(f"seq{NOBODYS}")
    assert asked == [ord(NOBODYS)]  # its answer kept
    said["absent"] = True  # no fc-list here: a bounded scan
    plots._COVERING.clear()
    assert plots.fallback_families(f"x{NOBODYS}") == []
    assert 0 < len(set(_made_up_read(read))) <= plots.SCAN_LIMIT < MADE_UP
    assert plots.fallback_families(f"x{CIRCLED_A}") == ["STIXGeneral"]  # matplotlib's own looked in first


def test_cjk_names_without_a_cjk_font_are_kept_and_saved(fonts, tmp_path):
    name = "序列一"
    assert plots.fallback_families(name) == []
    fig = Figure(figsize=(2, 1.5))
    ax = fig.add_subplot()
    ax.set_title(name)
    missing = _missing_glyph_warnings(fig, tmp_path / "b.svg")
    assert ax.title.get_text() == name and (tmp_path / "b.svg").stat().st_size > 0  # kept, and saved
    assert missing and ax.title.get_fontfamily() == ["sans-serif"]  # matplotlib says which glyphs it lacks


def test_fontconfig_is_asked_as_fc_list_answers():
    import shutil

    if shutil.which("fc-list") is None:
        pytest.skip("no fc-list here (the bounded scan is tested above)")
    out = plots._fc_list(ord("A"))
    assert out is not None and all(line.strip() for line in out.splitlines())  # family names, one font a line
