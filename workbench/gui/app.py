"""Entry points of the desktop application.

``run_app(demo, screenshot, open_path)`` is what ``workbench`` calls: no arguments opens the window,
``demo`` loads the built-in thermal sequence, ``open_path`` a sequence or dataset root, and
``screenshot=FILE`` runs the default tracker over the loaded sequence (in a temporary workspace: nothing is
saved to the user's), renders the window to FILE (works offscreen) and exits: 0, or 2 when the sequence did
not open or the tracker's run ended in an error (the screenshot is still written then, the error on stderr).
"""
from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path


def default_tracker(registry, modality: str | None = None) -> str | None:
    """"kcf" when installed and it accepts the sequence's modality, else the first tracker plugin
    (by name) that does: a hyperspectral cube gets an HSI tracker, not KCF."""
    trackers = [p for p in registry.by_kind("tracker") if modality is None or modality in p.modalities]
    if any(p.name == "kcf" for p in trackers):
        return "kcf"
    return trackers[0].name if trackers else None


GIL_SWITCH_S = 0.001
# how long quitting waits for the jobs given up (Job.abandon: a plugin's call let go after Cancel, a reader on a hung
# disk), once every other job is done; then the process's own entry ends it without them (``end_process``)
ABANDONED_WAIT_MS = 1000
# set when the window's quit left a given-up job running (``run_app``): what ``end_process`` reads
_GIVEN_UP_LEFT: list = []


def _application():
    from PySide6.QtWidgets import QApplication

    from workbench.gui import style

    # Qt's raster engine hands large fills and image scalings to a thread pool and waits for it on the
    # GUI thread; while a method's threads keep the cores busy that wait held the GUI thread (HA-Net
    # run journey: longest stall 0.17-0.18 s with the pool, 0.10-0.13 s without). Read once, before
    # the pool is first used.
    os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")
    # the GUI thread leaves the interpreter lock at every call into Qt and waits to get it back while
    # a worker (a tracker's loop, a search) runs Python: at most the switch interval, 5 ms by default,
    # many times in one paint. At 1 ms the journeys' stalls averaged 0.039 s against 0.044 s (four full
    # runs each, tests/gui/test_journeys.py and the per-method stall test, 2 cores)
    sys.setswitchinterval(GIL_SWITCH_S)
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setOrganizationName("workbench")
        app.setApplicationName("workbench")
        app.setApplicationDisplayName("Workbench")
        icon = Path(__file__).resolve().parent / "icons" / "workbench.png"
        if icon.is_file():
            from PySide6.QtGui import QIcon

            app.setWindowIcon(QIcon(str(icon)))
    if not hasattr(app, "_workbench_gc"):  # garbage collected on this thread only (see maingc.py)
        from workbench.gui.maingc import MainThreadGC

        app._workbench_gc = MainThreadGC(parent=app)
    style.apply(app)
    return app


def _install_excepthook(window) -> None:
    """A bug in a slot shows a message and the window goes on, instead of the app dying."""
    previous = sys.excepthook

    def hook(exc_type, exc, tb):
        traceback.print_exception(exc_type, exc, tb)
        if issubclass(exc_type, KeyboardInterrupt):
            previous(exc_type, exc, tb)
            return
        try:
            window.show_error("Unexpected error", f"{exc_type.__name__}: {exc}\n\nThe window keeps running; "
                                                  "details are on the console.")
        except Exception:  # noqa: BLE001
            pass

    sys.excepthook = hook


def screenshot_run(window, tracker: str | None = None, frame: float | int | None = 0.6) -> bool:
    """Run the default (or given) tracker from the groundtruth / drawn box to the end and show a
    published map; for screenshots and smoke checks."""
    modality = window.sequence.modality if window.sequence is not None else None
    name = tracker or default_tracker(window.registry, modality)
    if name is None or window.sequence is None:
        return False
    before = list(window.runner.runs.values())  # an earlier run's: kept until a run starts (runner.start)
    started = window.run_selected([name])
    # False also while its readiness checks are made on a thread ("Checking…"): the run follows their answer
    if not started and not window.methods.run_gate.checking:
        return False
    window.wait_for_run(300)  # (the checks' answer too)
    # its label may name its folder (kcf/default-run2)
    run = next((r for r in window.runner.runs.values() if not any(r is old for old in before)), None)
    if run is None and not started:  # their answer refused it (said), or they did not answer within the wait
        return False
    name = run.label if run is not None else name
    if run is not None and run.maps:
        names = sorted({m for maps in run.maps.values() for m in maps})
        window.layers.select_map(name, "response" if "response" in names else names[0])
    if frame is not None and window.n_frames:
        window.set_frame(int(frame * (window.n_frames - 1)) if isinstance(frame, float) else int(frame))
    return True


