"""The status bar's labels measured their text's width once their font came from the style sheet but before
its padding did (the margins arrive in a later event): every label was 16 px short of its text until the text
changed, and the empty window read "no seque…" at the bottom right. A label is measured again when its margins
change."""
from __future__ import annotations


def test_a_status_label_is_as_wide_as_its_text_with_the_style_sheets_padding(qtbot):
    from PySide6.QtWidgets import QApplication, QMainWindow

    from workbench.gui import style
    from workbench.gui.widgets import FittingStatusBar, StatusLabel

    style.apply(QApplication.instance())
    mw = QMainWindow()
    qtbot.addWidget(mw)
    bar = FittingStatusBar()
    mw.setStatusBar(bar)
    label = StatusLabel("no sequence", 27)
    bar.addPermanentWidget(label)
    mw.resize(1280, 200)
    mw.show()
    qtbot.waitExposed(mw)
    assert label.contentsMargins().left() > 0  # the style sheet's padding applies to it
    assert not label.is_elided(), (label.elided(), label.width(), label._full_width())
