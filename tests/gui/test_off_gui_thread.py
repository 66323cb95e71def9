"""Work that held the GUI thread for seconds in the stall probe's journeys is done elsewhere or less
often: each test makes the work slow or large on purpose and asserts that the window's call returns
before it is done, or that it is not done on the GUI thread."""
from __future__ import annotations

import threading
import time

import numpy as np

from tests.gui.conftest import dataset_scored


def _slowed(monkeypatch, owner, name: str, delay: float, spans: list | None = None) -> list[bool]:
    """``owner.name`` made ``delay`` s slower; the list says, per call, whether it ran on the GUI thread;
    ``spans`` (if given) gets each call's (start, end) ``perf_counter`` times."""
    real, on_gui = getattr(owner, name), []

    def slow(*a, **k):
        on_gui.append(threading.current_thread() is threading.main_thread())
        t0 = time.perf_counter()
        time.sleep(delay)
        try:
            return real(*a, **k)
        finally:
            if spans is not None:
                spans.append((t0, time.perf_counter()))

    monkeypatch.setattr(owner, name, slow)
    return on_gui


TICK_S = 0.02  # the GUI thread's timer in _open_ticking


def _open_ticking(window, qtbot, path, until_rendered: bool = True) -> list[float]:
    """Open ``path`` with a ``TICK_S`` timer ticking on the GUI thread (and wait for its render): the ticks'
    times, whose largest gap is the GUI thread's longest stall."""
    from PySide6.QtCore import QTimer

    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start(round(TICK_S * 1000))
    try:
        assert window.open_path(path)
        if until_rendered:
            qtbot.waitUntil(lambda: not window.sequences.rendering(), timeout=10000)
    finally:
        timer.stop()
    return ticks


def _ticked_during(ticks: list[float], span: tuple[float, float], share: float = 0.4) -> None:
    """The GUI thread's timer ticked at least ``share`` of the ticks due while the slowed call (``span``, 0.5 s or
    more) ran: it was not waiting on it. A GUI thread held for most of the call ticks too few (held 0.45 of
    0.6 s: ~8 of 30 due, 12 wanted; Qt does not queue the missed ticks); a count, not the longest gap, as the
    GUI thread's own work between ticks (the first frame drawn) takes more than 0.3 s at times on a loaded
    machine with the call off the thread (0.385 s in CI), where the count stays full (30 of 30 at load 4, 2 cores)."""
    t0, t1 = span
    during = [t for t in ticks if t0 <= t <= t1]
    due = (t1 - t0) / TICK_S
    least = max(2, int(share * due))
    longest = float(np.diff([t0, *during, t1]).max())  # the span's ends count: defined with no tick in it
    assert len(during) >= least, (f"the GUI thread's timer ticked {len(during)} times in the {t1 - t0:.3f} s "
                                  f"the slowed call ran ({due:.0f} due, {least} wanted): it was held, its "
                                  f"longest gap {longest:.3f} s")


def test_ticked_during_tells_a_thread_held_most_of_the_call():
    """The check itself: even ticks pass; a hold of 0.45 s of a 0.6 s call (8 ticks: passed the count of 3
    before) fails, and so does none or one tick, with a message (no ValueError from an empty np.diff)."""
    import pytest

    span = (10.0, 10.6)
    even = [10.0 + TICK_S * (k + 0.5) for k in range(30)]
    _ticked_during(even, span)
    _ticked_during(even[::2], span)  # half the ticks (a loaded machine): still answering
    held = [t for t in even if not 10.05 <= t < 10.5]  # held from 50 ms in for 0.45 s
    assert 6 <= len(held) <= 9
    for ticks in (held, even[:1], [], [9.0, 11.0]):
        with pytest.raises(AssertionError, match="it was held"):
            _ticked_during(ticks, span)


def _dataset_with_results(qtbot, w, root):
    from workbench.core.data.synthetic import write_demo

    write_demo(root, frames=8, name="seq_a")
    write_demo(root, frames=6, name="seq_b", seed=3)
    assert w.open_path(root)
    for row in (0, 1):
        w.dataset._open_row(row)
        assert w.run_selected(["fake"])
        qtbot.waitUntil(lambda: not w.busy, timeout=20000)


