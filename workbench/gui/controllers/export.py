"""Exports: the plots (PNG, SVG, PDF, drawn by matplotlib from the scores the plots dock shows), the
numbers (CSV and JSON), the runs' result boxes (text, one file per tracker and sequence), the frame
on screen with its overlays (PNG at native resolution), and the results of segmenters and detectors:
masks as PNGs (``results.write_mask``), the Targets table and detections as CSV; a report (one HTML
page and a LaTeX table, ``core.evaluation.report``) of the open dataset's or sequence's results in the
workspace, and a video of the open sequence with its runs' boxes and the chosen map (``core.video``,
with a progress dialog and Cancel).

From the menus the files are written on a worker (matplotlib takes seconds): the status bar says
"exporting..." and then where the files went; the methods (``export_plots`` ...) write at once for
scripts and tests."""
from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog

from workbench.gui import settings as wsettings
from workbench.gui.widgets import agreed_to_replace, existing_files, may_write
from workbench.gui.worker import Job, describe, describe_at

CHECKING_FILES = "Checking which files exist…"  # the status bar while an export's files are looked for
TARGET_COLUMNS = ("frame", "target", "cx", "cy", "pixels", "aspect_ratio", "x", "y", "w", "h", "score")


def targets_csv(per_frame, names: dict | None = None) -> str:
    """The Targets table of every segmented frame as CSV: ``per_frame`` = [(frame index, [Target])];
    the ``frame`` column holds 0-based indices, as the detections CSV does. ``names`` ({i: name}, ``mask_names``:
    an export): a last column ``image``, the name its mask is exported under (an image set's ``Misc_13``: its
    index alone did not say which image a row is of)."""
    from workbench.core.csvtable import csv_text

    rows = []
    for i, targets in per_frame:
        for k, t in enumerate(targets):
            x, y, w, h = (float(v) for v in t.box)
            rows.append([int(i), k, f"{t.centroid[0]:.2f}", f"{t.centroid[1]:.2f}", int(t.pixels),
                         f"{t.aspect_ratio:.4g}", f"{x:.2f}", f"{y:.2f}", f"{w:.2f}", f"{h:.2f}", f"{t.score:.4g}"]
                        + ([names[i]] if names is not None else []))
    return csv_text(rows, TARGET_COLUMNS + (("image",) if names is not None else ()))


def write_segmentation(folder, sequence: str, frames: dict, names: dict | None = None,
                       bom: bool = False) -> list[Path]:
    """``folder/<sequence>/masks/<frame>.png`` (0 / 255, ``results.write_mask``) and
    ``folder/<sequence>_targets.csv``. ``frames``: {i: SegOutput}; ``names``: {i: the mask's file name
    without its suffix} (``mask_names``: an export), else frame indices 0-based as ``results.mask_name``
    names them (the workspace's layout, which the window reads back); ``bom``: the table with a UTF-8 byte-order
    mark (an export with ``settings.csv_bom``; ``csvtable.write_csv``)."""
    from workbench.core.csvtable import write_csv
    from workbench.core.results import write_mask

    table, masks = segmentation_files(folder, sequence, frames, names)
    out = [write_mask(masks[i], o.mask) for i, o in sorted(frames.items())]
    out.append(write_csv(table, targets_csv(((i, o.targets) for i, o in sorted(frames.items())), names), bom))
    return out


def segmentation_files(folder, sequence: str, indices, names: dict | None = None) -> tuple[Path, dict]:
    """Where ``write_segmentation`` writes the frames ``indices``: (``folder/<sequence>_targets.csv``, {i:
    ``folder/<sequence>/masks/<name>.png``}), ``names`` as there; a masks export looks for them first."""
    from workbench.core.results import mask_name

    folder = Path(folder)
    stem = (lambda i: names[i]) if names is not None else mask_name
    return folder / f"{sequence}_targets.csv", {i: folder / sequence / "masks" / f"{stem(i)}.png"
                                                for i in sorted(indices)}


def mask_names(seq, indices) -> dict:
    """The exported masks' names (without ``.png``) of the frames ``indices`` of ``seq``: an image set's
    by its images' own names (``Misc_34``, as SIRST users name masks), a sequence's by the 1-based frame
    number the window shows (``000034``). (They were named by 0-based index, ``000033`` for the frame the
    window calls 34, while the frame export is 1-based.)"""
    src = seq.frames
    while src is not None and not hasattr(src, "paths"):  # the window's wrappers (a lock, a count)
        src = getattr(src, "source", None)
    paths = getattr(src, "paths", None)
    if not seq.uniform and paths is not None and len(paths) == len(seq):
        stems = [Path(p).stem for p in paths]
        if len(set(stems)) == len(stems):  # one image a name (two folders' Misc_1 would overwrite)
            return {i: stems[i] for i in indices}
    return {i: f"{i + 1:06d}" for i in indices}


def exported_box_files(results) -> list[Path]:
    """The files a result boxes export (``save_exported``) of ``results`` (``box_results``) writes: each run's
    box file, and its maps file where it carries maps."""
    from workbench.core.results import maps_path

    return [p for r, path in results for p in ((path, maps_path(path)) if r.save_maps is not None else (path,))]


class Written(list):
    """The files an export returns, and ``what`` it wrote as the status bar says it ("2 runs (8 files)");
    empty: the files counted."""

    def __init__(self, files=(), what: str = ""):
        super().__init__(files)
        self.what = what


def save_segmentation_run(results_dir, plugin, config, device: str, seq_name: str, seq_path, dataset_root,
                          frames: dict, completed: bool, fps: float, scores: dict | None = None) -> Path:
    """A segmenter's run saved to the workspace as ``workbench`` saves runs: the run folder of its
    identity (``<dataset>/<method>/<variant>/``), masks and the targets CSV, and the manifest. A folder
    that holds an earlier run of the sequence keeps it: this one goes to ``<variant>-run2`` (then -run3,
    ...; a flat folder's to the sibling ``<method>-run2``), as a tracker's does (``RunInfo.beside_earlier``),
    so no older masks mix with its own."""
    from workbench.core.results import RunInfo, now_iso, update_manifest
    from workbench.core.runs import run_info

    try:
        info = run_info(plugin, config, device, sequence_path=seq_path, dataset_root=dataset_root)
        shared = None
    except Exception:  # noqa: BLE001 - without an identity the run still saves (flat folder)
        info = RunInfo(plugin.name, kind="segmenter", variant=None)
        shared = {"method": plugin.name, "kind": "segmenter"}
    info = info.beside_earlier(results_dir,
                               lambda f: (f / seq_name).exists() or (f / f"{seq_name}_targets.csv").exists())
    folder = info.folder(results_dir)
    shared = shared or info.manifest()
    write_segmentation(folder, seq_name, frames)
    update_manifest(folder, shared, seq_name, {
        "frames_done": len(frames), "completed": bool(completed), "device": device,
        "fps": fps if np.isfinite(fps) else None, "finished": now_iso(),
        "masks": f"{seq_name}/masks", "targets": f"{seq_name}_targets.csv",
        "sequence_path": str(seq_path) if seq_path is not None else None,
        **({"scores": scores} if scores else {})})
    return folder

