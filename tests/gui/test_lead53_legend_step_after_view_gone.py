"""A frame view's legend is made on later event-loop turns (``step_later``): a turn that fell due after the view
was torn down (its scene's view box deleted first, the view object not yet) read the box's geometry and raised
"Internal C++ object (DrawViewBox) already deleted" in the event loop (a GUI test's teardown error, now and then)."""
from __future__ import annotations

import numpy as np
import shiboken6
from PySide6.QtCore import QEventLoop, QTimer

from workbench.gui.viewer import FrameView
from workbench.gui.worker import steps_pending


def _turns(ms: int = 50) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def test_legend_turn_due_after_the_view_box_is_gone_does_nothing(qtbot):
    view = FrameView()
    qtbot.addWidget(view)
    view.set_image(np.zeros((40, 60), np.uint8), levels=(0, 255))
    view.set_results({"a": (1, 2, 3, 4), "b": (5, 6, 7, 8)}, {"a": "#ff0000", "b": "#00ff00"})
    assert view._legend_scheduled and steps_pending() > 0  # the legend's turn is due
    shiboken6.delete(view.vb)  # torn down before its turn came
    _turns()  # pytest-qt fails the test on an exception raised in the event loop
    assert not shiboken6.isValid(view.vb)