def test_dataset_scope_is_scored_on_a_worker_and_not_again_while_nothing_changed(qtbot, window, tmp_path,
                                                                                 monkeypatch):
    """The dataset scope read every result file and opened every sequence with results on the GUI
    thread, when chosen, on each sequence opened and twice a second during a run (a 120-sequence root
    with 8 trackers' results: 2.1 s, 0.9 s, 0.9-3 s). It is scored on a worker, and the live ticks
    of a run do not read the unchanged files again."""
    from workbench.core.evaluation import folders
    from workbench.gui.controllers.scoring import SCORING_NOTE

    w = window
    _dataset_with_results(qtbot, w, tmp_path / "ds")
    calls = _slowed(monkeypatch, folders, "score_folder", 0.6)
    t0 = time.perf_counter()
    w.plots.scope.setCurrentIndex(1)
    took = time.perf_counter() - t0
    assert took < 0.4, took  # the scope is chosen at once; the curves follow
    assert w.scoring.running and SCORING_NOTE in w.plots.note.text() and not w.reports
    dataset_scored(qtbot, w)
    assert calls == [False]  # scored once, not on the GUI thread
    assert {r.tracker for r in w.reports} == {"fake"} and set(w.reports[0].sequences) == {"seq_a", "seq_b"}
    assert w.plots.note.text().startswith("2 sequences") and w.act_export_plots.isEnabled()
    # asked again (a live tick, a sequence opened) with no result file changed: not read again
    w.scoring.update_plots()
    w.dataset._open_row(0)
    assert w.reports  # the curves shown stay while the worker looks
    dataset_scored(qtbot, w)
    assert calls == [False] and {r.tracker for r in w.reports} == {"fake"}
    # a run with the dataset scope shown: its live ticks look at the files, the saved run is scored
    assert w.run_selected(["fake_b"])
    qtbot.waitUntil(lambda: not w.busy, timeout=20000)
    dataset_scored(qtbot, w)
    assert 1 <= len(calls) - 1 <= 2 and not any(calls), calls
    assert {r.tracker for r in w.reports} == {"fake", "fake_b"}
    # the sequence scope: a scoring still running is cancelled and its scores are not shown
    w.scoring.update_plots()
    w.plots.scope.setCurrentIndex(0)
    assert not w.scoring.running or w.scoring.job.ctx.cancelled
    qtbot.waitUntil(lambda: not w.scoring.job.running, timeout=10000)
    assert w.plots.current_scope() == "sequence" and w.plots.note.text().startswith("seq_a")
    assert w.reports and all(list(r.sequences) == ["seq_a"] for r in w.reports)


def test_the_dataset_scoring_shows_each_sequence_and_stops_within_one(qtbot, window, tmp_path, monkeypatch):
    """Cancel (another scope chosen, another dataset, the window closing) took effect only once the
    core's ``score_folder`` had read and scored every run's every sequence, and the plots said nothing
    of how far it was. It reports each sequence (the note shows the percentage and the sequence) and
    stops within one."""
    from workbench.core import results
    from workbench.core.data.synthetic import write_demo
    from workbench.core.results import write_boxes
    from workbench.gui import settings as wsettings
    from workbench.gui.controllers.scoring import SCORING_NOTE

    w = window
    names = [f"seq_{k}" for k in range(6)]
    for k, name in enumerate(names):
        write_demo(tmp_path / "ds", frames=5, width=64, height=48, name=name, seed=k)
    for tracker in ("t1", "t2"):
        for name in names:
            write_boxes(wsettings.results_dir() / tracker / f"{name}.txt", np.tile([10.0, 10.0, 8.0, 8.0], (5, 1)))
    assert w.open_path(tmp_path / "ds")
    w.dataset._open_row(0)
    assert w.sequence is not None and w.sequence.name == "seq_0"
    reads = _slowed(monkeypatch, results, "read_result_boxes", 0.15)
    w.plots.scope.setCurrentIndex(1)
    qtbot.waitUntil(lambda: len(reads) >= 2 and "t1: reading seq_" in w.plots.note.text(), timeout=10000)
    note = w.plots.note.text()
    assert note.startswith(SCORING_NOTE) and "%" in note and not any(reads)
    at_cancel = len(reads)
    t0 = time.perf_counter()
    w.plots.scope.setCurrentIndex(0)  # the sequence's scores: the dataset's scoring is not wanted now
    qtbot.waitUntil(lambda: not w.scoring.job.running, timeout=10000)
    took = time.perf_counter() - t0
    assert len(reads) <= at_cancel + 1 and took < 0.5, (len(reads), at_cancel, took)  # 12 reads, 1.8 s before
    assert w.plots.current_scope() == "sequence" and w.plots.note.text().startswith("seq_0")