def report_levels(dataset_root, entries, seq_path=None, seq_name: str | None = None) -> str | tuple[str, ...] | None:
    """The ``<dataset>`` folders the report of the open dataset (``dataset_root`` listed as ``entries``) or, without
    one, of the sequence at ``seq_path`` (named ``seq_name``: OTB's Jogging-1 of Jogging/) reads runs from, as the
    Dataset scope's scores and ``workbench report`` read them: the dataset's name (``runs.dataset_of``) first, then
    where its runs were stored otherwise (class / split folders, ``results.dataset_folders``) and the names earlier
    versions stored them under (``runs.saved_dataset_names``); a sequence alone's as the window reads its runs and
    ``export-video --sequence`` does (``runs.alone_names``). The names are handed on as they are (not a tuple made
    of them): with where the root resolves to, its runs saved through a symbolic link of it are read, as eval reads
    them (``results.LevelTest``)."""
    from workbench.core.results import dataset_folders
    from workbench.core.runs import alone_names, saved_dataset_names

    if dataset_root is None:
        names = alone_names(seq_path, seq_name) if saved_dataset_names(seq_path) else ()
    else:
        names = saved_dataset_names(None, dataset_root, entries)
        names = dataset_folders(names[0], entries, names[1:]) if names else ()
    if not names:
        return None
    if getattr(names, "roots", None):
        return names
    return names[0] if len(names) == 1 else tuple(names)


def names_only(levels):
    """``report_levels``' names without where they resolve to and without the guarded wider names, for the
    Report's yes/no check on the GUI thread (``ExportController._report_has_results``): listed with its roots a
    listing scanned every other dataset's run folders and read manifests there (``results.LevelTest``), and a
    guarded name's runs have their manifests read. A run found only that way, not known to the window (its open
    sequence's runs and the Results column are read on workers with them), is missed by the check: the report is
    then refused with "Nothing to report" until the sequence or dataset is opened again (read with it then)."""
    from workbench.core.results import safe_name

    if levels is None or isinstance(levels, str):
        return levels
    guarded = getattr(levels, "guarded", frozenset())
    plain = tuple(n for n in levels if safe_name(n) not in guarded) or tuple(levels)[:1]
    return plain[0] if len(plain) == 1 else plain


def with_suffix(path, suffix: str) -> Path:
    """The file an export to ``path`` writes: ``path`` as it is when it ends in ``suffix`` in any case (``a.CSV``
    is not rewritten to another file ``a.csv``), else with ``suffix``."""
    path = Path(path)
    return path if path.suffix.lower() == suffix else path.with_suffix(suffix)


def files_folder(files) -> Path:
    """The folder that holds all of ``files`` (the status bar's "Exported N file(s) to ..."): the first
    file's folder named a subfolder when an export wrote into several ("boxes/tracking/kcf/default" for
    the result boxes of six runs, "masks/ist_a/masks" beside the targets CSV)."""
    import os

    parents = [str(Path(f).parent) for f in files]
    try:
        return Path(os.path.commonpath(parents))
    except ValueError:  # different drives
        return Path(parents[0])


def save_exported(out_dir, results) -> list[Path]:
    """Each run's ``RunResult`` (``ExportController.box_results``) saved under ``out_dir``, as the workspace
    keeps it: its boxes and, when it has them, its maps (``<seq>_maps.npz``, the manifest's ``maps`` record,
    as ``workbench run --save-maps`` writes them); a saved run's maps not read back yet are read from its
    maps file (``maps_source``) here, on the export's worker. Returns the result files."""
    from workbench.core.errors import WorkbenchError
    from workbench.core.results import read_maps

    from workbench.core.results import MANIFEST, maps_path, time_file

    out, written, gone = [], set(), []
    for r in results:
        source = getattr(r, "maps_source", None)
        # dropped for the window's budget, in no maps file (the file named is looked for here, not on the GUI thread)
        absent = getattr(r, "maps_gone_if_absent", None)
        if absent and not r.maps and source is not None and not _is_file(source):
            r.maps_gone, r.maps_source, r.maps, r.save_maps = absent, None, {}, None
            source = None
        if getattr(r, "maps_gone", None):
            gone.append(r.maps_gone)
        if not r.maps and source is not None:
            try:
                r.maps = read_maps(source, len(r.boxes))
            except (OSError, WorkbenchError):  # the boxes are exported all the same
                r.maps, r.save_maps = {}, None
        path = r.save(out_dir)
        out.append(path)
        # what the save wrote beside the boxes: the times, the maps (when recorded), the folder's manifest
        written |= {p for p in (path, time_file(path),  # (times/<seq>_time.txt beside a sequence <seq>_time)
                                maps_path(path) if r.maps_record is not None else None,
                                r.folder(out_dir) / MANIFEST) if p is not None and p.is_file()}
    n = len(out)
    done = Written(out, f"{n} run{'s' if n != 1 else ''} ({len(written)} file{'s' if len(written) != 1 else ''})")
    if gone:
        done.message = dropped_maps_note(gone)
    return done


def _is_file(path) -> bool:
    try:
        return Path(path).is_file()
    except (OSError, ValueError):
        return False


def dropped_maps_note(labels) -> str:
    """The export's note for runs whose maps the window's budget dropped (``map_budget``) and that have no maps
    file to read them from: exported without them."""
    return (f"the response maps of {', '.join(labels)} were dropped from memory (the window's budget for maps) and "
            f"{'are' if len(labels) > 1 else 'is'} in no maps file: exported without them")


