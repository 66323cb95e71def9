"""Every run colour can be seen on the window's dark plots and viewer: the eighth run of a sequence (a
sixth tracker's second run, or eight trackers) was drawn black (#000000, Okabe-Ito's last colour, made
for white paper): its curve, its timeline line and its legend sample vanished on the #1b1d21 background,
its swatch in the ranking a black square. The grey of the colour-blind palette's other form takes its
place, seen on dark and on white alike."""
from __future__ import annotations


def _luminance(hex_color: str) -> float:
    """WCAG relative luminance of "#rrggbb"."""
    h = hex_color.lstrip("#")
    out = []
    for i in (0, 2, 4):
        c = int(h[i:i + 2], 16) / 255.0
        out.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
    r, g, b = out
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_every_run_colour_stands_out_on_the_dark_background():
    from workbench.core.evaluation.plots import COLORS, color_for
    from workbench.gui import style

    # WCAG's 3:1 for graphics (lines, swatches) against the plots' and the viewer's background
    low = {c: round(_contrast(c, style.BG), 2) for c in COLORS if _contrast(c, style.BG) < 3.0}
    assert not low, low
    assert len(set(c.lower() for c in COLORS)) == len(COLORS)  # still eight colours apart
    assert color_for(7) == COLORS[7] and color_for(8) == COLORS[0]


def test_the_exports_white_paper_still_shows_the_replacement():
    from workbench.core.evaluation.plots import COLORS

    # the colour that took black's place is seen on the exported figures' white too (yellow, Okabe-Ito's
    # own, is the palette's one light colour, as before)
    assert _contrast(COLORS[7], "#ffffff") >= 2.5