def test_a_large_cube_opens_without_reading_it_whole_for_the_spectrum_axes(qtbot, window):
    """The Spectrum dock took the new cube's value range from the whole cube as float64: 5 s on the GUI
    thread for an 800x800x198 ENVI cube. A grid of pixels (all bands) gives it."""
    from workbench.core.data.sequence import ArrayFrames, Sequence
    from workbench.gui.spectrum_dock import value_range

    rng = np.random.default_rng(0)
    # a BIL cube as the ENVI reader gives it: (lines, bands, samples) on disk, seen as (H, W, B)
    bil = rng.integers(100, 4000, size=(600, 96, 600), dtype=np.int16)
    bil[7, 5, 9], bil[300, 50, 301] = 20, 9000  # off the grid: the range may miss them, by design
    cube = bil.transpose(0, 2, 1)
    seq = Sequence("big_cube", ArrayFrames(1, lambda _i: cube), "hsi", meta={"layout": "cube"})
    t0 = time.perf_counter()
    window.spectrum.on_sequence(seq)
    took = time.perf_counter() - t0
    assert took < 0.25, took  # 1.1-1.3 s here before
    lo, hi = value_range(cube)
    assert 100 <= lo < 150 and 3950 < hi < 4000  # the grid's range: the cube's values, not float64 of it all
    (_x0, _x1), (y0, y1) = window.spectrum.plot.getPlotItem().getViewBox().viewRange()
    assert y0 <= lo + 0.1 * (hi - lo) and y1 >= hi - 0.1 * (hi - lo)
    # NaN and inf are left out; no finite value gives (0, 1)
    f = np.full((40, 30, 5), np.nan, np.float32)
    assert value_range(f) == (0.0, 1.0)
    f[3, 4, 2], f[10, 10, 0], f[0, 0, 1] = -2.5, 7.0, np.inf
    assert value_range(f) == (-2.5, 7.0)


def test_a_sequence_is_read_on_a_worker_and_esc_gives_up_waiting(qtbot, window, tmp_path, monkeypatch):
    """Opening read the folder on the GUI thread: 20,000 frames held it 1.4-2 s. The reader runs on a
    worker while the window handles events; Esc (Cancel) gives up, the sequence on screen stays."""
    from PySide6.QtCore import QTimer

    from workbench.core.data import detect
    from workbench.core.data.synthetic import write_demo

    write_demo(tmp_path, frames=6, name="first")
    write_demo(tmp_path, frames=7, name="second")
    spans = []
    calls = _slowed(monkeypatch, detect, "open_sequence", 0.6, spans)
    ticks = _open_ticking(window, qtbot, tmp_path / "first", until_rendered=False)
    assert calls == [False] and window.sequence.name == "first" and window.n_frames == 6
    _ticked_during(ticks, spans[0])  # the window kept answering while it was read
    assert window.act_open_folder.isEnabled() and not window.act_cancel.isEnabled()
    # while the next one is read: Open and Run are off, Esc is on and gives up waiting
    seen = {}

    def esc():
        seen.update(opening=window.sequences.opening, open=window.act_open_folder.isEnabled(),
                    run=window.act_run.isEnabled(), cancel=window.act_cancel.isEnabled(),
                    again=window.open_path(tmp_path / "first"))  # one open at a time
        window.act_cancel.trigger()

    QTimer.singleShot(150, esc)
    t0 = time.perf_counter()
    assert not window.open_path(tmp_path / "second")
    assert time.perf_counter() - t0 < 0.5  # not waiting for the reader
    assert seen == {"opening": "second", "open": False, "run": False, "cancel": True, "again": False}
    assert window.sequence.name == "first" and "cancelled" in window.statusBar().currentMessage()
    assert window.act_open_folder.isEnabled() and window.act_run.isEnabled()
    qtbot.waitUntil(lambda: len(calls) == 2, timeout=5000)
    spin_until_jobs_done()
    assert window.sequence.name == "first"  # what the given-up reader returned is dropped


