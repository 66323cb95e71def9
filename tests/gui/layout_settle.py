"""Waiting for the main window's layout to settle (after a resize, a layout switch, a dock opened) on the condition
itself, not a fixed time: the GUI tests waited ``spin(lambda: False, 0.3)`` at each such step, 0.3 s whether the
layout took two event-loop passes or ten."""
from __future__ import annotations

import time


def _layout_state(w) -> tuple:
    from PySide6.QtWidgets import QDockWidget

    docks = tuple((d.objectName() or d.windowTitle(), d.isVisible(), d.geometry().getRect())
                  for d in w.findChildren(QDockWidget))
    return (w.size().toTuple(), w.minimumWidth(), w.layout().totalMinimumSize().toTuple(), docks)


def layout_settled(w, tick_ms: int = 20, still: int = 5, most_s: float = 5.0) -> bool:
    """Run the event loop until the window ``w`` holds still: no deferred drawing step waiting (``step_later``)
    and its size, minimum width, its layout's least size and every dock's place and visibility unchanged over
    ``still`` ticks of ``tick_ms`` (100 ms by default: longer than the window's own 50 ms layout timers). False
    when it still moved after ``most_s``."""
    from PySide6.QtCore import QEventLoop

    from workbench.gui.worker import steps_pending

    loop, seen, same, t0 = QEventLoop(), None, 0, time.perf_counter()
    while time.perf_counter() - t0 < most_s:
        end = time.perf_counter() + tick_ms / 1000
        while time.perf_counter() < end:
            loop.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
            time.sleep(0.002)
        now = (steps_pending(), _layout_state(w))
        same = same + 1 if now == seen else 0
        seen = now
        if same >= still and now[0] == 0:
            return True
    return False
