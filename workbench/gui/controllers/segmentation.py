"""Segmenters in the window: one frame on the GUI thread (a small network, instant), a whole sequence
in a worker (one event per frame, Cancel between frames), the per-frame results kept for scrubbing,
live re-filtering from a segmenter's cached logits, and the targets table.

Knows segmenters only through the ``Segmenter`` protocol (``predict(frame) -> SegOutput``) and the
core's ``iter_segment`` loop; a plugin that declares the ``refilter`` capability
(``refilter(threshold=None, **bounds)``) can be re-filtered live by a panel."""
from __future__ import annotations

import copy
import dataclasses
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject

from workbench.core.errors import Cancelled, DataError, WorkbenchError
from workbench.core.evaluation.running import RunningSegmentation
from workbench.core.jobs import JobContext
from workbench.core.methods import SegOutput, Target, call_method, checked_seg_output
from workbench.gui.controllers.inspectors_due import InspectorsDue
from workbench.gui.runner import FrameTap, import_for_window, inspector_imports, ready_to_make, run_job
from workbench.gui.targets_dock import NO_TARGETS
from workbench.gui.widgets import fps_text, frames_text
from workbench.gui.worker import LEFT_CALL, Job, LatestJob, describe, later

LIVE_S = 0.5  # the timeline and the Scores dock follow a run at this interval
SEG_COLOUR = "#4fc3f7"
SCORE_RULE = ("Scored against the label masks (DNANet / BasicIRSTD rules): mIoU = summed TP / (TP + FP + FN); "
              "nIoU = mean per-image IoU; Pd = labelled targets (8-connected) with a predicted component's "
              "centroid < 3 px away; Fa = unmatched predicted pixels / all pixels.")


def box_rule() -> str:
    """The rule a box- / point-labelled sequence's run is scored by here (``frame_scorer``)."""
    from workbench.core.evaluation.irst_boxes import BOX_CONVENTION

    return (f"Scored against the sequence's labelled boxes by the box rule of workbench segment, each frame's "
            f"mask (as shown) the prediction: {BOX_CONVENTION}.")


def score_text(s: dict) -> str:
    if s.get("miou") is None:  # box-scored (``RunningSegmentation.boxes``): Pd / Fa alone
        return f"Pd {s['pd']:.3f}  Fa {s['fa_e6']:.1f}e-6 by the box rule over {s['images']} labelled frames."
    return (f"mIoU {s['miou']:.3f}  nIoU {s['niou']:.3f}  Pd {s['pd']:.3f}  Fa {s['fa_e6']:.1f}e-6 "
            f"over {s['images']} labelled images.")


SEG_BUDGET_BYTES = 512 * 2**20  # saliency maps kept for scrubbing back; beyond it only the latest frames


def compact(out: SegOutput, saliency16: np.ndarray | None = None) -> SegOutput:
    """A copy small enough to keep per frame: float16 saliency (``saliency16`` when it is made
    already), bool mask."""
    sal = saliency16 if saliency16 is not None else np.asarray(out.saliency, np.float16)
    return SegOutput(saliency=sal, mask=np.asarray(out.mask, bool), targets=list(out.targets))


@dataclass
class SegResults:
    """Segmentation results of the open sequence by frame index (latest frames kept within a budget)."""

    label: str
    n: int
    frames: dict[int, SegOutput] = field(default_factory=dict)
    seconds: dict[int, float] = field(default_factory=dict)
    _bytes: int = 0
    folder: Path | None = None  # the run folder it is saved in (None: not saved, or not yet)
    method: str = ""  # the segmenter's plugin name ("": the label); a saved run's label names its folder too
    # (frame, the saliency array put last, its float16 copy): a re-filter of that frame reuses the copy
    _last: tuple | None = field(default=None, repr=False)

    def __post_init__(self):
        self.method = self.method or self.label

    def put(self, i: int, out: SegOutput, seconds: float | None = None,
            saliency16: np.ndarray | None = None) -> SegOutput:
        # a re-filter (the live sliders) brings the frame's saliency again, the same array: its float16
        # copy is kept, not made anew (the conversion was 70-85 ms of each slider step's ~100 ms on the
        # GUI thread for a 1024x1280 frame); ``saliency16``: the copy made already (Segment frame's worker)
        last = self._last
        reuse = last[2] if last is not None and last[0] == i and last[1] is out.saliency else None
        src = out.saliency
        out = compact(out, reuse if reuse is not None else saliency16)
        self._last = (i, src, out.saliency)
        size = out.saliency.nbytes + out.mask.nbytes
        old = self.frames.pop(i, None)
        if old is not None:
            self._bytes -= old.saliency.nbytes + old.mask.nbytes
        while self.frames and self._bytes + size > SEG_BUDGET_BYTES:
            k = min(self.frames)
            o = self.frames.pop(k)
            self._bytes -= o.saliency.nbytes + o.mask.nbytes
        self.frames[i] = out
        self._bytes += size
        if seconds is not None:
            self.seconds[i] = seconds
        return out

    def get(self, i: int) -> SegOutput | None:
        return self.frames.get(i)

    @property
    def fps(self) -> float:
        t = sum(self.seconds.values())
        return len(self.seconds) / t if t > 0 else float("nan")


def frame_scores(out: SegOutput, mask_path) -> tuple[dict, int] | None:
    """(the frame's numbers from ``SegmentationMetrics.update``, its pixels) of a segmenter's mask
    against the label mask at ``mask_path``; None without a label."""
    from workbench.core.data.masks import read_frame_mask
    from workbench.core.evaluation.segmentation import SegmentationMetrics

    if mask_path is None:
        return None
    pred = np.asarray(out.mask, bool)
    gt = read_frame_mask(mask_path, pred.shape[:2])
    return SegmentationMetrics(bins=2).update(pred.astype(np.float32), gt, probabilities=True), int(gt.size)


