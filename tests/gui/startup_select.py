"""Run as a script in a fresh process (``python tests/gui/startup_select.py PLUGIN``): the window is
shown, ``PLUGIN`` is selected 0.2 s later, while the start-up worker still imports torch, and the GUI
thread's longest stall over the next 3 s (gaps between the ticks of a 10 ms timer) is printed as
``stall=<seconds>``. A test process has torch imported by its earlier tests, so the journeys never see
this first second (tests/gui/test_runs_and_stalls.py runs this)."""
from __future__ import annotations

import os
import sys
import time


def main(name: str) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QTimer

    from workbench.gui.app import _application
    from workbench.gui.main_window import MainWindow

    app = _application()
    w = MainWindow()
    w.quiet_errors = True
    w.resize(1366, 768)
    w.show()

    def spin(seconds: float) -> None:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
            time.sleep(0.001)

    spin(0.2)
    worst, last = [0.0], [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        worst[0], last[0] = max(worst[0], now - last[0]), now

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    # not imported yet, or being imported on the worker (Python marks a module's spec while its import runs)
    mod = sys.modules.get("torch")
    torch_loading = mod is None or bool(getattr(getattr(mod, "__spec__", None), "_initializing", False))
    last[0] = time.perf_counter()
    timer.start()
    if not w.methods.select(name):
        print(f"no plugin {name}")
        return 2
    spin(3.0)
    timer.stop()
    print(f"stall={worst[0]:.3f} torch_was_loading={torch_loading}")
    w.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
