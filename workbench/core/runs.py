"""Running a tracker over a sequence and saving the run with its identity.

``iter_track`` (in ``loops``, re-exported here) yields one ``FrameResult`` per frame; ``run_tracker``
collects it into a ``RunResult`` for the CLI and batch runs, and the window builds the same
``RunResult`` from the frames it showed. ``RunResult.save`` writes the boxes, the times and the run
folder's manifest (``results``); ``run_info`` describes a plugin run (settings, version, weights,
dataset) so that runs with other settings or of other datasets go to their own folders.
"""
from __future__ import annotations

import dataclasses
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import numpy as np

from workbench.core.boxes import Box
from workbench.core.data.sequence import Sequence
from workbench.core.errors import Cancelled, DataError, TrackerLost, WorkbenchError, stop_name
from workbench.core.jobs import JobContext
from workbench.core.loops import (FrameResult, initial_box, iter_track,  # noqa: F401 - re-exported
                                  iter_track_supervised, VOT_FAILURE, VOT_INIT, VOT_SKIPPED)
from workbench.core.methods import MapLayer, Tracker
from workbench.core.results import (DatasetNames, RunInfo, boxes_text, convention_text, dataset_folders,
                                    file_box_offset, file_convention, file_sha256, fits_float16, is_box_file,
                                    linked_roots, maps_path, maps_size_text, now_iso, plan_maps, refuse_other_method,
                                    resolved_places, run_dir, times_text, update_manifest, variant_name, write_maps)

__all__ = ["FrameResult", "Interrupted", "RobustnessResult", "RunResult", "initial_box", "iter_track", "run_info",
           "run_robustness", "run_tracker", "run_supervised"]

# Why a run is partial (the manifest's ``partial.reason``): frames from ``partial.frame`` on were not
# tracked; scorers count them as failures (zero overlap, as the toolkits' OPE counts a short / NaN
# result file) and flag the sequence ``partial`` in every table and JSON.
STOP_UNREADABLE, STOP_INTERRUPTED, STOP_CANCELLED = "unreadable frame", "interrupted", "cancelled"
STOP_LOST = "target lost"


class Interrupted(KeyboardInterrupt):
    """Ctrl-C during a run after it tracked something: ``result`` holds the frames tracked before it,
    marked partial (``stopped["reason"] == "interrupted"``), for the caller to save before it stops.
    Still a KeyboardInterrupt, so whoever does not know it stops as before."""

    def __init__(self, result: "RunResult"):
        super().__init__(f"{result.sequence}: interrupted")
        self.result = result

VOT_FOLDER = "baseline"  # the VOT toolkit's (and pysot-toolkit's) experiment folder for the supervised protocol


