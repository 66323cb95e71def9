"""The open sequence: opening it (folders, videos, cubes, single images, dataset roots, recent items),
frame navigation and playback, the frame on screen and its display, the initial box and start frame,
and following a running job's latest frame."""
from __future__ import annotations

import time
import traceback
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QStyle

from workbench.core.data.images import IMAGE_SUFFIXES
from workbench.core.errors import Cancelled, WorkbenchError
from workbench.gui import display
from workbench.gui import settings as wsettings
from workbench.gui.runner import LockedFrames
from workbench.gui.style import WARN_COLOR
from workbench.gui.widgets import frames_text
from workbench.gui.worker import LatestJob
from workbench.gui.controllers.method_runs import list_method_runs, saved_run_label

# one list with the core's readers (.pgm / .ppm / .webp were refused here while the readers took them)
_IMAGE_GLOBS = " ".join(f"*{s}" for s in IMAGE_SUFFIXES)
_SEQUENCE_GLOBS = "*.mp4 *.avi *.mov *.mkv *.m4v *.hdr *.h5 *.hdf5 *.nc *.nc4 *.he5 *.mat"
VIDEO_FILTER = (f"Sequences and images ({_SEQUENCE_GLOBS} {_IMAGE_GLOBS});;Images ({_IMAGE_GLOBS});;"
                f"Sequences ({_SEQUENCE_GLOBS});;Videos (*.mp4 *.avi *.mov *.mkv *.m4v);;ENVI cube (*.hdr);;"
                "HDF5 / netCDF-4 cube (*.h5 *.hdf5 *.nc *.nc4 *.he5);;All files (*)")
CACHE_FRAMES = 24
LIVE_REDRAW_MS = 33  # results arrive faster than a screen can show them: redraw at 30 Hz
LIVE_PLOTS_S = 0.5  # the layer list and the timeline curves are slower to redraw
RENDER_TELL_S = 0.3  # a frame rendered on a worker for longer says how far it is on the status bar


class FrameCache:
    """The last frames read (scrubbing back and forth, and the frames the tracker just read): at most
    ``size`` of them and, past two, at most ``budget`` bytes (``frame_budget``: a share of the memory
    free when the sequence opened, capped). Bounded by count alone, 24 frames of a 1024x1024x224 float32
    cube (0.94 GB each) or of 16-bit 4K frames took gigabytes."""

    def __init__(self, seq, size: int = CACHE_FRAMES, budget: int | None = None):
        from workbench.core.data.frame_budget import BoundedFrames

        self.seq, self.size = seq, size
        self._d = BoundedFrames(size, budget)

    @property
    def budget(self) -> int:
        return self._d.budget

    @property
    def bytes(self) -> int:
        """What the frames kept hold (a memory map of the file counts nothing)."""
        return self._d.bytes

    def put(self, i: int, frame: np.ndarray) -> None:
        self._d.put(i, frame)

    def get(self, i: int) -> np.ndarray:
        f = self._d.get(i)
        if f is None:
            f = self.seq.frame(i)
            self.put(i, f)
        return f

    def has(self, i: int) -> bool:
        return i in self._d


class CountedFrames:
    """A frame source whose frame count is asked once. An HDF5 cube's count is its dataset's shape, which
    h5py gives under the lock it holds through a whole read: every ``len(seq)`` on the GUI thread (the
    counter, the timeline, the overlays) waited for the frame the worker was reading, 0.4-2 s."""

    def __init__(self, source):
        self.source = source
        self._n = len(source)

    def __len__(self) -> int:
        return self._n

    def read(self, i: int) -> np.ndarray:
        return self.source.read(i)


def single_image_sequence(path):
    """One image file as a one-frame sequence (``open_sequence`` opens folders, videos and cubes)."""
    from workbench.core.data.images import read_image
    from workbench.core.data.sequence import ArrayFrames, Sequence

    path = Path(path).absolute()
    img = read_image(path)
    if img.ndim == 3 and img.shape[2] in (3, 4):
        modality = "rgb"
    elif img.dtype == np.uint8:
        modality = "gray"
    else:
        modality = "ir16"
    if img.ndim == 3 and img.shape[2] == 1:
        img = img[:, :, 0]
    return Sequence(path.stem, ArrayFrames(1, lambda _i: img), modality, path=path,
                    meta={"layout": "image", "source": str(path)})


def read_path(path: Path, as_dataset: bool = False) -> tuple[str, object]:
    """What ``open_path`` opens, read (on a worker): ``("dataset", entries)`` for a dataset root (of
    more than one sequence, or any when ``as_dataset``), else ``("sequence", seq)``."""
    from workbench.core.data.detect import detect_layout, open_dataset, open_sequence

    layout = None if as_dataset or path.is_file() else detect_layout(path)
    if path.is_dir() and layout is None:
        entries = open_dataset(path)
        if len(entries) > 1 or as_dataset:
            return "dataset", entries
        seq = entries[0].open()
    elif path.is_file() and path.suffix.lower() in IMAGE_SUFFIXES:
        seq = single_image_sequence(path)
    else:
        seq = open_sequence(path)
    if len(seq) == 0:
        raise WorkbenchError(f"{path}: the sequence has no frames")
    return "sequence", with_first_frame(with_sizes(seq))


def with_sizes(seq):
    """``seq`` with its image files' sizes read from their headers (kept by the frame source), here on
    the reader's worker: a run or export asks for them on the GUI thread (``one_size_problem``). Only an
    image set's (``uniform`` False) are read; a strict sequence's are never asked for."""
    sizes = getattr(seq, "frame_sizes", None)
    if callable(sizes):
        sizes()
    return seq


def with_first_frame(seq) -> tuple:
    """``(seq, its frame 0, that frame's value range)``, read here on the opener's worker
    (``read_off_thread``), which ``set_sequence`` takes instead of reading it on the GUI thread: a
    1024x1024x198 float32 cube's first frame, 0.1-0.2 s from an ENVI file, up to a second from HDF5, held
    the window while the open's progress was already gone. The range, a cube's only (the Spectrum dock's
    first y axis: ``spectrum_dock.value_range``; None for other frames), is taken here too: the dock took
    it on the GUI thread once the open was done, 0.1-0.2 s more for that cube. Frame and range None when
    the frame cannot be read (``set_sequence`` reads it again and tells why)."""
    try:
        first = seq.frame(0)
    except Exception:  # noqa: BLE001 - told by the window's own read of it
        return seq, None, None
    _note_orientation(seq)
    rng = None
    if seq.modality == "hsi" and first.ndim == 3:
        from workbench.gui import spectrum_dock

        rng = spectrum_dock.value_range(first)
    return seq, first, rng


def _note_orientation(seq) -> None:
    """An EXIF orientation tag on the first frame's file, ignored as the reader ignores it (``data.exif``), said in
    the reader's notes, which the window shows when the sequence opens: the reader's own warning goes to stderr."""
    from workbench.core.data.exif import orientation_note
    from workbench.core.data.sequence import frame_paths

    meta = seq.meta if isinstance(seq.meta, dict) else None
    if meta is None:
        return
    paths = frame_paths(seq.frames)
    first = paths[0] if paths is not None and len(paths) else meta.get("source") if meta.get("layout") == "image" \
        else None
    note = orientation_note(first) if first else None
    if note and note not in (meta.get("warnings") or []):
        meta["warnings"] = list(meta.get("warnings") or []) + [note]


def open_entry_sized(entry) -> tuple:
    """A dataset entry's sequence, its first frame and that frame's value range, read as ``read_path``
    reads them (on a worker)."""
    return with_first_frame(with_sizes(entry.open()))


def run_root(dataset_root: Path | None, path: Path | None) -> Path | None:
    """The dataset root a run of the sequence at ``path`` belongs to: ``dataset_root`` (the open
    dataset) when the sequence is one of its sequences, else None (``run_dataset_root``)."""
    if dataset_root is None or path is None:
        return None
    root, path = Path(dataset_root).absolute(), Path(path).absolute()
    return root if path == root or root in path.parents else None