def frame_scorer(seq):
    """What each frame of a segmenter's run on ``seq`` is scored against: ``score(i, out) -> (numbers, pixels) |
    None`` (None: that frame has no label), against the sequence's label masks (``frame_scores``; a mask that
    cannot be read raises), else against its labelled boxes by the box rule ``workbench segment`` scores a box- /
    point-labelled set with (``irst_boxes.match_boxes`` of ``sequence_boxes``: ITSDT-15K, Anti-UAV, DAUB,
    labels.csv, IST-A), the run's mask its prediction as against masks; None where it has neither."""
    from workbench.core.data.masks import mask_files

    masks = mask_files(seq)
    if masks is not None:
        return lambda i, out: frame_scores(out, masks[i])
    from workbench.core.evaluation.irst_boxes import match_boxes, sequence_boxes

    boxes = sequence_boxes(seq)
    if boxes is None or all(b is None for b in boxes):
        return None

    def score(i: int, out: SegOutput):
        if not 0 <= i < len(boxes) or boxes[i] is None:  # a frame its labels do not cover: not scored
            return None
        pred = np.asarray(out.mask, bool)
        r = match_boxes(pred, boxes[i])
        return {k: r[k] for k in ("targets", "matched", "false_pixels")}, int(pred.size)

    return score


def masks_read_anew(seq) -> None:
    """A run on ``seq`` reads its label masks anew: their masks of another size than their frames are said again,
    once a folder (``masks.size_said_anew``; said once a reading of the set, a second run on the sequence left open
    in the window said nothing). No disk look: the folders of the paths its reading listed."""
    from workbench.core.data.masks import mask_files, size_said_anew

    for folder in {Path(m).parent for m in mask_files(seq) or () if m is not None}:
        size_said_anew(folder)


def segment_events(plugin, config, device: str, seq, indices: list[int], ctx: JobContext, imports=()):
    """The worker's generator over the core's ``iter_segment``: ``("imported",)`` once ``imports`` (the modules of
    its inspectors not imported yet: ``runner.inspector_imports``) are, before the segmenter is made (said only
    where there were some), ``("ready", segmenter)``, then
    ``("frame", i, SegOutput, frame, seconds, scores)`` per frame (``scores``: ``frame_scorer``'s, against
    the sequence's label mask or its labelled boxes, None without either); ``("mask_error", i, message)`` once
    when a label mask cannot be read (the run goes on, that frame unscored); ``("cancelled", n_done)`` or
    ``("error", message)`` when it stops early."""
    from workbench.core.loops import iter_segment

    if not (yield from ready_to_make(ctx, imports)):  # cancelled before the worker began or during the imports
        return
    try:
        seg = plugin.create(config, device)
    except Exception as exc:  # noqa: BLE001 - a plugin's bug must not end the app
        yield ("error", describe(exc))
        return
    yield ("ready", seg)
    tap = FrameTap(seq.frames)  # the window shows the frame the worker read without reading it again
    masks_read_anew(seq)
    scorer = frame_scorer(seq)
    done, mask_error = 0, False
    try:
        batch = 16 if str(getattr(seg, "device", "cpu")).startswith("cuda") else 1  # batches pay on a GPU
        for i, out in iter_segment(seg, dataclasses.replace(seq, frames=tap), indices, ctx, batch=batch):
            frame = tap.last[1] if tap.last and tap.last[0] == i else None
            done += 1
            scores = None
            if scorer is not None:
                try:
                    scores = scorer(i, out)
                except Exception as exc:  # noqa: BLE001 - a bad label file must not stop the run
                    if not mask_error:
                        mask_error = True
                        yield ("mask_error", i, describe(exc))
            yield ("frame", i, compact(out), frame, out.seconds, scores)
    except Cancelled:
        yield ("cancelled", done)
    except Exception as exc:  # noqa: BLE001
        yield ("error", describe(exc))


def read_targets(path) -> dict[int, list[Target]]:
    """{frame index: [Target]} of a targets CSV (``export.targets_csv``); {} when there is none."""
    import csv

    path = Path(path)
    if not path.is_file():
        return {}
    out: dict[int, list[Target]] = {}
    with open(path, newline="", encoding="utf-8-sig") as f:  # a byte-order mark (an Excel-minded export) dropped
        for row in csv.DictReader(f):
            box = tuple(float(row[k]) for k in ("x", "y", "w", "h"))
            out.setdefault(int(row["frame"]), []).append(Target(
                (float(row["cx"]), float(row["cy"])), int(row["pixels"]), float(row["aspect_ratio"]), box,
                float(row["score"])))
    return out


def read_saved_run(folder, entry: dict, seq, label: str, ctx: JobContext, method: str | None = None) -> tuple:
    """A segmenter's run saved in ``folder`` read back for ``seq`` on a worker: its masks (the saliency
    is not saved: the mask stands for it), the targets, and each mask scored against the sequence's
    label mask or labelled boxes (``frame_scorer``); progress per mask, Cancel between masks. Returns (seq,
    SegResults, RunningSegmentation)."""
    from workbench.core.results import read_mask

    name = seq.name
    if not (Path(folder) / name / "masks").is_dir():  # moved or deleted since the runs were listed
        raise DataError(Path(folder) / name / "masks", "the saved run's masks folder is gone")
    masks = [(int(p.stem), p) for p in sorted((folder / name / "masks").glob("*.png")) if p.stem.isdigit()]
    masks = [(i, p) for i, p in masks if 0 <= i < len(seq)]
    targets = read_targets(folder / (entry.get("targets") or f"{name}_targets.csv"))
    scorer = frame_scorer(seq)
    seg = SegResults(label, len(seq), folder=Path(folder), method=method or "")
    score = RunningSegmentation(len(seq))
    for k, (i, path) in enumerate(masks):
        ctx.check()
        mask = read_mask(path)
        out = seg.put(i, SegOutput(mask.astype(np.float32), mask, targets.get(i, [])))
        scores = scorer(i, out) if scorer is not None else None
        score.add(i, len(out.targets), *(scores or (None, None)))
        ctx.progress((k + 1) / len(masks), f"mask {k + 1} / {len(masks)}")
    return seq, seg, score


def save_and_read_manifest(save, *args) -> tuple[Path, dict | None]:
    """``save(*args)`` (``export.save_segmentation_run``: the run folder) and the folder's manifest read
    back, on the save's worker: the window names the run by them (``sequence.with_saved_run``)."""
    from workbench.core.results import read_manifest

    folder = Path(save(*args))
    try:
        manifest = read_manifest(folder)
    except (OSError, WorkbenchError):
        manifest = None
    return folder, manifest