@dataclass
class RunResult:
    tracker: str
    sequence: str
    boxes: np.ndarray  # (N, 4), NaN rows where not tracked
    scores: np.ndarray  # (N,)
    times: np.ndarray  # (N,) seconds, NaN where not tracked
    start_frame: int = 0
    completed: bool = True
    maps: dict[int, dict[str, MapLayer]] = field(default_factory=dict)
    info: RunInfo | None = None  # None: settings unknown, saved to the flat OUT/<tracker>/ folder
    init_box: tuple | None = None
    # whether ``init_box`` was given (``--init``, a box drawn in the window) rather than the groundtruth's box of
    # ``start_frame``; None: not known (a result built by other code)
    init_given: bool | None = None
    started: str = ""
    finished: str = ""
    sequence_path: str | None = None
    # offset of the dataset's groundtruth file from our 0-based boxes (1 for OTB-style 1-based files):
    # the result file is written in the file's frame. None: unknown (the file is written 0-based and
    # the manifest says so, so it is still scored right).
    box_offset: int | None = None
    # what the dataset's reader says of its file's numbers (``results.file_convention``), for the manifest's words
    # (``convention_text``: "unshifted" where that file's base is not known); None: not said
    box_convention: str | None = None
    # {"frame": k, "reason": STOP_*, "error": text}: frames before k kept, k on not tracked (a frame that
    # could not be read, Ctrl-C); a cancel from the window is recorded the same way when saved
    stopped: dict | None = None
    protocol: str = "ope"  # "ope" or "vot" (supervised, re-initialised after failures)
    codes: np.ndarray | None = None  # vot: per frame 1 init, 2 failure, 0 skipped, -1 a tracked box
    # the maps ``save`` writes to ``<seq>_maps.npz`` (``results.write_maps``): None none, () every name in
    # ``maps``, else those names; ``maps_note``: why frames lack their maps (the window's memory budget)
    save_maps: tuple | None = None
    maps_note: str = ""
    # the window: ``save`` records the maps in the manifest but leaves writing the file (``maps_pending``) to
    # its caller, on a worker (``results.write_maps``)
    defer_maps: bool = False
    # the map names the tracker published in any frame (``run_tracker``); None: not known (a run the window
    # built: the names in ``maps`` are taken)
    published_maps: set | None = None
    # what ``save`` did with the maps: the manifest's ``maps`` entry (None: none written), why the write failed,
    # the file the caller still writes (``defer_maps``)
    maps_record: dict | None = None
    maps_error: str = ""
    maps_pending: Path | None = None
    # the complete run's result file that ``save`` kept, this stopped rerun written beside it (None: written in place)
    kept_complete: Path | None = None
    # where ``save`` put a run that started elsewhere than the run of its sequence in its folder ("" where it did not)
    beside_note: str = ""
    # the export: the saved maps file whose maps go with this result when they are not in ``maps``
    maps_source: Path | None = None
    # the record of the maps file ``save`` wrote (then ``maps_source``): the maps are on disk and no longer held in
    # ``maps`` (a batch keeps every result to its end, and with them every sequence's maps); a save again to the same
    # place records that file instead of removing it as an earlier run's
    maps_written: dict | None = None

    @property
    def frames_done(self) -> int:
        return int(np.sum(np.isfinite(self.times)))

    @property
    def fps(self) -> float:
        """Frames per second over the tracked frames after the first (initialisation excluded)."""
        t = self.times[self.start_frame + 1:]
        t = t[np.isfinite(t)]
        return float(len(t) / t.sum()) if len(t) and t.sum() > 0 else float("nan")

    def folder(self, out_dir: str | Path) -> Path:
        if self.info is None:
            return run_dir(out_dir, self.tracker)
        return self.info.folder(out_dir, self.tracker)

    def save(self, out_dir: str | Path) -> Path:
        """``<run folder>/<seq>.txt``, ``<seq>_time.txt`` (``times/<seq>_time.txt`` where that name is a sequence
        ``<seq>_time``'s box file: ``_times_place``) and the folder's manifest updated; boxes in
        the frame of the dataset's groundtruth file (``box_offset``), recorded in the manifest.
        A ``vot`` run goes to ``<run folder>/baseline/<seq>/<seq>_001.txt`` (VOT toolkit layout)."""
        _check_sequence_name(self.sequence)
        self.beside_note = self._beside_other_start(out_dir)
        folder = self.folder(out_dir)
        off = int(self.box_offset or 0)
        if self.protocol == "vot":
            folder = folder / VOT_FOLDER
            path = folder / self.sequence / f"{self.sequence}_001.txt"
        else:
            path = folder / f"{self.sequence}.txt"
        refuse_other_method(folder, self.tracker if self.info is None else self.info.method)
        times = path.with_name(path.stem + "_time.txt")
        moved: dict = {}
        if self.protocol != "vot":
            times, moved = _times_place(folder, path, times)
        # a rerun stopped early (unreadable frame, Ctrl-C) must not replace a whole run of the same settings:
        # that one stays what is scored; what this run tracked goes beside it as .partial
        self.kept_complete = (path if self.partial_record() and _holds_complete_run(folder, self.sequence, path)
                              else None)
        suffix = PARTIAL_SUFFIX if self.kept_complete is not None else ""
        text = (format_vot_trajectory(self.boxes, self.codes, off) if self.protocol == "vot"
                else boxes_text(self.boxes, off))
        self.maps_record, self.maps_error, self.maps_pending = None, "", None
        # the boxes, the times and the manifest's entry are one record: the two files are written to temporary
        # files first and replaced only once the manifest is written too (a failure between them, a full disk, left
        # new boxes beside the old times and entry, or a first save's boxes file with no entry); a failure leaves
        # the three as they were
        # the maps file (one-pass runs) joins them: an earlier run's maps are replaced or removed only with its entry
        then = None
        with _written_together({**({} if suffix else moved), _suffixed(path, suffix): text,
                                _suffixed(times, suffix): times_text(self.times)}) as together:
            if self.kept_complete is None:
                then = self._record(folder, path, off, together)
        if then is not None:
            then()
        if self.kept_complete is not None:
            return _suffixed(path, suffix)
        _drop_partial(path, times)  # the run in place supersedes an earlier stopped rerun's leftovers
        return path

    def _record(self, folder: Path, path: Path, off: int, together: ExitStack):
        """``save``'s maps (one-pass runs), staged in ``together`` (``_written_together``), and the run folder's
        manifest entry for the result file ``path``; returns what to do once the files are in place (None: nothing)."""
        then = self._save_maps(path, together) if self.protocol == "ope" else None
        info = self.info or RunInfo(self.tracker, variant=None)
        shared = info.manifest()
        shared["method"] = self.tracker if self.info is None else info.method
        shared["protocol"] = "vot-supervised" if self.protocol == "vot" else "ope"
        entry = {
            "start_frame": int(self.start_frame),
            "init_box": None if self.init_box is None else [float(v) for v in self.init_box],
            **({} if self.init_given is None else {"init_box_from": "given" if self.init_given else "groundtruth"}),
            "frames": len(self.boxes), "tracked": self.frames_done, "completed": bool(self.completed),
            "box_offset": off,
            "box_convention": convention_text(off, self.box_convention) if self.box_offset is not None
            else "0-based (the dataset's convention was not known when saved)",
            "device": info.device, "fps": self.fps, "started": self.started or None,
            "finished": self.finished or now_iso(), "sequence_path": self.sequence_path}
        partial = self.partial_record()
        if partial:
            entry["partial"] = partial
        if self.protocol == "vot" and self.codes is not None:
            entry["failures"] = int(np.sum(self.codes == VOT_FAILURE))
        if self.maps_record is not None:
            entry["maps"] = self.maps_record
        update_manifest(folder, shared, self.sequence, entry)
        return then

    def _beside_other_start(self, out_dir: str | Path) -> str:
        """A one-pass run whose start frame or first box differs from the run of its sequence already in its run
        folder (named by the tracker's settings only, so ``run --start`` / ``--init`` came to the same folder and
        replaced that run) goes beside it: to ``<variant>-run2`` (then -run3, ...; a flat folder's to
        ``<method>-run2``), the first that holds no run of the sequence or one from the same start and first box
        (replaced, as a rerun always was), as the window names a second run. ``info`` is changed to it; the note
        says where (empty when it stays)."""
        if self.protocol != "ope" or self.info is None:
            return ""
        first_folder = self.info.folder(out_dir, self.tracker)
        first = _started_elsewhere(first_folder, self.sequence, self.start_frame, self.init_box)
        if first is None:
            return ""
        info = self.info = self.info.beside_earlier(  # the window's naming of a second run (one rule)
            out_dir, lambda f: _started_elsewhere(f, self.sequence, self.start_frame, self.init_box) is not None,
            self.tracker)
        return (f"{first_folder / self.sequence}.txt holds a run from {_start_text(*first)}; this one, from "
                f"{_start_text(self.start_frame, self.init_box)} (0-based), is saved beside it in "
                f"{info.folder(out_dir, self.tracker)}")

    def _save_maps(self, path: Path, together: ExitStack):
        """The maps asked for (``save_maps``) beside the result file ``path``, written to a temporary file that
        ``together`` renames over it with the boxes once the manifest's entry is written; without them a maps file of
        an earlier run there is removed (it is not this run's) by the callable returned, called only once the entry
        is written (a failed save leaves the earlier run's maps with the entry that names them). A failed maps write
        keeps the boxes (``maps_error``)."""
        from workbench.core.atomic import atomic_path

        target = maps_path(path)
        if not self.maps and self.maps_written is not None and self.maps_source == target and target.is_file():
            self.maps_record = dict(self.maps_written)  # this result's own maps, written there by its first save
            return None
        if (not self.maps and self.maps_written is not None and self.save_maps is not None
                and self.maps_source is not None and Path(self.maps_source) != target):
            # saved again elsewhere: its maps are on disk, in the file its first save wrote (no longer held): that
            # file is copied to the new place with its record (it wrote none, "it publishes no maps")
            if self._copy_maps(Path(self.maps_source), target, together):
                return None
        written = None
        if self.save_maps is not None and self.maps and self.defer_maps:
            self.maps_record = plan_maps(target, self.maps, len(self.boxes), self.save_maps, self.maps_note)
            if self.maps_record is not None:
                self.maps_pending = target
        elif self.save_maps is not None and self.maps and plan_maps(target, self.maps, len(self.boxes),
                                                                    self.save_maps) is not None:
            try:
                with ExitStack() as one:
                    tmp = one.enter_context(atomic_path(target))
                    self.maps_record = write_maps(tmp, self.maps, len(self.boxes), self.save_maps, self.sequence,
                                                  self.maps_note, shown=target)
                    together.push(one.pop_all())  # renamed over ``target`` with the boxes, or removed
            except (OSError, WorkbenchError) as exc:
                why = str(exc).removeprefix(f"{target}: ")  # the path is said once
                self.maps_error = f"{target}: maps not saved: {why}"
            else:
                written = self.maps_record
        drop = (self.maps_record is None or self.maps_pending is not None) and not target.is_dir()

        def then() -> None:
            if written is not None:  # on disk now: not held with the result (rebound: a caller's dict kept)
                self.published_maps = set(self.published_maps or ()) | {k for m in self.maps.values() for k in m}
                self.maps, self.maps_source, self.maps_written = {}, target, dict(written)
            if drop:
                target.unlink(missing_ok=True)  # a folder of that name is the user's: left as it is (said, if asked)
        return then

    def _copy_maps(self, source: Path, target: Path, together: ExitStack) -> bool:
        """The maps file ``source`` an earlier save wrote copied to a temporary file that ``together`` renames over
        ``target`` (``_save_maps``), with its record (``maps_record``); False, and nothing written, where ``source``
        is gone; a failed copy is ``maps_error``."""
        from workbench.core.atomic import atomic_path, copy_bytes

        if not source.is_file():
            return False
        try:
            with ExitStack() as one:
                tmp = one.enter_context(atomic_path(target))
                copy_bytes(source, tmp)  # (a full disk names the target, not source -> temp: atomic_copy's way)
                together.push(one.pop_all())
        except (OSError, WorkbenchError) as exc:
            why = str(exc).removeprefix(f"{target}: ")
            self.maps_error = f"{target}: maps not saved: {why}"
            return False
        self.maps_record = {**self.maps_written, "file": target.name}
        return True

    def maps_message(self, path: str | Path | None = None) -> str:
        """The line a user reads about the maps ``save`` wrote (names, frames, size), or why none were
        written; empty when none were asked for."""
        if self.save_maps is None:
            return ""
        if self.maps_error:
            return self.maps_error
        published = sorted(self.published_maps or {k for m in self.maps.values() for k in m})
        missing = [n for n in self.save_maps if n not in published]
        rec = self.maps_record
        if rec is None:
            if self.kept_complete is not None:
                return f"{self.tracker} {self.sequence}: maps not saved (a stopped rerun, kept beside the complete run)"
            said = (f"no {', '.join(map(repr, missing))} map" + (f" (its maps: {', '.join(published)})"
                                                                  if published else "")) if missing else "no maps"
            return f"{self.tracker} {self.sequence}: no maps saved: it publishes {said}"
        where = maps_path(path) if path is not None else rec.get("file")
        text = f"{self.tracker} {self.sequence}: maps {maps_size_text(rec)} -> {where}"
        if missing:
            text += f"; it publishes no {', '.join(map(repr, missing))} map"
        return text + (f"; {rec['note']}" if rec.get("note") else "")

    def next_frame(self) -> int:
        """The first frame after the last tracked one (where a stopped run stopped)."""
        done = np.flatnonzero(np.isfinite(self.times))
        return int(done[-1]) + 1 if len(done) else int(self.start_frame)

    def partial_record(self) -> dict | None:
        """The manifest's ``partial`` entry: ``{"frame", "reason", "error"?}``, None for a whole run."""
        if self.stopped:
            return {"reason": STOP_UNREADABLE, **self.stopped}
        if not self.completed:
            return {"frame": self.next_frame(), "reason": STOP_CANCELLED}
        return None

    def stop_message(self, path: str | Path | None = None) -> str:
        """The one line a user reads when a frame or Ctrl-C stopped the run (empty when none did)."""
        if not self.stopped:
            return ""
        k, n = self.stopped["frame"], len(self.boxes)
        kept = (f"frames {self.start_frame}..{k - 1} (0-based) kept" if k > self.start_frame else "no frame kept")
        why = self.stopped.get("error") or self.stopped.get("reason", "")
        if self.kept_complete is not None:
            return (f"{self.sequence}: stopped at frame index {k} (frame {k + 1} of {n}): {why}; the complete "
                    f"earlier run in {self.kept_complete} is kept as it was; {kept}" + (f" in {path}" if path else ""))
        return (f"{self.sequence}: stopped at frame index {k} (frame {k + 1} of {n}): {why}; "
                f"{kept}" + (f", marked partial, in {path}" if path else ""))