def test_opening_shows_how_far_the_reader_is_and_esc_stops_it(qtbot, window, tmp_path, monkeypatch):
    """Opening a folder of hundreds of images (their headers read, each frame's size) said only
    "Opening…": the status bar now says the percentage and the file (the readers' loops report
    through the job's context); Esc stops the reader at its next file, not after all of them."""
    import cv2
    from PySide6.QtCore import QTimer

    from workbench.core.data import images

    folder = tmp_path / "frames"
    folder.mkdir()
    for i in range(300):
        cv2.imwrite(str(folder / f"{i:04d}.png"), np.full((12, 16), i % 250, np.uint8))
    reads = _slowed(monkeypatch, images, "image_size", 0.004)
    said = []
    window.statusBar().messageChanged.connect(said.append)
    assert window.open_path(folder)
    assert window.n_frames == 300 and len(reads) == 300 and not any(reads)
    shown = [m for m in said if m.startswith("Opening frames… ") and "% · reading image headers " in m]
    assert len(shown) >= 3 and shown[-1].endswith(" / 300 (Esc cancels)"), said
    percents = [int(m.split("… ")[1].split("%")[0]) for m in shown]
    assert percents == sorted(percents) and 0 < percents[-1] < 100 and percents[-1] > percents[0], percents
    # Esc while the headers are read: the reader stops too (it went on through every file)
    reads.clear()
    QTimer.singleShot(300, window.act_cancel.trigger)
    assert not window.open_path(tmp_path / "frames")
    at_esc = len(reads)
    spin_until_jobs_done()
    assert len(reads) <= at_esc + 2 and len(reads) < 200, (at_esc, len(reads))
    assert window.sequence.name == "frames" and "cancelled" in window.statusBar().currentMessage()


def spin_until_jobs_done():
    from workbench.gui.worker import Job

    from tests.gui.conftest import spin

    spin(lambda: Job.wait_all(0), 10)
    spin(lambda: False, 0.1)


def test_colour_from_wavelengths_of_a_line_interleaved_cube(qtbot, window, monkeypatch):
    """CIE 1931 colour of a cube laid out line by line (ENVI BIL, seen as H x W x B) walked its strides
    element by element: 4.1 s on the GUI thread for an 800x800x198 cube; then a whole copy in pixel
    order first (0.45 s of 0.8 s for 1024x1024x198). Now each block of lines is projected as it lies
    in memory (``spectral_color.project``), with no whole copy: the same image (float32 sums in another
    order: at most one level apart)."""
    from workbench.core import spectral_color
    from workbench.gui import display

    rng = np.random.default_rng(1)
    bil = rng.integers(100, 4000, size=(60, 40, 50), dtype=np.int16)
    cube = bil.transpose(0, 2, 1)  # (H, W, B) view of (lines, bands, samples)
    wl = np.linspace(400, 1000, 40)
    real, given = np.ascontiguousarray, []

    def record(a, *args, **k):
        out = real(a, *args, **k)
        given.append(np.shape(out))
        return out

    monkeypatch.setattr(spectral_color, "PROJECT_BLOCK_VALUES", 40 * 50 * 8)
    monkeypatch.setattr(np, "ascontiguousarray", record)
    shown = display.to_displayable(cube, -1, display.HSIView(mode="cie", wavelengths=wl, units="nm"))
    monkeypatch.undo()
    assert given and all(s[0] * s[1] * s[2] <= 40 * 50 * 8 for s in given if len(s) == 3), given
    expected = spectral_color.false_color(np.ascontiguousarray(cube), wl, "nm")
    assert np.abs(shown.astype(int) - expected).max() <= 1


