"""The window's CSV exports had no byte-order mark choice: Excel on Windows garbles a CJK / accented sequence name of
a scores.csv without one. File > Export holds "CSV with a byte-order mark (Excel)", kept in the settings; with it the
scores table begins with the mark, without it (the default) the file is as it was."""
from __future__ import annotations

import csv

from .test_window import run_to_end

NAME = "序列_é"


def test_scores_export_follows_the_bom_setting(qtbot, window, tmp_path):
    from workbench.core.data.synthetic import write_demo
    from workbench.gui import settings as wsettings

    w = window
    assert w.open_path(write_demo(tmp_path / "data", frames=6, name=NAME))
    run_to_end(qtbot, w, ["fake"])
    act = w.exporter.act_csv_bom
    assert act.isCheckable() and not act.isChecked() and not wsettings.csv_bom()  # off unless chosen
    plain, _ = w.export_numbers(tmp_path / "plain" / "scores.csv")
    assert not plain.read_bytes().startswith(b"\xef\xbb\xbf")
    act.trigger()  # the menu entry, as a click
    assert wsettings.csv_bom()  # kept for the next exports (and the next session)
    marked, _ = w.export_numbers(tmp_path / "excel" / "scores.csv")
    data = marked.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data[3:] == plain.read_bytes()
    rows = list(csv.DictReader(marked.read_text(encoding="utf-8-sig").splitlines()))
    assert any(r["sequence"] == NAME for r in rows)
    table = w.scores.write_csv(tmp_path / "dock.csv", wsettings.csv_bom())  # the scores dock's own export
    assert table.read_bytes().startswith(b"\xef\xbb\xbf")
