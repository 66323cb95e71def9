"""At 1280 x 720 a weights field of the Methods dock showed only the end of its path ("st_tiny.pt"), no mark
that anything was cut, and its tooltip said the setting's help and default, never the path it held. Not being
edited, the field shows the path cut at a folder with an ellipsis ("…/weights/seq_irst_tiny.pt"); its tooltip
starts with the whole path, in step with edits; the text itself stays whole."""
from __future__ import annotations

from PySide6.QtCore import Qt

LONG = "/work/main/plugins/seq_irst/workbench_seq_irst/weights/seq_irst_tiny.pt"


def _edit(qtbot, width):
    from workbench.gui.config_form import PathEdit

    pe = PathEdit({"path": "file", "filter": "*.pt"})
    qtbot.addWidget(pe)
    pe.setToolTip("the trained weights\n(default: None)")
    pe.resize(width, pe.sizeHint().height())
    pe.show()
    qtbot.waitExposed(pe)
    pe.edit.clearFocus()  # not being edited (a window's first field may get the focus as it shows)
    return pe


def test_a_long_path_is_elided_at_a_folder_and_whole_in_its_tooltip(qtbot):
    pe = _edit(qtbot, 260)
    pe.setText(LONG)
    line = pe.edit
    tip = line.toolTip()
    assert tip.startswith(LONG + "\n") and "the trained weights" in tip, tip
    assert pe.toolTip() == "the trained weights\n(default: None)"  # the row's label keeps the help alone
    shown = line.shown_text()
    assert shown != LONG and shown.startswith("…/") and LONG.endswith(shown[1:]), shown
    assert shown.endswith("/seq_irst_tiny.pt")  # the file's whole name at least
    assert line.fontMetrics().horizontalAdvance(shown) <= line.width()
    assert pe.text() == LONG  # the value is whole
    line.grab()  # painted that way (no error drawing it)
    # edited: the tooltip follows the text (typed, as set)
    line.clear()
    qtbot.keyClicks(line, "/data/other.pt")
    assert line.toolTip().startswith("/data/other.pt\n")
    assert line.shown_text() == "/data/other.pt"  # fits: shown as it is
    line.clear()
    assert line.toolTip() == "the trained weights\n(default: None)"  # empty: the help alone


def test_a_file_name_wider_than_the_field_still_shows_its_end(qtbot):
    pe = _edit(qtbot, 120)
    pe.setText(LONG)
    shown = pe.edit.shown_text()
    # (how many of the name's characters fit depends on the style an earlier test of the process left: '…pt' or
    # '…tiny.pt'; what holds at any width: the end of the name after an ellipsis, within the field)
    assert shown.startswith("…") and "seq_irst_tiny.pt".endswith(shown[1:]) and len(shown) >= 2, shown
    assert pe.edit.fontMetrics().horizontalAdvance(shown) <= pe.edit.width()
    pe.activateWindow()
    pe.edit.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(pe.edit.hasFocus)
    assert pe.edit.shown_text() == LONG  # being edited: whole
    pe.edit.clearFocus()
    assert pe.edit.shown_text() == shown