class SegmentationController(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.w = window
        self.seg: SegResults | None = None  # results of the open sequence
        self.score: RunningSegmentation | None = None  # its scores against the label masks, as they come
        self._live_t = 0.0
        self.segmenter = None  # the interactive instance (its cached logits serve live re-filtering)
        self.segmenter_name: str | None = None
        self._key = None  # (name, device, settings) the interactive segmenter was made with
        self._index: int | None = None  # the frame whose logits the interactive segmenter holds
        self._refilter_wanted: tuple = (None, {})  # (threshold, bounds) of the live filter's latest move
        self._selected: int | None = None
        self._table_out = None
        # (file, frame size, file's time and size) -> the label mask last read: the overlays refreshed again
        # over the same frame (a method selected, a run listed, a layer ticked) read its PNG again each time
        self._mask_read: tuple | None = None
        self._running_name: str | None = None
        self._run_args: dict | None = None  # what the run started with (its saved identity)
        self._worker_segmenter = None
        self._status = ("done", "")
        self.job = self._new_job()
        self._inspectors = InspectorsDue(window, self, lambda: self.job.running)  # its docks waiting for its imports
        self._left_call = False  # the All frames run was cancelled during the segmenter's call and let go
        self.frame_job = Job(self)  # the frame on screen being segmented (segment_frame)
        self._frame_cancelled = False  # Cancel pressed while frame_job ran: its result is dropped when it returns
        self.save_job = Job(self)  # a finished run's masks and targets written to the workspace
        self.saved_to = None
        self._pending_saves: list[tuple] = []  # runs that ended while an earlier one was being written
        self.save_job.returned.connect(self._on_saved)
        self.save_job.finished.connect(self._next_save)
        self.save_job.errored.connect(lambda exc: self.w.show_error(  # a message, not only a status line
            "Could not save the segmentation", describe(exc)))
        # a saved run of the opened sequence read back and rescored (``read_saved_run``): off the GUI
        # thread (a long sequence's masks took seconds on it), with progress, cancelled by Cancel; the run
        # picked last alone comes through (another run picked, another sequence opened, a run started)
        self.load_job = LatestJob(self)
        self.saved: list[tuple] = []  # every saved run of the open sequence (``find_saved``)
        self._picked = None  # the folder of the saved run last picked to show (shown once read back)
        self._loading: tuple | None = None  # (label, folder) of the run the load job reads back
        self._writing: SegResults | None = None  # the run whose save is going
        self._writing_seq = ""  # and its sequence's name
        self._shown_before = None  # (seg, score, index) shown when the run going started
        self._load_status = ("done", "")  # the status of the run being loaded (cancelled: saved partial)
        # the sequence's runs listed again on a worker after a read-back failed (a run folder gone since the
        # list was made leaves it), and to name a run just saved where its name is uncertain (``_on_saved``):
        # the latest of each comes through, for the sequence it was asked for (``_relist_for``, ``_naming_for``)
        self._relisting = LatestJob(self)
        self._relist_for = None
        self._relisting.returned.connect(lambda runs: self._relisted(runs, None))
        self._relisting.errored.connect(lambda exc: self._relisted(None, exc))
        self._naming = LatestJob(self)
        self._naming_for: tuple | None = None  # (seq, its run saved, the folder it was saved to)
        self._naming.returned.connect(lambda runs: self._name_saved(*self._naming_for, runs))
        self._naming.errored.connect(lambda exc: self.w.statusBar().showMessage(
            f"could not list the saved segmentations of {self._naming_for[0].name}: {describe(exc)}", 8000))
        self.load_job.returned.connect(self._on_loaded)
        self.load_job.errored.connect(self._load_failed)
        self.load_job.progress.connect(self._load_progress)
        self.load_job.finished.connect(self.w.update_enabled)

    def _new_job(self) -> Job:
        """The All frames run's job (a fresh one after a run let go: ``_let_go``)."""
        return run_job(self, self._on_event, lambda exc: self._set_status("error", describe(exc)), self._on_finished)

    @property
    def running(self) -> bool:
        return self.job.running or self.frame_job.running

    @property
    def running_name(self) -> str | None:
        """The segmenter of the All frames run going or last started."""
        return self._running_name

    @property
    def loading(self) -> bool:
        """A saved run of the open sequence is being read back, or its runs are listed again after a
        read-back failed."""
        return self.load_job.pending or self._relisting.pending

    @property
    def saving(self) -> bool:
        """A finished run's masks and targets are being written (or wait their turn)."""
        return self.save_job.running or bool(self._pending_saves)

    def update_scores(self) -> None:
        """The timeline's curves and the Scores dock's row of the run (live, twice a second, and at the end)."""
        w = self.w
        if self.score is None or self.seg is None:
            w.timeline.clear_kind("segmentation")
            w.scores.set_run("segmentation", None)
            return
        name = self.seg.label
        w.timeline.set_series({name: self.score.series()}, {name: SEG_COLOUR}, "segmentation")
        done = int(np.isfinite(self.score.count).sum())
        summary = self.score.summary() or {}
        if self.score.boxes:  # Pd / Fa by the box rule, said so (no mIoU / nIoU columns to leave empty)
            from workbench.gui.scores_dock import BOX_SCORED

            summary = {k: v for k, v in summary.items() if k not in ("miou", "niou")}
            summary.update(scored_by=BOX_SCORED, convention=box_rule())
        w.scores.set_run("segmentation", {"method": name, "frames": f"{done} / {self.score.n}",
                                          "status": self._status[0] if not self.running else "running",
                                          **summary})

    def on_sequence(self, seq) -> None:
        self.score = None
        self.seg = None
        self._index = None
        self._selected = None
        self._relisting.drop()  # the sequence open before's
        self._naming.drop()
        self.w.targets.clear(NO_TARGETS)
        # the overlay controls are shown again when this sequence's segmentation (a saved one loaded, a
        # frame segmented) is: they stayed in the Layers dock over a detector's sequence opened after
        # a segmented one, with nothing to show, and an unticked "Target boxes" there hid its detections
        self.w.layers.seg_box.setVisible(False)
        # listed with the sequence on the opener's worker (``sequence.with_saved_runs``); here only for a
        # sequence set without them (the demo, a script's)
        self.saved = self.w.sequences.method_runs_for(seq, "segmenter", self.find_saved, self._not_listed)
        self.load_saved(seq, self.saved[-1] if self.saved else None)
        self.update_scores()

    def find_saved(self, seq) -> list[tuple]:
        """(label, folder, manifest, entry) of every segmenter run of ``seq`` saved in the workspace,
        oldest first (``sequence.saved_runs``); no mask read yet."""
        from workbench.gui import settings as wsettings
        from workbench.gui.controllers.method_runs import method_run_holds, saved_runs

        name = seq.name
        try:
            return saved_runs(wsettings.results_dir(), self.w.sequences.method_names(seq),  # (where runs go first)
                              "segmenter", name, method_run_holds("segmenter", name))
        except (OSError, ValueError, WorkbenchError) as exc:  # a damaged manifest: say so, show none
            return self._not_listed(seq, exc)

    def _not_listed(self, seq, exc) -> list:
        self.w.statusBar().showMessage(f"could not load the saved segmentation of {seq.name}: {exc}", 8000)
        return []

    def load_saved(self, seq, run) -> None:
        """A segmenter run saved in the workspace (one of ``find_saved``'s, None: none) shows again
        (nothing is lost, as a tracker's runs come back): its masks, the targets and the scores against
        the sequence's label masks, read on a worker (``read_saved_run``); a load of the sequence open
        before, or of another run, is cancelled."""
        self._picked = run[1] if run is not None else None
        if run is None:
            self.load_job.drop()
        else:
            label, folder, manifest, entry = run
            self._load_status = ("done", "") if entry.get("completed", True) else ("cancelled", "")
            self._loading = (label, folder)
            self.load_job.start(read_saved_run, folder, entry, seq, label, pass_context=True,
                                method=manifest.get("method"))
            self.w.methods.set_progress(0.0, f"{label}: loading the saved masks…", now=True)
        self.fill_runs()
        self.w.update_enabled()

    def show_saved(self, label: str) -> None:
        """The saved run ``label`` (picked in the Layers dock) replaces the run shown, its masks read
        back on a worker when picked."""
        seq = self.w.sequences.sequence
        run = next((x for x in self.saved if x[0] == label), None)
        if seq is None or run is None or self.running:
            return
        if self.seg is not None and self.seg.folder == run[1]:
            return  # shown already
        self.seg, self.score, self._selected = None, None, None
        self.w.targets.clear(f"{label}: loading the saved masks…")
        self.load_saved(seq, run)
        self.update_scores()
        self.w.refresh_overlays()

    def fill_runs(self) -> None:
        """The Layers dock's list of the sequence's segmenter runs, the one shown (or being read back)
        current."""
        from workbench.gui.controllers.method_runs import saved_run_entries

        seg = self.seg
        entries, current = saved_run_entries(self.saved, seg.folder if seg is not None else self._picked,
                                             seg.label if seg is not None else None)
        self.w.layers.set_method_runs("segmentation", entries, current)

    def _load_progress(self, fraction: float, message: str) -> None:
        self.w.methods.set_progress(fraction, f"loading the saved segmentation: {message}")

    def _on_loaded(self, loaded) -> None:
        seq, seg, score = loaded
        w = self.w
        if w.sequences.sequence is not seq or self.seg is not None or self.running or seg.folder != self._picked:
            return  # another sequence is open, segmented meanwhile, or another run picked: not this run's to show
        self.seg, self.score, self._status = seg, score, self._load_status
        w.methods.set_progress(1.0, f"{seg.label}: saved run loaded", now=True)
        w.layers.seg_box.setVisible(True)
        self.fill_runs()
        self.update_scores()
        w.refresh_overlays()
        w.update_hint()  # a segmentation on screen: no "draw the initial box" hint over it
        w.notify_inspectors("on_segment_result", seg.label, seg)

    def _load_failed(self, exc) -> None:
        cancelled = isinstance(exc, Cancelled)
        if cancelled:
            self.w.methods.set_progress(0.0, "loading the saved segmentation cancelled", now=True)
        else:
            self.w.methods.set_progress(0.0, "loading the saved segmentation failed", now=True)
            self.w.statusBar().showMessage(f"could not load the saved segmentation: {describe(exc)}", 8000)
        label, folder = self._loading or (None, None)
        seq = self.w.sequences.sequence
        if self.seg is not None or folder is None or folder != self._picked:
            return  # a run is shown, or none picked
        # the run picked is not shown: the Targets dock and the Layers dock say so (they said it was loading,
        # and named it as the run shown); a run folder gone since it was listed leaves the list
        self._picked = None
        if not cancelled and seq is not None:
            self._relist(seq)
        self.w.targets.clear(f"{label}: loading its saved masks was cancelled; pick it in the Layers dock to load it"
                             if cancelled else f"{label}: its saved masks could not be read ({describe(exc)})")
        self.fill_runs()

    def _relist(self, seq) -> None:
        """The runs of ``seq`` (open) listed again on a worker (walking the workspace's manifests here held the
        GUI thread), shown in the Layers dock once listed while ``seq`` is still open; ``loading`` until then."""
        self._relist_for = seq
        self._list_runs(self._relisting, seq)
        self.w.update_enabled()

    def _list_runs(self, job: LatestJob, seq) -> None:
        """``saved_runs`` of ``seq``'s segmenter runs, as ``job``'s latest request."""
        from workbench.gui import settings as wsettings
        from workbench.gui.controllers.method_runs import method_run_holds, saved_runs

        job.start(saved_runs, wsettings.results_dir(), self.w.tracking.dataset_name(seq), "segmenter", seq.name,
                  method_run_holds("segmenter", seq.name))

    def _relisted(self, runs, exc) -> None:
        seq = self._relist_for
        if self.w.sequences.sequence is seq:
            self.saved = list(runs) if exc is None else self._not_listed(seq, exc)
            self.fill_runs()
        self.w.update_enabled()

    # --- one frame -------------------------------------------------------------------------------
    def _config(self, name: str, then):
        """(plugin, config, True) of the segmenter ``name`` as the Methods dock sets it, when it can run; (plugin,
        None, False) when it cannot (said) or its readiness is being checked on a thread (``run_gate``: ``then()``
        is called when that answers, the press made again)."""
        w = self.w
        plugin = w.registry.plugins[name]
        try:
            config = w.methods.config_of(name, plugin)
        except (WorkbenchError, TypeError, ValueError) as exc:
            w.show_error(f"Settings of {name}", str(exc))
            return plugin, None, False
        # what it declares it lacks (weights): said before it starts; asked off the GUI thread where the Methods
        # dock's answer is not fresh (a check on a dead mount froze the window at the press)
        if not w.ready_to_run([(plugin, config)], then):
            return plugin, None, False
        w.methods.remember(name)
        return plugin, config, True

    def _interactive(self, name: str):
        """(the segmenter for single frames or None when it must be made, plugin, config, device, key);
        it is re-made only when its settings or device changed. None when the settings are invalid."""
        plugin, config, ok = self._config(name, lambda: self.segment_frame(name))
        if not ok:
            return None
        device = self.w.methods.device_for(name)
        key = (name, device, repr(config))
        cur = self.segmenter
        same = (cur is not None and self.segmenter_name == name and self._key is not None
                and self._key[:2] == key[:2] and repr(getattr(cur, "config", None)) == key[2])
        return (cur if same else None), plugin, config, device, key

    @property
    def frame_running(self) -> bool:
        return self.frame_job.running

    def segment_frame(self, name: str | None = None):
        """Segment the frame on screen. The segmenter is made (weights loaded) and run on a worker while
        this thread keeps handling events (a local event loop: the window repaints, nothing freezes;
        the window is busy meanwhile). Returns the SegOutput, or None."""
        w, nav = self.w, self.w.sequences
        name = name or w.methods.current_segmenter()
        if nav.sequence is None or not nav.has_frame():
            w.show_notice("Nothing to segment", "Open an image, a folder or a video first.")
            return None
        if not name or w.registry.plugins.get(name) is None or w.registry.plugins[name].kind != "segmenter":
            w.show_notice("No segmenter", "Select a segmenter in the Methods dock.")
            return None
        if w.busy:
            return None
        made = self._interactive(name)
        if made is None:
            return None
        seg, plugin, config, device, key = made
        seq, index, raw = nav.sequence, nav.frame_index, nav.raw
        imports = inspector_imports(plugin)

        def body():
            # its inspectors' modules not imported yet (torch, the model code): here, before the segmenter is made,
            # as a run's worker imports them (``runner.ready_to_make``); their docks are opened once it is done
            import_for_window(imports)
            # Cancel came during them (the slow part), or let this job go (a fresh frame job since: the flag is
            # the next press's by now): nothing is made
            if imports and (self._frame_cancelled or self.frame_job is not job):
                raise Cancelled("Segment frame cancelled before its segmenter was made")
            s = seg if seg is not None else plugin.create(config, device)
            # let go (or cancelled) while the segmenter was made (its weights loading): it does not predict beside
            # the next press's job
            if seg is None and (self._frame_cancelled or self.frame_job is not job):
                raise Cancelled("Segment frame cancelled before its segmenter predicted")
            # a large cube's frame still being read for the screen: read here, on the worker, too
            frame = raw if raw is not None else seq.frame(index)
            # held to the contract as the loops hold it: an exception or a wrong return is one line naming the call
            where = f"{seq.name!r} frame {index + 1}"  # as the window shows it
            t = time.perf_counter()
            o = call_method(s, "segmenter", "predict", frame, where=where)
            dt = time.perf_counter() - t
            o = checked_seg_output(o, s, np.shape(frame), where)
            # the float16 copy kept per frame, made here (56-190 ms for a 1280x1024 frame on a busy GUI thread)
            return s, o, dt, np.asarray(o.saliency, np.float16)

        w.update_enabled()
        self._frame_cancelled = False
        # once the job runs (a pass of its local loop), Cancel is enabled: updated before, it stayed grey
        later(w.update_enabled, context=self)
        job = self.frame_job
        try:
            seg, out, dt, saliency16 = job.run_and_wait(body)
        except Cancelled:  # Cancel let the call go (``_frame_let_go``: a fresh frame job since; it returns on its own,
            # its result dropped) or came during the inspectors' imports (nothing made); or the application quit
            left = LEFT_CALL if self.frame_job is not job else ""
            w.methods.set_progress(0.0, "cancelled", now=True)
            w.methods.run_status.setText(f"{name}: Segment frame cancelled; frame {index + 1} left as it was.{left}")
            return None
        except Exception as exc:  # noqa: BLE001 - a plugin's error stays a message
            w.show_error(f"{name} failed", describe(exc))
            return None
        finally:
            w.update_enabled()
            w.drop_run_refusal()  # (a one-frame run: its end line is the Methods dock's, not the status bar's)
        self.segmenter, self.segmenter_name, self._key = seg, name, key
        if self._frame_cancelled:  # a call cannot be stopped midway: Cancel drops what it returned
            w.methods.set_progress(0.0, "cancelled", now=True)
            w.methods.run_status.setText(f"{name}: Segment frame cancelled; frame {index + 1} left as it was.")
            return None
        if nav.sequence is not seq or nav.frame_index != index:
            return None  # another sequence or frame is on screen now: this result is not its
        self._index = nav.frame_index
        self._store(name, nav.frame_index, out, dt, saliency16)
        w.notify_inspectors("on_segment_frame", name, nav.frame_index, out)
        self.fill_runs()
        # the bar is this run's (it read the last run's "failed" under this frame's line)
        w.methods.set_progress(1.0, f"frame {nav.frame_index + 1} segmented", now=True)
        w.methods.run_status.setText(f"{name}: frame {nav.frame_index + 1} in {dt * 1000:.0f} ms, "
                                     f"{len(out.targets)} target{'' if len(out.targets) == 1 else 's'}")
        w.drop_run_ended()  # the status bar's end line of the last run is not this one's
        w.fps_label.setText(f"{name}: {fps_text(1 / dt)}" if dt > 0 else "")
        self._after_update(raise_table=True)
        self._open_inspectors(plugin)
        return out

    def _open_inspectors(self, plugin) -> None:
        """The plugin's inspector docks, opened behind the tab on screen as a tracker's are when it runs (a dock
        built now gets the segmentation shown through ``InspectorDock.catch_up``); their modules were imported by
        the frame's job (one that failed there is said by ``MainWindow.open_inspector``)."""
        for title in plugin.inspectors:
            self.w.open_inspector(plugin, title, raise_=False)

    def _store(self, name: str, i: int, out, seconds: float | None = None, saliency16=None):
        if self.seg is None or self.seg.method != name:
            self.seg = SegResults(name, self.w.sequences.n_frames)
        return self.seg.put(i, out, seconds, saliency16)

    def _after_update(self, raise_table: bool = False) -> None:
        self.w.layers.seg_box.setVisible(True)
        self._selected = None
        self.w.refresh_overlays()
        if raise_table:
            self.w.targets.show()
            self.w.targets.raise_()
        self.w.update_enabled()

    def refilter(self, threshold: float | None = None, **bounds):
        """Re-threshold / re-filter the frame on screen with the interactive segmenter's cached logits
        (no network call when they are this frame's). Panels' live sliders call this. Returns the SegOutput
        or None when nothing has been segmented yet."""
        w, nav = self.w, self.w.sequences
        # the latest move is the one filtered: moves made while this frame's network pass runs (below) are
        # applied when it ends
        self._refilter_wanted = (threshold, bounds)
        if self.frame_job.running:  # the segmenter is busy on a worker: what is on screen stays
            return self.seg.get(nav.frame_index) if self.seg is not None else None
        seg = self.segmenter
        plugin = w.registry.plugins.get(self.segmenter_name) if self.segmenter_name else None
        if seg is None or plugin is None or not plugin.has("refilter") or nav.sequence is None:
            return None
        if self._index != nav.frame_index:
            if not self._logits_of_frame_on_screen(seg):
                return None
            threshold, bounds = self._refilter_wanted
        frame = nav.frame_now()
        where = f"frame {nav.frame_index + 1}"  # as the window shows it
        try:
            out = call_method(seg, "segmenter", "refilter", threshold, where=where, **bounds)
            if frame is not None:  # (its shape checked against the frame's)
                out = checked_seg_output(out, seg, np.shape(frame), where, call="refilter")
            elif not isinstance(out, SegOutput):
                out = checked_seg_output(out, seg, (), where, call="refilter")
        except Exception as exc:  # noqa: BLE001
            w.show_error(f"{self.segmenter_name}: re-filter failed", describe(exc))
            return None
        self._store(self.segmenter_name, nav.frame_index, out)
        w.notify_inspectors("on_segment_frame", self.segmenter_name, nav.frame_index, out)
        self._after_update()
        return out

    def _logits_of_frame_on_screen(self, seg) -> bool:
        """The cached logits belong to another frame: one forward pass for the frame on screen, on a worker
        while this thread handles events (as Segment frame runs; on this thread a slider move after a step
        froze the window for the pass: 0.5 s for a 250x180 SIRST image on 2 busy cores). False when there
        is nothing to filter: no frame, an error (said), or another sequence or frame on screen by its end."""
        w, nav = self.w, self.w.sequences
        raw = None if w.busy else nav.frame_now()
        if raw is None:
            return False
        seq, index = nav.sequence, nav.frame_index
        w.update_enabled()
        try:
            self.frame_job.run_and_wait(call_method, seg, "segmenter", "predict", raw, where=f"frame {index + 1}")
        except Cancelled:  # Cancel let the pass go (``_frame_let_go``)
            return False
        except Exception as exc:  # noqa: BLE001
            w.show_error(f"{self.segmenter_name} failed", describe(exc))
            return False
        finally:
            w.update_enabled()
        if nav.sequence is not seq or self.segmenter is not seg:
            return False  # the logits are of a sequence (or a segmenter) no longer on screen
        self._index = index
        return nav.frame_index == index

    # --- the whole sequence ----------------------------------------------------------------------
    def segment_sequence(self, name: str | None = None) -> bool:
        """Segment every frame of the open sequence in a worker (progress, Cancel between frames)."""
        w, nav = self.w, self.w.sequences
        name = name or w.methods.current_segmenter()
        if w.busy:
            return False
        if nav.opening is not None:  # the sequence on screen is being replaced: its run would refuse the new one
            nav.still_opening()
            return False
        if nav.sequence is None:
            w.show_notice("Nothing to segment", "Open an image, a folder or a video first.")
            return False
        if not name or w.registry.plugins.get(name) is None:
            w.show_notice("No segmenter", "Select a segmenter in the Methods dock.")
            return False
        plugin, config, ok = self._config(name, lambda: self.segment_sequence(name))
        if not ok:
            return False
        self.load_job.drop()  # this run's results replace the saved run being read back
        try:  # import the plugin's modules (torch) here: first imports on a worker thread can hang
            from workbench.core.registry import resolve

            resolve(plugin.factory)
        except Exception as exc:  # noqa: BLE001
            w.show_error(f"{name} failed to load", str(exc))
            return False
        nav.stop_play()
        n = nav.n_frames
        device = w.methods.device_for(name)
        # the run shown until now: back on screen if this one stops before its first frame (nothing to show)
        self._shown_before = (self.seg, self.score, self._index)
        self.seg = SegResults(name, n)
        self.score = RunningSegmentation(n)
        self._live_t = 0.0
        self._running_name = name
        # the settings, device and sequence the run is saved under: those it started with, not the
        # form's at the end (a copy: the adopted segmenter's live re-filter changes its own config)
        self._run_args = {"plugin": plugin, "config": copy.deepcopy(config), "device": device,
                          "seq": nav.sequence, "dataset_root": nav.run_dataset_root()}
        self._worker_segmenter = None
        self._status = ("done", "")
        self._left_call = False
        self.fill_runs()
        # its inspector docks, as a tracker's run opens them: those whose module is imported built now, the others
        # once the worker has imported their modules (its ``imported`` event)
        self._inspectors.start([plugin])
        self.job.start(segment_events, plugin, config, device, nav.sequence, list(range(n)), pass_context=True,
                       imports=inspector_imports(plugin))
        w.show_run_started(f"{name}: segmenting {n} frames…")
        return True

    def cancel(self) -> None:
        if self.loading:  # a saved run being read back
            self.load_job.cancel()
            if self._relisting.pending:  # the list stays as it is
                self._relisting.drop()
                self.w.update_enabled()
        if self.job.running:
            self.job.cancel()
            # a slow plugin's call in progress is waited for (``Job.LET_GO_MS``), then let go (``_let_go``)
            name = self._running_name
            self.w.show_cancelling(f"waits for {name}'s current frame" if name else None)
            self.job.let_go_later(self._let_go, context=self)
        if self.frame_job.running:  # Segment frame: its predict() runs on until it returns (a slow plugin's 30 s)
            self._frame_cancelled = True
            self.w.methods.set_progress(0.0, "cancelling… (the segmenter's call in progress is waited for)", now=True)
            self.frame_job.let_go_later(self._frame_let_go, context=self)  # for ``Job.LET_GO_MS`` at most

    def _frame_let_go(self) -> None:
        """Cancel was pressed ``Job.LET_GO_MS`` ago during Segment frame (or a re-filter's pass) and the
        segmenter's call still ran: it was let go (``Job.let_go``; ``run_and_wait`` raises ``Cancelled``), a
        fresh job takes the next frame, and the segmenter in that call is not called again (made anew)."""
        self.frame_job = Job(self)
        self.segmenter = self.segmenter_name = self._key = self._index = None

    def _let_go(self) -> None:
        """Cancel was pressed ``Job.LET_GO_MS`` ago and the All frames run still ran (the segmenter's call in
        progress): it was let go (``Job.let_go``: what it returns is dropped, quitting waits for it only
        briefly), and the run ends now as cancelled, its frames kept and saved; a fresh job takes the next run.
        The segmenter is not kept for Segment frame (its call still runs on the worker)."""
        self.job = self._new_job()
        self._left_call = True
        self._worker_segmenter = None
        n = len(self.seg.seconds) if self.seg is not None else 0
        self._set_status("cancelled", f"cancelled after {frames_text(n)}")
        self._on_finished()

    def _set_status(self, status: str, msg: str) -> None:
        self._status = (status, msg)

    def _on_event(self, ev) -> None:
        kind = ev[0]
        if kind == "imported":
            self._inspectors.imported()
        elif kind == "ready":
            self._worker_segmenter = ev[1]
        elif kind == "frame":
            _, i, out, frame, dt, scores = ev
            if self.score is not None:
                self.score.add(i, len(out.targets), *(scores or (None, None)))
            self._on_frame(i, out, frame, dt)
            if time.perf_counter() - self._live_t > LIVE_S:
                self._live_t = time.perf_counter()
                self.update_scores()
        elif kind == "mask_error":
            self.w.statusBar().showMessage(f"label mask of frame {ev[1] + 1} not read, frame left unscored: "
                                           f"{ev[2]}", 15000)
        elif kind == "cancelled":
            self._set_status("cancelled", f"cancelled after {frames_text(ev[1])}")
        elif kind == "error":
            self._set_status("error", ev[1])

    def _on_frame(self, i: int, out, frame, seconds: float) -> None:
        nav = self.w.sequences
        if self.seg is not None:
            self.seg.put(i, out, seconds)
        n = nav.n_frames
        self.w.methods.set_progress((i + 1) / max(n, 1), f"{self._running_name}  {i + 1} / {n}")
        nav.note_result(i, frame)
        self.w.notify_inspectors("on_segment_frame", self._running_name, i, out)

    def _on_finished(self) -> None:
        w = self.w
        self._inspectors.ended()  # those of a run stopped before its worker imported them
        status, msg = self._status
        w.sequences.stop_live(redraw=True)
        name = self._running_name
        w.methods.set_running(False)
        fps = self.seg.fps if self.seg is not None else float("nan")
        n = len(self.seg.seconds) if self.seg is not None else 0
        before, self._shown_before = self._shown_before, None
        # stopped before its first frame: the run shown before it (a finished run, a saved one) stays on
        # screen and in the Scores dock (its masks vanished for an empty run: "frame 8 not segmented")
        empty = status in ("cancelled", "error") and n == 0 and before is not None and before[0] is not None
        if empty:
            self.seg, self.score, self._index = before
        left = LEFT_CALL if self._left_call else ""
        if status == "error":
            w.methods.set_progress(w.methods.progress.value() / 1000, "failed", now=True)
            w.methods.run_status.setText(f"{name}: failed — {msg}")
            w.show_error(f"{name} failed", msg)
        elif status == "cancelled" and n == 0:  # not "cancelled after 0 frames; those frames are kept"
            w.methods.set_progress(0.0, "cancelled before the first frame", now=True)
            shown = f" {self.seg.label} is shown as before." if empty else ""
            w.methods.run_status.setText(f"{name}: cancelled before the first frame; nothing saved.{shown}{left}")
        elif status == "cancelled":
            w.methods.set_progress(w.methods.progress.value() / 1000, "cancelled — frames so far kept", now=True)
            w.methods.run_status.setText(f"{name}: {msg}; those frames are kept.{left}")
        else:
            w.methods.set_progress(1.0, "done", now=True)
            speed = f", {fps_text(fps)}" if np.isfinite(fps) else ""  # (as the status bar says it: "0.017 fps")
            w.methods.run_status.setText(f"{name}: {frames_text(n)}{speed}.")
        summary = self.score.summary() if self.score is not None and not empty else None
        if summary is not None and status != "error":
            w.methods.run_status.setText(f"{w.methods.run_status.text()} {score_text(summary)}")
            w.methods.run_status.setToolTip(box_rule() if self.score.boxes else SCORE_RULE)
        w.show_run_ended(status, w.methods.run_status.text())
        self.update_scores()
        if np.isfinite(fps):
            w.fps_label.setText(f"{name}: {fps_text(fps)}")
        if self._worker_segmenter is not None:  # its cached logits are the last frame's
            self.segmenter, self.segmenter_name = self._worker_segmenter, name
            device = self._run_args["device"] if self._run_args is not None else w.methods.device_for(name)
            self._key = (name, device, repr(getattr(self.segmenter, "config", None)))
            done = sorted(self.seg.seconds) if self.seg is not None and not empty else []
            self._index = done[-1] if done else None  # (the adopted segmenter holds no frame's logits)
        self._after_update(raise_table=True)
        w.update_hint()
        if self.seg is not None and not empty:
            w.notify_inspectors("on_segment_result", self.seg.label, self.seg)
        # (an empty run put the run shown before back on screen: that one is saved already, and was saved again
        # as this run, a partial copy in a new folder, while the status said "nothing saved")
        if status in ("done", "cancelled") and not empty and self.seg is not None and self.seg.frames and name:
            self._save(name, status == "done")

    def _save(self, name: str, completed: bool) -> None:
        """The run's masks and targets to the workspace (``export.save_segmentation_run``: a folder that
        holds an earlier run of the sequence keeps it), on a worker, under the settings, device and
        sequence the run started with. A run that ends while an earlier one is still being written
        waits its turn."""
        from workbench.core.runs import reopen_path
        from workbench.gui import settings as wsettings
        from workbench.gui.controllers.export import save_segmentation_run

        a = self._run_args
        if a is None:
            return
        seq = a["seq"]
        self._pending_saves.append((self.seg, save_segmentation_run, wsettings.results_dir(), a["plugin"],
                                    a["config"], a["device"], seq.name, reopen_path(seq),
                                    a["dataset_root"], dict(self.seg.frames), completed, self.seg.fps,
                                    self.score.summary() if self.score is not None else None))
        self._next_save()

    def _next_save(self) -> None:
        if self._pending_saves and not self.save_job.running:
            self._writing, *args = self._pending_saves.pop(0)
            self._writing_seq = args[5]  # (save_segmentation_run, results_dir, plugin, config, device, seq_name, ...)
            self.save_job.start(save_and_read_manifest, *args)

    def _on_saved(self, got) -> None:
        from workbench.gui import settings as wsettings
        from workbench.gui.controllers.method_runs import with_saved_run

        folder, manifest = got
        self.saved_to = folder
        seg, seq = self._writing, self.w.sequences.sequence
        if seq is not None and seq.name == self._writing_seq:
            # the run is listed beside the earlier ones, named as they are ("seg/default-run2"), by its folder:
            # the workspace's manifests are walked (on a worker) only where that name is uncertain
            results_dir, dataset = wsettings.results_dir(), self.w.tracking.dataset_name(seq)
            saved = with_saved_run(self.saved, results_dir, dataset, folder, manifest, seq.name)
            if saved is not None:
                self._name_saved(seq, seg, folder, saved)
            else:
                self._naming_for = (seq, seg, folder)
                self._list_runs(self._naming, seq)
        elif seg is not None and seg is self.seg:
            seg.folder = Path(folder)
        st = self.w.methods.run_status
        st.setText(f"{st.text()} Masks and targets saved to {folder}.")
        # the dataset's Results column lists it (the workspace is not listed here)
        self.w.sequences.add_saved_runs([(self._writing_seq, Path(folder), False)])

    def _name_saved(self, seq, seg, folder, saved) -> None:
        """The sequence's saved runs ``saved`` (the one just saved to ``folder`` among them) listed in the
        Layers dock, and the run on screen named as the list names it, while ``seq`` is still open."""
        if self.w.sequences.sequence is not seq:
            return
        self.saved = saved
        if seg is not None and seg is self.seg:
            seg.folder = Path(folder)
            seg.label = next((x[0] for x in self.saved if x[1] == seg.folder), seg.label)
            self.update_scores()
        self.fill_runs()

    # --- the viewer and the targets table --------------------------------------------------------
    def _label_mask(self, i: int):
        """The open sequence's label mask of frame ``i`` at the frame's size, or None."""
        from workbench.core.data.masks import mask_files, read_frame_mask

        seq = self.w.sequences.sequence
        files = mask_files(seq) if seq is not None else None
        shape = self.w.sequences.frame_shape()  # (known while a large cube's frame is still being read)
        if files is None or not 0 <= i < len(files) or files[i] is None or shape is None:
            return None
        try:
            st = Path(files[i]).stat()
            key = (str(files[i]), tuple(shape[:2]), st.st_mtime_ns, st.st_size)
        except OSError:
            key = None
        if key is not None and self._mask_read is not None and self._mask_read[0] == key:
            return self._mask_read[1]
        try:
            mask = read_frame_mask(files[i], shape[:2])
        except WorkbenchError:
            mask = None
        self._mask_read = (key, mask) if key is not None else None
        return mask

    def draw(self, i: int, table: bool = True) -> None:
        """The segmentation of frame ``i`` on the frame; with ``table`` its targets in the Targets dock too
        (the window decides whose results it lists: ``MainWindow.targets_owner``)."""
        w = self.w
        w.view.set_label_mask(self._label_mask(i) if w.layers.show_gt.isChecked() else None)
        out = self.seg.get(i) if self.seg is not None else None
        if not table:
            self._table_out = None  # listed again when the dock is ours again
        if out is None:
            w.view.set_saliency(None)
            w.view.set_mask(None)
            w.view.set_targets(None)
            if self.seg is not None and table:
                w.targets.clear(f"{self.seg.label}: frame {i + 1} not segmented.")
            return
        op = w.layers.seg_opacity.value() / 100
        w.view.set_saliency(out.saliency if w.layers.show_saliency.isChecked() else None, op)
        w.view.set_mask(out.mask if w.layers.show_mask.isChecked() else None, op)
        w.view.set_targets([t.box for t in out.targets] if w.layers.show_targets.isChecked() else None,
                           selected=self._selected)
        if table and self._table_out is not out:
            self._table_out = out
            w.targets.set_targets(out.targets, f"{self.seg.label}, frame {i + 1}")

    def on_target_clicked(self, x: float, y: float, box) -> None:
        w = self.w
        self._selected = w.targets.table.currentRow()
        span = max(64.0, 6.0 * max(float(box[2]), float(box[3])))
        w.view.centre_on(x, y, span)
        out = self.seg.get(w.sequences.frame_index) if self.seg is not None else None
        if out is not None and w.layers.show_targets.isChecked():
            w.view.set_targets([t.box for t in out.targets], selected=self._selected)
