"""Quitting (``Job.wait_to_quit``) waited, with no limit, for a ``LatestJob`` request that was dropped (a dataset's
listing on a hung network disk, which never looks at Cancel: ``drop`` cancelled and aborted it but never gave it up)
and for any job nobody gave up that ignores Cancel: the closed window's process stayed as long as it ran. A dropped
request is given up now (nobody takes its result), and past ``Job.QUIT_LIMIT_MS`` (10 min in the window) the jobs
still running count as given up, named on stderr, and the process's own entry ends it (``app.end_process``).
Subprocesses: a job that never returns in time would hold the test's own process at exit."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

SCRIPT = textwrap.dedent("""
    import atexit, sys, threading, time
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from workbench.gui import app as wapp
    from workbench.gui.worker import Job, LatestJob

    atexit.register(lambda: print("exit handler ran", flush=True))
    qapp = QApplication(sys.argv[:1])
    hung = threading.Event()  # never set: a read on a hung disk, deaf to Cancel


    def listing(ctx):
        ctx.progress(0.1, "listing the dataset's results")
        hung.wait(30)


    latest, plain = LatestJob(), Job()


    def go():
        if sys.argv[1] == "dropped":
            latest.start(listing, pass_context=True)
            QTimer.singleShot(200, lambda: (latest.drop(), qapp.quit()))  # the window closed: its listing dropped
        else:  # a job nobody gave up, past the quit limit
            Job.QUIT_LIMIT_MS = 600
            plain.start(listing, pass_context=True)
            QTimer.singleShot(200, qapp.quit)


    QTimer.singleShot(10, go)
    qapp.exec()
    t = time.monotonic()
    left = Job.wait_to_quit(300, 100)
    print(f"waited {time.monotonic() - t:.2f} s, all done {left}", flush=True)
    if not left:  # what run_app does with a given-up job left running, then the process's own entry
        wapp._GIVEN_UP_LEFT.append(True)
    sys.exit(wapp.end_process(3))
""")


def _quit(how: str):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", SCRIPT, how], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        out, err = proc.communicate(timeout=20)  # the old wait stayed for the whole 30 s job (20: a loaded CI machine)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        raise AssertionError(f"the process still ran 20 s after quitting ({how}): {out!r} {err[-1500:]!r}") from None
    return proc.returncode, time.perf_counter() - t, out, err


def test_a_dropped_latest_request_is_given_up_when_quitting():
    code, _took, out, err = _quit("dropped")
    assert code == 3 and "all done False" in out and "exit handler ran" in out, (code, out, err[-2000:])
    waited = float(out.split("waited ")[1].split()[0])
    assert waited < 5, (out, err[-2000:])  # the 0.1 s for given-up jobs (load aside), not the job's 30 s
    assert "quitting waits for" not in err and "gave up" not in err, err[-2000:]  # not a job quitting waited for


def test_quitting_gives_up_past_its_limit_and_names_what_still_runs():
    code, _took, out, err = _quit("plain")
    assert code == 3 and "all done False" in out and "exit handler ran" in out, (code, out, err[-2000:])
    waited = float(out.split("waited ")[1].split()[0])
    assert 0.5 <= waited < 5, (out, err[-2000:])  # its limit (0.6 s here), then 0.1 s (load aside), not 30 s
    assert "quitting waits for what is still running: listing the dataset's results" in err, err[-2000:]
    assert ("quitting gave up after 0.6 s on what still runs (ended with the process, its result lost): "
            "listing the dataset's results") in err, err[-2000:]
