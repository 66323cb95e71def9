"""Closing the window while a plugin's call does not return (a tracker taking 30 s a frame): the window let the call
go after ``Job.LET_GO_MS`` and went, but the process stayed until the call returned, in Qt's teardown
(``~QCoreApplication`` waits for every pool thread). Quitting now waits for every job not given up (the run's save,
its maps being written), briefly for those given up, then ends the process: within a couple of seconds, what the
run did saved whole (boxes, manifest, maps), nothing half written."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np

SCRIPT = textwrap.dedent("""
    import sys, time
    import numpy as np
    import workbench.core.registry as registry
    from workbench.core.boxes import Box
    from workbench.core.methods import MapLayer, TrackOutput
    from workbench.core.data.synthetic import write_demo

    STATE = {"in_call": False}


    class Slow:
        modalities = ("gray", "rgb", "ir16")

        def initialize(self, frame, box):
            self.box, self.n = Box(*box), 0

        def track(self, frame):
            self.n += 1
            if self.n >= 3:  # its third frame: a call that takes 25 s
                STATE["in_call"] = True
                time.sleep(25)
            return TrackOutput(self.box, 1.0, {"response": MapLayer(np.ones((9, 9), np.float32), self.box)})


    reg = registry.Registry()
    reg.add(registry.Plugin("b54_slow", "tracker", lambda cfg, device: Slow(), title="Slow"))
    registry.default_registry = lambda: reg

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox
    from workbench.gui import app as appmod
    from workbench.gui.main_window import MainWindow

    seq = write_demo(sys.argv[1], frames=8, width=48, height=40, name="seq")
    appmod._application()
    QMessageBox.question = staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)  # "Quit and stop it?"
    asked = []


    def poll():
        shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if shown and not asked and shown[0].sequence is not None and not shown[0].busy:
            asked.append(shown[0].run_selected(["b54_slow"]))
        elif shown and asked and STATE["in_call"] and shown[0].runner.in_call:
            print("closing", flush=True)
            shown[0].close()
            return
        QTimer.singleShot(20, poll)


    QTimer.singleShot(20, poll)
    sys.exit(appmod.run_app(open_path=str(seq)))
""")


def test_the_process_ends_soon_after_the_window_closes_during_a_let_go_call(tmp_path):
    ws = tmp_path / "ws"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "WORKBENCH_WORKSPACE": str(ws),
           "WORKBENCH_SETTINGS": str(tmp_path / "s.ini"), "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
           "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    proc = subprocess.Popen([sys.executable, "-c", SCRIPT, str(tmp_path / "data")], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()  # the window closes once the slow call is in progress
        closed = time.perf_counter()
        assert line.strip() == "closing", (line, proc.stderr.read() if proc.poll() is not None else "")
        try:
            proc.wait(timeout=8)  # the old process stayed for the rest of the 25 s call
        except subprocess.TimeoutExpired:
            raise AssertionError("the process still ran 8 s after its window closed") from None
        took = time.perf_counter() - closed
        err = proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0 and took < 6, (proc.returncode, took, err[-2000:])
    assert "Traceback" not in err, err[-2000:]
    # what the run did is saved whole: its two frames' boxes, the manifest naming them, the maps it kept
    (folder,) = {p.parent for p in ws.rglob("manifest.json")}
    manifest = json.loads((folder / "manifest.json").read_text())
    entry = manifest["sequences"]["seq"]
    rows = [r for r in (folder / "seq.txt").read_text().splitlines() if r.strip()]
    assert entry["completed"] is False and len(rows) >= 3, (entry, rows)
    maps = entry.get("maps")
    assert maps, entry
    with np.load(folder / (maps if isinstance(maps, str) else maps["file"])) as z:
        assert len(z.files) > 0
    assert not [p for p in ws.rglob("*") if p.is_file() and (".tmp" in p.name or p.name.startswith("."))]