def test_a_dropped_folder_opens_after_the_drop(qtbot, window, tmp_path):
    """Opening reads on a worker in a local event loop: a dropped folder is opened once the drop event
    has returned, not inside it (the drag source would wait for the whole read)."""
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    from workbench.core.data.synthetic import write_demo

    write_demo(tmp_path, frames=5, name="dropped")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path / "dropped"))])
    ev = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                    Qt.KeyboardModifier.NoModifier)
    window.dropEvent(ev)
    assert ev.isAccepted() and window.sequence is None and window.sequences.opening is None
    qtbot.waitUntil(lambda: window.sequence is not None, timeout=10000)
    assert window.sequence.name == "dropped" and window.n_frames == 5


def test_opening_does_not_wait_for_busy_pool_threads(qtbot, window, tmp_path):
    """The pool has a thread per core: with both of two busy (a dataset's listing, its scoring), the
    reader of a sequence being opened waited in the queue; it starts at once."""
    from PySide6.QtCore import QThreadPool

    from workbench.core.data.synthetic import write_demo
    from workbench.gui.worker import Job

    write_demo(tmp_path, frames=5, name="seq")
    pool = QThreadPool.globalInstance()
    size = pool.maxThreadCount()
    release = threading.Event()
    busy = [Job(window) for _ in range(size)]
    for job in busy:
        job.start(release.wait, 20)
    qtbot.waitUntil(lambda: pool.activeThreadCount() >= size, timeout=5000)
    try:
        t0 = time.perf_counter()
        assert window.open_path(tmp_path / "seq")
        assert time.perf_counter() - t0 < 5
    finally:
        release.set()
    qtbot.waitUntil(lambda: not any(job.running for job in busy), timeout=10000)
    assert pool.maxThreadCount() == size  # the pool is back to its size


def test_an_urgent_job_goes_ahead_of_the_jobs_waiting_for_a_thread(qtbot, window):
    """With every pool thread busy and jobs waiting, an urgent job (the reader of a sequence being
    opened) starts at once: the pool grew by one thread first, which took the job at the head of the
    queue, and the urgent one queued behind the others."""
    from PySide6.QtCore import QThreadPool

    from tests.gui.conftest import spin
    from workbench.gui.worker import Job

    pool = QThreadPool.globalInstance()
    size = pool.maxThreadCount()
    release, started = threading.Event(), []

    def block(name):
        started.append(name)
        release.wait(20)
        return name

    jobs = [Job(window) for _ in range(4)]
    pool.setMaxThreadCount(2)
    try:
        for job, name in zip(jobs, ("busy0", "busy1", "queued0", "queued1")):
            job.start(block, name)
        qtbot.waitUntil(lambda: len(started) == 2, timeout=5000)
        spin(lambda: False, 0.1)  # the other two wait for a thread
        assert sorted(started) == ["busy0", "busy1"]
        urgent = Job(window)
        urgent.start(started.append, "URGENT", urgent=True)
        qtbot.waitUntil(lambda: "URGENT" in started, timeout=3000)
        assert started.index("URGENT") == 2, started
        qtbot.waitUntil(lambda: not urgent.running, timeout=5000)
    finally:
        release.set()
        qtbot.waitUntil(lambda: not any(job.running for job in jobs), timeout=20000)
        spin(lambda: False, 0.05)
        assert pool.maxThreadCount() == 2  # the thread added for the urgent job went with it
        pool.setMaxThreadCount(size)


def _slow_open_sequence(monkeypatch, delay: float = 0.6):
    from workbench.core.data import detect

    _slowed(monkeypatch, detect, "open_sequence", delay)