def grab(window, path) -> Path:
    """``window`` as an image at ``path`` (its suffix the format; none: PNG), written whole or not at all
    (``atomic_write_bytes``): ``QPixmap.save`` straight onto the path left half a file on a full disk and said only
    'could not write the screenshot', without why."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QImageWriter
    from PySide6.QtWidgets import QApplication

    from workbench.core.atomic import atomic_write_bytes
    from workbench.core.errors import WorkbenchError

    for _ in range(5):
        QApplication.processEvents()
    flush = getattr(getattr(window, "spectrum", None), "flush", None)
    if callable(flush):  # its throttled redraw of the frame shown: drawn before the picture is taken
        flush()
        QApplication.processEvents()
    path = Path(path)
    fmt = path.suffix[1:].lower() or "png"
    if fmt not in {bytes(f.data()).decode("ascii", "replace").lower() for f in QImageWriter.supportedImageFormats()}:
        raise WorkbenchError(f"{path}: Qt writes no .{fmt} image; give a .png (or .jpg) file")
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    if not window.grab().save(buf, fmt.upper()):
        raise WorkbenchError(f"{path}: the window's image could not be encoded as {fmt.upper()}")
    buf.close()
    return atomic_write_bytes(path, bytes(data.data()))


class scratch_workspace:
    """The workspace (``WORKBENCH_WORKSPACE``) pointed at a new temporary folder while the block runs, then put back
    and the folder removed: a screenshot is a check, not work, and its run was saved into the user's workspace
    (another ``kcf/default-runN`` each time)."""

    def __enter__(self) -> Path:
        import tempfile

        self.before = os.environ.get("WORKBENCH_WORKSPACE")
        self.folder = Path(tempfile.mkdtemp(prefix="workbench-screenshot-"))
        os.environ["WORKBENCH_WORKSPACE"] = str(self.folder)
        return self.folder

    def __exit__(self, *exc) -> None:
        import shutil

        if self.before is None:
            os.environ.pop("WORKBENCH_WORKSPACE", None)
        else:
            os.environ["WORKBENCH_WORKSPACE"] = self.before
        shutil.rmtree(self.folder, ignore_errors=True)


def run_app(demo: bool = False, screenshot: str | None = None, open_path: str | None = None) -> int:
    """Open the window; returns the process exit code. A screenshot's run goes to a temporary workspace, removed
    when it is taken (``scratch_workspace``): the user's is neither added to nor shown."""
    if screenshot:
        with scratch_workspace():
            return _run_app(demo, screenshot, open_path)
    return _run_app(demo, screenshot, open_path)


