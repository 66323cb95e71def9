"""PySide6 6.12.0 + pyqtgraph 0.14 abort the interpreter at exit (code 134, "bool_dealloc") once a
pg.ImageView was shown; we pin PySide6 < 6.12. This catches a regression of that pin."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent("""
    import numpy as np
    import pyqtgraph as pg
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    v = pg.ImageView()
    v.setImage(np.random.rand(32, 32))
    v.show()
    QTimer.singleShot(200, app.quit)
    app.exec()
    print("clean")
""")


def test_interpreter_exits_cleanly_after_showing_imageview():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, f"exit code {proc.returncode}\n{proc.stderr[-2000:]}"
    assert "clean" in proc.stdout


def test_screenshot_mode_writes_png_and_exits(tmp_path):
    """``workbench --demo --screenshot FILE`` (through run_app) writes a PNG and exits 0."""
    out = tmp_path / "shot.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "WORKBENCH_WORKSPACE": str(tmp_path / "ws"),
           "WORKBENCH_SETTINGS": str(tmp_path / "s.ini")}
    code = f"import sys; from workbench.gui.app import run_app; sys.exit(run_app(demo=True, screenshot={str(out)!r}))"
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    import cv2

    img = cv2.imread(str(out))
    assert img is not None and img.shape[0] > 400 and img.shape[1] > 600


def test_gui_package_imports_without_qt():
    code = "import sys, workbench.gui; assert 'PySide6' not in sys.modules; print('ok')"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "ok" in proc.stdout, proc.stderr


def test_screenshot_of_a_path_that_does_not_open_exits_2_and_writes_nothing(tmp_path):
    """``workbench /nowhere --screenshot F``: the reason is printed, no empty-window PNG, exit status 2 (it
    wrote a screenshot of the empty window and exited 0); a sequence without groundtruth says why nothing was
    tracked instead of 'no tracker plugin available'."""
    import cv2
    import numpy as np

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "WORKBENCH_WORKSPACE": str(tmp_path / "ws"),
           "WORKBENCH_SETTINGS": str(tmp_path / "s.ini")}
    frames = tmp_path / "frames"
    frames.mkdir()
    for i in range(3):
        cv2.imwrite(str(frames / f"{i:04d}.png"), np.full((40, 50), 30 * i, np.uint8))
    # both screenshots in one process (one interpreter, Qt and torch start-up instead of two): run_app's
    # return is the status ``workbench PATH --screenshot F`` exits with (cli.main returns it to sys.exit)
    code = ("import sys; from workbench.gui.app import run_app; "
            f"a = run_app(screenshot={str(tmp_path / 'a.png')!r}, open_path={str(tmp_path / 'nowhere')!r}); "
            "print('first returned', a, file=sys.stderr, flush=True); "
            f"b = run_app(screenshot={str(tmp_path / 'b.png')!r}, open_path={str(frames)!r}); "
            "print('returned', a, b); sys.exit(0)")
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and "returned 2 0" in proc.stdout, (proc.stdout[-1000:], proc.stderr[-2000:])
    first, _, second = proc.stderr.partition("first returned 2")
    assert not (tmp_path / "a.png").exists() and "nowhere" in first, proc.stderr[-2000:]
    assert (tmp_path / "b.png").is_file(), proc.stderr[-2000:]
    assert "no tracker plugin available" not in proc.stderr and "nothing was tracked" in second


FAILING_RUN = textwrap.dedent("""
    import sys
    from dataclasses import dataclass

    import workbench.core.registry as registry
    from workbench.core.boxes import Box
    from workbench.core.methods import TrackOutput
    from workbench.gui.app import run_app


    @dataclass
    class Cfg:
        step: float = 1.0


    class Failing:
        modalities = ("gray", "rgb", "ir16")

        def initialize(self, frame, box):
            self.box, self.n = Box(*box), 0

        def track(self, frame):
            self.n += 1
            if self.n >= 3:
                raise RuntimeError("the tracker gave up on purpose")
            return TrackOutput(self.box, 1.0, {})


    reg = registry.Registry()
    reg.add(registry.Plugin("kcf", "tracker", lambda cfg, device: Failing(), title="Failing", config=Cfg))
    registry.default_registry = lambda: reg
    sys.exit(run_app(demo=True, screenshot=sys.argv[1]))
""")


def test_screenshot_of_a_run_that_failed_is_written_and_exits_2(tmp_path):
    """The tracker's run ends in an error: the screenshot is still written (what was tracked shows), but
    the exit status is 2 with the error on stderr (it was 0, as if the run had been fine)."""
    out = tmp_path / "failed.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "WORKBENCH_WORKSPACE": str(tmp_path / "ws"),
           "WORKBENCH_SETTINGS": str(tmp_path / "s.ini")}
    proc = subprocess.run([sys.executable, "-c", FAILING_RUN, str(out)], env=env, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 2, (proc.returncode, proc.stderr[-2000:])
    assert out.is_file() and "screenshot written" in proc.stdout
    assert "kcf failed" in proc.stderr and "the tracker gave up on purpose" in proc.stderr


CLOSED_WHILE_OPENING = textwrap.dedent("""
    import os, sys, threading, time

    from workbench.core.data import detect
    from workbench.core.data.synthetic import write_demo

    write_demo(sys.argv[1], frames=5, name="seq")
    detect.open_sequence = lambda *a, **k: time.sleep(120)  # a reader hung on a dead disk

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from workbench.gui import app as appmod
    from workbench.gui.main_window import MainWindow

    appmod._application()
    closed = []

    def close():  # the user closes the window while the path is read
        shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if shown and shown[0].sequences.opening:
            closed.append(time.perf_counter())
            shown[0].close()
        else:
            QTimer.singleShot(50, close)

    QTimer.singleShot(50, close)
    threading.Timer(40, lambda: (print("still running", flush=True), os._exit(3))).start()
    shot = sys.argv[3] if len(sys.argv) > 3 else None
    code = appmod.run_app(open_path=os.path.join(sys.argv[1], "seq"), screenshot=shot)
    print(f"returned {code} {time.perf_counter() - closed[0]:.1f} s after the close", flush=True)
    os._exit(0)
""")


def test_a_window_closed_while_its_path_is_read_quits(tmp_path):
    """``workbench PATH`` and the window closed while PATH is read: the process ends (it read PATH
    before app.exec(), which then started with no window and never returned), without waiting a minute
    for the reader given up (a hung disk); with --screenshot it exits 0 and writes nothing."""
    import re

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "WORKBENCH_WORKSPACE": str(tmp_path / "ws"),
           "WORKBENCH_SETTINGS": str(tmp_path / "s.ini")}
    for shot in (None, tmp_path / "shot.png"):
        args = [sys.executable, "-c", CLOSED_WHILE_OPENING, str(tmp_path / "data"), "-"]
        proc = subprocess.run(args + ([str(shot)] if shot else []), env=env, capture_output=True, text=True,
                              timeout=120)
        assert proc.returncode == 0, (shot, proc.stdout[-1000:], proc.stderr[-2000:])
        m = re.search(r"returned (\d+) ([\d.]+) s after the close", proc.stdout)
        assert m and m.group(1) == "0" and float(m.group(2)) < 10, (shot, proc.stdout[-1000:])
    assert not (tmp_path / "shot.png").exists()