def test_while_opening_the_open_button_and_all_frames_are_off(qtbot, window, tmp_path, monkeypatch, messages):
    """The toolbar's Open button (its dialog ran over the open in progress, the folder picked was then
    refused) and the Methods dock's All frames (it segmented the sequence being replaced, and the new
    one was refused as a run went) are off while a sequence is read; segmenting waits for the open."""
    from PySide6.QtCore import QTimer

    from workbench.core.data.synthetic import write_demo
    from workbench.core.registry import Plugin

    window.registry.add(Plugin("one_seg", "segmenter", lambda cfg, dev: None, title="One seg"))
    window.methods.populate()
    write_demo(tmp_path, frames=6, name="first")
    write_demo(tmp_path, frames=7, name="second")
    assert window.open_path(tmp_path / "first")
    assert window.methods.select("one_seg")
    assert window.open_btn.isEnabled() and window.methods.run_all_button.isEnabled()
    _slow_open_sequence(monkeypatch)
    seen = {}

    def look():
        seen.update(open=window.open_btn.isEnabled(), all_frames=window.methods.run_all_button.isEnabled(),
                    segment=window.segmentation.segment_sequence(), busy=window.busy)

    QTimer.singleShot(150, look)
    assert window.open_path(tmp_path / "second")
    assert seen == {"open": False, "all_frames": False, "segment": False, "busy": False}
    assert window.sequence.name == "second" and not messages
    assert window.open_btn.isEnabled() and window.methods.run_all_button.isEnabled()


def test_opening_another_dataset_root_ends_the_last_ones_scoring_note(qtbot, window, tmp_path, monkeypatch):
    """Another dataset root opened while the dataset scope was scored: "Scoring the dataset's
    results…" stayed on the plots for good (the old scoring's scores are dropped, none came)."""
    from workbench.core.data.synthetic import write_demo
    from workbench.core.evaluation import folders
    from workbench.gui.controllers.scoring import SCORING_NOTE

    w = window
    _dataset_with_results(qtbot, w, tmp_path / "A")
    write_demo(tmp_path / "B", frames=8, name="seq_c")
    write_demo(tmp_path / "B", frames=6, name="seq_d", seed=3)
    _slowed(monkeypatch, folders, "score_folder", 0.6)
    w.plots.scope.setCurrentIndex(1)
    assert w.scoring.running and SCORING_NOTE in w.plots.note.text()
    assert w.open_path(tmp_path / "B", as_dataset=True)
    dataset_scored(qtbot, w)
    assert w.sequences.dataset_root.name == "B" and w.plots.current_scope() == "dataset"
    assert SCORING_NOTE not in w.plots.note.text() and w.plots.note.text().startswith("0 sequences")


def test_an_open_whose_loop_ends_otherwise_is_cancelled(qtbot, window, tmp_path, monkeypatch, messages):
    """The open's local loop ended without an outcome (the application quitting ends every loop): a
    cancelled open, not a 'TypeError: cannot unpack' error box."""
    from PySide6.QtCore import QTimer

    from workbench.core.data.synthetic import write_demo

    write_demo(tmp_path, frames=6, name="first")
    write_demo(tmp_path, frames=7, name="second")
    assert window.open_path(tmp_path / "first")
    _slow_open_sequence(monkeypatch)
    QTimer.singleShot(150, lambda: window.sequences._opening[1].quit())
    assert not window.open_path(tmp_path / "second")
    assert not messages and window.sequence.name == "first"
    assert "cancelled" in window.statusBar().currentMessage()
    spin_until_jobs_done()
    assert window.sequence.name == "first"


