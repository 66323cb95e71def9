"""With no sequence open the greyed "Run KCF" looked nearly enabled (a dimmer accent blue, its text light
blue) and its tooltip said only what it would do. Greyed, it now looks as every other greyed button
does, and the run controls' and toolbar actions' tooltips say first what they wait for: a sequence,
the run going to end, the initial box (where the start frame has no groundtruth)."""
from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import QApplication, QPushButton

from tests.gui.conftest import spin
from workbench.gui import style


def _background(qtbot, name: str, enabled: bool):
    b = QPushButton("Run KCF")
    b.setObjectName(name)
    qtbot.addWidget(b)
    b.setEnabled(enabled)
    b.resize(200, 30)
    b.show()
    qtbot.waitExposed(b)
    image = b.grab().toImage()
    return image.pixelColor(12, image.height() // 2)  # left of the text, inside the frame


def test_greyed_primary_button_looks_as_other_greyed_buttons(qtbot):
    style.apply(QApplication.instance())
    on = _background(qtbot, "primary", True)
    off = _background(qtbot, "primary", False)
    plain_off = _background(qtbot, "", False)
    assert on.hsvSaturation() > 150  # the accent
    assert off.hsvSaturation() < 60, off.name()  # grey, not a dim accent
    assert abs(off.lightness() - plain_off.lightness()) < 12, (off.name(), plain_off.name())


def test_run_controls_say_what_they_wait_for(qtbot, window):
    w = window
    run = w.methods.run_button
    assert not run.isEnabled()
    assert run.toolTip().startswith("Open a sequence first"), run.toolTip()
    assert w.act_run.toolTip().startswith("Open a sequence first"), w.act_run.toolTip()
    assert "Open a sequence first" in w.act_start_here.toolTip()
    assert "Make the current frame" in w.act_start_here.toolTip()  # its own tip kept after the reason
    assert "Nothing to cancel" in w.methods.cancel_button.toolTip()
    assert w.methods.init_label.text() == "Open a sequence first."

    w.open_demo()
    assert run.isEnabled() and "Open a sequence" not in run.toolTip() and "Open a sequence" not in w.act_run.toolTip()
    assert "Open a sequence" not in w.act_start_here.toolTip()
    assert run.toolTip().startswith("Track with"), run.toolTip()

    w.set_sequence(dataclasses.replace(w.sequence, groundtruth=None))  # no groundtruth: a box to draw
    assert "Draw the initial box on frame 1" in run.toolTip(), run.toolTip()
    w.set_init((10.0, 10.0, 12.0, 12.0))
    assert "Draw the initial box" not in run.toolTip()

    w.methods.select("fake_slow")
    w.methods.set_checked(["fake_slow"])
    run.click()
    assert spin(lambda: w.busy, 10)
    assert not run.isEnabled() and run.toolTip().startswith("A run is going"), run.toolTip()
    assert "Nothing to cancel" not in w.methods.cancel_button.toolTip()
    w.cancel_run()
    assert spin(lambda: not w.busy, 20)
    assert run.isEnabled() and "A run is going" not in run.toolTip()
