"""Closing the window while a plugin's call does not return (a tracker taking 30 s a frame): the window let the call
go after ``Job.LET_GO_MS`` and went, but the process stayed until the call returned, in Qt's teardown
(``~QCoreApplication`` waits for every pool thread). Quitting now waits for every job not given up (the run's save,
its maps being written), briefly for those given up, then the process's own entry ends it (``app.end_process``):
within a couple of seconds, the exit handlers run and the status kept, what the run did saved whole (boxes,
manifest, maps), nothing half written. ``run_app`` called from a script never ends the process itself (an exit
handler did: it ran first, skipped the caller's own handlers and replaced its exit status). ``Job.wait_to_quit``
waits for no job whose start never came (queued to the ended event loop), and for every job nobody gave up however
long, naming it past its wait (it cut them)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

SCRIPT = textwrap.dedent("""
    import atexit, runpy, sys, time
    import numpy as np
    import workbench.core.registry as registry
    from workbench.core.boxes import Box
    from workbench.core.methods import MapLayer, TrackOutput
    from workbench.core.data.synthetic import write_demo

    STATE = {"in_call": False}
    CALL_S = float(sys.argv[2])
    atexit.register(lambda: print("the caller's exit handler ran", flush=True))


    class Slow:
        modalities = ("gray", "rgb", "ir16")

        def initialize(self, frame, box):
            self.box, self.n = Box(*box), 0

        def track(self, frame):
            self.n += 1
            if self.n >= 3:  # its third frame: a call that takes CALL_S
                STATE["in_call"] = True
                time.sleep(CALL_S)
            return TrackOutput(self.box, 1.0, {"response": MapLayer(np.ones((9, 9), np.float32), self.box)})


    reg = registry.Registry()
    reg.add(registry.Plugin("b54_slow", "tracker", lambda cfg, device: Slow(), title="Slow"))
    registry.default_registry = lambda: reg

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox
    from workbench.gui.main_window import MainWindow
    from workbench.gui.runner import TrackRunner

    TrackRunner.LET_GO_MS = 200  # (1 s in the window: the test is shorter)
    seq = write_demo(sys.argv[1], frames=8, width=48, height=40, name="seq")
    qapp = QApplication(sys.argv[:1])  # (not app._application: the entry below imports workbench.gui.app first)
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
    if sys.argv[3] == "module":  # `python -m workbench.gui.app PATH`: the process's own entry
        sys.argv[1:] = [str(seq)]
        runpy.run_module("workbench.gui.app", run_name="__main__")
    elif sys.argv[3] == "cli":  # `workbench PATH`: the console script's own lines
        sys.argv[1:] = [str(seq)]
        from workbench.cli import main

        sys.exit(main())
    else:  # a script calling run_app, then ending with its own status
        from workbench.gui.app import run_app

        print("run_app returned", run_app(open_path=str(seq)), flush=True)
        sys.exit(7)
""")


def _start(tmp_path, call_s: float, how: str):
    ws = tmp_path / "ws"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "WORKBENCH_WORKSPACE": str(ws),
           "WORKBENCH_SETTINGS": str(tmp_path / "s.ini"), "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
           "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    return ws, subprocess.Popen([sys.executable, "-c", SCRIPT, str(tmp_path / "data"), str(call_s), how], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.parametrize("entry", ["cli", "module"])
def test_the_process_ends_soon_after_the_window_closes_during_a_let_go_call(tmp_path, entry):
    ws, proc = _start(tmp_path, 25, entry)
    try:
        line = proc.stdout.readline()  # the window closes once the slow call is in progress
        closed = time.perf_counter()
        assert line.strip() == "closing", (line, proc.stderr.read() if proc.poll() is not None else "")
        try:
            proc.wait(timeout=15)  # the old process stayed for the rest of the 25 s call (15: a loaded CI machine)
        except subprocess.TimeoutExpired:
            raise AssertionError("the process still ran 15 s after its window closed") from None
        took = time.perf_counter() - closed
        out, err = proc.stdout.read(), proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0 and took < 12, (proc.returncode, took, err[-2000:])
    assert "Traceback" not in err, err[-2000:]
    assert "the caller's exit handler ran" in out, (out, err[-2000:])  # run before the process ended
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


def test_run_app_called_from_a_script_leaves_its_exit_handlers_and_status_to_it(tmp_path):
    """A let-go call of 2 s: the script's own exit handler runs and its status (7) is the process's; the old exit
    handler registered by run_app ran first and ended the process with run_app's 0, the script's handler unrun."""
    _, proc = _start(tmp_path, 2.0, "script")
    try:
        out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert "run_app returned 0" in out, (out, err[-2000:])
    assert proc.returncode == 7 and "the caller's exit handler ran" in out, (proc.returncode, out, err[-2000:])


WAIT_SCRIPT = textwrap.dedent("""
    import sys, threading, time
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from workbench.gui.worker import Job

    app = QApplication(sys.argv[:1])
    release = threading.Event()
    given_up = Job()
    given_up.start(lambda: release.wait(10))  # a plugin's call let go: it returns when the test says
    training, done = Job(), []

    def train(ctx):
        ctx.progress(0.5, "training: epoch 3 of 4")
        time.sleep(1.0)  # a cancelled training that looks at Cancel between epochs
        done.append(True)

    if sys.argv[1] == "training":
        training.start(train, pass_context=True)
    late = Job()

    def last_pass():
        given_up.let_go()
        late.start(lambda: None)  # queued to the event loop, which ends in this pass: it never runs
        app.quit()

    QTimer.singleShot(300, last_pass)
    app.exec()
    t = time.monotonic()
    left = Job.wait_to_quit(int(sys.argv[2]), 100)
    print(f"waited {time.monotonic() - t:.2f} s, given up left {not left}, training done {bool(done)}", flush=True)
    release.set()
""")


def _wait_to_quit(how: str, wait_ms: int) -> tuple[str, str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    proc = subprocess.run([sys.executable, "-c", WAIT_SCRIPT, how, str(wait_ms)], env=env, capture_output=True, text=True,
                          timeout=20)
    assert proc.returncode == 0, proc.stderr[-2000:]
    (line,) = [x for x in proc.stdout.splitlines() if x.startswith("waited ")]
    return line, proc.stderr


def test_quitting_waits_for_no_job_whose_start_never_came():
    """A job started in the event loop's last pass never runs: with a given-up call still going, the old wait took
    the whole wait for it (60 s in the window, 1.5 s here), then the given-up 0.1 s."""
    line, err = _wait_to_quit("late", 1500)
    waited = float(line.split()[1])
    assert waited < 0.8 and "given up left True" in line, (line, err[-2000:])


def test_quitting_waits_for_a_job_nobody_gave_up_however_long_and_names_it():
    """A cancelled training still in its epoch past the wait: waited for to its end and named on stderr by its
    last message; the old wait gave up on it after the wait and the process was ended under it."""
    line, err = _wait_to_quit("training", 200)
    assert "training done True" in line and "given up left True" in line, (line, err[-2000:])
    assert "quitting waits for what is still running: training: epoch 3 of 4" in err, err[-2000:]
