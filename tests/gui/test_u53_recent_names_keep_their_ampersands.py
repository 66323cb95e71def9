"""Open recent names a path as it is: a menu item's text reads '&x' as a shortcut (x underlined, the '&' gone), so
'红外 &1' was listed as '红外 1', and 'R&D data' as 'RD data'."""
from __future__ import annotations


def test_open_recent_shows_an_ampersand_in_a_name(window, tmp_path):
    from workbench.core.data.synthetic import write_demo

    w = window
    seq = write_demo(tmp_path / "R&D 数据", frames=3, width=48, height=40, name="红外 &1")
    assert w.open_path(seq)
    shown = [a.iconText() for a in w.recent_menu.actions()]  # the text as the menu shows it (mnemonics taken out)
    assert any(s.startswith(f"{seq.name}  —  ") and "R&D 数据" in s for s in shown), shown