# where a stopped rerun's boxes go when the folder already holds a complete run of the sequence (not
# ``*.txt``: result readers never take it for a sequence)
PARTIAL_SUFFIX = ".partial"


def _suffixed(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix) if suffix else path


@contextmanager
def _written_together(texts: dict):
    """``with _written_together({path: text, ...}) as together:`` each text written to a temporary file beside its
    path (``atomic.atomic_path``), all of them renamed over their paths when the block ends, in the order given
    (the boxes before their times); if a write or the block fails, no path is replaced (and no temporary file is
    left). The block may stage more files in ``together`` (an ExitStack: ``push`` an ``atomic_path`` it entered);
    those are renamed first."""
    from workbench.core.atomic import atomic_path

    with ExitStack() as stack:
        for path, text in reversed(texts.items()):  # an ExitStack leaves its last first: the first path renamed first
            tmp = stack.enter_context(atomic_path(path))
            with open(tmp, "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
        yield stack


def _times_place(folder: Path, path: Path, times: Path) -> tuple[Path, dict]:
    """Where a one-pass run with box file ``path`` in the flat run folder ``folder`` writes its times (``times``,
    ``<seq>_time.txt``, OTB's and pytracking's name), and the files to write first, {path: text}. That name is the box
    file of a sequence ``<seq>_time`` (folder sequences ``race`` and ``race_time`` side by side): where such a
    sequence's boxes are in the folder (``results.is_box_file``) the times go to ``times/<seq>_time.txt`` (the GOT-10k
    toolkit's OTB-style place, which ``results.time_file`` reads next); a run of ``<seq>_time`` whose box file now
    holds ``<seq>``'s times moves those there, written with its own files (neither overwrites the other)."""
    moved = {}
    if times.is_file() and is_box_file(times):
        times = folder / "times" / times.name
    if path.stem.endswith("_time") and path.is_file() and not is_box_file(path):
        try:
            moved[folder / "times" / path.name] = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise DataError(path, f"the times of {path.stem[:-5]!r} in the name of this run's box file could not "
                            f"be read to move them to times/: {exc}") from None
    return times, moved


def _drop_partial(*paths: Path) -> None:
    """Remove the ``.partial`` files a stopped rerun left beside ``paths``."""
    for p in paths:
        _suffixed(p, PARTIAL_SUFFIX).unlink(missing_ok=True)


def _holds_complete_run(folder: Path, sequence: str, path: Path) -> bool:
    """Whether ``folder`` already holds a complete run of ``sequence`` at ``path`` (its manifest says so)."""
    from workbench.core.results import read_manifest

    if not path.is_file():
        return False
    try:
        entry = ((read_manifest(folder) or {}).get("sequences") or {}).get(sequence) or {}
    except DataError:
        return False
    return bool(entry.get("completed")) and not entry.get("partial")


def _started_elsewhere(folder: Path, sequence: str, start_frame: int, init_box) -> tuple | None:
    """``(start frame, first box)`` of the run of ``sequence`` in the run folder ``folder`` when it started at another
    frame or from another first box than ``start_frame`` / ``init_box`` (0-based x, y, w, h); None when the folder
    holds no run of it, or one from the same start (which a rerun replaces, as it always did)."""
    from workbench.core.results import read_manifest

    if not (folder / f"{sequence}.txt").is_file():
        return None
    try:
        entry = ((read_manifest(folder) or {}).get("sequences") or {}).get(sequence)
    except DataError:
        return None  # a damaged manifest records nothing to go by (update_manifest keeps it aside)
    if not isinstance(entry, dict):
        return None
    old_start, old_box = entry.get("start_frame") or 0, entry.get("init_box")
    same_box = True
    if old_box is not None and init_box is not None:
        try:
            same_box = bool(np.allclose(np.asarray(old_box, float), np.asarray(tuple(init_box), float), atol=1e-3))
        except (TypeError, ValueError):
            same_box = False
    return None if old_start == start_frame and same_box else (old_start, old_box)


def _start_text(start: int, box) -> str:
    return f"frame {start}" + ("" if box is None else ", box " + ",".join(f"{float(v):g}" for v in box))


def _check_sequence_name(name: str) -> None:
    """A run is saved as ``<folder>/<sequence>.txt``: a sequence name that is not a file name would write
    elsewhere (``Sequence`` cleans the names it is given; this guards results built by other code)."""
    from workbench.core.data.sequence import is_file_name

    if not is_file_name(str(name)):
        raise WorkbenchError(f"sequence name {name!r} is not a file name: its results would be written outside "
                             "the run folder; not saved")


def format_vot_trajectory(boxes: np.ndarray, codes: np.ndarray | None, offset: int = 0) -> str:
    """VOT toolkit trajectory text: ``1`` on initialisation frames, ``2`` on failures, ``0`` on frames
    skipped (or not tracked), else ``x,y,w,h``."""
    lines = []
    for i, row in enumerate(np.asarray(boxes, float)):
        c = int(codes[i]) if codes is not None else (-1 if np.all(np.isfinite(row)) else VOT_SKIPPED)
        if c in (VOT_INIT, VOT_FAILURE, VOT_SKIPPED):
            lines.append(str(c))
        elif not np.all(np.isfinite(row)):
            lines.append(str(VOT_SKIPPED))
        else:
            r = row + np.array([offset, offset, 0.0, 0.0])
            lines.append(",".join(f"{v:.3f}".rstrip("0").rstrip(".") for v in r))
    return "\n".join(lines) + "\n"


def _config_dict(config) -> dict:
    if config is None or not dataclasses.is_dataclass(config):
        return {}
    return {f.name: getattr(config, f.name) for f in dataclasses.fields(config)}


def _weights_file(settings: dict) -> str | None:
    """The weights file a run uses: a ``weights`` setting (or one ending in ``_weights``) naming a file."""
    for k, v in settings.items():
        if (k == "weights" or k.endswith("_weights")) and isinstance(v, (str, Path)) and v and Path(v).is_file():
            return str(Path(v).resolve())
    return None


def reopen_path(seq) -> str | None:
    """The path that opens ``seq`` again, recorded as a run's ``sequence_path``: its path, or ``FILE.h5:/name`` for one
    dataset of an HDF5 file (``cube``'s ``meta['dataset_path']``; the file alone opens its default dataset)."""
    chosen = (getattr(seq, "meta", None) or {}).get("dataset_path")
    if chosen:
        return str(chosen)
    path = getattr(seq, "path", None)
    return str(path) if path is not None else None


def sequence_place(seq, given: str | Path | None) -> str | Path | None:
    """The path that places ``seq``'s runs (``dataset_of``): the path it was opened from, or, for a frames
    folder picked one level too deep (LaSOT's ``img/``, a VOT ``color/``), the sequence folder above it."""
    if (getattr(seq, "meta", None) or {}).get("opened_as") and getattr(seq, "path", None) is not None:
        return seq.path
    return given


def is_sequence_root(root: str | Path, entries) -> bool:
    """Whether the dataset ``root`` is itself one sequence: its listing (``open_dataset``) is that folder alone
    (``--dataset SEQ``, a sequence folder opened as a dataset)."""
    entries = list(entries)
    return len(entries) == 1 and getattr(entries[0], "path", None) is not None \
        and Path(entries[0].path).absolute() == Path(root).absolute()


def dataset_of(sequence_path: str | Path | None = None,
               dataset_root: str | Path | None = None) -> tuple[str | None, str | None]:
    """(dataset name, root) of a run: the one rule naming the ``<dataset>`` level of results, which run, eval,
    report, export-video, export-results, the plugins' verbs and the window all follow: the dataset root given
    names it (also a root that is itself one sequence, ``run --dataset SEQ``), else the folder holding the
    sequence (``run --sequence SEQ``). ``eval --dataset SEQ`` looked under SEQ's parent, where ``run --dataset
    SEQ`` had not stored: the readers look under ``dataset_names`` / ``saved_dataset_names``, this name first."""
    from workbench.core.data.cube import split_dataset_path

    if dataset_root is not None:
        # (--dataset FILE.h5:/name, one dataset of an HDF5 file: named as the file, not as the dataset)
        root = split_dataset_path(Path(dataset_root).absolute())[0]
        return root.name or None, str(root)
    if sequence_path is not None:
        # (one dataset of an HDF5 file, FILE.h5:/group/name: the folder holding the file, not 'FILE.h5:' or 'group')
        parent = split_dataset_path(Path(sequence_path).absolute())[0].parent
        return parent.name or None, str(parent)
    return None, None


def _root_alone(root: Path, sequence_path, entries) -> bool:
    """Whether the dataset ``root`` is itself one sequence: its listing (``entries``) is that folder alone; without
    a listing, the sequence at ``sequence_path`` is the root or the folder above it (a frames folder ``SEQ/img``)."""
    if entries is not None:
        return is_sequence_root(root, entries)
    given = Path(sequence_path).absolute() if sequence_path is not None else None
    return given in (root, root.parent)


def dataset_names(dataset_root: str | Path, entries) -> tuple[str, ...]:
    """The names runs of the dataset at ``dataset_root`` (listed as ``entries``) are read under: its name
    (``dataset_of``) first, then, for a root that is one sequence, the name of the folder holding it (where
    ``run --sequence SEQ`` stores, and where ``eval --dataset SEQ`` looked): ``saved_dataset_names`` of the root."""
    return saved_dataset_names(None, dataset_root, entries)


def _older_names(root: Path, name: str) -> tuple[str, ...]:
    """The other names runs of ``root``, a root that is one sequence, are stored under (its own folder's, the
    folder's holding it), other than ``name``."""
    return tuple(n for n in dict.fromkeys((root.name, root.parent.name)) if n and n != name)


def saved_dataset_names(sequence_path: str | Path | None = None, dataset_root: str | Path | None = None,
                        entries=None) -> tuple[str, ...]:
    """The ``<dataset>`` names the saved runs of a sequence (at ``sequence_path``, of the dataset ``dataset_root``
    listed as ``entries`` when one is open) are read under: ``dataset_of``'s first (where new runs go), then the
    names the same sequence's runs get when it is opened the other way: a root that is one sequence (``run
    --dataset SEQ``, the window's Open dataset root on SEQ) is named by its own folder, the sequence opened alone
    by the folder holding it; each finds the other's runs, as ``export-video --sequence`` does. A sequence of an
    open root is looked for where the root's scores look for it (``results.dataset_folders`` of its own entry): the
    folder holding it (``run --sequence``: DAUB's daub/ in an irst/ root, a LaSOT class folder) and those up to
    three above it (``run --dataset`` of a wider root); the Dataset dock lists those folders' runs of it too. Those
    are ``dataset_folders``' ``DatasetNames`` (not a plain tuple): where the root resolves to goes with them, and a
    run saved through a symbolic link of the root is read as eval reads it (``results.LevelTest``).
    Empty for a sequence without a path (the demo)."""
    name = dataset_of(sequence_path, dataset_root)[0]
    if name is None:
        return ()
    folders = None
    if dataset_root is None:
        older = (Path(sequence_path).absolute().name,)
    else:
        root = Path(dataset_root).absolute()
        alone = _root_alone(root, sequence_path, entries)
        older = _older_names(root, name) if alone else ()
        if sequence_path is not None:  # the folders eval and the dock read (not a copy of the rule): of the root's
            # listing where the root is this sequence, as eval lists it; else of this sequence's own entry
            listing = entries if alone and entries is not None else [SimpleNamespace(path=sequence_path)]
            folders = dataset_folders(name, listing, older)
            older = folders[1:]
    names = tuple(dict.fromkeys(n for n in (name, *older) if n))
    if folders is None:
        return names
    # as eval reads them: with where the root resolves to, runs saved through a link of it found (results.LevelTest)
    return DatasetNames(names, roots=folders.roots, sequences=folders.sequences, places=folders.places)


def wider_dataset_names(sequence_path: str | Path) -> tuple[str, ...]:
    """The names of the up to three folders (``results.ABOVE``) above the one holding the sequence at
    ``sequence_path``: where ``run --dataset`` of a wider root stored its runs (``run --dataset irst`` stores
    irst/daub/seqA's under ``irst``), the names a sequence opened alone has its runs read under besides
    ``saved_dataset_names``' (``with_wider_names``). A generic name (data/, test/) is shared by other datasets: a run
    found under one of these is the sequence's only where it was made over a root holding it (``results.holds_sequence``)."""
    from workbench.core.results import ABOVE

    p = Path(sequence_path).absolute()
    return tuple(dict.fromkeys(q.name for q in p.parents[1:1 + ABOVE] if q.name))


def alone_names(sequence_path: str | Path, sequence: str | None = None) -> tuple[str, ...]:
    """The ``<dataset>`` names the runs of the sequence at ``sequence_path``, opened alone, are read under, as
    ``export-video --sequence`` reads them: the folder holding it (``dataset_of``: ``run --sequence``), its own
    name (``run --dataset SEQ``), and the names of the folders above (``wider_dataset_names``: ``run --dataset`` of
    a wider root), these guarded (``with_wider_names``). A sequence directly under ``/`` has no folder name holding
    it: its own name alone (no ``<dataset>`` folder named "None" is read). ``sequence``: its name where it is not
    its folder's (OTB's Jogging-1 of Jogging/): the name its runs' files have (``with_wider_names``). The one place
    the names of a sequence opened alone are made: the window's runs of it (``tracking.read_saved_runs``), its Report
    (``export.report_levels``) and ``export-video --sequence`` read them."""
    p = Path(sequence_path).absolute()
    return with_wider_names(tuple(dict.fromkeys(n for n in (dataset_of(p)[0], p.name) if n)), p, sequence)


def with_wider_names(names, sequence_path: str | Path, sequence: str | None = None) -> tuple[str, ...]:
    """``names`` (a sequence's, opened alone: ``saved_dataset_names``) and, after them, the names of the folders
    above it (``wider_dataset_names``) not among them, guarded (``results.DatasetNames``): a run under one of those
    is read only where its recorded dataset root holds the sequence (``results.holds_sequence``). The one way a sequence's
    runs over a wider root are looked for: ``export-video --sequence`` (``alone_names``), the window's tracker runs
    (``tracking.read_saved_runs``' ``alone``) and its detector and segmenter runs (``sequence.method_run_names``).
    ``sequence``: the sequence's name where it is not its folder's (OTB's Jogging-1 of Jogging/): a run stored
    through a link of its root is found by the files named after it (``results.LevelTest``)."""
    given, names = names, tuple(names)
    wider = tuple(n for n in wider_dataset_names(sequence_path) if n not in names)
    # and where the sequence's folders resolve to (results.linked_roots): its runs saved through a link found too
    p = Path(sequence_path).absolute()
    own = {n for n in (p.name, sequence) if n}
    real: dict = {}  # (the folder holding it resolved once for both)
    return DatasetNames((*names, *wider), wider, sequence_path,
                        roots=frozenset(getattr(given, "roots", ())) | linked_roots([p], real),
                        sequences=frozenset(getattr(given, "sequences", ())) | own,
                        places={**(getattr(given, "places", None) or {}), **resolved_places({n: p for n in own}, real)})


def run_info(plugin, config, device: str, sequence_path: str | Path | None = None,
             dataset_root: str | Path | None = None) -> RunInfo:
    """The identity of a run of ``plugin`` with ``config`` (None: its defaults) on ``device``."""
    settings = _config_dict(config)
    defaults = _config_dict(plugin.default_config())
    changed = {k: v for k, v in settings.items() if k not in defaults or defaults[k] != v}
    weights = _weights_file(settings)
    name, root = dataset_of(sequence_path, dataset_root)
    version = getattr(plugin, "version", "") or ""
    if not version:  # a description imported directly rather than discovered: ask the registry's copy
        from workbench.core.registry import default_registry

        found = default_registry().plugins.get(plugin.name)
        version = found.version if found is not None else ""
    return RunInfo(method=plugin.name, kind=plugin.kind, plugin_version=version,
                   variant=variant_name(changed), settings=settings, changed=changed,
                   device=device if getattr(plugin, "uses_torch", False) else "cpu", weights=weights,
                   weights_sha256=file_sha256(weights) if weights else None, dataset=name, dataset_root=root)


def _compact(maps: dict, names: tuple) -> dict:
    """The maps ``names`` (all with ``()``) as float16, as they are saved (float32 where float16 overflows):
    a run that keeps its maps for saving holds half the memory or less."""
    out = {}
    for k, layer in maps.items():
        if names and k not in names:
            continue
        d = np.asarray(layer.data)
        d = d.real if np.iscomplexobj(d) else d
        out[k] = MapLayer(d.astype(np.float16 if fits_float16([d]) else np.float32), layer.region)
    return out


def run_tracker(tracker: Tracker, seq: Sequence, init: Box | None = None, start_frame: int = 0,
                keep_maps: bool = False, ctx: JobContext | None = None, name: str | None = None,
                info: RunInfo | None = None, save_maps: tuple | None = None) -> RunResult:
    """Track a whole sequence. On cancel the partial result is returned with ``completed=False``.
    ``info``: the run's identity (``run_info``), which decides where ``save`` writes. ``save_maps``: the
    map names ``save`` writes (``()``: all; None: none; ``batch.TrackTask.save_maps``), kept as float16."""
    n = len(seq)
    res = RunResult(
        tracker=name or getattr(tracker, "name", type(tracker).__name__),
        sequence=seq.name,
        boxes=np.full((n, 4), np.nan),
        scores=np.full(n, np.nan),
        times=np.full(n, np.nan),
        start_frame=start_frame,
        info=info,
        init_given=init is not None,
        started=now_iso(),
        sequence_path=reopen_path(seq),
        box_offset=file_box_offset(seq),
        box_convention=file_convention(seq),
        save_maps=None if save_maps is None else tuple(save_maps),
        published_maps=set(),
    )
    try:
        for fr in iter_track(tracker, seq, init, start_frame, keep_maps or save_maps is not None, ctx):
            if fr.index == start_frame:
                res.init_box = tuple(fr.box)
            res.boxes[fr.index] = fr.box
            res.scores[fr.index] = fr.score
            res.times[fr.index] = fr.seconds
            if fr.maps:
                res.published_maps.update(fr.maps)
            if keep_maps and fr.maps:
                res.maps[fr.index] = fr.maps
            elif save_maps is not None and fr.maps:
                kept = _compact(fr.maps, res.save_maps)
                if kept:
                    res.maps[fr.index] = kept
    except Cancelled:
        res.completed = False
    except DataError as exc:
        _stop_at(res, exc, start_frame)
    except TrackerLost as exc:  # the box exploded: the frames before it are kept, as for an unreadable frame
        _stop_at(res, exc, start_frame, STOP_LOST)
    except KeyboardInterrupt as stop:
        _interrupted(res, start_frame, stop)
    res.finished = now_iso()
    return res


@dataclass
class RobustnessResult:
    """The runs of one tracker on one sequence under OTB's TRE or SRE (``evaluation.robustness``):
    one ``RunResult`` per start / perturbed first box, saved together under ``<run folder>/<protocol>``."""

    tracker: str
    sequence: str
    protocol: str  # "tre" or "sre"
    runs: list[RunResult]
    planned: int  # runs the protocol asks for (more than ``len(runs)`` when cancelled or stopped)
    names: list[str] = field(default_factory=list)
    info: RunInfo | None = None
    box_offset: int | None = None
    box_convention: str | None = None  # as ``RunResult.box_convention``
    segments: int | None = None  # TRE: the starts asked for (fewer on a short sequence)
    init_omit: list | None = None  # frame ranges no run starts in (the OTB toolkit's initOmit), 0-based inclusive
    sequence_path: str | None = None
    kept_complete: Path | None = None  # set by ``save``: the complete earlier runs a cut-short rerun left alone

    @property
    def boxes(self) -> np.ndarray:
        return self.runs[0].boxes if self.runs else np.zeros((0, 4))

    @property
    def completed(self) -> bool:
        return len(self.runs) == self.planned and all(r.completed and not r.stopped for r in self.runs)

    @property
    def stopped(self) -> dict | None:
        return next((r.stopped for r in self.runs if r.stopped), None)

    def stop_message(self, path: str | Path | None = None) -> str:
        r = next((r for r in self.runs if r.stopped), None)
        if r is None:
            return ""
        kept = self.kept_complete
        if kept is not None:
            return (r.stop_message(None) + f"; the complete earlier {self.protocol.upper()} runs in {kept} are kept as "
                    f"they were; this rerun's files are beside them as *{PARTIAL_SUFFIX}")
        return r.stop_message(path)

    @property
    def fps(self) -> float:
        t = np.concatenate([r.times[r.start_frame + 1:] for r in self.runs]) if self.runs else np.zeros(0)
        t = t[np.isfinite(t)]
        return float(len(t) / t.sum()) if len(t) and t.sum() > 0 else float("nan")

    def folder(self, out_dir: str | Path) -> Path:
        base = run_dir(out_dir, self.tracker) if self.info is None else self.info.folder(out_dir, self.tracker)
        return base / self.protocol

    def save(self, out_dir: str | Path) -> Path:
        """``<run folder>/<protocol>/<seq>/<seq>_NNN.txt`` (+ ``_time``) per run and the protocol folder's
        manifest entry listing each run's start frame and first box; returns the sequence's folder."""
        from workbench.core.evaluation.robustness import CONVENTION, run_file_name, tre_convention

        folder = self.folder(out_dir)
        _check_sequence_name(self.sequence)
        off = int(self.box_offset or 0)
        seq_dir = folder / self.sequence
        refuse_other_method(folder, self.tracker if self.info is None else self.info.method)
        # a rerun that did not finish must not replace a complete run of the same settings (as for OPE):
        # that one stays what is scored, this one's files go beside it as .partial
        self.kept_complete = (seq_dir if not self.completed and _holds_complete_run(
            folder, self.sequence, seq_dir / run_file_name(self.sequence, 0)) else None)
        suffix = PARTIAL_SUFFIX if self.kept_complete is not None else ""
        runs, texts = [], {}
        for k, r in enumerate(self.runs):
            path = seq_dir / run_file_name(self.sequence, k)
            texts[_suffixed(path, suffix)] = boxes_text(r.boxes, off)
            texts[_suffixed(path.with_name(path.stem + "_time.txt"), suffix)] = times_text(r.times)
            rec = {"name": self.names[k] if k < len(self.names) else "", "start_frame": int(r.start_frame),
                   "init_box": None if r.init_box is None else [float(v) for v in r.init_box],
                   "tracked": r.frames_done, "completed": bool(r.completed), "fps": r.fps}
            if r.partial_record():
                rec["partial"] = r.partial_record()
            runs.append(rec)
        info = self.info or RunInfo(self.tracker, variant=None)
        shared = info.manifest()
        shared["method"] = self.tracker if self.info is None else info.method
        shared["protocol"] = self.protocol
        shared["protocol_convention"] = (tre_convention((), [self.segments] if self.segments else ())
                                         if self.protocol == "tre" else CONVENTION[self.protocol])
        entry = {"runs": runs, "planned": int(self.planned), "segments": self.segments, "completed": self.completed,
                 "frames": len(self.boxes), "box_offset": off,
                 "box_convention": convention_text(off, self.box_convention) if self.box_offset is not None
                 else "0-based (the dataset's convention was not known when saved)",
                 "device": info.device, "fps": self.fps, "finished": now_iso()}
        if self.init_omit:
            entry["init_omit"] = [[int(a), int(b)] for a, b in self.init_omit]
        with _written_together(texts):  # the runs' files replaced with the entry written, or none (as ``RunResult``)
            if self.kept_complete is None:
                update_manifest(folder, shared, self.sequence, entry)
        if self.kept_complete is not None:
            return seq_dir
        for old in seq_dir.glob(f"{self.sequence}_[0-9][0-9][0-9]*{PARTIAL_SUFFIX}"):
            old.unlink(missing_ok=True)  # an earlier stopped rerun's leftovers (it may have had more runs)
        return seq_dir


def run_robustness(tracker_factory, seq: Sequence, protocol: str, segments: int = 20, ctx: JobContext | None = None,
                   name: str | None = None, info: RunInfo | None = None) -> RobustnessResult:
    """OTB's TRE or SRE on one sequence (``evaluation.robustness.plan``): a fresh tracker from
    ``tracker_factory()`` for every run. A cancel keeps the runs finished before it (the result says
    ``completed=False``); progress covers all runs."""
    from workbench.core.evaluation.robustness import PROTOCOLS, plan

    if protocol not in PROTOCOLS:  # not the box file's fault: said as it is (below, a refusal names the file)
        raise WorkbenchError(f"unknown robustness protocol {protocol!r} (have {', '.join(PROTOCOLS)})")
    if seq.groundtruth is None:
        raise DataError(getattr(seq, "path", seq.name), f"{protocol.upper()} starts from the groundtruth, and "
                        "this sequence has none")
    ctx = ctx or JobContext()
    size = None
    if protocol == "sre":  # the toolkit keeps the perturbed boxes in the image
        first = seq.frame(0)
        size = (first.shape[1], first.shape[0])
    omit = (getattr(seq, "meta", None) or {}).get("tre_init_omit") or None  # the OTB toolkit's initOmit frames
    try:
        runs_plan = plan(protocol, seq.groundtruth, segments, size, omit=omit)
    except WorkbenchError as exc:  # said with the sequence's box file: a dataset run's refusal names which one
        meta = getattr(seq, "meta", None) or {}
        raise DataError(meta.get("groundtruth_file") or getattr(seq, "path", None) or seq.name, str(exc)) from None
    n_runs = len(runs_plan)
    res = RobustnessResult(tracker=name or "tracker", sequence=seq.name, protocol=protocol, runs=[],
                           planned=n_runs, info=info, box_offset=file_box_offset(seq),
                           box_convention=file_convention(seq),
                           segments=segments if protocol == "tre" else None, init_omit=omit,
                           sequence_path=reopen_path(seq))
    total = sum(len(seq) - s for s, _, _ in runs_plan)
    done = 0
    for start, box, label in runs_plan:
        span = len(seq) - start

        def part(fraction, message="", _done=done, _span=span, _label=label):
            ctx.progress((_done + fraction * _span) / total, f"{protocol.upper()} {_label}: {message}")

        sub = JobContext(part, ctx.token)
        try:
            r = run_tracker(tracker_factory(), seq, init=None if box is None else Box(*box), start_frame=start,
                            ctx=sub, name=res.tracker, info=info)
        except KeyboardInterrupt as stop:  # Ctrl-C: the runs so far (and this one's frames) are saved as TRE / SRE
            if isinstance(stop, Interrupted):
                res.runs.append(stop.result)
                res.names.append(label)
            if not res.runs:
                raise
            raise Interrupted(res) from None
        res.runs.append(r)
        res.names.append(label)
        done += span
        if not r.completed or r.stopped:
            break
    return res


def stop_frame(exc: WorkbenchError, start_frame: int) -> int | None:
    """The frame at which ``exc`` (a frame that cannot be read, a lost target: ``DataError`` / ``TrackerLost``) ends
    a run from ``start_frame``, the frames tracked before it kept; None where it names no frame or one at or before
    the start (nothing tracked yet): the run fails. The one rule of ``run_tracker`` and the re-run for a video's maps
    (``video.RerunMaps``)."""
    k = getattr(exc, "frame", None)
    return None if k is None or k <= start_frame else int(k)


def _stop_at(res: RunResult, exc: WorkbenchError, start_frame: int, reason: str = STOP_UNREADABLE) -> None:
    """A frame that cannot be read (or on which the tracker lost its target) ends the run there; what was tracked
    before it stays."""
    k = stop_frame(exc, start_frame)
    if k is None:
        raise exc  # nothing tracked yet (or not a frame's error): the run fails as before
    res.completed = False
    res.stopped = {"frame": int(k), "reason": reason, "error": str(exc)}


def _interrupted(res: RunResult, start_frame: int, stop: KeyboardInterrupt | None = None) -> None:
    """Ctrl-C: the frames tracked so far are kept, marked partial, and handed up in ``Interrupted``
    (the caller saves them and stops); with nothing tracked it is a plain KeyboardInterrupt. ``stop``'s argument
    names another signal that stopped it (the CLI raises ``KeyboardInterrupt("SIGTERM")`` on SIGTERM)."""
    k = res.next_frame()
    if k <= start_frame or not np.isfinite(res.times).any():
        raise stop if stop is not None else KeyboardInterrupt
    res.completed = False
    how = stop_name(stop)
    res.stopped = {"frame": k, "reason": STOP_INTERRUPTED, "error": f"interrupted ({how})"}
    res.finished = now_iso()
    raise Interrupted(res) from None


def run_supervised(tracker_factory, seq: Sequence, ctx: JobContext | None = None, name: str | None = None,
                   info: RunInfo | None = None, skip: int = 5) -> RunResult:
    """VOT's supervised (baseline) protocol over a whole sequence (``iter_track_supervised``):
    ``tracker_factory()`` gives a fresh tracker for each (re-)initialisation."""
    n = len(seq)
    res = RunResult(tracker=name or "tracker", sequence=seq.name, boxes=np.full((n, 4), np.nan),
                    scores=np.full(n, np.nan), times=np.full(n, np.nan), info=info, started=now_iso(),
                    sequence_path=reopen_path(seq),
                    box_offset=file_box_offset(seq), box_convention=file_convention(seq), protocol="vot",
                    codes=np.full(n, VOT_SKIPPED, dtype=np.int8))
    try:
        for fr, code in iter_track_supervised(tracker_factory, seq, skip=skip, ctx=ctx):
            if res.init_box is None:
                res.init_box = tuple(fr.box)
                res.start_frame = fr.index
            res.boxes[fr.index] = fr.box
            res.scores[fr.index] = fr.score
            res.times[fr.index] = fr.seconds
            res.codes[fr.index] = code
    except Cancelled:
        res.completed = False
    except DataError as exc:
        _stop_at(res, exc, res.start_frame)
    except KeyboardInterrupt as stop:
        _interrupted(res, res.start_frame if res.init_box is not None else len(res.boxes), stop)
    res.finished = now_iso()
    return res