def sequence_path(seq, path: Path) -> Path:
    """The path ``open_path`` keeps for ``seq`` read from ``path``: a frames folder (img/) chosen is
    its sequence's (its runs and recent entry are the sequence's)."""
    if (seq.meta or {}).get("opened_as") and seq.path is not None:
        return Path(seq.path)
    return path


def method_run_names(names, sequence_path, root, sequence: str | None = None) -> tuple:
    """The ``<dataset>`` names a sequence's detector and segmenter runs are listed under: ``names``
    (``runs.saved_dataset_names``), and for a sequence opened alone (``root`` None: ``run_root``) the names of the
    folders above it too, guarded (``runs.with_wider_names``: only runs over a root holding it), as its tracker runs
    are read (``tracking.read_saved_runs``' ``alone``) and ``export-video --sequence`` reads them. ``sequence``: its
    name where it is not its folder's (OTB's Jogging-1 of Jogging/)."""
    if root is not None or sequence_path is None:
        return names
    from workbench.core.runs import with_wider_names

    return with_wider_names(names, sequence_path, sequence)


def with_saved_runs(got: tuple, path: Path | None, results_dir, dataset_root: Path | None, entries=None) -> tuple:
    """``got`` (``(seq, first, first_range)``, read on the opener's worker) with the sequence's saved runs
    read there too (``tracking.read_saved_runs``): listing the workspace and reading their files held the
    GUI thread 65 ms for 20 trackers of a 100-sequence dataset, more as the workspace grows. ``path``: the
    sequence's as ``set_sequence`` will have it, ``dataset_root``: the open dataset's, which name the
    dataset as ``TrackingController.dataset_name`` does (``entries``: its listing). The runs stored under the
    names earlier versions gave the dataset are read too (``runs.saved_dataset_names``). None in their place when
    they could not be read (the window reads them again and says why)."""
    from workbench.core.runs import saved_dataset_names
    from workbench.gui.controllers.tracking import read_saved_runs

    seq = got[0]
    try:
        root = run_root(dataset_root, path)
        names = saved_dataset_names(getattr(seq, "path", None), root, entries if root is not None else None)
        dataset = names[0] if names else None
        # opened alone: the runs over a wider root holding it too (guarded), read and listed under the same names,
        # made once here for both (its tracker runs below, the methods' listing after)
        method_names = method_run_names(names, getattr(seq, "path", None), root, seq.name)
        alone = root is None and getattr(seq, "path", None) is not None
        saved = read_saved_runs(seq, results_dir, dataset, names[1:], alone=alone,
                                wide=method_names if alone else None)
    except Exception:  # noqa: BLE001 - read again, and told, by the window
        return (*got, None)
    # the segmenters' and detectors' runs too: walking the workspace's manifests for them held the GUI thread
    saved.methods = list_method_runs(results_dir, method_names, seq.name)
    # and the latest detector run's detections, shown as the sequence opens: read on the GUI thread before
    from workbench.gui.controllers.detection import read_latest_detections

    saved.detections = read_latest_detections(seq, saved.methods.get("detector"))
    return (*got, saved)


def dataset_results(results_dir, dataset_root: Path | None, entries=None) -> tuple:
    """The Dataset dock's Results column, listed from the workspace (every run folder: a worker's work,
    never the GUI thread's): ``(dataset_root, results_dir, {sequence: [runs with a result file]},
    {sequences with tracker results}, {run label: its folders})``; the first two say which dataset and
    workspace it is of (a listing that arrives after another dataset was opened is dropped). ``entries``: the
    dataset's listing, which names it (``runs.dataset_of``: a root that is one sequence); without it a root that
    is a sequence folder (opened as a dataset) is listed here to be named so. A root that is one sequence lists
    the runs earlier versions stored under its own name too (``runs.saved_dataset_names``), a run found under
    both once."""
    from workbench.core.data.detect import detect_layout, open_dataset
    from workbench.core.results import dataset_folders, find_method_runs, list_results, match_names
    from workbench.core.runs import saved_dataset_names

    if entries is None and dataset_root is not None and Path(dataset_root).is_dir():
        try:
            if detect_layout(Path(dataset_root)) is not None:
                entries = open_dataset(dataset_root)  # one sequence: quick
        except (OSError, WorkbenchError):  # named by the root, as before
            entries = None
    names = saved_dataset_names(None, dataset_root, entries) if dataset_root is not None else ()
    if names and entries is not None:  # and where its sequences' runs go opened alone, as its scores read them
        names = dataset_folders(names[0], entries, names[1:])
    out: dict[str, list[str]] = {}
    tracked: set[str] = set()
    # the dataset's sequences only: a folder above them (a wider root's runs, ``dataset_folders``) holds others'
    # (irst/ beside daub/), which its scores and its sequences' views leave out
    ours = {e.name for e in entries} if entries is not None else None
    # each label's folders (those of its files: a GOT-10k layout's are the sequences' subfolders): a run saved
    # later is added to the listing by its folder (``SequenceController.add_saved_runs``)
    folders: dict[str, set[Path]] = {}
    for tracker, files in list_results(results_dir, names).items():
        folders.setdefault(tracker, set()).update(Path(f).parent for f in files.values())
        if ours is not None:  # a toolkit's own names (``Jogging.1``, OTB-2013's lower-case ``.mat`` names)
            files = match_names(files, ours)
        for seq in files:
            if ours is None or seq in ours:
                out.setdefault(seq, []).append(tracker)
                tracked.add(seq)
    # detectors' and segmenters' runs are kept too (detections, masks)
    for label, folder, manifest in find_method_runs(results_dir, names):
        folders.setdefault(label, set()).add(Path(folder))
        for seq in manifest.get("sequences") or {}:
            if ours is None or seq in ours:
                out.setdefault(seq, []).append(label)
    return dataset_root, results_dir, out, tracked, folders


def read_path_and_runs(path: Path, as_dataset: bool, results_dir, dataset_root: Path | None,
                       entries=None) -> tuple[str, object]:
    """``read_path``, a sequence's saved runs read with it (``with_saved_runs``): ``("sequence",
    (seq, first, first_range, saved))``; a dataset root's Results column listed with it: ``("dataset",
    (entries, dataset_results(...)))`` (None in its place when the listing failed: the window lists
    again, on a worker too)."""
    kind, got = read_path(path, as_dataset)
    if kind == "sequence":
        got = with_saved_runs(got, sequence_path(got[0], path), results_dir, dataset_root, entries)
    elif kind == "dataset":
        try:
            listing = dataset_results(results_dir, path, got)
        except Exception:  # noqa: BLE001 - listed again by the window, which says why
            listing = None
        got = (got, listing)
    return kind, got


def open_entry_and_runs(entry, results_dir, dataset_root: Path | None, entries=None) -> tuple:
    """``open_entry_sized``, the sequence's saved runs read with it (``with_saved_runs``; ``entries``: the
    dataset's listing, which names it)."""
    return with_saved_runs(open_entry_sized(entry), Path(entry.path) if entry.path else None, results_dir,
                           dataset_root, entries)


def demo_and_runs(results_dir, dataset_root: Path | None) -> tuple:
    """The demo sequence made, its frame 0 read (``with_first_frame``) and its saved runs read
    (``with_saved_runs``; it has no path, so no dataset), on the opener's worker: its tracker, segmenter
    and detector runs were read on the GUI thread, a walk of the workspace's manifests each."""
    from workbench.core.data.synthetic import demo_sequence

    return with_saved_runs(with_first_frame(demo_sequence()), None, results_dir, dataset_root)