def test_a_close_answered_no_keeps_the_open_going(qtbot, window, tmp_path, monkeypatch, messages):
    """Closing while an export is written asks whether to stop it; answered No, the window stays, and
    so does the sequence being opened (the open was given up before the question)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    from workbench.core.data.synthetic import write_demo

    write_demo(tmp_path, frames=6, name="first")
    write_demo(tmp_path, frames=7, name="second")
    assert window.open_path(tmp_path / "first")
    asked, exporting = [], [True]
    monkeypatch.setattr(type(window.exporter), "running", property(lambda self: exporting[0]))
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, *a, **k: (
        asked.append(title), QMessageBox.StandardButton.No)[1])
    _slow_open_sequence(monkeypatch)
    closed = []
    QTimer.singleShot(150, lambda: closed.append(window.close()))
    try:
        assert window.open_path(tmp_path / "second")
    finally:
        exporting[0] = False
    assert closed == [False] and asked == ["An export is in progress"] and window.isVisible()
    assert window.sequence.name == "second" and not messages


def _small_cube(tmp_path, frames: int = 3, h: int = 24, w: int = 32, bands: int = 16):
    """A generated ENVI BIL video (float32, wavelengths) and its frames."""
    from workbench.core.data.hsi_convert import write_envi_video

    cubes = [np.random.default_rng(i).random((h, w, bands), dtype=np.float32) for i in range(frames)]
    hdr = write_envi_video(tmp_path / "cube.hdr", cubes, wavelengths=np.linspace(420.0, 680.0, bands),
                           interleave="bil")
    return hdr, cubes


def test_a_large_cubes_first_frame_is_read_on_the_openers_worker(qtbot, window, tmp_path, monkeypatch):
    """Opening a large cube read its first frame on the GUI thread once the reader was done (0.1-0.2 s
    for a 1024x1024x198 float32 ENVI frame, up to a second from HDF5; later frames are read on the render
    worker). The opener's worker reads it: the window keeps answering, and nothing reads it again."""
    from workbench.core.data import cube
    from workbench.gui import display

    monkeypatch.setattr(display, "HEAVY_VALUES", 1000)  # the small cube counts as large
    hdr, cubes = _small_cube(tmp_path)
    spans = []
    reads = _slowed(monkeypatch, cube.MemmapFrames, "read", 0.5, spans)
    ticks = _open_ticking(window, qtbot, hdr)
    assert reads == [False], reads  # read once, by the opener's worker (True: on the GUI thread)
    _ticked_during(ticks, spans[0])  # the window kept answering while it was read
    assert window.frame_index == 0 and np.array_equal(window._raw, cubes[0])
    assert window.spectrum.bands == 16
    window.set_frame(2)  # a later frame: read on the render worker, frame 0's size not read again
    qtbot.waitUntil(lambda: not window.sequences.rendering(), timeout=10000)
    assert reads == [False, False] and np.array_equal(window._raw, cubes[2])


def test_the_frame_export_draws_a_cubes_colour_on_a_worker(qtbot, window, tmp_path, monkeypatch, messages):
    """Export > Current frame drew the frame in CIE colour on the GUI thread (0.1-1 s for a 1024x1024x198
    float32 cube) before writing it. It is drawn and written on the export worker; a failed write still
    names the file."""
    import cv2
    from PySide6.QtWidgets import QFileDialog

    from workbench.core.data import cube
    from workbench.gui import display

    w = window
    monkeypatch.setattr(display, "HEAVY_VALUES", 1000)  # the small cube counts as large
    hdr, cubes = _small_cube(tmp_path)
    assert w.open_path(hdr)
    w.spectrum.mode.setCurrentIndex(1)  # colour from wavelengths (CIE 1931)
    assert w.spectrum.view().mode == "cie"
    qtbot.waitUntil(lambda: not w.sequences.rendering(), timeout=10000)
    expected = w.render_frame()
    renders = _slowed(monkeypatch, display, "render_rgb", 0.5)  # the export's colour render (Look.rgb)
    target = [tmp_path / "out" / "frame.png"]
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target[0]), ""))
    t0 = time.perf_counter()
    w.act_export_frame.trigger()
    took = time.perf_counter() - t0
    assert took < 0.3, took  # not waiting for the render
    qtbot.waitUntil(lambda: not w.exporter.running, timeout=10000)
    assert renders == [False], renders  # drawn once, not on the GUI thread
    png = cv2.imread(str(target[0]))
    assert png is not None and np.array_equal(cv2.cvtColor(png, cv2.COLOR_BGR2RGB), expected)
    assert "Exported 1 file(s)" in w.statusBar().currentMessage()
    # a write that fails (its folder is a file) is told with the file's name
    (tmp_path / "blocker").write_text("a file, not a folder")
    target[0] = tmp_path / "blocker" / "frame.png"
    w.act_export_frame.trigger()
    qtbot.waitUntil(lambda: not w.exporter.running, timeout=10000)
    assert renders == [False, False]
    failed = [m for m in messages if m[1] == "Export failed"]
    assert len(failed) == 1 and str(target[0]) in failed[0][2], messages
    # the frame on screen still being read for the viewer: the export's worker reads it too (not here)
    reads = _slowed(monkeypatch, cube.MemmapFrames, "read", 0.3)
    w.set_frame(2)
    assert w._raw is None  # being read
    target[0] = tmp_path / "out" / "frame3.png"
    t0 = time.perf_counter()
    w.act_export_frame.trigger()
    assert time.perf_counter() - t0 < 0.25
    qtbot.waitUntil(lambda: not w.exporter.running and not w.sequences.rendering(), timeout=10000)
    assert reads and not any(reads) and not any(renders), (reads, renders)
    png = cv2.cvtColor(cv2.imread(str(target[0])), cv2.COLOR_BGR2RGB)
    assert np.array_equal(w._raw, cubes[2]) and np.array_equal(png, w.render_frame())