def _run_app(demo: bool, screenshot: str | None, open_path: str | None) -> int:
    _GIVEN_UP_LEFT.clear()
    if screenshot and not os.environ.get("QT_QPA_PLATFORM") and not os.environ.get("DISPLAY") \
            and not os.environ.get("WAYLAND_DISPLAY") and sys.platform.startswith("linux"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = _application()
    from workbench.gui.main_window import MainWindow

    window = MainWindow()
    if screenshot:
        window.quiet_errors = True
    _install_excepthook(window)
    window.show()
    if demo:
        window.open_demo()
    if open_path and not screenshot:
        # opened inside the event loop: the path is read on a worker while the window handles events in
        # a local loop, and a window closed meanwhile quits the application only from within app.exec()
        # (before it, app.exec() then started with no window and never returned)
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, window, lambda: window.open_path(open_path))
    if open_path and screenshot:
        opened = window.open_path(open_path)
        if not window.isVisible():  # closed while the path was read: nothing to take
            return 0
        if not opened:
            return 2  # the reason is printed (quiet_errors): no screenshot of an empty window with exit 0
    if screenshot:
        try:
            if window.sequence is not None and not screenshot_run(window):
                modality = window.sequence.modality
                if default_tracker(window.registry, modality) is None:
                    why = f"no tracker plugin accepts {modality} sequences"
                else:  # run_selected said why (no initial box on a sequence without groundtruth, ...)
                    why = "nothing was tracked (see the message above)"
                print(f"workbench: {why}; the screenshot shows the sequence only", file=sys.stderr)
            out = grab(window, screenshot)
            print(f"workbench: screenshot written to {out}")
            failed = [r for r in window.runner.runs.values() if r.status == "error"]
            if failed:  # the screenshot shows what was tracked, but the run did not end well
                for r in failed:
                    print(f"workbench: {r.label} failed: {r.error}", file=sys.stderr)
                return 2
            return 0
        except Exception as exc:  # noqa: BLE001
            print(f"workbench: screenshot failed: {exc}", file=sys.stderr)
            return 1
        finally:
            window.runner.cancel()
            window.runner.wait(5000)
            window.hide()
            window.deleteLater()
    code = int(app.exec())
    # a start-up import (torch on a worker, slow on a cold disk) or a run's maps being written may still be going
    # when the window closed: let them end before the interpreter shuts down under them (a traceback at exit, a
    # file half written otherwise); a job given up (a plugin's 30 s call let go, a reader on a hung disk) only
    # briefly: nothing of it is kept, and the process's own entry does not stay for it (``end_process``). Called
    # from a script or a test, run_app only returns: the caller's exit handlers and status are the caller's.
    from workbench.gui.worker import Job

    if not Job.wait_to_quit(60000, ABANDONED_WAIT_MS):
        _GIVEN_UP_LEFT.append(True)
    return code


def end_process(code: int) -> int:
    """The last call of the process's own entry that opened the window (``python -m workbench.gui.app``; the
    ``workbench`` command's ``cli.main`` run as the script): ``sys.exit(end_process(code))``. Returns ``code``;
    but when the window's quit left a job given up running (``run_app``: a plugin's call let go, a reader on a
    hung disk), Qt's teardown (``~QCoreApplication`` waits for every pool thread) and the interpreter's would wait
    for it (the closed window's process stayed until a let-go 30 s call returned): then the exit handlers are run
    now (every one but PySide's, the one that tears Qt down), the logs and the output flushed, and the process ends
    with ``code``. What the window saved is on disk by then (closing waited for the runs' saves,
    ``Job.wait_to_quit`` for every job not given up; the settings are synced as they are saved); a given-up job's
    result is nobody's."""
    if not _GIVEN_UP_LEFT:
        return code
    import atexit
    import logging

    qt_core = sys.modules.get("PySide6.QtCore")
    qt_teardown = getattr(qt_core, "__moduleShutdown", None)
    if qt_teardown is not None:
        atexit.unregister(qt_teardown)
    try:
        atexit._run_exitfuncs()  # (each handler's error is printed, as at a normal exit)
    finally:
        logging.shutdown()
        for stream in (sys.stdout, sys.stderr):
            try:
                if stream is not None:
                    stream.flush()
            except Exception:  # noqa: BLE001 - a closed or replaced stream: nothing more to say on it
                pass
        os._exit(code)


def main(argv: list[str] | None = None) -> int:
    """``python -m workbench.gui.app [--demo] [--screenshot FILE] [PATH]``."""
    import argparse

    # its usage names the command that runs it (no ``workbench-gui`` is installed; ``workbench [PATH]`` opens the window)
    ap = argparse.ArgumentParser(prog="python -m workbench.gui.app",
                                 description="The workbench desktop window (also `workbench [PATH]`)")
    ap.add_argument("path", nargs="?", help="a sequence folder, video, cube or dataset root to open")
    ap.add_argument("--demo", action="store_true", help="open the built-in demo sequence")
    ap.add_argument("--screenshot", metavar="FILE", help="run the default tracker, save the window as PNG, exit")
    args = ap.parse_args(argv)
    return run_app(demo=args.demo, screenshot=args.screenshot, open_path=args.path)


if __name__ == "__main__":
    sys.exit(end_process(main()))