class SequenceController(QObject):
    # a new sequence replaced the old one; results of the old one must go before its first frame shows
    sigOpened = Signal(object)
    sigLiveTick = Signal()  # during a run, at most every LIVE_PLOTS_S: redraw the slow views

    def __init__(self, window):
        super().__init__(window)
        self.w = window
        self.sequence = None
        self.seq_path: Path | None = None
        self.frame_index = 0
        self.cache: FrameCache | None = None
        # the open cube's frame 0's value range (``spectrum_dock.value_range``) when the opener's worker
        # took it (``with_first_frame``), else None
        self.first_range: tuple[float, float] | None = None
        self.raw: np.ndarray | None = None
        self._cursor_xy: tuple[float, float] | None = None  # the image position the status bar's value is of
        self.init_box: tuple | None = None
        # the frame the user drew ``init_box`` on; None when the box is that frame's groundtruth
        self.init_drawn_at: int | None = None
        self.start_frame = 0
        self.start_chosen: int | None = None  # the frame "Start from this frame" chose last (None: none)
        self.dataset_root: Path | None = None
        self.dataset_entries: list = []
        # the last listing of the Results column (``_take_listing``): (dataset root, workspace, the sequences
        # with tracker results), and each label's folders, which name a run saved since (``add_saved_runs``)
        self.tracker_results: tuple | None = None
        self.listed_folders: dict[str, set[Path]] | None = None
        # the open dataset's Results column being listed (``list_results_later``): the latest listing counts
        self._results = LatestJob(self)
        self._results.returned.connect(self._results_listed)
        self._results.errored.connect(self._results_failed)
        self.play_timer = QTimer(self)
        self.play_timer.timeout.connect(self.play_tick)
        self.live_timer = QTimer(self)
        self.live_timer.setInterval(LIVE_REDRAW_MS)
        self.live_timer.timeout.connect(self.live_refresh)
        self._dirty = False
        self._latest: int | None = None
        self._last_plot_update = 0.0
        self.saved_runs_read = None  # the saved runs read with the sequence being set (``set_sequence``)
        self._opening: tuple | None = None  # (name, local event loop, its outcome, its Job) while a reader runs
        self._told_unreadable = False  # an unreadable frame of the open sequence was told in a message box
        self._failed_at: int | None = None  # the frame the last move could not read (the one before stays shown)
        # heavy frames (a large cube's colour or band mean: ``display.is_heavy``) render on a worker: one
        # render at a time, the latest request waiting behind it (those it replaced are never rendered)
        self._render_job = None  # its Job, made on first use
        self._rendering: dict | None = None  # the request the worker renders now
        self._render_pending: dict | None = None  # the latest request made while it runs
        self._render_asked = 0  # number of the last request (heavy or not)
        self._render_shown = 0  # number of the request whose image is on screen
        # a large cube's frame not read yet (``display.is_heavy_read``) is read on that worker too (a read
        # request: {"seq", "frame", "read"}), then rendered: ``frame_index`` moves at once, ``raw`` is None
        # until the frame arrives (``_awaited``)
        self._heavy_reads = False  # the open sequence's frames are read so
        self._awaited: int | None = None  # the frame on screen whose read is still running or waiting
        self._raw_index: int | None = None  # the frame ``raw`` last held (shown again if a read fails)
        self._frame_shape: tuple | None = None  # the open sequence's first frame's shape

    @property
    def n_frames(self) -> int:
        return len(self.sequence) if self.sequence is not None else 0

    # --- opening -------------------------------------------------------------------------------
    def last_dir(self) -> str:
        return str(wsettings.settings().value("paths/last_dir", str(Path.home())))

    def set_last_dir(self, path) -> None:
        from workbench.core.data.cube import split_dataset_path

        p = split_dataset_path(Path(path))[0]  # FILE.h5:/name: the folder holding the file
        wsettings.settings().setValue("paths/last_dir", str(p if p.is_dir() else p.parent))

    def open_folder_dialog(self) -> None:
        path = QFileDialog.getExistingDirectory(self.w, "Open a sequence folder or dataset root", self.last_dir())
        if path:
            self._keys_to_frame()
            self.open_path(path)

    def _keys_to_frame(self) -> None:
        """After an Open dialog the frame view has the keys, Space plays: they went back to the widget focused
        before the dialog (in the Methods list Space ticked a tracker, in a settings field it typed a space)."""
        self.w.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def open_dataset_dialog(self) -> None:
        path = QFileDialog.getExistingDirectory(self.w, "Open a dataset root", self.last_dir())
        if path:
            self.open_path(path, as_dataset=True)

    def open_file_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.w, "Open a video, cube or image", self.last_dir(), VIDEO_FILTER)
        if path:
            self._keys_to_frame()
            self.open_path(path)

    def open_path(self, path, as_dataset: bool = False) -> bool:
        """A sequence (folder, video, cube) opens in the viewer; a dataset root lists its sequences.
        False when nothing opened (an error, a run is going, Cancel): then it is not added to Open recent.
        The reader runs on a worker while the window keeps handling events (``read_off_thread``)."""
        from workbench.core.data.cube import DatasetTie, split_dataset_path
        from workbench.core.data.detect import not_there

        if self.refused() or self.still_opening():
            return False
        path = Path(path)
        self.set_last_dir(path)
        file, dataset = split_dataset_path(path)  # FILE.h5:/name, one dataset of an HDF5 file
        try:
            if not (path.exists() or dataset is not None and file.is_file()):
                # a link that loops or leads nowhere, a pasted path gone wrong (quotes kept, file://): said as the
                # readers and --dataset say them (all were "no such file or folder")
                raise WorkbenchError(f"{path}: {not_there(path if dataset is None or file.exists() else file)}")
            # the sequence's saved runs are read there too, named by the dataset open now (``with_saved_runs``)
            what = f"{file.name}:{dataset}" if dataset is not None else path.name or str(path)
            kind, got = self.read_off_thread(what, read_path_and_runs, path, as_dataset,
                                             wsettings.results_dir(), self.dataset_root, list(self.dataset_entries))
        except Cancelled:
            self.w.statusBar().showMessage(f"Opening {path} cancelled.", 8000)
            return False
        except DatasetTie as exc:  # which dataset is the cube cannot be told: the user picks one
            chosen = self.choose_dataset(exc)
            if chosen is None:  # cancelled, or refused without asking (a screenshot: ``choose_dataset``)
                if not self.w.quiet_errors:
                    self.w.statusBar().showMessage(f"Opening {path} cancelled: no dataset chosen.", 8000)
                return False
            return self.open_path(f"{path}:{chosen}", as_dataset)
        except WorkbenchError as exc:
            self.w.show_error("Cannot open", str(exc))
            return False
        except Exception as exc:  # noqa: BLE001 - a reader's bug: report it, keep the window
            self.w.show_error("Cannot open", f"{path}: {type(exc).__name__}: {exc}")
            traceback.print_exception(type(exc), exc, exc.__traceback__)
            return False
        if kind == "dataset":
            if self.refused():  # a run started while it was read
                return False
            entries, listing = got
            self.set_dataset(path, entries, listing)
            self.add_recent(path, "dataset")
            return True
        seq, first, first_range, saved = got
        path = sequence_path(seq, path)  # a frames folder (img/) chosen: its runs and recent entry are the sequence's
        if not self.set_sequence(seq, path, first=first, first_range=first_range, saved_runs=saved):
            return False
        self.add_recent(path, "sequence")
        return True

    def choose_dataset(self, tie) -> str | None:
        """The dataset the user picks of an HDF5 file whose cube-shaped datasets are of one size (``cube.DatasetTie``:
        opened alone it is refused): its name (``/radiance``), None where the chooser was cancelled. With
        ``quiet_errors`` (a headless screenshot) nobody could answer a modal chooser: the refusal is said and None."""
        from PySide6.QtWidgets import QInputDialog

        if self.w.quiet_errors:
            self.w.show_error("Cannot open", str(tie))
            return None
        items = [f"{name}  ({shape})" for name, shape in tie.datasets]
        item, ok = QInputDialog.getItem(
            self.w, "Which dataset?", f"{tie.path.name} holds {len(items)} cube-shaped datasets of one size: which "
            f"one is the cube cannot be told.\nOpen which (as {tie.path.name}:/name)?", items, 0, False)
        if not ok or item not in items:
            return None
        return tie.datasets[items.index(item)][0]

    @property
    def opening(self) -> str | None:
        """What is being read for opening (its name), while a reader runs on a worker."""
        return self._opening[0] if self._opening is not None else None

    def still_opening(self) -> bool:
        """Another sequence is being read: say so, True (one open at a time)."""
        if self._opening is None:
            return False
        self.w.statusBar().showMessage(f"Still opening {self._opening[0]}: wait, or Esc to cancel it.", 8000)
        return True

    def read_off_thread(self, what: str, fn, *args):
        """``fn(*args)`` (a reader) on a worker while this thread handles events in a local loop: the
        window repaints and answers, and Esc (Cancel) gives up waiting (raises ``Cancelled``; what the
        reader still returns is dropped, and the reader stops at its next step). Returns ``fn``'s
        result; raises its exception. Listing a folder of 20,000 frames held the GUI thread 1.4-2 s
        here; a slow or network disk, longer. The readers' long loops (a folder's image headers, a
        dataset root's sequences: ``jobs.steps``) report how far they are in the status bar."""
        from PySide6.QtCore import QEventLoop

        from workbench.core.jobs import call_reporting
        from workbench.gui.worker import Job

        job, loop, out = Job(self), QEventLoop(), {}
        job.returned.connect(lambda r: out.setdefault("ok", r))
        job.errored.connect(lambda exc: out.setdefault("error", exc))
        job.finished.connect(loop.quit)
        job.finished.connect(job.deleteLater)
        self._opening = (what, loop, out, job)
        status = self.w.statusBar()
        status.showMessage(f"Opening {what}… (Esc cancels)")

        def progress(fraction: float, message: str) -> None:
            if self._opening is not None and self._opening[3] is job:  # not a reader given up
                status.showMessage(f"Opening {what}… {int(fraction * 100)}% · {message} (Esc cancels)")

        job.progress.connect(progress)
        self.w.update_enabled()
        try:
            # urgent: not queued behind a dataset's listing or scoring
            job.start(call_reporting, fn, *args, pass_context=True, urgent=True)
            if job.running:
                loop.exec()
        finally:
            if job.running:  # given up: the job ends on its own, nobody waits for it (quitting neither)
                job.finished.disconnect(loop.quit)
                job.abandon()
            self._opening = None
            if status.currentMessage().startswith(f"Opening {what}…"):
                status.clearMessage()
            self.w.update_enabled()
        if out.get("cancelled"):
            raise Cancelled()
        if "error" in out:
            raise out["error"]
        if "ok" not in out:  # the loop ended for another reason (the application quits): given up too
            raise Cancelled()
        return out["ok"]

    def cancel_open(self) -> None:
        """Stop waiting for the sequence being read (Esc); the sequence on screen stays."""
        if self._opening is not None:
            _what, loop, out, job = self._opening
            out["cancelled"] = True
            job.cancel()  # the reader stops at its next step (a header, a sequence), not at the end
            loop.quit()

    def open_demo(self) -> bool:
        """The demo sequence on screen, made and its saved runs read on a worker (``demo_and_runs``) while
        the window handles events (``read_off_thread``), as a file's. False when it did not open."""
        if self.refused() or self.still_opening():
            return False
        try:
            seq, first, first_range, saved = self.read_off_thread("the demo sequence", demo_and_runs,
                                                                  wsettings.results_dir(), self.dataset_root)
        except Cancelled:
            self.w.statusBar().showMessage("Opening the demo sequence cancelled.", 8000)
            return False
        except Exception as exc:  # noqa: BLE001 - a bug: report it, keep the window
            self.w.show_error("Cannot open", f"the demo sequence: {type(exc).__name__}: {exc}")
            traceback.print_exception(type(exc), exc, exc.__traceback__)
            return False
        return self.set_sequence(seq, None, first=first, first_range=first_range, saved_runs=saved)

    def open_entry(self, entry) -> None:
        from dataclasses import replace
        from functools import partial

        from workbench.core.data.cube import DatasetTie, dataset_sequence_name
        from workbench.core.data.detect import open_sequence

        if self.refused() or self.still_opening():
            return
        try:
            seq, first, first_range, saved = self.read_off_thread(entry.name, open_entry_and_runs, entry,
                                                                  wsettings.results_dir(), self.dataset_root,
                                                                  list(self.dataset_entries))
        except Cancelled:
            self.w.statusBar().showMessage(f"Opening {entry.name} cancelled.", 8000)
            return
        except DatasetTie as exc:  # a tied HDF5 file of the list: the user picks its dataset, as open_path asks
            chosen = self.choose_dataset(exc)
            if chosen is None:
                if not self.w.quiet_errors:
                    self.w.statusBar().showMessage(f"Opening {entry.name} cancelled: no dataset chosen.", 8000)
                return
            where = f"{entry.path}:{chosen}"
            self.open_entry(replace(entry, name=dataset_sequence_name(entry.name, chosen), path=Path(where),
                                    opener=partial(open_sequence, where), error=None))
            return
        except Exception as exc:  # noqa: BLE001
            self.w.show_error("Cannot open", f"{entry.path}: {exc}")
            return
        self.set_sequence(seq, entry.path, keep_dataset=True, first=first, first_range=first_range,
                          saved_runs=saved)

    def set_dataset(self, root: Path, entries, listing: tuple | None = None) -> None:
        """The dataset ``root`` with its ``entries`` in the Dataset dock. ``listing``: its Results column
        as the opener's worker listed it (``dataset_results``); without it (or of another workspace) the
        column fills when a worker has listed it: the workspace is never listed on this thread."""
        w = self.w
        if self.refused():  # the run's results belong to the dataset open when it started
            return
        stale = w.last_error
        self.dataset_root, self.dataset_entries = Path(root), list(entries)
        self._results.drop()  # a listing of the last dataset still going is not this one's
        fresh = listing is not None and Path(listing[0]) == self.dataset_root and listing[1] == wsettings.results_dir()
        w.dataset.set_dataset(self.dataset_root, self.dataset_entries, self._take_listing(listing) if fresh else None)
        if not fresh:
            self.list_results_later()
        first_show = not w.dataset.isVisible()
        w.dataset.show()
        w.dataset.raise_()
        if first_show:  # a third of the window: the table's five columns fit 1366 px without scrolling
            w.resizeDocks([w.dataset], [max(420, min(520, int(w.width() * 0.34)))], Qt.Orientation.Horizontal)
        w.plots.set_dataset_available(True)
        w.forget_error(stale)
        w.statusBar().showMessage(f"{root}: {len(entries)} sequences; double-click one to open it", 8000)
        # the plots follow the dataset (a scoring of the last one left "Scoring the dataset's results…")
        w.scoring.update_plots()

    def leave_dataset(self) -> None:
        """No dataset open: the Dataset dock hides and the plots' Dataset scope goes."""
        self.dataset_root, self.dataset_entries = None, []
        self._results.drop()
        self.w.dataset.clear()
        self.w.dataset.hide()
        self.w.plots.set_dataset_available(False)

    def run_dataset_root(self) -> Path | None:
        """The dataset root a run of the open sequence belongs to: the open dataset when the sequence
        is one of its sequences (it names the ``<dataset>`` level of the run folder), else None."""
        return run_root(self.dataset_root, self.seq_path)

    def method_names(self, seq) -> tuple:
        """The names the open sequence ``seq``'s detector and segmenter runs are listed under where the opener's
        worker did not list them (``find_saved``): as it lists them (``method_run_names``)."""
        return method_run_names(self.w.tracking.saved_names(seq), getattr(seq, "path", None), self.run_dataset_root(),
                                seq.name)

    def _take_listing(self, listing: tuple) -> dict[str, list[str]]:
        """A ``dataset_results`` listing's Results column; the sequences with tracker results kept as
        last listed: File › Export › Report asks these before listing the workspace again on the GUI
        thread (ExportController._report_has_results)."""
        root, results_dir, by_sequence, tracked, *rest = listing
        self.tracker_results = (root, results_dir, tracked)
        self.listed_folders = rest[0] if rest else None
        return by_sequence

    def list_results_later(self) -> None:
        """List the open dataset's Results column on a worker; the column fills when it arrives, unless
        another dataset (or none) was opened meanwhile, or another listing was asked for since."""
        if self.dataset_root is None:
            return
        self._results.start(dataset_results, wsettings.results_dir(), self.dataset_root, list(self.dataset_entries))

    @property
    def listing_results(self) -> bool:
        """The open dataset's Results column is being listed on a worker (``list_results_later``)."""
        return self._results.pending

    def _results_listed(self, got) -> None:
        if self.dataset_root is None or Path(got[0]) != self.dataset_root or got[1] != wsettings.results_dir():
            return  # another dataset is open, or another workspace chosen, since
        self.w.dataset.set_results(self._take_listing(got))

    def _results_failed(self, exc) -> None:
        from workbench.gui.worker import describe

        self.w.statusBar().showMessage(f"Cannot list the workspace's results: {describe(exc)}", 10000)

    def add_saved_runs(self, saved) -> None:
        """The runs just saved, ``[(sequence, run folder, is a tracker's)]``, added to the open dataset's
        Results column as the workspace listing names them (``saved_run_label``, from the last listing's
        labels and folders), without listing the workspace on this thread (every run folder: ~10 ms with a
        few runs, growing with the workspace). Where the listing might name one otherwise (its name is
        another folder's), or no listing of this dataset and workspace is at hand (one still coming), the
        workspace is listed again on a worker (``list_results_later``)."""
        from workbench.core.runs import saved_dataset_names

        if self.dataset_root is None or not saved:
            return
        dock, results_dir = self.w.dataset, wsettings.results_dir()
        known, folders = self.tracker_results, self.listed_folders
        if dock.results is None or self._results.pending or known is None or folders is None \
                or Path(known[0]) != self.dataset_root or known[1] != results_dir:
            self.list_results_later()
            return
        # a folder under the names earlier versions gave the dataset is this dataset's too (``dataset_results``)
        dataset = saved_dataset_names(None, self.dataset_root, self.dataset_entries)
        results = {k: list(v) for k, v in dock.results.items()}
        for sequence, folder, tracker in saved:
            folder = Path(folder)
            label = saved_run_label(folders, results_dir, folder, dataset)
            if label == "":
                continue  # another dataset's run folder: not listed with this one
            if label is None:
                self.list_results_later()  # named as the whole listing names it
                return
            folders.setdefault(label, set()).add(folder)
            names = results.setdefault(sequence, [])
            if label not in names:
                names.append(label)
            if tracker:
                known[2].add(sequence)
        dock.set_results(results)

    def add_recent(self, path, kind) -> None:
        wsettings.add_recent(Path(path).resolve(), kind)
        self.fill_recent_menu()

    def fill_recent_menu(self) -> None:
        from workbench.core.data.cube import split_dataset_path

        menu = self.w.recent_menu
        menu.clear()
        items = wsettings.recent_items()
        for it in items:
            p = Path(it["path"])
            file, dataset = split_dataset_path(p)  # FILE.h5:/name: named so, in the file's folder
            text = (f"{file.name}:{dataset}  —  {file.parent}" if dataset is not None else f"{p.name}  —  {p.parent}") \
                + ("  (dataset)" if it["kind"] == "dataset" else "")
            a = menu.addAction(text.replace("&", "&&"))  # a menu reads '&x' as x underlined: 'A&B' showed 'AB'
            a.setToolTip(text)
            a.triggered.connect(lambda _c=False, p=p, k=it["kind"]: self.open_path(p, as_dataset=k == "dataset"))
        menu.setEnabled(bool(items) and not self.w.busy)

    def refused(self) -> bool:
        """A run is going: say so, True (no other sequence or dataset opens until it ends). A notice, not
        an error (a critical "Run in progress" box for a dropped path, a dataset row or a recent item): the
        open waits for the run, as the greyed Open actions' tooltips say. ``last_error`` says it too (a
        script's ``open_path`` returned False); the run's end clears both (``drop_run_refusal``)."""
        if self.w.busy:
            text = f"{self.w.RUN_GOING} Then open it again."
            self.w.last_error = f"{self.w.RUN_REFUSED}: {text}"
            self.w.show_notice(self.w.RUN_REFUSED, text)
            return True
        return False

    def method_runs_read(self, seq, kind: str):
        """The saved ``kind`` runs (``METHOD_KINDS``) of ``seq``, the sequence being set, as the opener's worker
        listed them with it (``with_saved_runs``): ``saved_runs``' list, or the error listing them raised;
        None where they were not listed there (a demo, a script's sequence) or were listed for another
        workspace, dataset or sequence (dropped): the caller lists them."""
        saved = self._runs_read_for(seq)
        if saved is None or kind not in getattr(saved, "methods", {}):
            return None
        return saved.methods[kind]

    def method_runs_for(self, seq, kind: str, find, not_listed) -> list:
        """The saved ``kind`` runs of ``seq`` as the opener's worker listed them (``method_runs_read``); where it
        did not list them, ``find(seq)``'s (listed here); where listing them failed there, ``not_listed(seq,
        exc)``'s (it says why)."""
        got = self.method_runs_read(seq, kind)
        if got is None:
            return find(seq)
        if isinstance(got, Exception):
            return not_listed(seq, got)
        return list(got)

    def detections_read(self, seq):
        """The latest saved detector run of ``seq`` as the opener's worker read it with the listing
        (``SavedRuns.detections``: its folder, what reading it returned or raised), or None (not read there,
        or read for another workspace, dataset or sequence)."""
        saved = self._runs_read_for(seq)
        return getattr(saved, "detections", None) if saved is not None else None

    def _runs_read_for(self, seq):
        """The saved runs read with ``seq`` on the opener's worker (``with_saved_runs``), None where they
        were not or were read for another workspace, dataset or sequence."""
        saved = self.saved_runs_read
        if saved is None or saved.results_dir != wsettings.results_dir() \
                or saved.dataset != self.w.tracking.dataset_name(seq) or saved.sequence != seq.name \
                or saved.frames != len(seq):
            return None
        return saved

    def set_sequence(self, seq, path=None, keep_dataset: bool = False, first: np.ndarray | None = None,
                     first_range: tuple[float, float] | None = None, saved_runs=None) -> bool:
        """``seq`` on screen (``_set_sequence``); the Success / precision and Timeline docks' curves drawn
        after it, one dock per event-loop turn (``_draw_docks_later``): with 25 saved runs each took 0.1-0.25 s
        in the same turn as the frame, its legend and the scores, the GUI thread held 0.7-1.2 s."""
        docks = (self.w.plots, self.w.timeline)
        for dock in docks:
            dock.draw_later = True
        try:
            return self._set_sequence(seq, path, keep_dataset, first, first_range, saved_runs)
        finally:
            for dock in docks:
                dock.draw_later = False
            self._draw_docks_later(list(docks))

    def _draw_docks_later(self, docks: list) -> None:
        """Each of ``docks`` that is on screen draws what was set meanwhile (``redraw``), on a turn of its own: a
        step of the window's (``step_later``: one a turn, in order with the other docks' steps, painted before the
        next; a queued call ran the two draws and the paints between as one stall). The plots draw their curves in
        steps (``redraw_in_steps``), the next dock after their last step (not on the same turns)."""
        from workbench.gui.worker import step_later

        def draw(rest):
            if rest:
                dock = rest[0]

                def next_dock():
                    step_later(lambda: draw(rest[1:]), self)

                if dock is self.w.plots and dock.on_screen():
                    dock.redraw_in_steps(next_dock)
                    return
                if dock.on_screen():
                    dock.redraw()
                next_dock()

        step_later(lambda: draw(docks), self)

    def _set_sequence(self, seq, path=None, keep_dataset: bool = False, first: np.ndarray | None = None,
                      first_range: tuple[float, float] | None = None, saved_runs=None) -> bool:
        """``seq`` on screen. ``first``: its frame 0, already read (the opener read it on its worker:
        ``with_first_frame``); None: read here. ``first_range``: that frame's value range, taken there
        too (``first_range``, the Spectrum dock's first axis range); None: taken by the dock.
        ``saved_runs``: its saved runs, read there too (``with_saved_runs``); None: read here (a demo,
        a script: ``TrackingController.load_saved_runs``)."""
        w = self.w
        if self.refused():
            return False
        stale = w.last_error  # an earlier refusal's: cleared once this sequence is on screen
        # the worker reads it too: one read at a time, the count known without the reader
        seq = seq.with_frames(CountedFrames(LockedFrames(seq.frames)))
        if first is None:
            # frame 0 read before anything of the open sequence goes: a first frame that cannot be read (a
            # script's sequence, a file damaged since the opener's read) raised halfway through the switch,
            # after the old sequence's runs, plots and overlays were dropped for a sequence never shown
            try:
                first = seq.frame(0)
            except Exception as exc:  # noqa: BLE001 - a damaged frame file: refused, the open sequence stays
                where = getattr(seq, "path", None) or path or seq.name
                w.show_error("Cannot open", f"{where}: its first frame cannot be read ({exc}); "
                                            "the sequence on screen stays open")
                return False
            first_range = None
        self.stop_play()
        self.cancel_render()
        # the frame on screen is this sequence's: its frame 0 comes read from the opener's worker (or is
        # read here: the demo, a script), later ones that are not read yet are read on the render worker
        # (``set_frame``)
        self.raw, self._awaited, self._raw_index = None, None, None
        self.sequence, self.seq_path = seq, Path(path) if path else None
        self.cache = FrameCache(seq)
        self.cache.put(0, first)
        self.first_range = first_range
        self._told_unreadable, self._failed_at = False, None
        self.init_box, self.init_drawn_at = None, None
        w.view.set_init_box(None)
        self.start_frame = seq.first_valid_frame() or 0
        self.start_chosen = None
        # taken by ``TrackingController.on_sequence``, the segmenters' and detectors' by theirs (``method_runs_read``)
        self.saved_runs_read = saved_runs
        try:
            self.sigOpened.emit(seq)
        finally:
            self.saved_runs_read = None
        if not keep_dataset and self.dataset_root is not None and self.run_dataset_root() is None:
            self.leave_dataset()  # not one of its sequences: its scores and results are not this one's
        first = self.cache.get(0)
        # a hyperspectral sequence's frames are cubes whatever their band count (``display.HSIView.cube``): a cube of
        # 2-4 bands had no band spin box (hidden, its range 0), which also held the Spectrum dock's band slider at 0
        is_hsi = first.ndim == 3 and (first.shape[2] > 4 or (seq.modality == "hsi" and first.shape[2] > 1))
        self._heavy_reads = display.is_heavy_read(first) and getattr(seq, "uniform", True)
        self._frame_shape = first.shape
        w.band_spin.blockSignals(True)  # each cube starts at its mean: band 150 of one is not the next's
        w.band_spin.setRange(-1, first.shape[2] - 1 if is_hsi else 0)
        w.band_spin.setValue(-1)
        w.band_spin.blockSignals(False)
        w.band_label_action.setVisible(is_hsi)
        w.band_spin_action.setVisible(is_hsi)
        # colour frames (RGB, RGBA) take no colour map; a cube's band mean is not computed just to see that
        w.cmap_combo.setEnabled(not (first.ndim == 3 and first.shape[2] in (3, 4)))
        w.update_band_toolbar()  # after: off in a cube's CIE / triplet mode
        w.slider.blockSignals(True)
        w.slider.setRange(0, len(seq) - 1)
        w.slider.blockSignals(False)
        w.timeline.set_length(len(seq), seq.frame_attributes(), seq.has_groundtruth)
        w.view.set_show_gt_in_legend(seq.has_groundtruth)
        w.view._shape = None  # fit the new frame size
        meta = seq.meta or {}
        if meta.get("mask_files") is not None:
            gt_note = f"label masks ({sum(m is not None for m in meta['mask_files'])} images)"
        elif meta.get("point_labels") is not None:
            gt_note = "point labels"
        else:
            gt_note = "with groundtruth" if seq.has_groundtruth else "no groundtruth"
        w.setWindowTitle(f"{seq.name} — Workbench")
        sizes = f"; images of several sizes, each shown at its own: {meta['frame_sizes']}" \
            if meta.get("frame_sizes") and not seq.uniform else ""
        chosen = f" (the sequence of the frames folder {meta['opened_as']})" if meta.get("opened_as") else ""
        w.statusBar().showMessage(
            f"Opened {seq.name}{chosen}: {frames_text(len(seq))}, {seq.modality}, {gt_note}{sizes}", 8000)
        self.frame_index = -1
        w.pixel_label.setText("")
        w.fps_label.setText("")  # the last run's speed belonged to the sequence it ran on
        w.methods.run_status.setText("")
        w.methods.set_progress(0.0, "idle", now=True)
        w.methods.forget_run_states()  # no method has run on this sequence yet
        self.set_frame(self.start_frame if self.start_frame < len(seq) else 0)
        w.tracking.runs_changed()
        w.notify_inspectors("on_sequence", seq)
        # the Spectrum tab (raised by the last cube) has nothing to show for this one: it no longer
        # hides the Methods dock and its Run button
        w.raise_over_spectrum()
        self.update_init_label()
        w.update_enabled()
        w.update_hint()
        w.forget_error(stale)  # what an earlier open (or frame) refused is not this sequence's
        said = [str(x) for x in meta.get("warnings") or []]
        if said:  # what the reader had to drop or guess (short groundtruth, wavelengths for other bands ...)
            # told once the window has switched to the sequence, on the next event-loop turn: a modal box
            # opened halfway through (before its frame, runs and inspectors) let worker results and timers
            # run against a half-switched window; not told when another sequence was opened meanwhile
            text = f"{seq.name} opened, but its reader noted:\n\n" + "\n".join(f"• {x}" for x in said[:8]) + (
                f"\n… and {len(said) - 8} more" if len(said) > 8 else "")
            QTimer.singleShot(0, self, lambda s=seq, t=text: self._warn_opened(s, t))
        return True

    def _warn_opened(self, seq, text: str) -> None:
        if self.sequence is seq and self._opening is not None:  # another one is being read: told once that
            QTimer.singleShot(50, self, lambda: self._warn_opened(seq, text))  # is done, if this one stays
            return
        if self.sequence is seq:
            self.w.show_warning("Opened with warnings", text)

    # --- frames --------------------------------------------------------------------------------
    def set_frame(self, i: int) -> None:
        """Frame ``i`` on screen. A large cube's frame not read yet (``display.is_heavy_read``: 0.1-0.2 s
        for 1024x1024x198 float32 from an ENVI file, up to a second from HDF5) is read on the render
        worker (one read or render at a time, the latest request waiting: frames scrubbed past are never
        read), then rendered (``redisplay``): the slider and the counter move at once, the image on screen
        stays until the new one is made, ``raw`` is None meanwhile (``frame_now`` reads it at once for
        who needs it now)."""
        w = self.w
        if self.sequence is None:
            return
        i = int(np.clip(i, 0, self.n_frames - 1))
        if i == self.frame_index and (self.raw is not None or self._awaited == i):
            return
        if self._heavy_reads and not self.cache.has(i) and (self.raw is not None or self._awaited is not None):
            self.frame_index, self.raw, self._awaited = i, None, i
            self._request_read(i)
            raw = None
            self.refresh_pixel()
        else:
            try:
                raw = self.cache.get(i)
            except Exception as exc:  # noqa: BLE001 - a damaged frame file
                self.stop_play()
                self._unreadable(i, exc)
                return
            self.frame_index, self.raw, self._awaited, self._raw_index = i, raw, None, i
            self._failed_at = None
            self.redisplay()
        w.slider.blockSignals(True)
        w.slider.setValue(i)
        w.slider.blockSignals(False)
        w.counter.show_frame(i, self.n_frames)
        # an image set of several sizes: each frame's own size beside its number (never read on the worker)
        size = f" · {raw.shape[1]}x{raw.shape[0]}" \
            if raw is not None and not getattr(self.sequence, "uniform", True) else ""
        w.frame_label.setText(f"frame {i + 1}/{self.n_frames}{size}")
        w.timeline.set_frame(i)
        w.refresh_overlays()
        w.view.set_init_visible(i == self.start_frame)
        w.notify_inspectors("on_frame", i)

    def frame_now(self) -> np.ndarray | None:
        """The raw frame on screen, read here and now if it is still being read on the worker (an action
        that needs it at once: the frame export, a segmenter's re-filter); None when it cannot be read."""
        i = self._awaited
        if self.raw is None and i is not None and self.sequence is not None:
            try:
                frame = self.cache.get(i)
            except Exception:  # noqa: BLE001 - told when the worker's read of it fails
                return None
            self._arrived(i, frame)  # (the worker's read of it, still going, is only kept in the cache)
        return self.raw

    def has_frame(self) -> bool:
        """A frame is on screen (its raw data here, or being read)."""
        return self.raw is not None or self._awaited is not None

    def frame_shape(self) -> tuple | None:
        """The shape of the raw frame on screen, known while it is still being read (a sequence read so is
        of one size)."""
        if self.raw is not None:
            return self.raw.shape
        return self._frame_shape if self._awaited is not None else None

    def _arrived(self, i: int, frame: np.ndarray) -> None:
        """The awaited frame ``i`` is read: ``raw`` is it, it is shown (rendered on the worker when heavy)
        as the display is now, and the Spectrum dock's spectra are redrawn from it."""
        self.raw, self._awaited, self._raw_index, self._failed_at = frame, None, i, None
        self.redisplay()
        w = self.w
        w._call_inspector(w.spectrum, "on_frame", i)

    def _request_read(self, i: int) -> None:
        self._request_render({"seq": self.sequence, "frame": i, "read": True})

    def _unreadable(self, i: int, exc: Exception) -> None:
        """A frame that cannot be read: the first of a sequence in a message box, every later one on the
        status bar (dragging the slider across damaged frames popped one box per frame visited, each
        opened while the drag went on). The frame shown before stays."""
        w = self.w
        self._failed_at = i
        text = f"{self.sequence.name}, frame {i + 1}: {exc}"
        if self._told_unreadable:
            w.last_error = f"Cannot read frame: {text}"
            w.statusBar().showMessage(f"Cannot read frame {i + 1}: {exc}", 10000)
            return
        self._told_unreadable = True
        w.show_error("Cannot read frame", text)

    def step(self, d: int) -> None:
        """The frame ``d`` on from the one on screen; after a frame that could not be read (the one before
        it stays shown), from that frame, so Right / Left go on past a damaged file instead of trying it
        again at every press."""
        self.stop_play()
        base, failed = self.frame_index, self._failed_at
        if failed is not None and (failed - base) * d > 0:
            base = failed
        self.set_frame(base + d)

    def display_params(self):
        w = self.w
        return w.cmap_combo.currentText(), display.STRETCHES[w.stretch_combo.currentText()], w.band_spin.value()

    def redisplay(self) -> None:
        """Show ``self.raw`` as the toolbar and the Spectrum dock say. A heavy frame (``display.is_heavy``:
        a large cube's colour or band mean, 0.1-0.8 s for 1024x1024x198) is rendered on a worker: the
        image on screen stays meanwhile (a new size: the cube's middle band at once), so scrubbing and
        playing never wait for it."""
        self.refresh_pixel()
        if self.raw is None:  # (a frame being read is shown as the display is when it arrives)
            return
        cmap, stretch, band = self.display_params()
        hsi = self.w.spectrum.view(self.sequence)  # (the sequence's frames are cubes or not, not the dock's last)
        self._render_asked += 1
        req = {"n": self._render_asked, "seq": self.sequence, "frame": self.frame_index, "raw": self.raw,
               "band": band, "hsi": hsi, "stretch": stretch, "cmap": cmap}
        if display.is_heavy(self.raw, band, hsi):
            if self.w.view._shape != tuple(self.raw.shape[:2]):  # nothing of this size on screen yet
                self._show(req, display.preview(self.raw, stretch))
            self._request_render(req)
            return
        self._render_pending = None  # replaced by this frame, shown now
        self._show(req, display.shown(self.raw, band, hsi, stretch))

    def _show(self, req: dict, result) -> None:
        """A rendered ``(image, levels)`` of request ``req`` onto the view; dropped when a later request's
        image is already there, or ``req`` was made for another sequence."""
        if req["n"] < self._render_shown or req["seq"] is not self.sequence:
            return
        self._render_shown = req["n"]
        view = self.w.view
        img, lv = result
        if lv is None:
            view.set_image(img)
        elif display.is_color(img):
            view.set_image(img.astype(np.float32), levels=lv)
        else:
            view.set_image(img, levels=lv, lut=display.lut(req["cmap"]))

    def rendering(self) -> bool:
        """A heavy frame is being read or rendered on the worker (or waits to be)."""
        return self._rendering is not None or self._render_pending is not None

    def _request_render(self, req: dict) -> None:
        if self._rendering is not None:
            self._render_pending = req  # the one it replaces (if any) is stale: never rendered
            return
        if req.get("read"):
            i = req["frame"]
            if i != self._awaited:
                return  # another frame is on screen since (or it was read meanwhile): never read
            if self.cache.has(i):  # read meanwhile (a run's worker read it)
                self._arrived(i, self.cache.get(i))
                return
        from workbench.core.jobs import call_reporting
        from workbench.gui.worker import Job

        if self._render_job is None:
            job = self._render_job = Job(self)
            job.returned.connect(self._on_rendered)
            job.errored.connect(self._on_render_error)
            job.progress.connect(self._on_render_progress)
            job.finished.connect(self._on_render_finished)
        self._rendering = req
        req["t0"] = time.perf_counter()
        # urgent: the user waits for it; not queued behind a run or a dataset's scoring on the pool
        if req.get("read"):
            self._render_job.start(call_reporting, req["seq"].frame, req["frame"], pass_context=True, urgent=True)
            return
        self._render_job.start(call_reporting, display.shown, req["raw"], req["band"], req["hsi"], req["stretch"],
                               pass_context=True, urgent=True)

    def _on_rendered(self, result) -> None:
        req = self._rendering
        if req is None:
            return
        if not req.get("read"):
            self._show(req, result)
            return
        i = req["frame"]
        if req["seq"] is not self.sequence:
            return
        if not self.cache.has(i):  # (a frame scrubbed past is kept too: coming back to it shows it at once)
            self.cache.put(i, result)
        if i == self._awaited:
            self._arrived(i, result)  # its render (when heavy) waits for this read's end

    def _on_render_error(self, exc) -> None:
        if isinstance(exc, Cancelled):
            return
        from workbench.gui.worker import describe

        req = self._rendering
        if req is not None and req.get("read"):
            i = req["frame"]
            if req["seq"] is self.sequence and i == self._awaited:  # a damaged frame: the last one read stays
                self._awaited = None
                self.stop_play()
                if self._raw_index is not None and self._raw_index != i:
                    self.set_frame(self._raw_index)
                self._unreadable(i, exc)
            return
        frame = f" frame {req['frame'] + 1}" if req is not None else ""
        self.w.statusBar().showMessage(f"Cannot show{frame}: {describe(exc)}", 10000)

    def _on_render_progress(self, fraction: float, message: str) -> None:
        req = self._rendering
        if req is not None and time.perf_counter() - req.get("t0", 0.0) > RENDER_TELL_S:
            what = "Reading" if req.get("read") else "Rendering"
            self.w.statusBar().showMessage(f"{what} frame {req['frame'] + 1}… {int(fraction * 100)}%", 2000)

    def _on_render_finished(self) -> None:
        self._rendering, req = None, self._render_pending
        self._render_pending = None
        if req is not None and req["seq"] is self.sequence:
            self._request_render(req)

    def cancel_render(self) -> None:
        """Stop rendering (another sequence replaces this one): the render running stops at its next
        block, the one waiting is dropped."""
        self._render_pending = None
        if self._render_job is not None and self._render_job.running:
            self._render_job.cancel()

    def refresh_pixel(self) -> None:
        """The status bar's pixel value read again at the last cursor position: the frame under it
        changed (a step, playback, a band); blank while the new frame is still being read."""
        if self._cursor_xy is None:
            return
        if self.raw is None:
            self.w.pixel_label.setText("")
            return
        self.on_cursor(*self._cursor_xy)

    def on_cursor(self, x: float, y: float) -> None:
        self._cursor_xy = (x, y)
        raw = self.raw
        if raw is None:
            return
        c, r = int(np.floor(x)), int(np.floor(y))
        h, wd = raw.shape[:2]
        if not (0 <= r < h and 0 <= c < wd):
            self.w.pixel_label.setText("")
            return
        v = raw[r, c]
        integer = np.issubdtype(raw.dtype, np.integer)
        if np.ndim(v) == 0:
            val = f"{v}" if integer else f"{float(v):.4g}"
        elif len(v) <= 4:
            val = "(" + ", ".join(str(int(x)) if integer else f"{float(x):.3g}" for x in v) + ")"
        else:
            b = self.w.band_spin.value()
            val = f"band {b}: {v[b]}" if b >= 0 else f"mean {float(np.mean(v)):.4g} ({len(v)} bands)"
        self.w.pixel_label.setText(f"x {c}  y {r}  = {val}")

    # --- playback ------------------------------------------------------------------------------
    def toggle_play(self) -> None:
        if self.play_timer.isActive():
            self.stop_play()
        elif self.sequence is not None:
            if self.frame_index >= self.n_frames - 1:
                self.set_frame(0)
            self.play_timer.start(int(1000 / self.w.fps_spin.value()))
            self.w.btn_play.setIcon(self.w.style().standardIcon(QStyle.StandardPixmap.SP_MediaPause))
            self.w.act_play.setText("Pause")

    def stop_play(self) -> None:
        self.play_timer.stop()
        self.w.btn_play.setIcon(self.w.style().standardIcon(QStyle.StandardPixmap.SP_MediaPlay))
        self.w.act_play.setText("Play")

    def play_tick(self) -> None:
        if self.frame_index >= self.n_frames - 1:
            self.stop_play()
            return
        self.set_frame(self.frame_index + 1)
        nxt = self.frame_index + 1
        # (a large cube's frames are read on the worker as they are shown, never here)
        if nxt < self.n_frames and not self._heavy_reads and not self.cache.has(nxt):
            # read the next frame in the idle time before the next tick
            QTimer.singleShot(0, lambda n=nxt: self._prefetch(n))

    def _prefetch(self, i: int) -> None:
        try:
            if self.cache is not None and not self.cache.has(i):
                self.cache.get(i)
        except Exception:  # noqa: BLE001 - reported when the frame is shown
            pass

    # --- following a run -----------------------------------------------------------------------
    def start_live(self) -> None:
        # the run starting is followed from its own frames: a run that ended before its first frame showed the
        # last run's last frame, another sequence's too (seq_irst refused on anti_uav_ir at frame 39 left the
        # view on frame 71, where a tracker had ended on the 71-frame sequence open before)
        self._latest, self._dirty = None, False
        self.live_timer.start()

    def note_result(self, i: int, frame=None) -> None:
        """A worker finished frame ``i`` (and read it: keep it, so showing it costs no second read)."""
        if frame is not None and self.cache is not None:
            self.cache.put(i, frame)
        self._latest = i
        self._dirty = True

    def stop_live(self, redraw: bool = False) -> None:
        self.live_timer.stop()
        if redraw:
            self._dirty = True
        self.live_refresh()

    def live_refresh(self) -> None:
        if not self._dirty:
            return
        self._dirty = False
        if self.w.methods.follow.isChecked() and self._latest is not None:
            self.set_frame(self._latest)
        else:
            self.w.refresh_overlays()
        now = time.perf_counter()
        if now - self._last_plot_update > LIVE_PLOTS_S:
            self._last_plot_update = now
            self.sigLiveTick.emit()

    # --- the initial box -----------------------------------------------------------------------
    def set_draw_mode(self, on: bool) -> None:
        self.w.view.set_draw_mode(on)
        self.w.update_hint()

    def on_init_box(self, box) -> None:
        if box is None:
            return
        # the box belongs to the frame it was drawn on: that frame becomes the start frame
        self.init_box = tuple(float(v) for v in box)
        self.start_frame = self.init_drawn_at = self.frame_index
        # shown: a box drawn on an earlier frame was hidden off its frame, and the one drawn here moves it
        self.w.view.set_init_visible(True)
        self.update_init_label()
        self.w.update_enabled()  # Run waits for the box where the start frame has no groundtruth
        self.w.update_hint()

    def start_from_here(self) -> None:
        """The next run starts at the current frame: from the box drawn on this frame, else its
        groundtruth, else the user draws one. A box drawn on another frame, or an earlier start frame's
        groundtruth, does not carry over (the target is elsewhere by now)."""
        if self.sequence is None:
            return
        view = self.w.view
        i = self.start_frame = self.start_chosen = self.frame_index
        if self.init_box is None or self.init_drawn_at != i:
            gt = self.sequence.gt_box(i)
            self.init_box = tuple(float(v) for v in gt) if gt is not None else None
            self.init_drawn_at = None
        view.set_init_box(self.init_box)
        view.set_init_visible(True)
        self.update_init_label()
        self.w.update_enabled()  # Run waits for the box where the start frame has no groundtruth
        self.w.update_hint()

    def clear_init_box(self) -> None:
        """The drawn box goes. The start frame goes back to the one chosen with Start from this frame where that
        frame has groundtruth, the run starting from it with that box, whatever frame the cleared box was drawn on
        (it went to the first frame with groundtruth: the frame the user chose was lost); else, and with no drawn
        box to clear (a second press), to the first frame with groundtruth. The box left is shown on its start
        frame only, as when stepping."""
        drawn = self.init_drawn_at is not None
        self.init_box, self.init_drawn_at = None, None
        seq = self.sequence
        if seq is not None:
            chosen = self.start_chosen if drawn else None
            gt = seq.gt_box(chosen) if chosen is not None and chosen < len(seq) else None
            if gt is not None:  # as Start from this frame left it: its groundtruth box
                self.start_frame, self.init_box = chosen, tuple(float(v) for v in gt)
            else:
                self.start_frame, self.start_chosen = seq.first_valid_frame() or 0, None
        self.w.view.set_init_box(self.init_box)
        self.w.view.set_init_visible(self.frame_index == self.start_frame)
        self.update_init_label()
        self.w.update_enabled()  # Run waits for the box where the start frame has no groundtruth
        self.w.update_hint()

    def set_init(self, box, start: int | None = None) -> None:
        """Set the initial box from code (tests, scripts)."""
        if start is not None:
            self.set_frame(start)
        self.w.view.set_init_box(box)
        self.on_init_box(self.w.view.init_box())

    def update_init_label(self) -> None:
        label = self.w.methods.init_label
        if self.sequence is None:
            label.setText("Open a sequence first.")
            return
        s = self.start_frame + 1
        if self.init_box is not None:
            b = ", ".join(f"{v:.0f}" for v in self.init_box)
            text = f"Initial box <b>{b}</b> (x, y, w, h) at frame <b>{s}</b>"
        elif self.sequence.gt_box(self.start_frame) is not None:
            text = f"Initial box: groundtruth at frame <b>{s}</b> — or drag on the frame to draw your own"
        else:
            text = f"<span style='color:{WARN_COLOR}'>Drag on the frame to draw the initial box.</span>"
        label.setText(text)
