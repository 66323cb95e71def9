"""The Evaluate tab's split on a mask set: its default (val.txt) on a set with no split files at all
(SIRST-V2 as shipped here, a user's own images + masks) scores every image instead of refusing with
'split not found'; a split missing from a set that has others is kept, to be refused naming it."""
from __future__ import annotations

import pytest

pytest.importorskip("PySide6")


def _set(root, splits: dict[str, str] | None = None):
    (root / "images").mkdir(parents=True)
    (root / "masks").mkdir()
    if splits:
        (root / "splits").mkdir()
        for name, text in splits.items():
            (root / "splits" / name).write_text(text)
    return root


def test_split_or_whole(tmp_path):
    from workbench_lw_irstnet.panel import _split_or_whole

    bare = _set(tmp_path / "bare")
    assert _split_or_whole(bare, "val.txt") is None  # no split files: every image
    assert _split_or_whole(bare, None) is None
    v1 = _set(tmp_path / "v1", {"train.txt": "a\n", "val.txt": "b\n"})
    assert _split_or_whole(v1, "val.txt") == "val.txt"
    assert _split_or_whole(v1, "test.txt") == "test.txt"  # missing but the set has splits: refused later
    v2 = _set(tmp_path / "v2", {"trainval_full.txt": "a\n", "test_full.txt": "b\n"})
    assert _split_or_whole(v2, "test_full") == "test_full"
    assert _split_or_whole(v2, "val.txt") == "val.txt"  # this set has split files: named when refused


def test_panel_builds_with_its_split_helper(qtbot):
    """e232ace put ``_split_or_whole`` in place of the rows' helper ``_row``, still used by every tab:
    the panel (the LW-IRSTNet workflow dock) failed to build with a NameError."""
    from workbench_lw_irstnet import PLUGIN
    from workbench_lw_irstnet.panel import Panel

    panel = Panel(PLUGIN, None)
    qtbot.addWidget(panel)
    for i in range(panel.count()):
        panel.setCurrentIndex(i)  # each tab built (some on first show)
    assert panel.count() >= 3


def test_cancelled_bars_read_cancelled_at_zero(qtbot, tmp_path):
    """An evaluation or a training cancelled left its bar at the fraction done ("cancelled" over 63 %), as
    if it still went, where the Detector workflow's, the NAS and pruning inspectors' bars empty: the same
    here."""
    from types import SimpleNamespace

    from workbench.core.errors import Cancelled
    from workbench_lw_irstnet import PLUGIN
    from workbench_lw_irstnet.panel import Panel

    panel = Panel(PLUGIN, None)
    qtbot.addWidget(panel)
    panel.ev_progress.setValue(630)
    panel._on_eval_error(Cancelled())
    assert panel.ev_progress.value() == 0 and panel.ev_progress.format() == "cancelled"
    panel.tr_progress.setValue(630)
    panel._train_out = tmp_path  # no history there: nothing to redraw
    panel._on_train_done(SimpleNamespace(cancelled=True, history=[]))
    assert panel.tr_progress.value() == 0 and panel.tr_progress.format() == "cancelled"