def write_video_with_maps(seq, runs, out, fps, map_name, map_tracker, opacity, show_gt, source=None, note="",
                          absent_note="", ctx=None):
    """``video.write_video`` on the export's worker, the map of ``map_tracker`` read from its maps file
    ``source`` first when the window holds none of it (dropped for its budget, or a saved run's not read back
    yet), a frame at a time as ``workbench export-video`` reads saved maps (``video.SavedMaps``). ``note``: said
    with the video (the map could not be had); a file that cannot be read is said so, the video written without
    its map. ``absent_note``: said instead when ``source`` is not there (a window-saved run's maps file, named by
    the GUI thread without looking: ``tracking.maps_file_named``)."""
    from workbench.core.errors import DataError
    from workbench.core.results import read_maps
    from workbench.core.video import SavedMaps, write_video

    notes, opened, names = [note] if note else [], None, None
    if source is not None and map_name and absent_note and not _is_file(source):
        notes.append(absent_note)
        source = map_name = map_tracker = None
    if source is not None and map_name:
        run = next(r for r in runs if r.label == map_tracker)
        try:
            maps, names = SavedMaps.open(source, len(seq), map_name)
            if maps is None and names is None:  # not a file it streams: read whole
                maps = read_maps(source, len(seq))
            opened = maps if isinstance(maps, SavedMaps) else None
        except (DataError, OSError) as exc:
            maps = None
            notes.append(f"{exc}; the video has no {map_name!r} map")
        if maps is None and names is not None:
            notes.append(f"{source} holds no {map_name!r} map of {map_tracker}; the video has none")
        if maps is None:
            map_name = map_tracker = None
        else:
            run.maps = maps
    try:
        video = write_video(seq, runs, out, fps, map_name, map_tracker, opacity, show_gt, ctx=ctx)
    finally:
        if opened is not None:
            opened.close()
    if notes:
        video.message = "; ".join(m for m in (video.message, *notes) if m)
    return video


def _read_frame(seq, i: int) -> np.ndarray:
    """Frame ``i`` of ``seq`` read for the frame export (on its worker)."""
    from workbench.core.errors import WorkbenchError

    try:
        return seq.frame(i)
    except Exception as exc:  # noqa: BLE001
        raise WorkbenchError(f"frame {i + 1} of {seq.name} cannot be read: {exc}") from exc


def _csv(path) -> Path:
    return with_suffix(path, ".csv")