def test_a_large_cubes_spectrum_range_is_taken_on_the_openers_worker(qtbot, window, tmp_path, monkeypatch):
    """The Spectrum dock took a new cube's value range (its first y axis: a grid of pixels, every band)
    on the GUI thread once the open was done: 0.1-0.2 s for a 1024x1024x198 float32 ENVI BIL cube. The
    opener's worker takes it with frame 0 and hands it over; the dock's axes are those it gave before."""
    from workbench.core.data.hsi_convert import write_envi_video
    from workbench.gui import spectrum_dock

    hdr, cubes = _small_cube(tmp_path)
    cubes[0][5, 7, 3], cubes[0][20, 28, 11] = -4.0, 9.0  # on the grid (every pixel of so small a cube)
    write_envi_video(hdr, cubes, wavelengths=np.linspace(420.0, 680.0, 16), interleave="bil")
    spans = []
    taken = _slowed(monkeypatch, spectrum_dock, "value_range", 0.5, spans)
    ticks = _open_ticking(window, qtbot, hdr)
    assert taken == [False], taken  # taken once, by the opener's worker (True: on the GUI thread)
    _ticked_during(ticks, spans[0])  # the window kept answering while it was taken
    assert window.first_range == (-4.0, 9.0) and window.spectrum.bands == 16
    (_x0, _x1), (y0, y1) = window.spectrum.plot.getPlotItem().getViewBox().viewRange()
    assert -4.0 - 1.5 <= y0 <= -4.0 and 9.0 <= y1 <= 9.0 + 1.5, (y0, y1)
    # the dock taking the range itself (a sequence set without it: the demo, a script) takes the same one
    given = []
    real_reset = window.spectrum._reset_range
    monkeypatch.setattr(window.spectrum, "_reset_range", lambda frame, rng=None: (given.append(rng),
                                                                                  real_reset(frame, rng)))
    window.spectrum.on_sequence(window.sequence)  # the window's sequence: the range handed over
    window.sequences.first_range = None
    window.spectrum.on_sequence(window.sequence)  # taken by the dock, on the GUI thread
    assert given == [(-4.0, 9.0), None] and taken == [False, True], (given, taken)
    assert spectrum_dock.value_range(window.cache.get(0)) == (-4.0, 9.0)


def test_the_spectrum_range_is_the_same_whatever_the_cubes_memory_order():
    """``value_range`` walks the grid in the cube's memory order (a BIL view's values gathered band by
    band took 0.1-0.2 s of a 1024x1024x198 cube): BIL, BSQ and BIP views of one cube give one range,
    NaN and inf left out."""
    from workbench.gui.spectrum_dock import value_range

    a = np.random.default_rng(2).random((300, 280, 12), dtype=np.float32) * 50 - 10
    a[0, 0, 0], a[4, 8, 11] = -30.0, 70.0  # on the grid (step 2)
    a[2, 2, 5], a[6, 4, 1], a[8, 10, 0] = np.nan, np.inf, -np.inf
    views = {"bip": a, "bil": np.ascontiguousarray(a.transpose(0, 2, 1)).transpose(0, 2, 1),
             "bsq": np.ascontiguousarray(a.transpose(2, 0, 1)).transpose(1, 2, 0)}
    assert {k: value_range(v) for k, v in views.items()} == {k: (-30.0, 70.0) for k in views}
    ints = np.random.default_rng(3).integers(-500, 500, (300, 280, 3), dtype=np.int16)
    assert value_range(np.ascontiguousarray(ints.transpose(2, 0, 1)).transpose(1, 2, 0)) == value_range(ints)
