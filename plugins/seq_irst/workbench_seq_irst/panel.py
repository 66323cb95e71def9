"""The analyst's workflow in the window (Qt; imported by the GUI only).

Four tabs over one project folder (``project.Project``):

- Data: open / create a project (or a generated demo one), add training, validation and new (to mine)
  sequences;
- Train: crop size (80 / 64 / 32 / 16 / full, with the paper's Table 1 target share), epochs, build
  the crop set, train an iteration on a worker thread with progress and Cancel (the last complete
  epoch's checkpoint stays; Train again resumes it, or, when the crop or backbone changed since, starts the
  iteration afresh and keeps the cancelled run aside, saying so);
- Review: "Rank labels" (refinement: every training label by its loss, worst first) or "Mine new"
  (miss / false-alarm candidates from trajectories); each item shows the frame crop and the
  differential crop with the label (green) and the network's prediction (red); Accept / Re-class /
  Delete, or click the crop to move the label there; Save writes the labels atomically (originals kept);
- Iterations: the table (images, epochs, precision, recall, F1) and its plot; "Retrain" trains the
  next iteration on the refined and mined data;
- LOSO: the leave-one-recording-group-out figures (``loso.py``: per fold P / R / F1, mean and spread,
  pooled) of the shipped weights' recipe, or of any ``loso.json``; "Run LOSO…" runs the selection over
  a folder of labelled sequences on a worker with progress and Cancel (folds already finished are
  kept: a rerun resumes).

The window shows the panel as a dock of its own in the wide bottom area (``dock_title``), each tab
scrolling on its own, so that the workflow fits a 1366x768 screen.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (QComboBox, QFileDialog, QFormLayout, QGridLayout, QHBoxLayout, QHeaderView, QLabel,
                               QListWidget, QMessageBox, QProgressBar, QPushButton, QScrollArea, QSpinBox, QTableWidget,
                               QSizePolicy, QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget)
from workbench.core.errors import WorkbenchError
from workbench.core.evaluation.detection import score_text
from workbench.gui.widgets import FitPicture, on_screen, show_cancelled, tip_with_reason
from workbench.gui.worker import Job, describe

CROP_CHOICES = (("80 px", 80), ("64 px", 64), ("32 px", 32), ("16 px", 16), ("full frames", 0))
VIEW = 40  # frame pixels shown around a review item
ZOOM = 5


def _to_u8(img: np.ndarray, signed: bool = False) -> np.ndarray:
    a = img.astype(np.float32)
    if signed:
        m = max(float(np.percentile(np.abs(a), 99.5)), 1e-6)
        return np.clip(127.5 + 127.5 * a / m, 0, 255).astype(np.uint8)
    lo, hi = np.percentile(a, (0.5, 99.5))
    return np.clip((a - lo) * 255.0 / max(hi - lo, 1e-6), 0, 255).astype(np.uint8)


def render_item(frame: np.ndarray, g: np.ndarray, item, view: int = VIEW, zoom: int = ZOOM):
    """(frame crop, differential crop) as RGB uint8 images, zoomed, with the label and the prediction
    drawn; and the crop's top-left corner in frame pixels."""
    import cv2

    H, W = frame.shape
    cx, cy = item.label.cx, item.label.cy
    x0 = int(np.clip(round(cx) - view // 2, 0, max(W - view, 0)))
    y0 = int(np.clip(round(cy) - view // 2, 0, max(H - view, 0)))
    out = []
    for img, signed in ((frame, False), (g[-1], True)):
        c = _to_u8(img[y0:y0 + view, x0:x0 + view], signed)
        c = cv2.resize(c, (c.shape[1] * zoom, c.shape[0] * zoom), interpolation=cv2.INTER_NEAREST)
        c = cv2.cvtColor(c, cv2.COLOR_GRAY2RGB)
        lab = item.result if item.status not in ("pending", "delete") and item.result is not None else item.label
        if item.status != "delete":
            p = ((lab.cx - x0 + 0.5) * zoom, (lab.cy - y0 + 0.5) * zoom)
            hw, hh = max(lab.w, 1) * zoom / 2 + 2, max(lab.h, 1) * zoom / 2 + 2
            color = (60, 220, 60) if lab.cls == 0 else (240, 200, 40)
            cv2.rectangle(c, (int(p[0] - hw), int(p[1] - hh)), (int(p[0] + hw), int(p[1] + hh)), color, 1)
        if item.prediction is not None:
            px, py = item.prediction[0], item.prediction[1]
            q = (int((px - x0 + 0.5) * zoom), int((py - y0 + 0.5) * zoom))
            cv2.drawMarker(c, q, (230, 60, 60), cv2.MARKER_CROSS, 3 * zoom, 1)
        out.append(c)
    return out[0], out[1], (x0, y0)


def ranked_by(item) -> str:
    """What a review item's rank number is: a label's (or an unexplained detection's) network loss, but for
    a mined candidate the evidence ``mining.candidates`` ranks it by: the points of the trajectory a miss
    falls inside, a lone false alarm's detection score (both read "loss 22.000" before)."""
    if item.kind == "miss":
        return f"gap in a {int(round(item.loss))}-point track"
    if item.kind == "false_alarm":
        return f"lone detection, score {item.loss:.2f}"
    return f"loss {item.loss:.3f}"


def _pixmap(rgb: np.ndarray) -> QPixmap:
    rgb = np.ascontiguousarray(rgb)
    h, w = rgb.shape[:2]
    return QPixmap.fromImage(QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy())


def preload() -> None:
    """Imports the panel's constructor makes (torch through the trainer's settings), run by the window on
    a worker before the panel is built, so that selecting the detector does not stall the window."""
    import importlib

    importlib.import_module("workbench_seq_irst.train")


def _loso_roots(roots) -> list[str]:
    """The roots as ``loso.discover`` takes them (sequences at or directly under each); a folder of
    dataset folders (``irst/`` holding ``daub/`` and ``tensoristd_sky/``) stands for its sub-folders."""
    from workbench.core.data.irseq import list_irseq

    out = []
    for r in map(Path, roots):
        if list_irseq(r) or not r.is_dir():
            out.append(str(r))
        else:
            out += [str(c) for c in sorted(r.iterdir()) if c.is_dir() and list_irseq(c)] or [str(r)]
    return out


def _loso_job(ctx, roots, out, recipe):
    """Worker body of "Run LOSO": one fold at a time (``loso.run_loso`` with ``only``), the log lines as
    progress, Cancel seen at the next log line (the fold's finished epochs and earlier folds are kept on
    disk: a rerun resumes); at the end the report over every fold (finished ones are read back), with the
    post-processing chosen over the fold weights (``loso.select_postprocess``: nested figures)."""
    from workbench_seq_irst.loso import discover, folds, run_loso, select_postprocess

    found = discover(roots)  # once: each fold's run_loso takes it (it opens every sequence)
    groups = [g for g, _held, _train in folds(found)]
    n = len(groups)
    state = {"done": 0}
    share = 0.9  # of the bar for the folds' training; the rest for choosing the post-processing

    def log(msg: str) -> None:
        ctx.check()
        ctx.progress(share * state["done"] / max(1, n), f"fold {state['done'] + 1} of {n}: {msg}"[:200])

    command = "window: Run LOSO over " + " ".join(str(r) for r in roots)
    for g in groups:
        ctx.check()
        run_loso(roots, out, recipe, only={g}, log=log, command=command, groups=found)
        state["done"] += 1
        ctx.progress(share * state["done"] / max(1, n), f"fold {g} done ({state['done']} of {n})")
    run_loso(roots, out, recipe, log=lambda _m: None, command=command, groups=found)

    def sweep_log(msg: str) -> None:  # the post-processing chosen over the fold weights, nested, as shipped
        ctx.check()
        ctx.progress(share + (1 - share) / 2, f"choosing the post-processing: {msg}"[:200])

    rep = select_postprocess(out, roots, log=sweep_log)
    ctx.progress(1.0, "LOSO done")
    return rep


def _plot_png(rows, scale: float = 1.0) -> bytes:
    """The iteration table's plot as PNG bytes (the worker's part of ``refresh_iterations``), ``scale``
    times the figure's pixels (the screen's device pixel ratio: shown at its own size it is crisp)."""
    import io

    from workbench_seq_irst.mining import plot_table

    buf = io.BytesIO()
    fig = plot_table(rows)
    fig.savefig(buf, format="png", dpi=fig.dpi * scale)
    return buf.getvalue()


def _plot_file(rows, path) -> Path:
    """The plot written to ``path`` (PNG / SVG / PDF by its suffix); a failed write names the file."""
    from workbench_seq_irst.mining import plot_table

    try:
        plot_table(rows, path)
    except (OSError, ValueError) as exc:
        raise WorkbenchError(f"{path}: {exc}") from None
    return Path(path)


def read_loso(path: Path) -> dict:
    """A ``loso.json`` read and checked before the LOSO tab shows any of it: a damaged file was said as
    "JSONDecodeError: ... (in decoder.py:353)", and a fold without its scores stopped the table half
    filled (KeyError)."""
    import json

    try:
        rep = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise WorkbenchError(f"{path}: cannot be read ({getattr(exc, 'strerror', None) or exc})") from None
    except ValueError as exc:
        raise WorkbenchError(f"{path}: damaged, not JSON ({exc}); run the LOSO again to write it anew") from None
    if not isinstance(rep, dict) or not isinstance(rep.get("folds"), dict):
        raise WorkbenchError(f"{path}: not a LOSO report (no folds); open the loso.json a LOSO run wrote")
    for group, fold in rep["folds"].items():
        # null: undefined (0 / 0, evaluation.detection: no detections, no precision); absent: damaged
        if not isinstance(fold, dict) or not all(k in fold and (fold[k] is None or isinstance(fold[k], (int, float)))
                                                 for k in ("precision", "recall", "f1")):
            raise WorkbenchError(f"{path}: fold {group!r} has no precision, recall and F1; the file is damaged: "
                                 "run the LOSO again (finished folds are kept and resumed)")
    sm = rep.get("summary")
    needed = ("mean_f1", "std_f1", "folds", "min_f1", "max_f1", "mean_precision", "mean_recall")

    def has(k: str) -> bool:
        if k in sm and sm[k] is None:
            # null where the folds give no such figure: a std needs two folds with an F1 (old files: two folds), a
            # mean / min / max one fold with the score defined (``mean_over``, loso.summarise); else damaged
            over = sm.get("mean_over") if isinstance(sm.get("mean_over"), dict) else {}
            if k == "std_f1":
                return over["f1"] < 2 if isinstance(over.get("f1"), int) else sm.get("folds") == 1
            score = {"mean_precision": "precision", "mean_recall": "recall"}.get(k, "f1")
            return k != "folds" and over.get(score) == 0
        return isinstance(sm.get(k), (int, float))

    if (sm is not None and not isinstance(sm, dict)) or (rep["folds"] and sm and not all(has(k) for k in needed)):
        raise WorkbenchError(f"{path}: its summary lacks the folds' figures ({', '.join(needed)}); the file is "
                             "damaged: run the LOSO again")
    return rep


ROLE_WORDS = {"train": "training", "val": "validation", "mined": "new"}


def _recording(path: Path) -> str | None:
    """The recording ``path`` is part of where the plugin knows it (DAUB's sequences 1-3 are one recording,
    4 and 8 one, 5-7 one, 9 and 10 one: ``loso.group_of``); None for any other sequence (a folder's other sequences
    may well be other recordings)."""
    from workbench_seq_irst.loso import group_of

    group = group_of(path, path.name)
    return group if group.startswith("daub_") and group != path.parent.name else None


def role_clash(project, path, role: str) -> str | None:
    """Why the sequence at ``path`` may not be added to ``project`` as ``role``: it is in the project
    already (the same folder, or a run of the same YOLO folder), or it is part of a recording (``_recording``)
    that has a sequence in the other of training and validation; None when it may."""
    new = Path(path).absolute()
    group = _recording(new)
    for e in project.sequences_:
        have = Path(e["path"])
        where = f"{e['name']} ({ROLE_WORDS.get(e['role'], e['role'])})"
        if have == new or (have.parent == new and not have.exists()):
            return (f"{new}: already in the project as {where}; a sequence is used once (training, "
                    f"validation or new), or the validation scores frames the detector trained on")
        if group is not None and {role, e["role"]} == {"train", "val"} and _recording(have) == group:
            return (f"{new}: part of the recording {group}, as {have.name} is, which is in the project as "
                    f"{where}; validate on another recording (a validation on the recording the detector "
                    f"trained on is not one)")
    return None


class _ClickLabel(QLabel):
    """A zoomed crop; a click says where, in the crop's logical pixels."""
    clicked = Signal(float, float)

    def set_picture(self, rgb: np.ndarray) -> None:
        """Shows ``rgb`` at one logical pixel per pixel, in the screen's pixels: at 125-200 % scaling Qt scaled
        the picture up smoothly, blurring the zoomed pixels and the one-pixel marks; each pixel is repeated
        instead (nearest neighbour) and the picture keeps its logical size (clicks map as before)."""
        pm = _pixmap(rgb)
        dpr = self.devicePixelRatioF()
        if dpr != 1.0:
            pm = pm.scaled(round(pm.width() * dpr), round(pm.height() * dpr), Qt.AspectRatioMode.IgnoreAspectRatio,
                           Qt.TransformationMode.FastTransformation)
            pm.setDevicePixelRatio(dpr)
        self.setPixmap(pm)

    def mousePressEvent(self, ev):  # noqa: N802
        p = ev.position()
        self.clicked.emit(float(p.x()), float(p.y()))



def demo_dir() -> Path:
    """A new demo project's folder: the first of ``seq_irst_demo``, ``seq_irst_demo-2``, ... in the workspace
    (Help › Workspace folder) that does not exist yet or is empty; the work trained on it is kept there (it
    went to a temporary folder)."""
    from workbench.gui.settings import workspace_dir

    from workbench.core.results import free_folder

    return free_folder(workspace_dir() / "seq_irst_demo")


class SeqIRSTPanel(QWidget):
    """``Plugin.panel``: built as ``SeqIRSTPanel(plugin, parent)`` by the methods dock, which puts it in
    a dock of its own titled ``dock_title``."""

    dock_title = "Detector workflow"

    def __init__(self, plugin=None, parent=None):
        super().__init__(parent)
        from workbench_seq_irst.train import TrainSettings

        self.plugin = plugin
        self.project = None
        self.queue = None
        self.queue_name = ""
        self.crops = None
        self.settings = TrainSettings(threads=0, val_every=2)
        self.job = Job(self)
        self.job.progress.connect(self._on_progress)
        self.job.returned.connect(lambda result: self._then(result))
        self.job.errored.connect(self._on_error)
        self.job.finished.connect(self._on_finished)
        self._then = None  # what the running job's result is for
        self._job_said = ("", "", False)  # the running job: (what it is, what is kept if it stops, finish first)
        self.plot_job = Job(self)  # the Iterations tab's plot and its export, drawn one after the other
        self.plot_job.returned.connect(self._on_plot)
        self.plot_job.errored.connect(self._on_plot_error)
        self.plot_job.finished.connect(self._next_plot)
        self._plots: list[tuple] = []  # (rows, path or None, generation) waiting their turn
        # bumped on every refresh of the Iterations tab: a drawing of an older table (project A's, still on
        # the worker when project B opened) is dropped when it comes back instead of landing on B's view
        self._plot_gen = 0
        self._plot_running_gen = -1  # the generation of the drawing on the worker now
        self._plot_running_path = None  # the file the plot on the worker is exported to (None: drawn for the tab)
        self._plot_running_scale = 1.0  # the device pixel ratio the plot on the worker is drawn for
        self.last_error = ""
        self._seqs: dict = {}
        self._offset = (0, 0)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.tabs = QTabWidget()
        lay.addWidget(self.tabs)
        self.status = QLabel("No project open.")
        self.status.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("stop the job running")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        row = QHBoxLayout()
        # the tabs' pages' margins (``_add_tab``): the status line began at the dock's edge
        row.setContentsMargins(6, 0, 6, 0)
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_button)
        lay.addLayout(row)
        self.status.setContentsMargins(6, 0, 6, 2)
        lay.addWidget(self.status)
        self._build_data_tab()
        self._build_train_tab()
        self._build_review_tab()
        self._build_iter_tab()
        self._build_loso_tab()
        self._update_buttons()

    # --- tabs -------------------------------------------------------------------------------------
    def _build_data_tab(self):
        w = QWidget()
        v = QVBoxLayout(w)
        r = QHBoxLayout()
        self.open_button = QPushButton("Open project…")
        self.open_button.setToolTip("open a project folder, or choose an empty folder for a new project")
        self.open_button.clicked.connect(self._ask_project)
        self.demo_button = QPushButton("Demo")
        self.demo_button.setToolTip("generated sequences: 4 to train (with a non-expert's label errors), 2 to "
                                    "validate, 2 new ones to mine")
        self.demo_button.clicked.connect(lambda: self.make_demo_project())
        r.addWidget(self.open_button)
        r.addWidget(self.demo_button)
        v.addLayout(r)
        self.seq_list = QListWidget()
        self.seq_list.setMinimumHeight(60)
        v.addWidget(self.seq_list, 1)
        r2 = QGridLayout()  # one row: the panel lives in a wide bottom dock
        self.add_buttons = []
        for i, (text, role, tip) in enumerate((
                ("Add training…", "train", "a labelled sequence to train on"),
                ("Add val…", "val", "a labelled sequence to validate on"),
                ("Add new…", "mined", "an unlabelled new sequence to mine for misses and false alarms"))):
            b = QPushButton(text)
            b.setToolTip(tip)
            b.clicked.connect(lambda _c=False, role=role: self._ask_sequence(role))
            r2.addWidget(b, 0, i)
            self.add_buttons.append(b)
        v.addLayout(r2)
        self._add_tab(w, "Data")

    def _build_train_tab(self):
        from workbench_seq_irst.crops import proportion_table

        w = QWidget()
        f = QFormLayout(w)
        self.crop_box = QComboBox()
        # long item texts: let the dock's width decide, not the longest item
        self.crop_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.crop_box.setMinimumContentsLength(10)
        shares = {r["size"].split("x")[0]: r["proportion_permille"] for r in proportion_table()}
        for text, size in CROP_CHOICES:
            share = shares.get(str(size)) if size else shares["640"]
            self.crop_box.addItem(f"{text}  (3x3 target: {share:.3g}‰ of the pixels)", size)
        self.crop_box.setCurrentIndex(1)
        f.addRow("Crop size", self.crop_box)
        self.epochs = QSpinBox()
        self.epochs.setRange(1, 1000)
        self.epochs.setValue(6)
        f.addRow("Epochs", self.epochs)
        self.backbone = QComboBox()
        for b in ("darknet19_tiny", "darknet19"):
            self.backbone.addItem(b)
        f.addRow("Backbone", self.backbone)
        self.crops_button = QPushButton("Build crop set")
        self.crops_button.clicked.connect(lambda: self.build_crops())
        self.crop_info = QLabel("")
        self.crop_info.setWordWrap(True)
        f.addRow(self.crops_button, self.crop_info)
        self.train_button = QPushButton("Train iteration")
        self.train_button.clicked.connect(lambda: self.train())
        f.addRow(self.train_button)
        self._add_tab(w, "Train")

    def _build_review_tab(self):
        w = QWidget()
        h = QHBoxLayout(w)  # the queue beside the crops: the bottom dock is wide and low
        left = QVBoxLayout()
        r = QHBoxLayout()
        self.rank_button = QPushButton("Rank labels")
        self.rank_button.setToolTip("every training label by the network's loss on it, worst first")
        self.rank_button.clicked.connect(lambda: self.refine())
        self.mine_button = QPushButton("Mine new")
        self.mine_button.setToolTip("miss and false-alarm candidates in the new sequences, from trajectories")
        self.mine_button.clicked.connect(lambda: self.mine())
        r.addWidget(self.rank_button)
        r.addWidget(self.mine_button)
        left.addLayout(r)
        self.queue_table = QTableWidget(0, 6)
        self.queue_table.setHorizontalHeaderLabels(["sequence", "frame", "kind", "class", "ranked by", "decision"])
        self.queue_table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.queue_table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.queue_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.queue_table.setMinimumHeight(90)
        # the columns share the table's width: at their default widths "decision" was scrolled away
        self.queue_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.queue_table.currentCellChanged.connect(lambda *_: self._show_item())
        left.addWidget(self.queue_table, 1)
        h.addLayout(left, 3)
        right = QVBoxLayout()
        right.setSpacing(4)  # the crops, their caption and the actions in a 158 px page at 1280x720
        views = QHBoxLayout()
        self.frame_view = _ClickLabel()
        self.diff_view = _ClickLabel()
        for lab, tip in ((self.frame_view, "frame"), (self.diff_view, "differential F1-F4")):
            lab.setMinimumSize(VIEW * ZOOM // 2, VIEW * ZOOM // 2)
            lab.setToolTip(f"{tip}: label green (target) / yellow (interference), prediction red; click to move")
            lab.clicked.connect(self._clicked)
            views.addWidget(lab)
        right.addLayout(views)
        self.item_info = QLabel("")
        self.item_info.setWordWrap(True)
        right.addWidget(self.item_info)
        r3 = QGridLayout()
        self.accept_button = QPushButton("Accept")
        self.accept_button.clicked.connect(lambda: self.decide("accept"))
        self.reclass_button = QPushButton("Re-class")
        self.reclass_button.clicked.connect(lambda: self.decide("reclass"))
        self.delete_button = QPushButton("Delete")
        self.delete_button.clicked.connect(lambda: self.decide("delete"))
        self.save_button = QPushButton("Save edits")
        self.save_button.clicked.connect(self.save_review)
        for i, b in enumerate((self.accept_button, self.reclass_button, self.delete_button, self.save_button)):
            r3.addWidget(b, 0, i)  # one row: the dock is wide and low
        right.addLayout(r3)
        right.addStretch(1)
        h.addLayout(right, 2)
        self._add_tab(w, "Review")

    def _build_iter_tab(self):
        w = QWidget()
        v = QVBoxLayout(w)
        h = QHBoxLayout()  # table and plot side by side
        self.iter_table = QTableWidget(0, 6)
        self.iter_table.setHorizontalHeaderLabels(["iteration", "epochs", "images", "precision/%", "recall/%", "F1/%"])
        self.iter_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.iter_table.setMinimumHeight(90)
        # the six columns share the table's width (at their default widths F1 was scrolled out of sight)
        self.iter_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        h.addWidget(self.iter_table, 3)  # the wider share: "precision/%" whole at 1280x720
        self.plot_view = FitPicture()  # the figure scaled into its place (shown at its size it was cropped)
        self.plot_view.setMinimumSize(160, 90)
        h.addWidget(self.plot_view, 2)
        v.addLayout(h, 1)
        r = QHBoxLayout()
        self.retrain_button = QPushButton("Retrain")
        self.retrain_button.setToolTip("train the next iteration on the refined and mined data")
        self.retrain_button.clicked.connect(lambda: self.train())
        self.export_button = QPushButton("Export plot…")
        self.export_button.clicked.connect(self._export_plot)
        r.addWidget(self.retrain_button)
        r.addWidget(self.export_button)
        r.addStretch(1)
        v.addLayout(r)
        self._add_tab(w, "Iterations")

    def _build_loso_tab(self):
        w = QWidget()
        v = QVBoxLayout(w)
        # close spacing and compact table rows: at 1280x720 (a 158 px page) the style's spacing and 30 px rows
        # showed 3 of 5 folds and the actions below the summary were cut, the page scrolling
        v.setSpacing(4)
        # the summary is the one wrapped label of this page; the table's preferred height is ignored (its
        # minimum kept), so the scroll area, which sizes a wrapped page by heightForWidth, does not size it by
        # the table's and scroll the page at 1366x768
        from workbench.gui.widgets import ElidedLabel

        # a long source (a recipe, a path) is cut, not widening the dock; its tooltip: the whole of it and more
        self.loso_source = ElidedLabel("", tooltip=False)
        self.loso_source.setObjectName("muted")
        v.addWidget(self.loso_source)
        self.loso_table = QTableWidget(0, 5)
        self.loso_table.setHorizontalHeaderLabels(["held-out group", "precision", "recall", "F1", "TP / FP / FN"])
        self.loso_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.loso_table.verticalHeader().setVisible(False)
        self.loso_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.loso_table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.loso_table.setMinimumHeight(90)
        self.loso_table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        h = QHBoxLayout()  # the table beside its summary and actions: the bottom dock is wide and low
        h.addWidget(self.loso_table, 3)
        side = QVBoxLayout()
        side.setSpacing(4)
        self.loso_summary = QLabel("")
        # short lines, wrapped to the column (a narrow dock: 320 px) rather than cut or widening the dock past
        # the screen; the whole text and more in the tooltip
        self.loso_summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.loso_summary.setWordWrap(True)
        side.addWidget(self.loso_summary)
        r = QGridLayout()
        r.setSpacing(4)
        self.loso_epochs = QSpinBox()
        self.loso_epochs.setRange(1, 1000)
        self.loso_epochs.setValue(6)
        self.loso_epochs.setPrefix("epochs ")
        self.loso_epochs.setToolTip("epochs of every fold (the recipe's other settings are the defaults of "
                                    "workbench train seq_irst --loso)")
        self.loso_members = QSpinBox()
        self.loso_members.setRange(1, 8)
        self.loso_members.setValue(1)
        self.loso_members.setPrefix("networks ")
        self.loso_members.setToolTip("an ensemble of this many networks per fold, trained with seeds 0, 1, ... and "
                                     "averaged (the shipped detector: 2; each network costs one more training)")
        self.loso_button = QPushButton("Run LOSO…")
        self.loso_button.setToolTip("train one detector per recording group on all the other groups and score it "
                                    "on the held-out one; choose a folder of labelled sequences (2+ groups)")
        self.loso_button.clicked.connect(lambda _c=False: self._ask_loso())
        self.loso_open_button = QPushButton("Open loso.json…")
        self.loso_open_button.clicked.connect(lambda _c=False: self._ask_loso_file())
        self.loso_grid = r
        self._loso_narrow = None
        self._reflow_loso(False)  # 2 x 2; one column in a narrow dock (``eventFilter``)
        side.addLayout(r)
        side.addStretch(1)
        h.addLayout(side, 2)
        v.addLayout(h, 1)
        self._add_tab(w, "LOSO")
        self._loso_scroll = self.tabs.widget(self.tabs.count() - 1)
        self._loso_scroll.installEventFilter(self)
        from workbench_seq_irst.config import weights_dir

        shipped = weights_dir() / "loso.json"
        if shipped.is_file():
            try:
                self.show_loso(shipped, "the shipped weights' recipe")
            except Exception as exc:  # noqa: BLE001 - a damaged file must not stop the panel
                self.loso_source.setText(f"{shipped}: {describe(exc)}")
        else:
            self.loso_source.setText("No leave-one-out figures yet: Run LOSO… or open a loso.json.")

    # the LOSO tab's spin boxes and buttons: two columns beside the table, one column when the dock is too
    # narrow for two (a 320 px dock with the window's style: the page was 348 px wide, cut at the edge)
    LOSO_TWO_COLUMNS = 400

    def _reflow_loso(self, narrow: bool) -> None:
        if narrow == self._loso_narrow:
            return
        self._loso_narrow = narrow
        items = (self.loso_epochs, self.loso_members, self.loso_button, self.loso_open_button)
        for wdg in items:
            self.loso_grid.removeWidget(wdg)
        places = ((0, 0), (1, 0), (2, 0), (3, 0)) if narrow else ((0, 0), (1, 0), (0, 1), (1, 1))
        for wdg, (row, col) in zip(items, places):
            self.loso_grid.addWidget(wdg, row, col)

    def eventFilter(self, obj, event) -> bool:
        from PySide6.QtCore import QEvent

        if event.type() == QEvent.Type.Resize and obj is getattr(self, "_loso_scroll", None):
            self._reflow_loso(obj.width() < self.LOSO_TWO_COLUMNS)
        return super().eventFilter(obj, event)

    def _add_tab(self, page: QWidget, title: str) -> None:
        """Each tab scrolls on its own: the panel stays small enough for a 1366x768 screen. Close margins
        (the style's 9-11 px took ~20 px of a 158 px page at 1280x720)."""
        if page.layout() is not None:
            page.layout().setContentsMargins(6, 4, 6, 4)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(page)
        self.tabs.addTab(scroll, title)

    # --- state ------------------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self.job.running

    @property
    def ctx(self):
        return self.job.ctx

    @staticmethod
    def _enable(button, why_not: str) -> None:
        """Enabled when ``why_not`` is empty; else disabled with the reason in its tooltip (a greyed
        button said nothing of what it waited for), its own tooltip back once enabled."""
        button.setEnabled(not why_not)
        tip_with_reason(button, why_not, first=False)

    def _update_buttons(self):
        has = self.project is not None
        idle = not self.busy
        trained = has and self.project.latest_weights() is not None
        busy = "" if idle else "Wait for the job running to end (or Cancel it)."
        no_project = "" if has else "Open a project first (Data tab: Open project… or Demo)."
        for b in (self.crops_button, self.train_button, self.retrain_button):
            self._enable(b, no_project or busy)
        untrained = "" if trained else "Train an iteration first (Train tab)."
        self._enable(self.rank_button, no_project or untrained or busy)
        no_new = "" if has and self.project.names("mined") else \
            "Add a new, unlabelled sequence to mine first (Data tab: Add new…)."
        self._enable(self.mine_button, no_project or no_new or untrained or busy)
        empty = "" if self.queue is not None else "Rank labels or Mine new first: they fill the review queue."
        for b in (self.accept_button, self.reclass_button, self.delete_button, self.save_button):
            self._enable(b, empty or busy)
        # it did nothing, silently, before an iteration was trained
        self._enable(self.export_button, no_project or ("" if self.project.iterations else
                                                        "No iteration trained yet: nothing to plot."))
        # greyed while a job runs, or (Cancel) while none does: each tooltip says so (they said nothing of why)
        for b in (self.open_button, *self.add_buttons, self.demo_button, self.loso_button, self.loso_members):
            self._enable(b, busy)
        self._enable(self.cancel_button, "Nothing to cancel: no job is running." if idle else "")

    def open_project(self, path) -> None:
        from workbench_seq_irst.project import Project

        self.project = Project.create(path)
        self._seqs.clear()
        self.queue = None
        self._refresh_sequences()
        self._refresh_queue()
        self.refresh_iterations()
        self.status.setText(f"Project {self.project.root}")
        self._update_buttons()

    def _refresh_sequences(self):
        self.seq_list.clear()
        if self.project is None:
            return
        for e in self.project.sequences_:
            extra = f", {len(e.get('frames') or [])} frames joined" if e["role"] == "mined" else ""
            self.seq_list.addItem(f"{e['name']}  [{e['role']}{extra}]  {e['path']}")

    def _seq(self, name):
        if name not in self._seqs:
            self._seqs[name] = self.project.sequence(name)
        return self._seqs[name]

    # --- running jobs -----------------------------------------------------------------------------
    def _run(self, fn, on_done, label: str, kept: str = "stopped; nothing of it is kept", finish: bool = False):
        """``fn`` on the panel's worker; ``kept``: what stays if it is stopped (the window's close question names
        it, ``running_jobs``); ``finish``: it writes files and cannot stop between them, so the window waits."""
        if self.busy:
            return
        self._job_said = (label, kept, finish)
        self.progress.setFormat("%p%")
        self.progress.setValue(0)
        self.status.setText(label + "…")
        self.last_error = ""
        self._then = on_done
        self.job.start(fn, pass_context=True)
        self._update_buttons()

    def _on_progress(self, f: float, msg: str):
        self.progress.setValue(int(1000 * f))
        if msg:
            self.status.setText(msg)

    def _on_error(self, exc):
        """The panel's job failed or was refused: said on the status line, and the bar says which (it read
        "0%" under a refusal as if the job were still starting); in a message box too when the panel is out of
        sight (its dock closed or behind another tab)."""
        from workbench.core.errors import Cancelled

        if isinstance(exc, Cancelled):
            self.status.setText("Cancelled.")
            return
        # refused: one of our own errors before any progress (LOSO over one recording group); else it failed
        # where the bar stands
        refused = isinstance(exc, WorkbenchError) and self.progress.value() <= self.progress.minimum()
        self.progress.setFormat("refused" if refused else "failed")
        self._say_error(exc)
        # the dock closed, or tabbed behind another, through a minutes-long training: the status line is unseen,
        # so the failure is said in a message box as well (said once where the panel is in view)
        quiet = getattr(self, "quiet", False) or getattr(self.window(), "quiet_errors", False)  # screenshots
        if not quiet and not on_screen(self):
            QMessageBox.warning(self, "seq_irst", self.last_error)

    def _say_error(self, exc) -> None:
        """An error said once, on the status line where the panel says its others (a plot's, a save's): a
        message box said the same words again over it."""
        self.last_error = describe(exc)  # our own errors as they are ("WorkbenchError: …" said the class)
        self.status.setText(self.last_error)

    def _on_finished(self):
        ctx = self.job.ctx
        if ctx is not None and ctx.cancelled:  # the bar stood at the fraction done (63 %) as if still going
            show_cancelled(self.progress)
        self._update_buttons()

    def cancel(self):
        self.job.cancel()

    def running_jobs(self) -> list[tuple]:
        """``[(job, line, finish_first)]``, as ``InspectorDock.running_jobs``: the work started here that still runs,
        named in the window's close question with what is kept when it stops (a training: its last finished
        epoch) or, for one that writes files and cannot stop between them (a plot export, a project being
        written), finished first. The Iterations tab's own plot drawing is not listed: it ends with the window."""
        out = []
        if self.job.running:
            label, kept, finish = self._job_said
            doing = f" ({self.job.last_message})" if self.job.last_message else ""
            out.append((self.job, f"seq_irst: {label}{doing}: {kept}.", finish))
        if self.plot_job.running and self._plot_running_path is not None:
            out.append((self.plot_job, f"seq_irst: the iteration plot's export to {self._plot_running_path}: "
                                       "finished before the window closes.", True))
        return out

    def wait(self, timeout_ms: int = 60000) -> bool:
        return Job.wait_all(timeout_ms)

    # --- actions ----------------------------------------------------------------------------------
    def make_demo_project(self, path=None, n_train: int = 4, n_val: int = 2, n_mined: int = 2, size=(160, 128),
                          frames: int = 30):
        from workbench_seq_irst.workflow import setup_synthetic_project

        root = Path(path) if path else demo_dir()

        def job(ctx):
            ctx.progress(0.1, "generating sequences")
            setup_synthetic_project(root, n_train, n_val, n_mined, width=size[0], height=size[1], frames=frames)
            return root

        self._run(job, self.open_project, "Generating a demo project",
                  "finished before the window closes (its files are written one after the other)", finish=True)

    def _ask_project(self):
        d = QFileDialog.getExistingDirectory(self, "Project folder (empty for a new one)")
        if not d:
            return
        root = Path(d)
        if not (root / "project.json").is_file() and root.is_dir() and any(root.iterdir()):
            # a data folder picked by mistake must not silently get project files written into it
            new = root / "seq_irst_project"
            answer = QMessageBox.question(
                self, "seq_irst", f"{root} is not a seq_irst project and is not empty.\n\nMake a new project in "
                f"{new} instead?", QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return
            root = new
        try:
            self.open_project(root)
        except Exception as exc:  # a damaged project.json, a folder that cannot be written
            self._say_error(exc)

    def _ask_sequence(self, role: str):
        if self.project is None:
            self._ask_project()
            if self.project is None:
                return
        d = QFileDialog.getExistingDirectory(self, "Sequence folder (frames/ + labels.csv or anno_xy.txt)")
        if d:
            self.add_sequence(d, role)

    def add_sequence(self, path, role: str):
        """Add the sequence at ``path`` (a YOLO images/ + labels/ folder: each of its runs of consecutive frames)
        on the worker: a folder of hundreds of images has every header and label file read (0.6 s for
        Anti-UAV's 342 frames, on the GUI thread before). A folder that is not a sequence, or whose frames
        differ in size, is refused naming it (``_say_error``)."""
        pr = self.project
        clash = role_clash(pr, path, role)
        if clash:  # said before anything is read: a validation on the training data scores nothing
            self._say_error(WorkbenchError(clash))
            return

        def job(ctx):
            return pr.add_sequences(path, role)

        def done(names):
            self._refresh_sequences()
            self.status.setText(f"Added {len(names)} {role} sequence{'s' if len(names) != 1 else ''}: "
                                f"{', '.join(names[:4])}{' …' if len(names) > 4 else ''}")

        self._run(job, done, f"Adding {path}", "finished before the window closes (the project is saved whole)",
                  finish=True)

    def _sync_settings(self):
        from dataclasses import replace

        self.settings = replace(self.settings, crop=int(self.crop_box.currentData()), epochs=self.epochs.value(),
                                backbone=self.backbone.currentText())

    def build_crops(self):
        from workbench_seq_irst.crops import build_crops

        self._sync_settings()
        s, pr = self.settings, self.project

        def job(ctx):
            return build_crops(pr.train_set(), s.crop, s.bg_ratio, s.seed, s.direction, ctx=ctx)

        def done(cs):
            self.crops = cs
            self.crop_info.setText(f"{len(cs)} samples ({cs.size or 'full'} px) from {cs.frames} frames; "
                                   f"target share {1000 * cs.target_proportion:.3g}‰; {cs.nbytes() / 2**20:.1f} MB")
            self.status.setText("Crop set built.")

        self._run(job, done, "Building crops", "stopped; the crop set (in memory) is not kept")

    def train(self):
        from workbench.core.device import resolve_device
        from workbench_seq_irst.workflow import train_iteration

        self._sync_settings()
        s, pr = self.settings, self.project
        device = resolve_device("auto")
        # the crop set built on the Train tab, when it was built from this training set at this size
        crops = self.crops if self.crops is not None and self.crops.size == s.crop else None

        def job(ctx):
            return train_iteration(ctx, pr, s, log=lambda m: None, device=device, crops=crops)

        def done(row):
            self.refresh_iterations()
            # a cancelled run of this iteration with other settings (crop, backbone ...) is not resumed half with
            # those and half with these: the iteration started afresh, the cancelled run kept aside; said here
            fresh = (f" (started afresh: the cancelled run had other settings, {'; '.join(row['restarted'])}; "
                     f"kept in {row['set_aside']})") if row.get("restarted") else ""
            # a cancelled iteration is not evaluated: its zeros read as a trained detector that finds nothing
            scores = ("not evaluated (cancelled: Train again resumes)" if row["cancelled"] else
                      f"P {score_text(row['precision'])} R {score_text(row['recall'])} F1 {score_text(row['f1'])}")
            self.status.setText(f"Iteration {row['iteration']}: {scores}{fresh}")

        self._run(job, done, "Training", "stopped at its next batch; the iteration's finished epochs (its last.pt) "
                                         "stay and Train resumes from them")

    def _detector(self):
        from workbench_seq_irst.workflow import detector_for

        return detector_for(self.project, self.settings)

    def refine(self):
        from workbench_seq_irst.workflow import refine_queue

        pr = self.project

        def job(ctx):
            return refine_queue(ctx, pr, self._detector(), self.settings.a, self.settings.b)

        self._run(job, lambda q: self._set_queue(q, f"iter_{len(pr.iterations) + 1}_refine"), "Ranking labels",
                  "stopped; the ranking is not kept (nothing is written before a review is saved)")

    def mine(self):
        from workbench_seq_irst.workflow import mine_queue

        pr = self.project

        def job(ctx):
            return mine_queue(ctx, pr, self._detector())

        self._run(job, lambda q: self._set_queue(q, f"iter_{len(pr.iterations) + 1}_mine"), "Mining",
                  "stopped; the mined candidates are not kept (nothing is written before a review is saved)")

    def _set_queue(self, q, name):
        self.queue, self.queue_name = q, name
        self._seqs.clear()
        self._refresh_queue()
        self.tabs.setCurrentIndex(2)
        self.status.setText(f"{len(q)} items to review (worst first).")
        self._update_buttons()

    def _refresh_queue(self):
        t = self.queue_table
        t.setRowCount(0 if self.queue is None else len(self.queue))
        if self.queue is None:
            return
        for r, it in enumerate(self.queue.items):
            vals = (it.seq, str(it.frame), it.kind, it.label.class_name, ranked_by(it), it.status)
            for c, v in enumerate(vals):
                t.setItem(r, c, QTableWidgetItem(v))
        if len(self.queue):
            t.setCurrentCell(0, 0)

    def current(self) -> int:
        return self.queue_table.currentRow()

    def _show_item(self):
        k = self.current()
        if self.queue is None or not 0 <= k < len(self.queue):
            return
        from workbench_seq_irst.differential import differential_at

        it = self.queue.items[k]
        seq = self._seq(it.seq)
        a, b, self._offset = render_item(seq.frame(it.frame), differential_at(seq, it.frame), it)
        self.frame_view.set_picture(a)
        self.diff_view.set_picture(b)
        pred = "none" if it.prediction is None else f"({it.prediction[0]:.1f}, {it.prediction[1]:.1f}) " \
                                                     f"score {it.prediction[4]:.2f}"
        self.item_info.setText(f"{it.kind} at ({it.label.cx:.1f}, {it.label.cy:.1f}) {it.label.class_name}, "
                               f"{ranked_by(it)}; prediction {pred}; {it.status}")

    def decide(self, action: str, k: int | None = None, **kw):
        k = self.current() if k is None else k
        if self.queue is None or not 0 <= k < len(self.queue):
            return
        self.queue.decide(k, action, **kw)
        self.queue_table.item(k, 5).setText(self.queue.items[k].status)
        self._show_item()
        if k + 1 < len(self.queue) and action != "move":
            self.queue_table.setCurrentCell(k + 1, 0)

    def _clicked(self, x: float, y: float):
        """Click on a crop view: move the current label (or proposal) to that pixel."""
        cx = self._offset[0] + x / ZOOM - 0.5
        cy = self._offset[1] + y / ZOOM - 0.5
        self.decide("move", cx=cx, cy=cy)

    def save_review(self):
        if self.queue is None:
            return
        try:
            changed = self.queue.save(self.project, self.queue_name)
        except (WorkbenchError, OSError) as exc:
            # a full disk, a project folder gone read-only: said here (it was "Unexpected error" and a traceback);
            # the decisions stay in the queue (its changed sequences too), and the next Save writes them all
            self._say_error(WorkbenchError(f"{describe(exc)}; the review's decisions are kept here: free some space "
                                          "(or make the project writable) and Save again"))
            return
        if changed or self.queue.new_frames:
            self.crops = None  # the training set changed: crops are rebuilt for the next training
            self.crop_info.setText("")
        self._refresh_sequences()
        self.status.setText(f"Saved labels of {', '.join(changed) or 'no sequence'}; the training set has "
                            f"{self.project.n_images()} images.")

    def refresh_iterations(self):
        rows = [] if self.project is None else self.project.iterations
        t = self.iter_table
        t.setRowCount(len(rows))
        for r, row in enumerate(rows):
            vals = (row["iteration"], row["epochs"], row["images"], score_text(row.get("precision"), 2, True),
                    score_text(row.get("recall"), 2, True), score_text(row.get("f1"), 2, True))
            for c, v in enumerate(vals):
                t.setItem(r, c, QTableWidgetItem(str(v)))
        self.plot_view.clear()
        self._plot_gen += 1  # any drawing of the previous table still waiting or running is stale now
        self._plots = [p for p in self._plots if p[1] is not None]
        if rows:  # drawn on a worker: matplotlib's import and one figure held the GUI thread 0.5 s (0.12 s warm)
            self._plot([dict(r) for r in rows])

    def _plot(self, rows, path=None) -> None:
        self._plots = [p for p in self._plots if p[1] is not None] if path is None else self._plots
        self._plots.append((rows, path, self._plot_gen))  # a newer table replaces an older one still waiting
        self._next_plot()

    def _next_plot(self) -> None:
        if self.plot_job.running or not self._plots:
            return
        rows, path, self._plot_running_gen = self._plots.pop(0)
        self._plot_running_path = path
        # drawn in the screen's pixels (at 150 % a 1:1 PNG was scaled up, blurred), then scaled into its place
        self._plot_running_scale = self.plot_view.devicePixelRatioF()
        self.plot_job.start(_plot_file if path is not None else _plot_png, rows,
                            path if path is not None else self._plot_running_scale)

    @property
    def plotting(self) -> bool:
        return self.plot_job.running or bool(self._plots)

    def _on_plot(self, result) -> None:
        if isinstance(result, bytes):
            if self._plot_running_gen != self._plot_gen:
                return  # the table it was drawn for has been replaced (another project opened): dropped
            pm = QPixmap()
            pm.loadFromData(result)
            self.plot_view.set_picture(pm)
        else:
            self.status.setText(f"Plot written to {result}")

    def _on_plot_error(self, exc) -> None:
        self.last_error = f"plot: {exc}" if isinstance(exc, WorkbenchError) else f"plot: {type(exc).__name__}: {exc}"
        self.status.setText(self.last_error)

    # --- leave-one-recording-group-out ---------------------------------------------------------------
    def show_loso(self, rep, source: str = "") -> None:
        """Fill the LOSO tab from a report (``loso.run_loso``'s dict) or a ``loso.json`` path."""
        from workbench.core.evaluation.plots import spread_text

        if not isinstance(rep, dict):
            path = Path(rep)
            rep = read_loso(path)
            source = f"{source} ({path})" if source else str(path)
        self.loso_report = rep
        folds = rep.get("folds", {})
        t = self.loso_table
        t.setRowCount(len(folds))
        for r, (g, f) in enumerate(folds.items()):
            vals = (g, score_text(f['precision']), score_text(f['recall']), score_text(f['f1']),
                    f"{f.get('tp', '?')} / {f.get('fp', '?')} / {f.get('fn', '?')}")
            for c, v in enumerate(vals):
                item = QTableWidgetItem(v)
                if c:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                t.setItem(r, c, item)
        sm = rep.get("summary") or {}
        if folds and sm:
            pooled = sm.get("pooled", {})
            nested = self._nested_line(rep)
            over = sm.get("mean_over") or {}
            n_f1 = over.get("f1", sm["folds"])
            some = "" if n_f1 == sm["folds"] else f" of {sm['folds']} with an F1"
            folds_line = (f"F1 {score_text(sm['mean_f1'])} ({n_f1} fold{some}: no spread)" if sm["std_f1"] is None else
                          f"mean F1 {score_text(sm['mean_f1'])} ± {sm['std_f1']:.3f} (sample std over {n_f1} folds)")
            # a fold's undefined score (null: no detections, no precision) is left out of that mean: said
            fewer = "".join(f" ({name} over {over[key]} of {sm['folds']} folds: undefined in the others)"
                            for key, name in (("precision", "P"), ("recall", "R"), ("f1", "F1"))
                            if isinstance(over.get(key), int) and over[key] < sm["folds"])
            detail = (f"min {score_text(sm['min_f1'])}, max {score_text(sm['max_f1'])}; mean P "
                      f"{score_text(sm['mean_precision'])}, mean R {score_text(sm['mean_recall'])}{fewer}; pooled F1 "
                      f"{score_text(pooled.get('f1'))} (TP {pooled.get('tp', 0)}, "
                      f"FP {pooled.get('fp', 0)}, FN {pooled.get('fn', 0)})")
            if nested:  # the nested figure is the headline; the table's is at a setting chosen on its own folds
                self.loso_summary.setText(f"{nested}the table: mean F1 {score_text(sm['mean_f1'])} ± "
                                          f"{spread_text(sm['std_f1'])} at the default setting<br>(chosen on these "
                                          f"recordings: optimistic); pooled F1 {score_text(pooled.get('f1'))}")
                self.loso_summary.setToolTip(f"{self.loso_summary.text()}<br>{detail}<br>nested: each held-out group "
                                             f"is scored at the trajectory setting its other groups choose")
            else:
                self.loso_summary.setText(f"<b>{folds_line}</b><br>{detail}")
                self.loso_summary.setToolTip(self.loso_summary.text())
        else:
            self.loso_summary.setText("no finished folds")
        recipe = rep.get("recipe") or {}
        what = rep.get("protocol", "leave-one-recording-group-out")
        n = recipe.get("epochs")
        epochs = f", {n} epoch{'' if n == 1 else 's'} ({recipe.get('mine_epochs', 0)} after mining)" \
            if "epochs" in recipe else ""
        self.loso_source.setText(f"{what}{epochs}: {source}".strip().rstrip(":"))
        self.loso_source.setToolTip(f"{self.loso_source.text()}\n\neach fold trains on every other recording group "
                                    "and is scored on every frame of the held-out one (no frame of a training "
                                    "recording is scored)")

    @staticmethod
    def _nested_line(rep: dict) -> str:
        """The post-processing's selection as the report states it: the nested figure (each fold at the
        setting the other folds choose), with trajectory confirmation and without, when given."""
        tr = rep.get("tracks") or {}
        nested = tr.get("nested_seed_mean", (tr.get("nested") or {}).get("mean_f1"))
        if nested is None:
            return ""
        seeds = tr.get("nested_seeds") or {}
        what = tr.get("nested_runs", "seeds")  # an ensemble's runs are seed pairs
        spread = f" ± {tr['nested_seed_std']:.3f} over {len(seeds)} {what}" if len(seeds) > 1 and "nested_seed_std" in tr else ""
        line = f"<b>nested mean F1 {score_text(nested)}</b>{spread},<br>confirmed by trajectories (the default)<br>"
        frame = tr.get("per_frame_rule_nested_mean_f1")  # the same detector without the trajectories
        return line + (f"per-frame rule alone: nested F1 {score_text(frame)}<br>" if frame is not None else "")

    def _ask_loso(self):
        root = QFileDialog.getExistingDirectory(self, "A folder of labelled sequences (two or more recording groups)")
        if root:
            self.run_loso([root])

    def _ask_loso_file(self):
        f, _ = QFileDialog.getOpenFileName(self, "Open a loso.json", "", "LOSO report (loso.json *.json)")
        if f:
            try:
                self.show_loso(f)
            except WorkbenchError as exc:  # names the file already
                self.loso_source.setText(str(exc))
            except Exception as exc:  # noqa: BLE001
                self.loso_source.setText(f"{f}: {describe(exc)}")

    def loso_out_dir(self) -> Path:
        if self.project is not None:
            return Path(self.project.root) / "loso"
        from workbench.gui.settings import workspace_dir

        return workspace_dir() / "seq_irst_loso"

    def run_loso(self, roots, out=None, recipe=None) -> None:
        """The LOSO selection on a worker (progress, Cancel between log lines of a fold's training;
        finished folds stay on disk and a rerun resumes), then its figures in the LOSO tab."""
        from workbench_seq_irst.loso import Recipe

        recipe = recipe or Recipe(epochs=self.loso_epochs.value(), members=self.loso_members.value())
        # one folder per recipe: a run with other epochs / networks must not reuse another recipe's folds
        out = Path(out) if out is not None else self.loso_out_dir() / recipe.tag()
        roots = _loso_roots(roots)

        def job(ctx):
            return _loso_job(ctx, roots, out, recipe)

        def done(rep):
            self.show_loso(rep, str(out / "loso.json"))
            self.tabs.setCurrentIndex(self.tabs.count() - 1)
            self.status.setText(f"LOSO: {rep['summary']['folds']} folds, mean F1 {score_text(rep['summary']['mean_f1'])}; "
                                f"{out / 'loso.json'}")

        self._run(job, done, f"leave-one-recording-group-out over {', '.join(roots)} into {out}",
                  "stopped at the fold's next step; the finished folds and epochs stay in that folder and Run LOSO "
                  "resumes from them")

    def _export_plot(self):
        if self.project is None or not self.project.iterations:
            return
        f, _ = QFileDialog.getSaveFileName(self, "Export plot", str(self.project.root / "iterations.png"),
                                           "PNG (*.png);;SVG (*.svg);;PDF (*.pdf)")
        if not f:
            return
        # a place it cannot be written is said at once: the worker drew the whole figure first and then failed
        # (0.1-0.47 s of the GUI thread waiting on the worker's drawing, for nothing)
        path = Path(f)
        above = next((p for p in (path.parent, *path.parent.parents) if p.exists() and not p.is_dir()), None)
        problem = (f"{path}: is a folder; give the plot a file name" if path.is_dir() else
                   f"{path}: cannot write here: {above} is a file, not a folder" if above is not None else "")
        if problem:
            self.last_error = f"plot: {problem}"
            self.status.setText(self.last_error)
            return
        self._plot([dict(r) for r in self.project.iterations], f)