class ExportController(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.w = window
        self.job = Job(self)
        self.job.returned.connect(self._exported)
        self.job.errored.connect(self._failed)
        self.job.progress.connect(self._progress)
        self.job.finished.connect(self._next)
        self._pending: list[tuple] = []
        self._what = ""
        self._dialog = None  # the progress dialog of a long export (the video), with Cancel
        self._looking: set[Job] = set()  # folder exports whose files are looked for on a worker (``_when_agreed``)

    @property
    def running(self) -> bool:
        return self.job.running or bool(self._pending) or bool(self._looking)

    def add_result_actions(self, menu) -> None:
        """Export menu entries for segmenters' and detectors' results, the report and the video (enabled
        with a sequence open: ``result_actions``)."""
        self.act_masks = menu.addAction("Segmentation masks and targets (PNG, CSV)…", lambda: self.export_dialog("masks"))
        self.act_targets = menu.addAction("Targets table of this frame (CSV)…", lambda: self.export_dialog("targets"))
        self.act_detections = menu.addAction("Detections (CSV)…", lambda: self.export_dialog("detections"))
        self.result_actions = [self.act_masks, self.act_targets, self.act_detections]
        menu.setToolTipsVisible(True)  # a greyed entry says why (``update_actions``)
        menu.addSeparator()
        self.act_report = menu.addAction("Report (HTML + LaTeX)…", lambda: self.export_dialog("report"))
        self.act_video = menu.addAction("Video of this sequence…", lambda: self.export_dialog("video"))
        self.result_actions += [self.act_report, self.act_video]
        menu.addSeparator()
        # every CSV the window exports (scores, attributes, targets, detections, the masks' table): kept as chosen
        self.act_csv_bom = menu.addAction("CSV with a byte-order mark (Excel)")
        self.act_csv_bom.setCheckable(True)
        self.act_csv_bom.setChecked(wsettings.csv_bom())
        self.act_csv_bom.setToolTip("Begin each exported CSV with a UTF-8 byte-order mark, so that Excel on Windows "
                                    "shows CJK or accented sequence and tracker names right. Off: plain UTF-8, as "
                                    "scripts read it (with the mark they read it with encoding 'utf-8-sig').")
        self.act_csv_bom.toggled.connect(wsettings.set_csv_bom)

    def update_actions(self, has_seq: bool) -> None:
        """The result entries enabled with a sequence open; the segmentation's, the frame's targets' and
        the detections' only where there is something to write, greyed with the reason in their tooltip
        (they were enabled on a tracking sequence, and gave "Nothing to export" only when chosen)."""
        from workbench.gui.widgets import tip_with_reason

        why_seq = None if has_seq else "Open a sequence first."
        for act in (self.act_report, self.act_video):
            act.setEnabled(has_seq)
        for act, why in ((self.act_masks, why_seq or self._no_masks()),
                         (self.act_targets, why_seq or self._no_frame_targets()),
                         (self.act_detections, why_seq or self._no_detections())):
            act.setEnabled(why is None)
            tip_with_reason(act, why)

    def _no_masks(self) -> str | None:
        seg = self.w.segmentation.seg
        if seg is None or not seg.frames:
            return "No segmentation of this sequence yet: select a segmenter and run it (Segment frame, All frames)."
        return None

    def _no_detections(self) -> str | None:
        r = self.w.detection.result
        if r is None or not r.outputs:
            return "No detections of this sequence yet: select a detector and run it."
        return None

    def _frame_outputs(self) -> tuple[int, object, object]:
        """(the frame on screen, its segmentation output, its detections), None where there is none."""
        i = self.w.sequences.frame_index
        seg, det = self.w.segmentation.seg, self.w.detection.result
        return i, seg.get(i) if seg is not None else None, det.outputs.get(i) if det is not None else None

    def _no_frame_targets(self) -> str | None:
        """Why the frame on screen has no Targets table to export, None when it has one (asked with each frame:
        no rows built)."""
        i, seg_out, det_out = self._frame_outputs()
        if seg_out is None and det_out is None:
            return f"Frame {i + 1} has no targets: segment or detect it first."
        return None

    def _frame_targets(self) -> tuple[list | None, str | None]:
        """(the targets the Targets dock lists for the frame on screen, None) or (None, why there are none)."""
        why = self._no_frame_targets()
        if why is not None:
            return None, why
        _i, seg_out, det_out = self._frame_outputs()
        if det_out is not None and (seg_out is None or self.w.targets_owner() == "detection"):
            from workbench.gui.controllers.detection import detection_targets

            return detection_targets(det_out), None
        return seg_out.targets, None

    def _in_background(self, what: str, fn, *args, with_context: bool = False) -> None:
        """Write on a worker; exports asked for while one is written wait their turn. ``with_context``:
        ``fn`` takes ``ctx=`` (progress and Cancel, shown in a progress dialog)."""
        self._pending.append((what, fn, args, with_context))
        self._next()

    def _next(self) -> None:
        self._close_dialog()
        if self.job.running or not self._pending:
            return
        what, fn, args, with_context = self._pending.pop(0)
        self._what = what
        self.w.statusBar().showMessage(f"Exporting {what}…")
        self.job.start(fn, *args, pass_context=with_context)
        if with_context:
            from PySide6.QtWidgets import QProgressDialog

            dlg = QProgressDialog(f"Exporting {what}…", "Cancel", 0, 1000, self.w)
            dlg.setWindowTitle("Export")
            dlg.setMinimumDuration(300)
            dlg.setAutoClose(False)
            dlg.setAutoReset(False)
            dlg.canceled.connect(self.cancel)
            self._dialog = dlg

    def cancel(self) -> None:
        """Cancel the export being written (between frames for the video; its partial file is removed)."""
        self.job.cancel()

    def stop(self) -> None:
        """The exports waiting their turn are dropped and the one being written is cancelled (quitting)."""
        self._pending.clear()
        self._looking.clear()  # (their answers then start nothing)
        self.cancel()

    def _progress(self, fraction: float, message: str) -> None:
        self.w.statusBar().showMessage(f"Exporting {self._what}… {message}")
        if self._dialog is not None:
            self._dialog.setValue(int(max(0.0, min(1.0, fraction)) * 1000))
            self._dialog.setLabelText(f"Exporting {self._what}… {message}")

    def _close_dialog(self) -> None:
        if self._dialog is not None:
            self._dialog.canceled.disconnect(self.cancel)
            self._dialog.close()
            self._dialog.deleteLater()
            self._dialog = None

    def _failed(self, exc) -> None:
        from workbench.core.errors import Cancelled

        if isinstance(exc, Cancelled):
            self.w.statusBar().showMessage(f"Export of {self._what} cancelled: nothing written.", 8000)
            return
        self.w.show_error("Export failed", describe(exc))

    def wait(self, timeout_s: float = 60.0) -> bool:
        """Process events until every export asked for is written (scripts, tests)."""
        import time

        from PySide6.QtCore import QEventLoop

        t0, loop = time.perf_counter(), QEventLoop()
        while self.running and time.perf_counter() - t0 < timeout_s:
            loop.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            time.sleep(0.005)
        return not self.running

    def _exported(self, files) -> None:
        note = getattr(files, "message", "")
        what = getattr(files, "what", "")
        files = [f for f in (files or []) if f]
        if files:
            self.w.statusBar().showMessage(f"Exported {what or f'{len(files)} file(s)'} to {files_folder(files)}"
                                           + (f" ({note})" if note else ""), 8000)
        else:
            self.w.statusBar().showMessage("Nothing was exported.", 5000)

    def export_dialog(self, what: str) -> None:
        w, nav = self.w, self.w.sequences
        if nav.sequence is None:
            return
        start = str(wsettings.export_dir())
        if what in ("plots", "numbers") and not self._reports():
            return
        if what == "report":
            if not self._report_has_results():
                return
            path = QFileDialog.getExistingDirectory(w, "Write the report (report.html, report.tex) to folder", start)
            self._chose(path)
            if path and self._may_replace(Path(path) / "report.html", Path(path) / "report.tex"):
                self.export_report(path)
            return
        if what == "video":
            name = str(Path(start) / f"{nav.sequence.name}.mp4")
            path, _ = QFileDialog.getSaveFileName(w, "Export video", name, "MP4 video (*.mp4)")
            self._chose(path, file=True)
            out = self._video_named(path) if path else None
            if out:
                from workbench.core.video import added_suffix

                self.export_video(out, note=added_suffix(path) or "")
            return
        if what in ("plots", "boxes", "masks"):
            title = {"plots": "Export plots to folder", "boxes": "Export result boxes to folder",
                     "masks": "Export segmentation masks and targets to folder"}[what]
            if what == "masks" and not self._seg_frames():
                return
            if what == "boxes" and not self.w.tracking.live:  # the plots' Export… menu offers it always
                self.w.show_notice("Nothing to export", "No tracker run on this sequence yet: run a tracker first.")
                return
            path = QFileDialog.getExistingDirectory(w, title, start)
            self._chose(path)
            if not path:
                return
            # what is written is taken now, as chosen; the export starts once the files it would replace are
            # looked for on a worker (a sequence's masks: a file a segmented frame) and the user agrees
            if what == "plots":
                from workbench.core.evaluation.plots import PLOT_FORMATS, export_plots, plot_files

                reports, note, styles = self._as_shown()
                args = ("plots", export_plots, reports, path, PLOT_FORMATS, self._plot_title(), None, note, None,
                        styles)
                files = plot_files(path, PLOT_FORMATS)  # (the files export_plots writes, as it names them)
            elif what == "masks":
                frames = dict(self._seg_frames())
                names = mask_names(nav.sequence, frames)
                args = ("masks", write_segmentation, path, nav.sequence.name, frames, names, wsettings.csv_bom())
                table, masks = segmentation_files(path, nav.sequence.name, frames, names)
                files = [table, *masks.values()]
            else:
                results = self.box_results(path)
                args = ("result boxes", save_exported, path, [r for r, _ in results])
                files = exported_box_files(results)
            self._when_agreed(files, lambda a=args: self._in_background(*a))
            return
        if what in ("numbers", "targets", "detections", "attributes"):
            name = {"numbers": "scores.csv", "attributes": "success_by_attribute.csv", "targets": f"{nav.sequence.name}_{nav.frame_index + 1:05d}_targets.csv",
                    "detections": f"{nav.sequence.name}_detections.csv"}[what]
            if what == "detections" and not self._detections():
                return
            no_targets = self._no_frame_targets() if what == "targets" else None
            if no_targets is not None:  # said before a file is asked for
                self.w.show_notice("Nothing to export", no_targets)
                return
            if what == "attributes" and not self._attribute_rows():
                return
            path, _ = QFileDialog.getSaveFileName(w, f"Export {what}", str(Path(start) / name), "CSV (*.csv)")
            self._chose(path, file=True)
            path = self._named(path, ".csv") if path else None
            if what == "numbers" and path and not self._may_replace(_csv(path).with_suffix(".json")):
                return  # scores.json is written beside the CSV: the dialog asked about the CSV only
            if not path:
                return
            if what == "numbers":
                self._in_background("numbers", self._numbers_files, list(self.w.scoring.reports), path,
                                    wsettings.csv_bom())
            elif what == "detections":  # the run's frames taken now; written (and formatted) on a worker
                self._in_background("detections", self._detections_file, _csv(path),
                                    sorted(self.w.detection.result.outputs.items()), wsettings.csv_bom())
            else:  # the table taken now, as on screen; written on a worker, as the other exports (a slow disk)
                text = self._attributes_text() if what == "attributes" else self._targets_text()
                self._in_background(what, self._csv_file, _csv(path), text, wsettings.csv_bom())
            return
        else:
            name = f"{nav.sequence.name}_{nav.frame_index + 1:05d}.png"
            path, _ = QFileDialog.getSaveFileName(w, "Export frame", str(Path(start) / name), "PNG (*.png)")
            self._chose(path, file=True)
            path = self._named(path, ".png") if path else None
            if not path:
                return
            try:
                scene = self.frame_scene(now=False)
            except Exception as exc:  # noqa: BLE001
                self.w.show_error("Export failed", describe_at(path, exc))
                return
            from workbench.gui.frame_export import write_png

            # drawn on a worker: a large cube's colour takes 0.1-1 s (a failed write names the file)
            self._in_background("frame", write_png, path, scene)

    @staticmethod
    def _chose(path, file: bool = False) -> None:
        """The next export dialog starts where the user chose to write this one (nothing chosen: as before)."""
        if path:
            wsettings.set_export_dir(Path(path).parent if file else path)

    def _may_replace(self, *paths) -> bool:
        """True when none of ``paths`` exists or the user agrees to replace them (``widgets.may_write``, default No).
        Looks at each on the GUI thread: for a few files (the report's two, scores.json); a folder export's go
        through ``_when_agreed``."""
        return may_write(self.w, paths)

    def _when_agreed(self, paths, start) -> None:
        """``start()`` once none of ``paths`` exists or the user agrees to replace those that do
        (``widgets.agreed_to_replace``).
        Which exist is looked at on a worker (``existing_files``): a folder export's files were looked at one by
        one on the GUI thread, a file a segmented frame for masks (20000 frames: ~0.2 s on a local disk, a round
        trip to the server each on a network one). ``running`` meanwhile, said in the status bar; quitting (``stop``)
        starts nothing. Urgent (``Job.start``): the user waits for it, not behind a dataset's scoring in the pool."""
        job = Job(self)
        self._looking.add(job)
        job.returned.connect(lambda there, j=job: self._looked(j, there, start))
        job.errored.connect(lambda exc, j=job: self._looked(j, None, start, exc))
        job.finished.connect(lambda j=job: (self._looking.discard(j), j.deleteLater()))
        self.w.statusBar().showMessage(CHECKING_FILES)
        job.start(existing_files, [Path(p) for p in paths], urgent=True)

    def _looked(self, job, there, start, exc=None) -> None:
        if job not in self._looking:  # stopped (quitting)
            return
        if self.w.statusBar().currentMessage() == CHECKING_FILES:
            self.w.statusBar().clearMessage()  # (the export started says "Exporting …")
        try:  # (``running`` until the question is answered and the export queued)
            if exc is not None:
                self.w.show_error("Export failed", f"the files to write could not be looked for: {describe(exc)}")
            elif agreed_to_replace(self.w, there):
                start()
        finally:
            self._looking.discard(job)

    def _video_named(self, path) -> Path | None:
        """The video an export to ``path`` (the name typed in the file dialog) writes, as ``workbench
        export-video --out`` takes it (``video.video_path``): ``.mp4`` / ``.avi`` as typed, ``.mp4`` added to a
        name without an extension; another extension (``x.txt``, ``run.v2``) is refused with the command's
        message (it was replaced by ``.mp4`` without a word: ``x.mp4``, ``run.mp4``). None: nothing to write."""
        from workbench.core.errors import WorkbenchError
        from workbench.core.video import video_path

        try:
            out = video_path(path)
        except WorkbenchError as exc:
            self.w.show_error("Export video", str(exc))
            return None
        return self._checked(Path(path), out, ".mp4")

    def _named(self, path, suffix: str) -> Path | None:
        """The file an export to ``path`` (the name typed in the file dialog) writes: with ``suffix`` when it does
        not end in it (``with_suffix``), checked (``_checked``)."""
        return self._checked(Path(path), with_suffix(path, suffix), suffix)

    def _checked(self, typed: Path, out: Path, suffix: str) -> Path | None:
        """``out``, the file an export to ``typed`` (the name typed in the file dialog) writes, or None: a folder's
        name given as the file is refused (the error says to choose a file ending in ``suffix``); the dialog
        asked about replacing the name as typed only: when ``out`` is another name and that file exists, ask
        here (No: None, nothing is written)."""
        out = Path(out)
        # a folder's name given as the file (typed in the dialog, or a folder named x.png): it was written
        # beside the folder as "<folder>.csv" without a word, or asked to be "replaced" and then failed
        folder = next((p for p in (typed, out) if p.is_dir()), None)
        if folder is not None:
            self.w.show_error("Export failed", f"{folder}: is a folder, not a file: choose or type a file name "
                                               f"(ending in {suffix}) to write")
            return None
        if out != typed and not self._may_replace(out):
            return None
        return out

    # --- report and video (written in the background) ------------------------------------------------
    def export_report(self, out_dir) -> bool:
        """Queue ``report.html`` and ``report.tex`` of the workspace results of the open dataset (or,
        without one, of the open sequence) into ``out_dir``; False when there is nothing to report on. The runs
        are drawn as the window draws them (``tracking.styles``), as Export > plots does: by the label order, a
        run had one colour in the report and another in the plots."""
        import functools

        from workbench.core.evaluation import report
        from workbench.core.results import file_box_offset

        nav = self.w.sequences
        results = wsettings.results_dir()
        if not results.is_dir():
            self.w.show_notice("Nothing to report", "No saved results yet: run a tracker first.")
            return False
        styles = self.w.tracking.styles()
        report_for_dataset = functools.partial(report.report_for_dataset, styles=styles)
        write_report = functools.partial(report.write_report, styles=styles)
        if nav.dataset_root is not None:
            dataset = report_levels(nav.dataset_root, nav.dataset_entries)
            self._in_background("report", report_for_dataset, results, nav.dataset_root, out_dir, dataset, None,
                                False, nav.dataset_root.name, None, with_context=True)
            return True
        seq = nav.sequence
        if seq is None or seq.groundtruth is None:
            self.w.show_notice("Nothing to report", "The report scores results against groundtruth: open a "
                                                   "sequence or dataset that has it.")
            return False
        dataset = report_levels(None, None, nav.seq_path, seq.name) if nav.seq_path is not None else None
        self._in_background("report", write_report, results, out_dir, {seq.name: seq.groundtruth},
                            {seq.name: seq.attributes}, {seq.name: file_box_offset(seq)}, dataset, None, False,
                            seq.name, None, with_context=True)
        return True

    def _report_has_results(self) -> bool:
        """Whether the workspace holds tracker results of the open dataset (or sequence) to report on; says
        so when not, before a folder is asked for. (On a detector's dataset the report failed after the
        folder was chosen, with "Export failed: ...results: no result files (<tracker>/<sequence>.txt or
        <dataset>/<tracker>/<variant>/<sequence>.txt) found for dataset 'daub'".)"""
        from workbench.core.errors import WorkbenchError
        from workbench.core.results import list_results

        if self._known_report_results():
            return True
        nav = self.w.sequences
        results = wsettings.results_dir()
        try:
            if nav.dataset_root is not None:
                dataset = names_only(report_levels(nav.dataset_root, nav.dataset_entries))
                found = results.is_dir() and bool(list_results(results, dataset))
                where = f"the dataset {nav.dataset_root.name}"
            else:
                seq = nav.sequence
                dataset = (names_only(report_levels(None, None, nav.seq_path, seq.name))
                           if nav.seq_path is not None else None)
                found = results.is_dir() and any(seq.name in files for files in list_results(results, dataset).values())
                where = f"the sequence {seq.name}"
        except (OSError, ValueError, WorkbenchError):
            return True  # the report itself says what is wrong
        if not found:
            self.w.show_notice("Nothing to report", f"The report scores tracker runs, and the workspace holds none of "
                                                   f"{where} yet: run a tracker on it first.")
        return found

    def _known_report_results(self) -> bool:
        """Whether the window already knows of tracker results to report on, without listing the
        workspace (a walk of every run folder on the GUI thread, ~10 ms with a few runs, more with many):
        a saved run of the open sequence (its file still there: one stat), the dataset scope's scores
        shown, or the dataset's sequences with tracker results as its Results column last listed them.
        When none is known the workspace is listed (results written by the command line meanwhile)."""
        nav, results = self.w.sequences, wsettings.results_dir()
        for run in self.w.tracking.live.values():
            path = getattr(run, "saved_to", None)
            if path is not None and results in Path(path).parents and Path(path).is_file():
                return True
        if nav.dataset_root is None:
            return False
        if self.w.scoring.shown_dataset == nav.dataset_root and self.w.scoring.reports:
            return True
        known = nav.tracker_results
        return bool(known and known[0] == nav.dataset_root and known[1] == results and known[2])

    def video_runs(self) -> list:
        """The open sequence's runs as the viewer shows them: shown trackers, their colours and line styles (past
        the eighth colour dashed, as on the frame: ``tracking.style``), their maps."""
        from workbench.core.video import VideoRun

        tracking, hidden = self.w.tracking, self.w.layers.hidden()
        return [VideoRun(k, np.array(tracking.live[k].boxes, float, copy=True), c, dict(tracking.live[k].maps), line=line)
                for k, (c, line) in tracking.live_styles().items() if k not in hidden]

    def export_video(self, path, note: str = "") -> bool:
        """Queue the open sequence as a video with its runs' boxes, the groundtruth (when shown) and the
        map chosen in the Layers dock, its frames as the viewer shows them (colour map, contrast, band,
        HSI colour mode: ``look``, as the frame export); progress and Cancel in a dialog. ``note``: said with
        the video when it is written (the ``.mp4`` added to a name without an extension)."""
        from workbench.gui.controllers.tracking import dropped_map_names, maps_file_named
        from workbench.gui.frame_export import shown_sequence

        w, seq = self.w, self.w.sequences.sequence
        if seq is None:
            return False
        runs = self.video_runs()
        tracker, name = w.layers.selected_map()
        source, absent = None, ""
        if name and not any(r.label == tracker and any(name in m for m in r.maps.values()) for r in runs):
            # none in memory: a run whose maps the window's budget dropped (or a saved run's not read back yet)
            # has them read from its maps file on the export's worker, which looks whether it is there (named
            # here without looking: a dead mount held the GUI thread at each export)
            run = w.tracking.live.get(tracker)
            if run is not None and not run.maps and any(r.label == tracker for r in runs):
                source = maps_file_named(run, w.tracking.runner.pending_maps)
                if name in dropped_map_names(run):
                    dropped = dropped_maps_note([tracker]).replace("exported without them", f"the video has no {name!r} map")
                    if source is None:
                        note = f"{note}; {dropped}" if note else dropped
                    elif getattr(run, "saved_run", None) is None:  # a window-saved run's file: may not be there
                        absent = dropped
            if source is None:
                tracker = name = None
        self._in_background("video", write_video_with_maps, shown_sequence(seq, self.look()), runs, path, None, name,
                            tracker, w.layers.opacity.value() / 100, w.layers.show_gt.isChecked(), source, note,
                            absent, with_context=True)
        return True

    def _reports(self) -> list:
        if self.w.scoring.scoring_saved:
            # the open sequence's saved runs are scored on a worker (a fraction of a second after the open): a run
            # tracked in the window meanwhile made the reports non-empty, and the export took it without them
            self.w._process_events_while(lambda: self.w.scoring.scoring_saved, 30.0)
        reports = self.w.scoring.reports
        if not reports:
            self.w.show_notice("Nothing to export",
                              "No scored results yet: run a tracker on a sequence with groundtruth.")
        return reports

    def export_plots(self, out_dir, formats=("png", "svg", "pdf")) -> list[Path]:
        from workbench.core.evaluation.plots import export_plots

        if not self._reports():
            return []
        reports, note, styles = self._as_shown()
        try:
            return export_plots(reports, out_dir, formats, title=self._plot_title(), convention=note, styles=styles)
        except Exception as exc:  # noqa: BLE001
            self.w.show_error("Export failed", describe_at(out_dir, exc))
            return []

    def _as_shown(self) -> tuple[list, str, dict]:
        """The scores as the plots dock shows them, for the figures: a partial run's name with its ``*``
        (the legend), the dock's note (sequences, trackers on fewer of them, partial runs) before the
        scoring convention (the footer), and each tracker's (colour, line style) in the window
        (``tracking.style``): the figures coloured the trackers by their place among the scores, not as the
        window's plots, boxes and timeline show them."""
        import dataclasses

        starred, tracking = self.w.plots.partial, self.w.tracking
        reports = [dataclasses.replace(r, tracker=f"{r.tracker}*") if r.tracker in starred else r
                   for r in self.w.scoring.reports]
        styles = {shown.tracker: tracking.style(r.tracker) for shown, r in zip(reports, self.w.scoring.reports)}
        return reports, self.w.plots.note.text(), styles

    def _plot_title(self) -> str:
        nav = self.w.sequences
        if self.w.plots.current_scope() == "dataset" and nav.dataset_root is not None:
            return nav.dataset_root.name
        return nav.sequence.name if nav.sequence is not None else ""

    def export_numbers(self, csv_path) -> list[Path]:
        """``scores.csv`` and ``scores.json`` beside it."""
        reports = self._reports()
        if not reports:
            return []
        try:
            return self._numbers_files(reports, csv_path, wsettings.csv_bom())
        except Exception as exc:  # noqa: BLE001
            self.w.show_error("Export failed", describe_at(_csv(csv_path), exc))
            return []

    def _attribute_rows(self) -> list:
        """The rows of the plots dock's success AUC by attribute (none: says why)."""
        if not self._reports():
            return []
        rows = self.w.plots.attribute_rows[1]
        if not rows:
            self.w.show_notice("Nothing to export", "No attribute has scored frames in these scores: the "
                                                   "sequences carry no attributes.")
        return rows

    def _attributes_text(self) -> str:
        from workbench.core.csvtable import csv_text

        head, rows = self.w.plots.attribute_rows
        starred = self.w.plots.partial
        return csv_text((row[:2] + ["" if v is None else f"{v:.4f}" for v in row[2:]] for row in rows),
                        head[:2] + [f"{n}*" if n in starred else n for n in head[2:]])

    @staticmethod
    def _csv_file(path, text: str, bom: bool = False) -> list[Path]:
        """One CSV table written (on a worker: ``export_dialog``'s targets and attributes)."""
        from workbench.core.csvtable import write_csv

        return [write_csv(path, text, bom)]

    @staticmethod
    def _numbers_files(reports, csv_path, bom: bool = False) -> list[Path]:
        from workbench.core.evaluation.plots import export_csv, export_json

        csv_path = _csv(csv_path)
        return [export_csv(reports, csv_path, bom), export_json(reports, csv_path.with_suffix(".json"))]

    # --- segmenters' and detectors' results -------------------------------------------------------
    def _seg_frames(self) -> dict:
        seg = self.w.segmentation.seg
        if seg is None or not seg.frames:
            self.w.show_notice("Nothing to export", "No segmentation yet: select a segmenter and run it.")
            return {}
        return seg.frames

    def _detections(self) -> dict:
        r = self.w.detection.result
        if r is None or not r.outputs:
            self.w.show_notice("Nothing to export", "No detections yet: select a detector and run it.")
            return {}
        return r.outputs

    def export_masks(self, out_dir) -> list[Path]:
        """``DIR/<sequence>/masks/<frame>.png`` for every segmented frame and ``DIR/<sequence>_targets.csv``."""
        frames = self._seg_frames()
        if not frames:
            return []
        try:
            seq = self.w.sequences.sequence
            return write_segmentation(out_dir, seq.name, dict(frames), mask_names(seq, frames), wsettings.csv_bom())
        except Exception as exc:  # noqa: BLE001
            self.w.show_error("Export failed", describe_at(out_dir, exc))
            return []

    def export_targets(self, csv_path) -> Path | None:
        """The Targets table of the frame on screen (segmentation targets, or the frame's detections)."""
        from workbench.core.csvtable import write_csv

        targets, why = self._frame_targets()
        if targets is None:
            self.w.show_notice("Nothing to export", why)
            return None
        try:
            return write_csv(_csv(csv_path), self._targets_text(), wsettings.csv_bom())
        except Exception as exc:  # noqa: BLE001
            self.w.show_error("Export failed", describe_at(csv_path, exc))
            return None

    def _targets_text(self) -> str:
        """The Targets table of the frame on screen as CSV (there is one: ``_frame_targets``)."""
        i = self.w.sequences.frame_index
        targets, _why = self._frame_targets()
        names = mask_names(self.w.sequences.sequence, [i])  # which image the rows are of
        return targets_csv([(i, targets)], names)

    @staticmethod
    def _detections_file(path, per_frame, bom: bool = False) -> list[Path]:
        """The detections CSV ``workbench detect`` writes (on a worker: ``export_dialog``)."""
        from workbench.core.results import write_detections

        return [write_detections(path, per_frame, bom)]

    def box_results(self, out_dir) -> list[tuple]:
        """(RunResult, the file it is exported to) of each run of the open sequence: the run's folder
        in the workspace's layout under ``out_dir`` (``<dataset>/<method>/<variant>/<sequence>.txt``),
        a folder of its own for each run (two runs that would share one: the later to ``<variant>-run2``
        ..., as ``RunInfo.beside_earlier`` names a second run)."""
        from workbench.core.results import RunInfo

        used, out = set(), []
        for run in self.w.tracking.live.values():
            r = run.result()
            info = r.info if r.info is not None else RunInfo(r.tracker, variant=None)
            r.info = info.beside_earlier(out_dir, lambda f: f in used, r.tracker)
            used.add(r.folder(out_dir))
            self._with_maps(run, r)
            out.append((r, r.folder(out_dir) / f"{r.sequence}.txt"))
        return out

    def _with_maps(self, run, r) -> None:
        """``r`` (a run's ``RunResult``, to be exported) carries the run's maps as the workspace keeps them
        (``<seq>_maps.npz``, recorded in the manifest: ``workbench export-video --map`` reads them from
        the exported folder): the maps in memory, or those of a saved run not read back yet, read from
        its maps file when exported (``r.maps_source``). The export wrote no maps before."""
        from workbench.core.errors import WorkbenchError
        from workbench.gui.controllers.tracking import dropped_map_names, maps_file_named, saved_maps_file
        from workbench.gui.runner import budget_note

        r.maps = dict(run.maps)  # the run's dict as it is now: a run still going adds to its own
        r.maps_source = r.maps_gone = r.maps_gone_if_absent = None
        saved = getattr(run, "saved_run", None)
        record = None
        if saved is None and not r.maps and dropped_map_names(run):
            # a run the window saved, its maps dropped for the window's budget: read from its maps file, named here
            # without looking (a dead mount held the GUI thread at each export); the worker looks (save_exported)
            r.maps_source = maps_file_named(run, self.w.tracking.runner.pending_maps)
            if r.maps_source is None:
                r.maps_gone = run.label  # said in the export's note
            else:
                r.maps_gone_if_absent = run.label  # said so when the worker finds no file
        elif saved is not None:
            try:
                record = saved.maps_record(r.sequence)
                if not r.maps and record is not None:
                    r.maps_source = saved_maps_file(saved, r.sequence, getattr(run, "saved_to", None))
            except WorkbenchError:
                record, r.maps_source = None, None
        if r.maps or r.maps_source is not None:
            r.save_maps = ()
            r.maps_note = (record or {}).get("note") or budget_note(run.maps_dropped, run.maps_dropped_last)

    def export_boxes(self, out_dir) -> list[Path]:
        """``DIR/<dataset>/<method>/<variant>/<sequence>.txt`` for each run of the open sequence
        (``box_results``), with its maps (``<sequence>_maps.npz``) when it has some."""
        try:
            return save_exported(out_dir, [r for r, _ in self.box_results(out_dir)])
        except Exception as exc:  # noqa: BLE001
            self.w.show_error("Export failed", describe_at(out_dir, exc))
            return []

    def look(self):
        """How the viewer shows frames now (``frame_export.Look``), for the frame and the video exports."""
        from workbench.gui.frame_export import Look

        cmap, stretch, band = self.w.sequences.display_params()
        return Look(cmap, tuple(stretch), band, self.w.spectrum.view(self.w.sequences.sequence))

    def frame_scene(self, now: bool = True):
        """The frame on screen as the frame export draws it (``frame_export.Scene``: as shown, with the
        heatmap, boxes and a legend, at native resolution), gathered here. A frame still being read on the
        worker is read here (``now``) or by whoever draws the scene (its ``frame`` then reads it)."""
        from workbench.gui.frame_export import Scene

        w, nav, tracking = self.w, self.w.sequences, self.w.tracking
        i, seq = nav.frame_index, nav.sequence
        if not now and nav.raw is None and nav.has_frame():
            raw = functools.partial(_read_frame, seq, i)
        else:
            raw = nav.frame_now()  # (read here if it is still being read on the worker)
            if raw is None:
                from workbench.core.errors import WorkbenchError

                raise WorkbenchError(f"frame {i + 1} of {seq.name} cannot be read")
        tracker, name = w.layers.selected_map()
        layer = tracking.maps_at(tracker, i).get(name) if tracker else None
        hidden = w.layers.hidden()
        # copies: a run still going writes its later boxes into the same arrays; (colour, line style) each, as the
        # viewer draws them (a ninth run's colour came round: dashed)
        boxes = {k: (np.array(tracking.live[k].boxes[i], copy=True), look) for k, look in tracking.live_styles().items()
                 if k not in hidden}
        gt = seq.gt_box(i) if w.layers.show_gt.isChecked() else None
        init = nav.init_box if i == nav.start_frame else None
        return Scene(raw, self.look(), boxes, gt, layer, w.layers.opacity.value() / 100, init,
                     f"{seq.name}  #{i + 1}", self._marks(i))

    def _marks(self, i: int):
        """The segmentation and detections of frame ``i`` as the viewer shows them (``frame_export.Marks``; None
        when there are none): the export drew the trackers' boxes alone, without what a segmenter or a detector
        found on the frame."""
        from workbench.gui import style
        from workbench.gui.controllers.detection import _is_target, drawn_labels, point_labels
        from workbench.gui.frame_export import Marks

        w, legend = self.w, []
        seg = w.segmentation.seg
        out = seg.get(i) if seg is not None else None
        mask, targets = None, ()
        if out is not None:
            if w.layers.show_mask.isChecked() and out.mask is not None:
                mask = np.array(out.mask, copy=True)
            if w.layers.show_targets.isChecked():
                targets = tuple(tuple(float(v) for v in t.box) for t in out.targets)
            if mask is not None or targets:
                legend.append((seg.label, style.TARGET_COLOR if targets else style.MASK_COLOR))
        r = w.detection.result
        det = r.outputs.get(i) if r is not None else None
        points = boxes = kinds = labels = None
        if det is not None and (w.layers.show_targets.isChecked() or not w.layers.seg_box.isVisible()):
            points = np.array(det.points, float, copy=True)
            boxes = None if det.boxes is None else np.array(det.boxes, float, copy=True)
            kinds = [_is_target(det, k) for k in range(len(det))]
            legend.append((r.label, style.DETECT_COLOR))
        seq = w.sequences.sequence
        # the labelled points as the viewer draws them: from the start, not only beside a detector's run
        per_frame = point_labels(seq) if w.layers.show_gt.isChecked() else None
        if per_frame is not None and 0 <= i < len(per_frame) and len(per_frame[i]):
            # where the window draws them (``drawn_labels``: the core's box convention, pixel i spans i ... i + 1),
            # less half a pixel: the export marks the pixel the window's cross is on (a YOLO box centre 101.5,
            # pixel 101, was rounded to 102), a pixel-index point at its own pixel
            labels = np.array(drawn_labels(seq, per_frame[i]), float).reshape(-1, 2) - 0.5
        if mask is None and not targets and points is None and labels is None:
            return None
        return Marks(mask, w.layers.seg_opacity.value() / 100, targets, points, boxes, kinds, labels, tuple(legend))

    def render_frame(self) -> np.ndarray:
        """The current frame as shown, with the heatmap, boxes and a legend, at native resolution (RGB)."""
        return self.frame_scene().draw()

    def export_frame(self, path) -> Path | None:
        """The frame on screen written to ``path`` (PNG) now (scripts, tests; the menu writes it on a
        worker: ``export_dialog``); None when it failed (said in a message naming the file)."""
        from workbench.gui.frame_export import write_png

        path = with_suffix(path, ".png")
        try:
            return write_png(path, self.frame_scene())[0]
        except Exception as exc:  # noqa: BLE001
            self.w.show_error("Export failed", describe_at(path, exc))
            return None
