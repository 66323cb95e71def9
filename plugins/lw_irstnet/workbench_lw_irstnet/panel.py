"""LW-IRSTNet's panel (loaded only by the GUI; the window gives it a dock of its own): three tabs.

* Live filter: the logit threshold and the feature filter (pixel size in [m, k], aspect ratio in
  [l, n]) as sliders; every move re-filters the frame on screen from the cached logits
  (``LWIRSTNetSegmenter.refilter`` through the window's ``refilter_segmentation``), no network call.
* Train: ``train.run_training`` in a worker thread, live loss / val mIoU curve, progress, Cancel,
  resume from a ``last.pt``.
* Evaluate: ``evaluate.evaluate_split`` on a SIRST-style split in a worker; metrics table, ROC,
  export (CSV, JSON, ROC as PNG / SVG / PDF), and a per-image detection view.

The window shows the panel as a dock of its own in the wide bottom area (``dock_title``, as the
detector's workflow): squeezed into the settings column at 1366x768 (~260 px) the metrics table, the ROC
plot and the per-image view each scrolled inside the column's scroll area, and the picture was cut.
In the dock the tabs lay their parts side by side, each tab scrolling on its own only when the dock is
made smaller than they need.

Nothing slow runs on the GUI thread when a button is pressed: the evaluation's dataset and model are
opened on its worker, and torch's lazy imports (the first optimizer imports ``torch._dynamo``, ~2 s of
Python) happen on the training's worker. They used to be made on the GUI thread first (``_preimport``,
a 2-3 s freeze of the first Train / Evaluate click) because a first import of ``torch._dynamo`` on a
worker "was seen to hang". No hang reproduces (torch 2.13, PySide6 6.11): the likely cause is a worker
starved of the interpreter lock by a GUI thread waiting in ``QTest.qWait``, which keeps the lock
between its event passes (the import then took 12.9 s instead of 3.3 s), not a deadlock; the window's
own event loop releases the lock and the import runs at full speed (``tests/test_lw_irstnet_panel_gui.py``
runs both jobs twice on workers and checks on which thread it is imported).
"""
from __future__ import annotations

import json
import math
import re
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QFontDatabase, QImage, QPixmap
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QBoxLayout, QCheckBox, QComboBox, QDoubleSpinBox,
                               QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget, QProgressBar,
                               QPushButton, QScrollArea, QSizePolicy, QSlider, QSpinBox, QTableWidget, QTableWidgetItem,
                               QTabWidget, QSplitter, QToolButton, QVBoxLayout, QWidget)

from workbench.core import shell
from workbench.gui import style
from workbench.gui.widgets import NOTHING_EXPORTED, FitPicture, may_write, show_cancelled, tip_with_reason
from workbench.gui.worker import Job

METRICS = ("miou", "niou", "f1", "precision", "recall", "pd", "fa", "auc", "params", "flops", "fps")
PIX_MAX = 2000  # slider end = no upper bound on the pixel size
ASPECT_MAX = 100  # slider end (10.0) = no upper bound on the aspect ratio


class _CannotEvaluate(Exception):
    """The evaluation's dataset or model could not be opened (its worker's first step)."""


def preload() -> None:
    """What the constructor imports (the trainer's optimizer names, and torch with them), run by the
    window on a worker before the panel is built: selecting the segmenter does not stall the window."""
    import importlib

    importlib.import_module("workbench_lw_irstnet.train")


# a cross-validation's progress as ``cv._fold_context`` says it: "fold 2/5: epoch 3/40 done" (1-based)
_FOLD_SAID = re.compile(r"fold (\d+)/(\d+): ")


def _row(*widgets) -> QHBoxLayout:
    h = QHBoxLayout()
    h.setContentsMargins(0, 0, 0, 0)
    for w in widgets:
        h.addWidget(w, 1 if isinstance(w, (QLineEdit, QSlider)) else 0)
    return h


def _box_set_or_whole(box_set, root: Path, split: str | None):
    """``box_set(root, split)`` (irst_boxes.BoxSet) with the form's split where the box-labelled set has it in any
    form BoxSet takes (a split file; of sequences, an Anti-UAV split folder such as ``test`` or a COCO file's split),
    else the whole set (``split`` None: said beside the figures) when no split file of that name exists either (the
    default val.txt rarely does there). Checking with ``resolve_split`` alone (split files only) dropped a split
    folder or COCO split and scored every image; a split that is there but refused (empty, ambiguous) is said."""
    from workbench.core.data.sirst import SplitNotFound

    if split is None:
        return box_set(root, None)
    try:
        return box_set(root, split)
    except SplitNotFound:  # in no form this set has: every image, and the panel says the split was not used
        return box_set(root, None)


def _split_or_whole(root: Path, split: str | None) -> str | None:
    """``split`` when the mask set has it, else None (every image) when the set has no split files at
    all (SIRST-V2, a user's own images + masks: the form's default val.txt was refused there, 'split
    not found'); a split missing from a set that has others stays, to be refused naming it."""
    from workbench.core.data.sirst import resolve_split
    from workbench.core.errors import DataError

    if split is None:
        return None
    try:
        resolve_split(root, split)
        return split
    except DataError:
        pass
    for name in ("train.txt", "val.txt", "test.txt", "trainval.txt"):
        try:
            if resolve_split(root, name) is not None:
                return split
        except DataError:
            continue
    splits = root / "splits"
    return split if splits.is_dir() and any(splits.glob("*.txt")) else None


def _refusal(argv: list[str]) -> str | None:
    """Why the Train tab's settings ``argv`` cannot start (a training or, with ``--cv``, a
    cross-validation), in words for its status line; None when they can. The checks the command line
    makes before a run: argparse's own (its message went to stderr only), ``train.check_args``, an output
    folder that is a file, and one that holds another training (its last.pt, best.pt and weights would be
    replaced: Resume continues it)."""
    import contextlib
    import io

    from workbench.core.errors import WorkbenchError
    from workbench.core.results import writable_folder
    from workbench_lw_irstnet import train

    said = io.StringIO()
    try:
        with contextlib.redirect_stderr(said):
            args = train.parser().parse_args(argv)
    except SystemExit:
        lines = [ln.split(": error: ", 1)[1] for ln in said.getvalue().splitlines() if ": error: " in ln]
        return f"Invalid training settings: {lines[-1] if lines else said.getvalue().strip()}"
    try:
        train.check_args(args)
    except WorkbenchError as exc:
        return f"Invalid training settings: {exc}"
    out = Path(args.out)
    try:
        writable_folder(out, "Output", make=False)
    except WorkbenchError as exc:
        return f"{exc}; choose a folder (a new one is made when missing)."
    earlier = train.earlier_training(args)
    if earlier is not None:
        from workbench.core.training.earlier_run import other_run

        other = other_run(earlier, "train lw_irstnet", train.is_mine)
        if other is not None:  # was "holds a training already ... put it in Resume", which Resume then refused
            return (f"Output {out} holds another command's run: {earlier} is {other}, not a training of this "
                    f"network, and Resume cannot continue it. Choose another output folder.")
        return (f"Output {out} holds a training already ({earlier}): a new one would replace its weights. "
                f"Put that last.pt in Resume to continue it, or choose another output folder.")
    try:  # the --resume / --init file as the job reads it (was said by the job, after the log was written)
        train.check_files(args)
    except WorkbenchError as exc:
        return str(exc)
    from workbench_lw_irstnet import cv

    done = cv.finished_selection(args)
    if done is not None:  # said before the job starts (the job refused it after a line was added to its log)
        what = "cross-validation" if args.cv else "final training"
        return (f"Output {out} holds a finished {what} already ({done}): its figures are there. "
                f"Choose another output folder.")
    return None


def _path_edit(placeholder: str, folder: bool, parent, append: bool = False) -> tuple[QLineEdit, QHBoxLayout]:
    """A path field and its browse button; ``append``: the chosen path is added to a ``;``-separated list."""
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    b = QToolButton()
    b.setText("…")

    def browse():
        if folder:
            p = QFileDialog.getExistingDirectory(parent, placeholder, "" if append else edit.text())
        else:
            p, _ = QFileDialog.getOpenFileName(parent, placeholder, edit.text())
        if p and append:
            have = [q.strip() for q in edit.text().split(";") if q.strip()]
            edit.setText("; ".join(have + ([p] if p not in have else [])))
        elif p:
            edit.setText(p)

    b.clicked.connect(browse)
    return edit, _row(edit, b)


# short enough for the plot's width at 1366x768 ("pixel false positive rate (log)" was cut there); the
# tooltip (ROC_NOTE) says it in full
ROC_X_LABEL = "pixel FPR (log)"


class LogAxis(pg.AxisItem):
    """A log axis whose labels never overlap: pyqtgraph labels every 2..9 tick of a decade when the
    range spans about two decades, and in the Evaluate tab's plot (about 150 px wide at 1366x768) the
    Pd-Fa axis read "5678 10¹ 2·3·4·5…" run together. Decades are labelled; the 2 and 5 ticks too where
    a decade has the room, the others only where every one of them has."""

    LABEL_PX = 30  # about the width of a label such as "2·10¹" at the plot's font

    def logTickStrings(self, values, scale, spacing):  # noqa: N802 - pyqtgraph's name
        strings = super().logTickStrings(values, scale, spacing)
        lo, hi = self.range
        per_decade = self.geometry().width() / max(1e-9, hi - lo) if self.orientation in ("top", "bottom") \
            else self.geometry().height() / max(1e-9, hi - lo)
        out = []
        for v, text in zip(values, strings):
            digit = round(10 ** (v - math.floor(v + 1e-9)))
            if digit in (1, 10):
                keep = True
            elif digit in (2, 5):
                keep = per_decade * math.log10(2) >= self.LABEL_PX * 1.2  # 1-2 is the tightest gap
            else:
                keep = per_decade * math.log10(10 / 9) >= self.LABEL_PX * 1.2  # 9-10 is
            out.append(text if keep else "")
        return out


def _no_height_hint(widget: QWidget) -> None:
    """Its height is what the dock has (down to its minimum): its preferred height (a plot's 480 px)
    would make a page with wrapped labels taller than the dock, so that the page scrolled."""
    pol = widget.sizePolicy()
    pol.setVerticalPolicy(QSizePolicy.Policy.Ignored)
    widget.setSizePolicy(pol)


def cv_summary(cv: dict) -> str:
    """A cross-validation's figures in a narrow block: each metric's mean ± spread over the folds and its range
    (the per-fold table, ``cv.cv_table``, is 100 characters wide)."""
    from workbench.core.evaluation.plots import spread_text
    from workbench_lw_irstnet.cv import METRICS

    names = {"miou": "mIoU", "niou": "nIoU", "f1": "F1", "pd": "Pd", "fa_e6": "Fa 1e-6"}
    folds = cv["folds"]
    rows = []
    for m in METRICS:
        vals = [f[m] for f in folds]
        digits = 2 if m == "fa_e6" else 3
        # a one-fold std is null in cv.json (undefined; 0.0 before): formatted it stopped the Train tab's summary
        rows.append((names.get(m, m), f"{cv['mean'][m]:.{digits}f}", spread_text((cv.get("std") or {}).get(m), digits),
                     f"{min(vals):.{digits}f}–{max(vals):.{digits}f}"))
    # columns as wide as their widest entry: fixed widths ran the columns together once a figure outgrew them
    # (an early model's Fa of 252197.27 ± 3107.40 read "3107.40250000.00–254394.53")
    if len(folds) == 1:  # one fold has no spread ("± 0.000" read as folds that agreed exactly), nor a range
        w0 = max(len(r[0]) for r in rows)
        w1 = max(len(r[1]) for r in rows)
        return "\n".join(["1 fold"] + [f"{n:<{w0}} {mean:>{w1}}" for n, mean, _std, _rng in rows])
    head = f"{len(folds)} folds"
    w0 = max(len(head) - 1, *(len(r[0]) for r in rows))
    w1, w2 = (max(len(r[i]) for r in rows) for i in (1, 2))
    lines = [f"{head:<{w0 + 1}}{'mean ± std':^{w1 + w2 + 3}}  min–max"]
    lines += [f"{n:<{w0}} {mean:>{w1}} ± {std:<{w2}}  {rng}" for n, mean, std, rng in rows]
    return "\n".join(lines)


class _PageScroll(QScrollArea):
    """A scroll area whose bars follow its size in the same event-loop pass. Qt shows or hides them on a
    later pass (a queued call from the bars' range change), so a page that grew from a small size (the
    workflow dock being made, 1366x768) showed both bars, with nothing to scroll, until then: a frame
    drawn, or a screenshot, with them."""

    def resizeEvent(self, ev) -> None:
        super().resizeEvent(ev)
        QCoreApplication.sendPostedEvents(self, QEvent.Type.MetaCall)


class _TrainPage(QWidget):
    """The Train tab's page: its two forms side by side where the tab is wide enough for them and the
    curve beside them, else one above the other. Side by side they needed 842 px with the curve; in a
    1024 px window's 674 px dock the page scrolled sideways, the curve a bare axis at the page's edge."""

    def __init__(self):
        super().__init__()
        self.forms: QBoxLayout | None = None
        self.side: QWidget | None = None  # the curve (and a cross-validation's figures) beside the forms

    def side_by_side_width(self) -> int:
        """The least width that holds the forms side by side and the curve beside them."""
        f, g = (self.forms.itemAt(i).layout() for i in range(2))
        m = self.layout().contentsMargins()
        return (f.minimumSize().width() + g.minimumSize().width() + self.forms.spacing() + m.left() + m.right()
                + self.layout().spacing() + self.side.minimumSizeHint().width())

    def arrange(self) -> None:
        if self.forms is None:
            return
        room = self.parentWidget().width() if self.parentWidget() is not None else self.width()  # the viewport's
        wide = room >= self.side_by_side_width()
        want = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self.forms.direction() != want:
            self.forms.setDirection(want)

    def resizeEvent(self, ev) -> None:  # noqa: N802
        super().resizeEvent(ev)
        self.arrange()

    def event(self, ev) -> bool:
        if ev.type() in (QEvent.Type.Show, QEvent.Type.ParentChange, QEvent.Type.LayoutRequest):
            self.arrange()
        return super().event(ev)


def _scrolled(page: QWidget) -> QScrollArea:
    """A tab's page in a frameless scroll area: it scrolls (on its own) only when the dock is made
    smaller than the page needs, and the panel's minimum size stays small."""
    scroll = _PageScroll()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setWidget(page)
    return scroll


class Panel(QTabWidget):
    """``Plugin.panel``: built as ``Panel(plugin, methods_dock)``; the window puts it in a dock of its own
    titled ``dock_title`` (the settings column keeps a button that raises it)."""

    PLOT_MIN_HEIGHT = 104  # the Train tab's curve: its axes and a few ticks beside a cross-validation's figures

    dock_title = "LW-IRSTNet workflow"

    def __init__(self, plugin, parent=None):
        super().__init__(parent)
        self.plugin = plugin
        self.dock = parent  # the Methods dock: the plugin's settings form and device
        self.addTab(_scrolled(self._live_tab()), "Live filter")
        # the Train and Evaluate pages (forms, a loss curve, a ROC plot) are built when first opened or
        # first used: building all three held the GUI thread ~0.1 s when the method was selected
        self._lazy = {1: ("_train_tab", "Train"), 2: ("_eval_tab", "Evaluate")}
        self.addTab(QWidget(), "Train")
        self.addTab(QWidget(), "Evaluate")
        self.currentChanged.connect(self._build_tab)
        self.train_job = Job(self)
        self.train_job.progress.connect(self._on_train_progress)
        self.train_job.returned.connect(self._on_train_done)
        self.train_job.errored.connect(self._on_train_error)
        self.train_job.finished.connect(self._on_train_finished)
        self.cv_job = Job(self)
        self.cv_job.progress.connect(self._on_train_progress)
        self.cv_job.returned.connect(self._on_cv_done)
        self.cv_job.errored.connect(self._on_train_error)
        self.cv_job.finished.connect(self._on_train_finished)
        self.eval_job = Job(self)
        self.eval_job.progress.connect(lambda f, m: (self.ev_progress.setValue(int(f * 1000)), self.ev_progress.setFormat(m)))
        self.eval_job.returned.connect(self._on_eval_done)
        self.eval_job.errored.connect(self._on_eval_error)
        self.eval_job.finished.connect(self._on_eval_finished)
        self.eval_result = None
        self.eval_dataset = None
        self._eval_split = None  # the split the last evaluation was started with
        self._eval_seg = None
        self.export_job = Job(self)  # Export…: six matplotlib figures, 2-3 s
        self.export_job.returned.connect(self._on_exported)
        self.export_job.errored.connect(self._on_export_error)
        self.export_job.finished.connect(self._export_ready)
        self._export_to = None
        self.view_job = Job(self)  # the per-image detection view (show_image)
        self.view_job.returned.connect(self._on_view_done)
        self.view_job.errored.connect(lambda exc: self.ev_status.setText(f"Cannot show the image: {exc}"))
        self.view_job.finished.connect(self._next_view)
        self.shown_row = None  # the row whose picture is on show
        # (evaluation, row) wanted, and of the last view job started: a row is asked for once, whether a
        # picture, none or an error comes back (it was asked for again without end while none came)
        self._view_want = self._view_started = None
        app = QApplication.instance()
        if app is not None:  # a training left running would hold the thread pool open at exit
            app.aboutToQuit.connect(self.shutdown)

    def shutdown(self) -> None:
        """Cancel the training and the evaluation (the last finished epoch's last.pt stays)."""
        try:
            self.cancel_training()
            self.cancel_eval()
        except RuntimeError:  # the widget is already deleted
            pass

    def running_jobs(self) -> list[tuple]:
        """``[(job, line, finish_first)]``, as ``InspectorDock.running_jobs``: the training, cross-validation,
        evaluation and export started here that still run, named in the window's close question with what is
        kept when each stops; the export writes its files one after the other and is finished first. The
        per-image detection view is the panel's own background work: not listed, it ends with the window."""
        out = []
        folder = self.__dict__.get("_train_out")
        last = f"{folder / 'last.pt'}" if folder is not None else "its last.pt"
        for job, what, kept in (
                (self.train_job, f"training into {folder}", f"the last finished epoch's {last} stays (give it to "
                                                            "Resume to continue)"),
                (self.cv_job, f"cross-validation into {folder}", "the folds scored and the fold's last finished epoch "
                                                                 "stay (Start it again to resume)")):
            if job.running:
                doing = f" ({job.last_message})" if job.last_message else ""
                out.append((job, f"LW-IRSTNet {what}{doing}: stopped at its next batch, the epoch in progress is "
                                 f"not kept; {kept}.", False))
        if self.eval_job.running:
            out.append((self.eval_job, "LW-IRSTNet evaluation: stopped; nothing of it is kept (it writes nothing "
                                       "until exported).", False))
        if self.export_job.running:
            out.append((self.export_job, f"LW-IRSTNet export of the evaluation to {self.__dict__.get('_export_to')}: "
                                         "finished before the window closes.", True))
        return out

    # --- the window and the plugin's settings -------------------------------------------------
    def host(self):
        w = self.dock.window() if self.dock is not None else self.window()
        return w if hasattr(w, "refilter_segmentation") else None

    def _form_values(self) -> dict:
        if self.dock is not None and hasattr(self.dock, "config_values"):
            return self.dock.config_values(self.plugin.name)
        return {}

    def _config(self):
        return self.plugin.make_config(self._form_values())

    def _device(self) -> str:
        if self.dock is not None and hasattr(self.dock, "device_for"):
            return self.dock.device_for(self.plugin.name)
        return "auto"

    # --- live filter ----------------------------------------------------------------------
    def _live_tab(self) -> QWidget:
        page = QWidget()
        outer = QHBoxLayout(page)
        w = QWidget()
        w.setMaximumWidth(760)  # sliders long enough for fine moves, not across a wide dock
        outer.addWidget(w, 1)
        outer.addStretch(0)
        f = QFormLayout(w)
        f.setContentsMargins(0, 0, 0, 0)
        note = QLabel("Moves re-filter the frame on screen from its cached logits (no new network pass).")
        note.setWordWrap(True)
        note.setObjectName("muted")
        f.addRow(note)
        self.thr = QSlider(Qt.Orientation.Horizontal)
        self.thr.setRange(-100, 100)  # logits x 10
        self.thr_label = QLabel()
        self.min_pix = QSlider(Qt.Orientation.Horizontal)
        self.min_pix.setRange(1, 200)
        self.max_pix = QSlider(Qt.Orientation.Horizontal)
        self.max_pix.setRange(1, PIX_MAX)
        self.min_asp = QSlider(Qt.Orientation.Horizontal)
        self.min_asp.setRange(0, ASPECT_MAX)  # x 10
        self.max_asp = QSlider(Qt.Orientation.Horizontal)
        self.max_asp.setRange(0, ASPECT_MAX)
        self.labels = {}
        for title, s in (("Threshold (logit)", self.thr), ("Size min m (px)", self.min_pix),
                         ("Size max k (px)", self.max_pix), ("Aspect min l", self.min_asp),
                         ("Aspect max n", self.max_asp)):
            lab = QLabel()
            lab.setMinimumWidth(64)
            self.labels[s] = lab
            f.addRow(title, _row(s, lab))
        self.live_status = QLabel("")
        self.live_status.setObjectName("muted")
        f.addRow(self.live_status)
        self.load_from_config()
        for s in (self.thr, self.min_pix, self.max_pix, self.min_asp, self.max_asp):
            s.valueChanged.connect(self._on_slider)
        return page

    def load_from_config(self) -> None:
        v = self._form_values() or {}
        cfg = self.plugin.config()
        get = lambda k: v.get(k, getattr(cfg, k))  # noqa: E731
        sliders = (self.thr, self.min_pix, self.max_pix, self.min_asp, self.max_asp)
        for s in sliders:
            s.blockSignals(True)
        self.thr.setValue(int(round(float(get("threshold")) * 10)))
        self.min_pix.setValue(int(get("min_pixels")))
        self.max_pix.setValue(min(int(get("max_pixels")), PIX_MAX))
        self.min_asp.setValue(int(round(float(get("min_aspect")) * 10)))
        self.max_asp.setValue(min(int(round(float(get("max_aspect")) * 10)), ASPECT_MAX))
        for s in sliders:
            s.blockSignals(False)
        self._update_labels()

    def filter_values(self) -> dict:
        """The sliders as the segmenter's settings (slider ends mean 'no bound')."""
        return {"threshold": self.thr.value() / 10.0,
                "min_pixels": self.min_pix.value(),
                "max_pixels": 100000 if self.max_pix.value() >= PIX_MAX else self.max_pix.value(),
                "min_aspect": self.min_asp.value() / 10.0,
                "max_aspect": 100.0 if self.max_asp.value() >= ASPECT_MAX else self.max_asp.value() / 10.0}

    def _update_labels(self) -> None:
        v = self.filter_values()
        p = 1.0 / (1.0 + math.exp(-v["threshold"]))
        self.labels[self.thr].setText(f"{v['threshold']:+.1f} (p {p:.2f})")
        self.labels[self.min_pix].setText(str(v["min_pixels"]))
        self.labels[self.max_pix].setText("∞" if v["max_pixels"] >= 100000 else str(v["max_pixels"]))
        self.labels[self.min_asp].setText(f"{v['min_aspect']:.1f}")
        self.labels[self.max_asp].setText("∞" if v["max_aspect"] >= 100 else f"{v['max_aspect']:.1f}")

    def set_filter(self, threshold=None, min_pixels=None, max_pixels=None, min_aspect=None, max_aspect=None) -> None:
        """Move the sliders from code (tests, scripts); each move re-filters like a drag would."""
        if threshold is not None:
            self.thr.setValue(int(round(threshold * 10)))
        if min_pixels is not None:
            self.min_pix.setValue(int(min_pixels))
        if max_pixels is not None:
            self.max_pix.setValue(int(min(max_pixels, PIX_MAX)))
        if min_aspect is not None:
            self.min_asp.setValue(int(round(min_aspect * 10)))
        if max_aspect is not None:
            self.max_asp.setValue(int(min(round(max_aspect * 10), ASPECT_MAX)))

    def _on_slider(self, _v=None) -> None:
        self._update_labels()
        v = self.filter_values()
        if self.dock is not None and hasattr(self.dock, "form"):
            self.dock.form(self.plugin.name).set_values(v)  # the next run uses them too
        host = self.host()
        if host is None:
            return
        thr = v.pop("threshold")
        out = host.refilter_segmentation(thr, **v)
        if out is None:
            self.live_status.setText("Segment a frame first (Segment frame, in the Methods dock's Run box).")
        else:
            self.live_status.setText(f"{len(out.targets)} targets, {int(np.count_nonzero(out.mask))} mask pixels")

    # --- training ---------------------------------------------------------------------------
    def _train_tab(self) -> QWidget:
        """The recipe as two forms side by side, the buttons and progress under them, the curve beside:
        the page fits the bottom dock's height at 1366x768, and at 1280x720 with close margins and spacing
        (with the style's it scrolled there, the status line below the page's edge)."""
        w = _TrainPage()
        page = QHBoxLayout(w)
        page.setContentsMargins(6, 4, 6, 4)
        v = QVBoxLayout()
        v.setSpacing(4)
        page.addLayout(v, 5)
        forms = w.forms = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        f, g = QFormLayout(), QFormLayout()
        f.setVerticalSpacing(4)
        g.setVerticalSpacing(4)
        forms.addLayout(f, 1)
        forms.addLayout(g, 1)
        v.addLayout(forms)
        self.tr_root, row = _path_edit("SIRST-style root (images/, masks/, splits/)", True, self)
        f.addRow("Data root", row)
        self.tr_split = QLineEdit("train.txt")
        self.tr_split.setToolTip("the training split (a file in splits/, or a path)")
        self.tr_val = QLineEdit("val.txt")
        self.tr_val.setToolTip("the validation split (a file in splits/, or a path)")
        for edit in (self.tr_split, self.tr_val):
            edit.setMinimumWidth(66)
        f.addRow("Train / val split", _row(self.tr_split, self.tr_val))
        self.tr_epochs = QSpinBox()
        self.tr_epochs.setRange(1, 10000)
        self.tr_epochs.setValue(100)
        self.tr_batch = QSpinBox()
        self.tr_batch.setRange(1, 256)
        self.tr_batch.setValue(8)
        f.addRow("Epochs / batch", _row(self.tr_epochs, self.tr_batch))
        self.tr_out, row = _path_edit("output folder (last.pt, best.pt, history.json)", True, self)
        f.addRow("Output", row)
        self.tr_resume, row = _path_edit("optional: a last.pt to continue from", False, self)
        g.addRow("Resume", row)
        self.tr_crop = QSpinBox()
        self.tr_crop.setRange(32, 1024)
        self.tr_crop.setSingleStep(8)
        self.tr_crop.setValue(256)
        self.tr_ema = QCheckBox("EMA")
        self.tr_ema.setToolTip("average the weights over iterations (exponential moving average, decay 0.999, "
                               "--ema 0.999): validation and best_weights.pt / ema_weights.pt then use the "
                               "average, and the curve also shows the raw weights' val mIoU")
        g.addRow("Crop / average", _row(self.tr_crop, self.tr_ema))
        from workbench_lw_irstnet.train import OPTIMIZERS

        self.tr_opt = QComboBox()
        for name, (lr, what) in OPTIMIZERS.items():
            self.tr_opt.addItem(name)
            self.tr_opt.setItemData(self.tr_opt.count() - 1, f"{what}; lr {lr:g} when left at default",
                                    Qt.ItemDataRole.ToolTipRole)
        self.tr_lr = QDoubleSpinBox()
        self.tr_lr.setDecimals(4)
        self.tr_lr.setRange(0.0, 1.0)
        self.tr_lr.setSingleStep(0.0005)
        self.tr_lr.setSpecialValueText("default")  # 0: the optimizer's default rate
        self.tr_lr.setToolTip("initial learning rate, decayed by the poly schedule (default: " + ", ".join(
            f"{lr:g} for {name}" for name, (lr, _) in OPTIMIZERS.items()) + ")")
        from workbench_lw_irstnet.train import LOSSES

        self.tr_loss = QComboBox()
        for name, what in LOSSES.items():
            self.tr_loss.addItem(name)
            self.tr_loss.setItemData(self.tr_loss.count() - 1, what, Qt.ItemDataRole.ToolTipRole)
        self.tr_loss.setToolTip("the training loss (--loss); each entry's tooltip says what it is")
        for box in (self.tr_opt, self.tr_lr, self.tr_loss):  # narrower than their hints: the row fits the dock
            box.setMinimumWidth(66)
        g.addRow("Optimizer / lr / loss", _row(self.tr_opt, self.tr_lr, self.tr_loss))
        self.tr_init, row = _path_edit("optional: weights to start from (fine-tune, --init)", False, self)
        g.addRow("Start from", row)
        # extra augmentations (--aug), one checkable entry each, on top of scale / crop / horizontal flip
        from PySide6.QtWidgets import QMenu

        from workbench_lw_irstnet.augment import EXTRA_AUGS

        self.tr_aug = QToolButton()
        self.tr_aug.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.tr_aug.setToolTip("extra training augmentations on top of scale, crop and horizontal flip (--aug); "
                               "each entry's tooltip says what it does")
        menu = QMenu(self.tr_aug)
        menu.setToolTipsVisible(True)
        self.tr_aug_actions = {}
        for name, what in EXTRA_AUGS.items():
            act = menu.addAction(name)
            act.setCheckable(True)
            act.setToolTip(what)
            act.toggled.connect(self._update_aug_text)
            self.tr_aug_actions[name] = act
        self.tr_aug.setMenu(menu)
        self._update_aug_text()
        self.tr_bg, row = _path_edit("optional: folders of other recordings as negatives (--backgrounds)", True, self,
                                     append=True)
        self.tr_bg.setToolTip("target-free real backgrounds for the training side (never validated or held out): "
                               "frames of any layout the readers open (DAUB / YOLO frame folders, image folders, "
                               "videos), at most 24 per sequence, their labelled objects inpainted, real targets "
                               "pasted into every crop of them (needs the paste augmentation); several folders "
                               "separated by ';' (… adds one)")
        row.insertWidget(0, self.tr_aug)  # one row: the form fits a laptop's dock without scrolling
        g.addRow("Augment / backgrounds", row)
        self.tr_start = QPushButton("Start training")
        self.tr_start.setObjectName("primary")
        self.tr_start.setToolTip("train the settings above into the output folder (workbench train lw_irstnet)")
        self.tr_start.clicked.connect(self.start_training)
        self.tr_cancel = QPushButton("Cancel")
        self.tr_cancel.setObjectName("danger")
        self.tr_cancel.setToolTip("stop the training or cross-validation at its next batch (the last finished "
                                  "epoch's last.pt stays)")
        self.tr_cancel.clicked.connect(self.cancel_training)
        # recipe selection without leaks: the same settings trained K times, each scored on its held-out
        # fold (workbench train lw_irstnet --cv K); the pool is the data root's trainval.txt when present
        self.cv_folds = QSpinBox()
        self.cv_folds.setRange(2, 20)
        self.cv_folds.setValue(5)
        self.cv_folds.setPrefix("K = ")
        self.cv_folds.setToolTip("folds of the cross-validation (by image; SIRST-V2-style recordings kept whole)")
        self.cv_start = QPushButton("Cross-validate")
        self.cv_start.setToolTip("train the settings above on K-1 folds and score each held-out fold: the "
                                 "per-fold and mean / spread figures choose a recipe without touching a test image")
        self.cv_start.clicked.connect(lambda _checked=False: self.start_cv())
        self._train_buttons_ready()
        buttons = _row(self.tr_start, self.tr_cancel)
        buttons.addSpacing(16)
        buttons.addWidget(self.cv_folds)
        buttons.addWidget(self.cv_start)
        buttons.addStretch(1)
        v.addLayout(buttons)
        self.tr_progress = QProgressBar()
        self.tr_progress.setRange(0, 1000)
        self.tr_progress.setFormat("idle")
        v.addWidget(self.tr_progress)
        self.tr_plot = pg.PlotWidget()
        self.tr_plot.setMinimumSize(220, self.PLOT_MIN_HEIGHT)
        _no_height_hint(self.tr_plot)
        self.tr_plot.showGrid(x=True, y=True, alpha=0.25)
        self.tr_plot.setLabel("bottom", "epoch")
        self.tr_plot.setYRange(0, 1)
        self.tr_plot.addLegend(offset=(-8, 8), labelTextSize=style.text_pt(-1))
        self.loss_curve = self.tr_plot.plot([], [], pen=pg.mkPen("#ff8c42", width=2), symbol="o", symbolSize=5,
                                            symbolBrush="#ff8c42", name="train loss (SoftIoU)")
        self.miou_curve = self.tr_plot.plot([], [], pen=pg.mkPen("#3d8bfd", width=2), symbol="o", symbolSize=5,
                                            symbolBrush="#3d8bfd", name="val mIoU")
        # a cross-validation's figures go under the curve, in a splitter, scrolling inside their own area: as a
        # label under the buttons (100 characters of <pre> table) they grew the page, which then scrolled both
        # ways at 1280x720 while the curve shrank to its legend
        self.tr_side = QSplitter(Qt.Orientation.Vertical)
        self.tr_side.setChildrenCollapsible(False)
        self.tr_side.addWidget(self.tr_plot)
        self.cv_result_label = QLabel("")
        self.cv_result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.cv_result_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(max(7.0, self.font().pointSizeF() - 1))
        self.cv_result_label.setFont(font)
        self.cv_scroll = QScrollArea()
        self.cv_scroll.setWidgetResizable(True)
        self.cv_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.cv_scroll.setWidget(self.cv_result_label)
        self.cv_scroll.setMinimumHeight(48)
        _no_height_hint(self.cv_scroll)
        self.cv_scroll.hide()  # shown with a cross-validation's figures
        self.tr_side.addWidget(self.cv_scroll)
        self.tr_side.setStretchFactor(0, 3)
        self.tr_side.setStretchFactor(1, 2)
        page.addWidget(self.tr_side, 3)
        w.side = self.tr_side
        self.tr_status = QLabel("")
        self.tr_status.setWordWrap(True)
        self.tr_status.setObjectName("muted")
        # a long folder (no space to wrap at) must not widen the page: it is cut at the page's edge instead
        self.tr_status.setSizePolicy(QSizePolicy.Policy.Ignored, self.tr_status.sizePolicy().verticalPolicy())
        v.addWidget(self.tr_status)
        v.addStretch(1)
        self.raw_curve = None
        self.history: list[dict] = []
        self.cv_result: dict | None = None
        return w

    def _build_tab(self, index: int) -> None:
        spec = self._lazy.pop(index, None)
        if spec is None:
            return
        page = getattr(self, spec[0])()
        current = self.currentIndex()
        self.blockSignals(True)
        self.removeTab(index)
        self.insertTab(index, _scrolled(page), spec[1])
        self.setCurrentIndex(current)
        self.blockSignals(False)

    def build_all_tabs(self) -> None:
        for index in list(self.__dict__.get("_lazy", {})):
            self._build_tab(index)

    def __getattr__(self, name: str):
        # a Train / Evaluate widget asked for before its page was built: build the pages now
        if name.startswith(("tr_", "ev_", "cv_")) and self.__dict__.get("_lazy"):
            self.build_all_tabs()
            return getattr(self, name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def _recipe_argv(self) -> list[str]:
        """The Train tab's recipe, common to a training run and a cross-validation."""
        argv = ["--data", self.tr_root.text().strip(), "--epochs", str(self.tr_epochs.value()),
                "--batch-size", str(self.tr_batch.value()), "--out", self.tr_out.text().strip(),
                "--crop", str(self.tr_crop.value()), "--device", self._device(),
                "--optimizer", self.tr_opt.currentText()]
        if self.tr_lr.value() > 0:
            argv += ["--lr", f"{self.tr_lr.value():g}"]
        if self.train_augs():
            argv += ["--aug", *self.train_augs()]
        if self.train_backgrounds():
            argv += ["--backgrounds", *self.train_backgrounds()]
        if self.tr_loss.currentText() != "softiou":
            argv += ["--loss", self.tr_loss.currentText()]
        return argv

    def train_backgrounds(self) -> list[str]:
        return [q.strip() for q in self.tr_bg.text().split(";") if q.strip()]

    def train_augs(self) -> list[str]:
        return [name for name, act in self.tr_aug_actions.items() if act.isChecked()]

    def _update_aug_text(self, _checked=False) -> None:
        names = self.train_augs()
        self.tr_aug.setText(("+ " + ", ".join(names)) if names else "scale, crop, flip only")

    def _ema_argv(self) -> list[str]:
        return ["--ema", "0.999"] if self.tr_ema.isChecked() else []

    def train_argv(self) -> list[str]:
        argv = self._recipe_argv() + ["--split", self.tr_split.text().strip(), "--val-split", self.tr_val.text().strip()]
        if self.tr_init.text().strip():
            argv += ["--init", self.tr_init.text().strip()]
        if self.tr_resume.text().strip():
            argv += ["--resume", self.tr_resume.text().strip()]
        return argv + self._ema_argv()

    def cv_argv(self) -> list[str]:
        """The recipe as a cross-validation: no split given (the pool is trainval.txt when the root has
        it), no --init / --resume (the shipped weights saw the training images)."""
        return self._recipe_argv() + ["--cv", str(self.cv_folds.value())] + self._ema_argv()

    def _start(self, job, argv: list[str], log_name: str, run, status: str) -> bool:
        """Check the form, parse ``argv`` as the CLI does, and run ``run(ctx, args, log, cmd, ready)`` on ``job``
        with a log file in the output folder; the tab's buttons follow the job."""
        from workbench_lw_irstnet import cv, train

        if self.train_job.running or self.cv_job.running:
            return False
        self.tr_status.setToolTip("")  # a finished cross-validation's path
        if not self.tr_root.text().strip() or not self.tr_out.text().strip():
            self.tr_status.setText("Set the data root and the output folder.")
            return False
        why = _refusal(argv)
        if why:  # said before anything is read or written (the Train tab showed "Invalid training settings."
            # alone, argparse's reason on stderr; a second Start into the same folder wrote over its weights)
            self.tr_status.setText(why)
            return False
        args = train.parser().parse_args(argv)
        if args.cv:  # the command's pool: trainval.txt where the root has it, every image where it has no splits
            cv.default_pool(args, argv)
        out = self._train_out = Path(args.out)
        # quoted as a shell reads it (as the command line's own record, 643ed9f): an empty --split or a path with a
        # space, joined with spaces, came back from the log as other arguments
        cmd = "workbench train lw_irstnet " + shell.join(argv)

        def work(ctx):
            # the folder and its log are made once the job's own checks pass (the data's split, the images):
            # ``ready`` (a refused run made them and logged its command first)
            log = train.HeldLog(out / log_name, echo=False)
            try:
                log(cmd)
                return run(ctx, args, log, cmd, log.open)
            finally:
                log.close()

        job.start(work, pass_context=True)
        self._train_buttons_ready()
        self.tr_progress.setValue(0)
        self.tr_progress.setFormat("loading data…")
        self.tr_status.setText(status.format(out=out, k=args.cv))
        return True

    def start_training(self) -> bool:
        from workbench_lw_irstnet import train

        if self.train_job.running or self.cv_job.running:
            return False
        self._new_curve()
        return self._start(self.train_job, self.train_argv(), "train_log.txt",
                           lambda ctx, args, log, cmd, ready: train.run_training(ctx, args, log, command=cmd,
                                                                                 ready=ready),
                           "training into {out}")

    def start_cv(self) -> bool:
        from workbench_lw_irstnet import cv

        self.cv_result_label.setText("")
        self.cv_scroll.hide()
        started = self._start(self.cv_job, self.cv_argv(), "cv_log.txt",
                              lambda ctx, args, log, cmd, ready: cv.run_cv(ctx, args, log, command=cmd,
                                                                           ready=ready),
                              "cross-validating {k} folds into {out}")
        if started:  # the curve showed the last training's epochs under the cross-validation's figures
            self._new_curve()
        return started

    def _on_cv_done(self, result) -> None:
        from workbench_lw_irstnet.cv import cv_table

        self.cv_result = result
        if not result or not result.get("folds"):
            self.tr_status.setText(f"Cross-validation stopped; rerun to resume from {self._train_out}")
            show_cancelled(self.tr_progress)
            return
        done = "" if result.get("complete") else " (incomplete: rerun to resume the missing folds)"
        from html import escape

        # the mean ± spread of each figure first, compact (it fits beside the forms), the per-fold table under it
        self.cv_result_label.setText(f"<pre>{escape(cv_summary(result))}\n\n{escape(cv_table(result))}</pre>")
        self.cv_result_label.setToolTip(f"<pre>{escape(cv_table(result))}</pre>")
        if self.cv_scroll.isHidden():
            self.cv_scroll.show()
            total = sum(self.tr_side.sizes())
            self.tr_side.setSizes([self.PLOT_MIN_HEIGHT, max(48, total - self.PLOT_MIN_HEIGHT)])
        # one line (the page has room for one): the folder by its name, the whole path in the tooltip
        self.tr_status.setText(f"Cross-validation{done}: {self._train_out.name}/cv.json, the figures beside")
        self.tr_status.setToolTip(str(self._train_out / "cv.json"))
        self.tr_progress.setValue(1000)
        self.tr_progress.setFormat("done")

    def cancel_training(self) -> None:
        for job in (self.train_job, self.cv_job):
            if job.running:
                job.cancel()
                self.tr_progress.setFormat("cancelling…")

    def _on_train_progress(self, frac: float, msg: str) -> None:
        self.tr_progress.setValue(int(round(frac * 1000)))
        self.tr_progress.setFormat(msg or f"{frac * 100:.0f} %")
        if msg.endswith("done"):
            self._read_history(msg)

    def _new_curve(self) -> None:
        """An empty curve for the run starting, its epochs' range (it kept the previous training's), no fold."""
        self.history = []
        self._curve_epochs = self.tr_epochs.value()
        self.tr_plot.setTitle(None)
        self._draw_history()

    def _read_history(self, msg: str = "") -> None:
        """The running training's ``history.json``; in a cross-validation (``msg`` names the fold, ``cv.run_cv``)
        the fold's own, in ``fold_<k>/`` (the curve stayed empty reading the output folder's), the plot naming
        the fold."""
        fold = _FOLD_SAID.match(msg)
        p = self._train_out / (f"fold_{int(fold[1]) - 1}" if fold else "") / "history.json"
        try:
            self.history = json.loads(p.read_text(encoding="utf-8"))["history"]
        except (OSError, ValueError, KeyError):
            return
        if fold:
            self.tr_plot.setTitle(f"cross-validation fold {fold[1]} of {fold[2]} (fold_{int(fold[1]) - 1}/)",
                                  size=style.text_pt(-1))
        self._draw_history()

    def _draw_history(self) -> None:
        ep = [h["epoch"] for h in self.history]
        self.loss_curve.setData(ep, [h["loss"] for h in self.history])
        vm = [(h["epoch"], h["miou"]) for h in self.history if "miou" in h]
        self.miou_curve.setData([e for e, _ in vm], [m for _, m in vm])
        raw = [(h["epoch"], h["raw_miou"]) for h in self.history if "raw_miou" in h]
        if raw and self.raw_curve is None:  # an averaged run: its raw weights beside the average
            self.raw_curve = self.tr_plot.plot([], [], pen=pg.mkPen("#8fb8ff", width=1, style=Qt.PenStyle.DashLine),
                                               symbol="t", symbolSize=5, symbolBrush="#8fb8ff",
                                               name="val mIoU, raw weights")
        if self.raw_curve is not None:
            self.raw_curve.setData([e for e, _ in raw], [m for _, m in raw])
        planned = self.__dict__.get("_curve_epochs", 0)
        if ep or planned:
            self.tr_plot.setXRange(0.5, max(ep + [planned]) + 0.5)

    def _on_train_done(self, res) -> None:
        self._read_history()
        if res is not None and res.cancelled:
            # a run cancelled before its first epoch ended saved no checkpoint (there was "resume from last.pt")
            self.tr_status.setText(f"Cancelled; resume from {self._train_out / 'last.pt'}" if res.history else
                                   "Cancelled in the first epoch: no epoch was complete, no checkpoint written "
                                   "(nothing to resume)")
            show_cancelled(self.tr_progress)
        else:
            best = f"best epoch {res.best_epoch}, val mIoU {res.best_value:.4f}" if res is not None else ""
            self.tr_status.setText(f"Done: {best}. Weights: {self._train_out / 'best_weights.pt'}")
            self.tr_progress.setValue(1000)
            self.tr_progress.setFormat("done")

    def _on_train_error(self, exc) -> None:
        self.tr_status.setText(f"Training failed: {type(exc).__name__}: {exc}")
        self.tr_progress.setFormat("failed")

    def _on_train_finished(self) -> None:
        self._train_buttons_ready()

    def _train_buttons_ready(self) -> None:
        """Start training and Cross-validate greyed while one of them runs, Cancel while neither does, each
        tooltip saying why (they were greyed with no word: Cancel had no tooltip at all)."""
        jobs = [job for job in (self.__dict__.get("train_job"), self.__dict__.get("cv_job"))
                if job is not None and job.running]
        what = None
        if jobs:
            what = (f"{'a training' if jobs[0] is self.train_job else 'a cross-validation'} is running into "
                    f"{self._train_out}; Cancel stops it")
        for button in (self.tr_start, self.cv_start):
            button.setEnabled(what is None)
            tip_with_reason(button, what)
        self.tr_cancel.setEnabled(what is not None)
        tip_with_reason(self.tr_cancel, None if jobs else "nothing to cancel: no training or cross-validation "
                                                          "is running")

    # --- evaluation -------------------------------------------------------------------------
    def _eval_tab(self) -> QWidget:
        """Side by side: the dataset, buttons, progress and the per-image list; the metrics table (every
        row shown, no scrolling); the curve's choice over the ROC; the picture of the image chosen in the
        list (scaled to fit) over its colours' key. Whole at 1280x720 too, the list a few rows tall."""
        from workbench_lw_irstnet.evaluate import ROC_NOTE

        w = QWidget()
        page = QHBoxLayout(w)
        page.setContentsMargins(6, 4, 6, 4)
        v = QVBoxLayout()
        v.setSpacing(4)
        page.addLayout(v, 4)
        f = QFormLayout()
        f.setVerticalSpacing(4)
        self.ev_root, row = _path_edit("SIRST-style root, or images/ + YOLO labels/", True, self)
        f.addRow("Dataset", row)
        self.ev_split = QComboBox()
        self.ev_split.setEditable(True)
        self.ev_split.addItems(["val.txt", "test.txt", "train.txt", ""])
        self.ev_split.setToolTip("split file in splits/ (or a path); of box-labelled sequences also an Anti-UAV split "
                                 "folder or a COCO file's split (test); empty: every image")
        f.addRow("Split", self.ev_split)
        v.addLayout(f)
        self.ev_start = QPushButton("Evaluate")
        self.ev_start.setObjectName("primary")
        self.ev_start.clicked.connect(self.start_eval)
        self.ev_start.setToolTip("score the Methods dock's LW-IRSTNet settings (its weights) on the split")
        self.ev_cancel = QPushButton("Cancel")
        self.ev_cancel.setObjectName("danger")
        self.ev_cancel.setToolTip("stop the evaluation (nothing of it is kept)")
        self.ev_cancel.clicked.connect(self.cancel_eval)
        self._eval_buttons_ready()
        self.ev_export = QPushButton("Export…")
        self.ev_export.setToolTip("write the last evaluation's metrics (metrics.csv, metrics.json) and its ROC and "
                                  "Pd-Fa curves (PNG, SVG, PDF, CSV) to a folder")
        self._export_ready()
        self.ev_export.clicked.connect(self._export_dialog)
        v.addLayout(_row(self.ev_start, self.ev_cancel, self.ev_export))
        self.ev_progress = QProgressBar()
        self.ev_progress.setRange(0, 1000)
        self.ev_progress.setFormat("idle")
        v.addWidget(self.ev_progress)
        self.ev_status = QLabel("")
        self.ev_status.setWordWrap(True)
        self.ev_status.setObjectName("muted")
        v.addWidget(self.ev_status)
        # said under the status (images the weights were trained on give no held-out score): in the
        # metrics column, under the table, its two or three wrapped lines made the page taller than the
        # dock at 1366x768 (the page scrolled, the warning itself and the plot's axis title cut); here the
        # per-image list gives up the room
        self.ev_seen = QLabel("")
        self.ev_seen.setWordWrap(True)
        self.ev_seen.setStyleSheet("color: #e6a23c;")
        self.ev_seen.setVisible(False)
        v.addWidget(self.ev_seen)
        # which curve the plot shows: the pixel ROC or the target-level Pd-Fa curve the field plots beside it
        self.curve_kind = QComboBox()
        self.curve_kind.addItems(["pixel ROC", "Pd–Fa (targets)"])
        self.curve_kind.setToolTip("pixel ROC: pixel TPR against FPR over 600 thresholds;\nPd–Fa: targets "
                                   "found against false-alarm pixels (×1e-6) over 31 thresholds, the dot at 0.5")
        self.curve_kind.currentIndexChanged.connect(lambda _i: self._show_curve())
        # the curve's choice above the plot and the colours' key below the picture, each with what it is
        # about: in this column they left the per-image list about one row at 1280x720 (and the page scrolled)
        caption = QLabel("Per image")
        caption.setObjectName("muted")
        v.addWidget(caption)
        self.ev_images = QListWidget()
        self.ev_images.setMinimumHeight(40)
        _no_height_hint(self.ev_images)
        self.ev_images.currentRowChanged.connect(self.show_image)
        v.addWidget(self.ev_images, 1)

        self.ev_table = QTableWidget(len(METRICS), 2)
        self.ev_table.setHorizontalHeaderLabels(["metric", "value"])
        self.ev_table.horizontalHeader().setVisible(False)  # the names say what the rows are
        self.ev_table.verticalHeader().setVisible(False)
        self.ev_table.horizontalHeader().setStretchLastSection(True)
        self.ev_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for r, k in enumerate(METRICS):
            self.ev_table.setItem(r, 0, QTableWidgetItem(k))
            if k == "auc":
                self.ev_table.item(r, 0).setToolTip("area under the pixel ROC (the plot) over the whole false "
                                                    "positive rate range 0..1, linear")
            self.ev_table.setItem(r, 1, QTableWidgetItem("–"))
        # every row on screen at once: compact rows, the table exactly as tall as its rows (it never
        # scrolls; a dock made smaller than that scrolls the page)
        rows = self.ev_table.verticalHeader()
        rows.setMinimumSectionSize(1)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 4)
        self.ev_table.setColumnWidth(0, self.fontMetrics().horizontalAdvance("precision") + 24)
        self.ev_table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.ev_table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        frame = 2 * self.ev_table.frameWidth()
        self.ev_table.setFixedHeight(rows.defaultSectionSize() * len(METRICS) + frame)
        self.ev_table.setFixedWidth(self.fontMetrics().horizontalAdvance("precision 1,234,567 ×1e-6") + 40 + frame)
        col = QVBoxLayout()
        col.addWidget(self.ev_table)
        col.addStretch(1)
        page.addLayout(col, 0)
        self.roc_plot = pg.PlotWidget(axisItems={"bottom": LogAxis("bottom")})
        self.roc_plot.setMinimumSize(180, 160)
        _no_height_hint(self.roc_plot)
        self.roc_plot.showGrid(x=True, y=True, alpha=0.25)
        # the field's convention: the false positive rate on a log axis (on a linear one the curve of a good
        # detector is a vertical line at 0); the AUC in the table is over the whole range 0..1, linear
        self.roc_plot.setLogMode(x=True, y=False)
        self.roc_plot.setLabel("bottom", ROC_X_LABEL)
        self.roc_plot.setLabel("left", "pixel true positive rate")
        self.roc_plot.setTitle("pixel ROC", size=style.text_pt())
        self.roc_plot.setXRange(-7, 0)
        self.roc_plot.setYRange(0, 1)
        self.roc_plot.setToolTip(ROC_NOTE)
        self.roc_curve = self.roc_plot.plot([], [], pen=pg.mkPen("#3d8bfd", width=2))
        # Pd-Fa: the thresholds without a false alarm at the log axis' floor, marked apart (irst_curves.pd_fa_drawn)
        self.roc_floor = self.roc_plot.plot([], [], pen=None, symbol="t3", symbolSize=8, symbolBrush="#3d8bfd")
        self.roc_point = self.roc_plot.plot([], [], pen=None, symbol="o", symbolSize=8, symbolBrush="#e6a23c")
        plot_col = QVBoxLayout()
        plot_col.setSpacing(2)
        plot_col.addWidget(self.curve_kind)
        plot_col.addWidget(self.roc_plot, 1)
        page.addLayout(plot_col, 3)
        self.ev_view = FitPicture()
        self.ev_view.setMinimumSize(160, 160)
        self.ev_view.setToolTip("the image chosen in the per-image list: red detected, green missed, "
                                "blue false alarm")
        self.ev_key = QLabel("red: detected, green: missed, blue: false alarm")
        self.ev_key.setWordWrap(True)  # unwrapped it set the panel's minimum width wider than the dock
        self.ev_key.setObjectName("muted")
        view_col = QVBoxLayout()
        view_col.setSpacing(2)
        view_col.addWidget(self.ev_view, 1)
        view_col.addWidget(self.ev_key)
        page.addLayout(view_col, 3)
        self.metrics: dict = {}
        return w

    def start_eval(self) -> bool:
        """Evaluate the form's model on the tab's split, on a worker: the dataset and the model are opened
        there too (a click only reads the form), so the GUI thread never waits for them."""
        if self.eval_job.running:
            return False
        root = self.ev_root.text().strip()
        split = self.ev_split.currentText().strip() or None
        if not root:  # an empty field read as the current folder: ".: not a SIRST-style dataset"
            self.ev_status.setText("Set the dataset first: a SIRST-style root (images/, masks/, splits/) or "
                                   "images/ + YOLO labels/ (… chooses a folder).")
            return False
        try:
            cfg = self._config()
        except Exception as exc:  # noqa: BLE001 - shown in the panel
            self.ev_status.setText(f"Cannot evaluate: {exc}")
            return False
        device, plugin = self._device(), self.plugin

        def job(ctx):
            from workbench.core.data.sirst import open_sirst
            from workbench.core.evaluation.complexity import measure
            from workbench_lw_irstnet.config import trained_on
            from workbench.core.evaluation.irst_boxes import BoxSet, evaluate_boxes, is_box_dataset
            from workbench_lw_irstnet.evaluate import box_result, evaluate_split

            try:
                # masks (SIRST layout) give every metric; YOLO boxes (IST-A layout) Pd / Fa and the Pd-Fa curve
                boxes = is_box_dataset(root)
                if boxes:  # the form's split when this set has it (val.txt, the default, rarely exists there)
                    ds = _box_set_or_whole(BoxSet, Path(root), split)
                else:  # a set with no split files at all (SIRST-V2, a user's own images + masks) is
                    # scored whole: the default val.txt was refused there ('split not found')
                    ds = open_sirst(root, _split_or_whole(Path(root), split),
                                    invert=bool(getattr(cfg, "invert", False)))
                seg = plugin.create(cfg, device)
            except Exception as exc:  # noqa: BLE001 - shown in the panel
                raise _CannotEvaluate(str(exc)) from exc
            ctx.progress(0.0, f"{len(ds)} images")
            seg.logits(ds.image(0))  # warm-up, as the CLI does
            res = box_result(evaluate_boxes(ctx, ds, seg.logits)) if boxes else evaluate_split(ctx, ds, seg.logits)
            cx = measure(seg.model, (1, 3, 256, 256), "thop", seg.device)
            return ds, seg, res, cx, len(set(ds.names) & trained_on(cfg.weights))

        self._eval_split = split  # said beside the figures when it does not apply (box-labelled sets)
        self.eval_job.start(job, pass_context=True)
        self._eval_buttons_ready()
        self.ev_progress.setValue(0)
        self.ev_progress.setFormat("loading the model…")
        self.ev_status.setText("evaluating…")
        return True

    def _on_eval_error(self, exc) -> None:
        from workbench.core.errors import Cancelled

        if isinstance(exc, Cancelled):
            self.ev_status.setText("Evaluation cancelled.")
            show_cancelled(self.ev_progress)
            return
        if isinstance(exc, _CannotEvaluate):
            self.ev_status.setText(f"Cannot evaluate: {exc}")
        else:
            self.ev_status.setText(f"Evaluation stopped: {type(exc).__name__}: {exc}")
        self.ev_progress.setFormat("failed")

    def cancel_eval(self) -> None:
        if self.eval_job.running:
            self.eval_job.cancel()

    def _on_eval_done(self, payload) -> None:
        ds, seg, res, cx, seen = payload
        r = res.report
        # the per-image view shows this evaluation's images (those of a running one come with its result)
        self.eval_dataset, self._eval_seg, self.eval_result = ds, seg, res
        self.shown_row = None
        from workbench.core.evaluation.irst_boxes import BoxSet

        boxes = isinstance(ds, BoxSet)
        d = {k: (None if isinstance(v, float) and np.isnan(v) else v) for k, v in r.as_dict().items()}
        self.metrics = {**{k: d.get(k) for k in ("miou", "niou", "f1", "precision", "recall", "pd", "fa", "auc")},
                        "fa_e6": r.fa_e6, "params": cx.params, "flops": cx.ops, "fps": res.fps,
                        "images": r.images, "targets": r.targets,
                        "flops_convention": "thop (conv MACs + BN + PReLU) at 1x3x256x256",
                        "split": str(self.eval_dataset.split) if self.eval_dataset.split else None,
                        "labels": "boxes (YOLO): Pd / Fa only" if boxes else "masks",
                        "zero_of_none": dict(r.zero_of_none)}
        from workbench.core.evaluation.segmentation import ZERO_RULE

        zero = r.zero_of_none  # 0 / 0 scores (Pd with no target, ...): 0 by the toolkits' rule, each cell says why
        for row, k in enumerate(METRICS):
            val = self.metrics.get(k)
            if k == "fa":
                text = f"{r.fa_e6:.2f} ×1e-6"
            elif k == "params":
                text = f"{int(val):,}"
            elif k == "flops":
                text = f"{val / 1e6:.1f} M"
            elif k == "fps":
                text = f"{val:.1f}"
            else:
                text = f"{val:.4f}" if val is not None else ("n/a (boxes)" if boxes else "–")
            item = QTableWidgetItem(text + (" *" if k in zero else ""))
            if k in zero:
                item.setToolTip(f"{k}: {zero[k]}: {ZERO_RULE}")
            self.ev_table.setItem(row, 1, item)
        if boxes:  # no masks, no pixel ROC: the Pd-Fa curve is the one there is
            self.curve_kind.setCurrentIndex(1)
        self._show_curve()
        self.ev_images.clear()
        for im in res.images:
            iou = "" if np.isnan(im.iou) else f"IoU {im.iou:.2f}   "
            self.ev_images.addItem(f"{im.name}   {iou}{im.matched}/{im.targets}")
        self._export_ready()
        split_note = (f"; split {self._eval_split} not used: this {'box-labelled ' if boxes else ''}set has "
                      f"{'no such split' if boxes else 'no split files'}, scored whole"
                      if self._eval_split and getattr(ds, "split", None) is None else "")
        self.ev_status.setText(f"{r.images} images, {r.targets} {'boxes (box-scored: Pd / Fa only)' if boxes else 'targets'}"
                               f"; warnings: {len(res.warnings)}{split_note}"
                               + (f"; * {', '.join(zero)}: 0 / 0 counted 0 (the value's tooltip says why)" if zero else ""))
        self.metrics["images_seen_in_training"] = seen
        self.ev_seen.setText(f"Seen in training: {seen} of {r.images} images. Not a held-out score."
                             if seen else "")
        self.ev_seen.setToolTip(f"{seen} of these images are among those the weights were trained on (the "
                                f"shipped weights: all 341 SIRST v1 train + val images, weights/PROVENANCE.md); "
                                f"unseen data: another dataset (SIRST-V2, IST-A) or SIRST v1's test split"
                                if seen else "")
        self.ev_seen.setVisible(bool(seen))
        self.ev_progress.setFormat("done")

    def _show_curve(self) -> None:
        """The evaluation's pixel ROC or its target-level Pd-Fa curve (with the operating point), log x; on the Pd-Fa
        curve the thresholds with Fa = 0, the operating point among them, at the axis floor as in the exported
        pd_fa.png (``irst_curves.pd_fa_drawn``), the tooltip saying so."""
        from workbench.core.evaluation.irst_curves import pd_fa_drawn
        from workbench_lw_irstnet.evaluate import PDFA_NOTE, ROC_NOTE

        pdfa = self.curve_kind.currentIndex() == 1
        plot = self.roc_plot
        plot.setTitle("target Pd–Fa" if pdfa else "pixel ROC", size=style.text_pt())
        plot.setLabel("bottom", "Fa ×1e-6 (log)" if pdfa else ROC_X_LABEL)
        plot.setLabel("left", "Pd (targets)" if pdfa else "pixel true positive rate")
        plot.setToolTip(PDFA_NOTE if pdfa else ROC_NOTE)
        self.roc_floor.setData([], [])
        r = self.eval_result.report if self.eval_result is not None else None
        if r is None or (pdfa and r.pdfa_pd is None):
            self.roc_curve.setData([], [])
            self.roc_point.setData([], [])
            return
        if pdfa:
            drawn = pd_fa_drawn(r)
            x, y = drawn.fa, drawn.pd
            px, py = ([drawn.point[0]], [drawn.point[1]]) if drawn.point is not None else ([], [])
            self.roc_floor.setData(np.full(len(drawn.zero_pd), drawn.floor), drawn.zero_pd)
            plot.setToolTip(drawn.note())
            if not len(x):
                plot.setTitle("target Pd–Fa: no false alarm at any threshold (Fa 0)", size=style.text_pt())
            plot.setXRange(np.log10(drawn.floor if drawn.at_floor else max(float(x.min()), 1e-3)),
                           np.log10(float(x.max())) if len(x) else np.log10(drawn.floor) + 1)
        else:
            x, y = np.asarray(r.roc_fpr), np.asarray(r.roc_tpr)
            px, py = [], []
            ok = x > 0  # a log axis has no 0
            x, y = x[ok], y[ok]
            if not len(np.asarray(r.roc_fpr)):
                plot.setTitle("pixel ROC: needs masks (this set has box labels)", size=style.text_pt())
            if len(x):
                plot.setXRange(np.log10(max(float(x.min()), 1e-9)), 0)
        self.roc_curve.setData(x, y)
        self.roc_point.setData(px, py)
        plot.setYRange(0, 1.02 if pdfa else 1)

    def _on_eval_finished(self) -> None:
        self._eval_buttons_ready()
        if self.eval_result is None and self.eval_job.ctx.cancelled:
            show_cancelled(self.ev_progress)

    def _eval_buttons_ready(self) -> None:
        """Evaluate greyed while an evaluation runs, Cancel while none does, each tooltip saying why."""
        job = self.__dict__.get("eval_job")
        running = job is not None and job.running
        self.ev_start.setEnabled(not running)
        tip_with_reason(self.ev_start, "an evaluation is running; Cancel stops it" if running else None)
        self.ev_cancel.setEnabled(running)
        tip_with_reason(self.ev_cancel, None if running else "nothing to cancel: no evaluation is running")

    def detection_picture(self, row: int):
        """The detection view (RGB uint8) of the evaluated image at ``row``."""
        from workbench.core.evaluation.irst_boxes import BoxSet
        from workbench_lw_irstnet.evaluate import box_detection_view, detection_view

        ds = self.eval_dataset
        if ds is None or self._eval_seg is None or not (0 <= row < len(ds)):
            return None
        img = ds.image(row)
        pred = self._eval_seg.predict(img).mask
        if isinstance(ds, BoxSet):
            return box_detection_view(img, pred, ds.boxes(row, img.shape[:2]))
        return detection_view(img, pred, ds.mask(row, img.shape[:2]))

    def show_image(self, row: int) -> None:
        """The detection view of the image at ``row``, made on a worker (a network pass over a full-size
        image: up to a second on a CPU); a row chosen meanwhile is shown when that one is done."""
        # no row (the list cleared for a new evaluation's images): nothing to make
        self._view_want = (self.eval_dataset, row) if row >= 0 and self.eval_dataset is not None else None
        self._next_view()

    def _next_view(self) -> None:
        """Start the view job for the row wanted unless it is the one last started (a row chosen while the
        last picture was made comes next)."""
        want = self._view_want
        if want is None or want == self._view_started or self.view_job.running:
            return
        self._view_started = want
        ds, row = want
        self.view_job.start(lambda: (ds, row, self.detection_picture(row)))

    def _on_view_done(self, result) -> None:
        if result[2] is not None and result[:2] == self._view_want:  # not an older evaluation's or row's
            rgb = np.ascontiguousarray(result[2])
            h, w = rgb.shape[:2]
            qi = QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()
            self.ev_view.set_picture(QPixmap.fromImage(qi))
            self.shown_row = result[1]

    def export(self, out_dir) -> list[Path]:
        """metrics.csv, metrics.json, roc.csv, pd_fa.csv and the pixel ROC and target Pd-Fa figures (PNG, SVG,
        PDF) into ``out_dir`` now (scripts, tests); the Export button writes them on a worker."""
        if self.eval_result is None:
            return []
        from workbench.gui import settings as wsettings

        return export_evaluation(out_dir, dict(self.metrics), self.eval_result, wsettings.csv_bom())

    @property
    def exporting(self) -> bool:
        return self.export_job.running

    def _export_dialog(self) -> None:
        """Export… : the folder asked for, the six figures drawn on a worker (2-3 s of matplotlib, on the
        GUI thread before); a folder that cannot be written is named in the status line."""
        if self.eval_result is None or self.export_job.running:
            return
        d = QFileDialog.getExistingDirectory(self, "Export the evaluation to a folder")
        if not d:
            return
        # an earlier export there (metrics.csv, roc.*, pd_fa.*) was written over without a word: asked as File >
        # Export asks, default No; a dozen stats, here on the GUI thread
        if not may_write(self, evaluation_files(d)):
            self.ev_status.setText(f"{NOTHING_EXPORTED} ({d})")
            return
        from workbench.gui import settings as wsettings

        self._export_to = d
        self.ev_status.setText(f"Exporting the evaluation to {d}…")
        self.export_job.start(export_evaluation, d, dict(self.metrics), self.eval_result, wsettings.csv_bom())
        self._export_ready()

    def _export_ready(self) -> None:
        """Export… greyed while there is nothing to export (no evaluation yet) or an export is being written, its
        tooltip saying which (it was greyed with no tooltip at all)."""
        job = getattr(self, "export_job", None)  # (the button is made before the job)
        why = ("an export is being written" if job is not None and job.running
               else "nothing to export yet: Evaluate first" if self.eval_result is None else None)
        self.ev_export.setEnabled(why is None)
        tip_with_reason(self.ev_export, why)

    def _on_exported(self, files) -> None:
        self.ev_status.setText(f"Exported {len(files)} files to {self._export_to}")

    def _on_export_error(self, exc) -> None:
        from workbench.gui.worker import describe, describe_at

        text = describe_at(self._export_to, exc) if isinstance(exc, OSError) else describe(exc)
        self.ev_status.setText(f"Export failed: {text}")


METRICS_FILES = ("metrics.json", "metrics.csv")  # export_evaluation's tables, beside the curves' (plot_outputs)


def evaluation_files(out_dir) -> list[Path]:
    """Every file ``export_evaluation`` may write into ``out_dir`` (the Export button asks before replacing
    any): its tables and the curves' files as ``irst_curves.plot_outputs`` lists them (a box-scored evaluation,
    without a pixel ROC, writes no ``roc.*``: an old one there is asked about all the same)."""
    from workbench.core.evaluation.irst_curves import plot_outputs

    return [Path(out_dir) / n for n in METRICS_FILES] + [p for _flag, p in plot_outputs(out_dir)]


def export_evaluation(out_dir, metrics: dict, result, bom: bool = False) -> list[Path]:
    """The evaluation ``result`` (its table ``metrics``) as metrics.json / .csv, roc.csv, pd_fa.csv and
    the ROC and Pd-Fa figures in ``out_dir``; a folder that is a file or cannot be written is refused
    naming it (a bare FileExistsError escaped the Export button's handler). ``bom``: the CSVs begin with a
    UTF-8 byte-order mark (the window's File > Export choice, ``csvtable``)."""
    from workbench.core.csvtable import write_csv
    from workbench.core.errors import WorkbenchError
    from workbench.core.results import writable_folder, write_json
    from workbench_lw_irstnet.evaluate import export_roc

    out = writable_folder(out_dir, "")
    try:
        r = result.report
        json_name, csv_name = METRICS_FILES
        files = [write_json(out / json_name, {**metrics, "per_image": [
            {"name": i.name, "iou": None if np.isnan(i.iou) else i.iou, "targets": i.targets, "matched": i.matched,
             "false_pixels": i.false_pixels}
            for i in result.images]})]
        lines = ["metric,value"] + [f"{k},{'' if metrics[k] is None else metrics[k]}" for k in METRICS + ("fa_e6",)]
        files.append(write_csv(out / csv_name, "\n".join(lines) + "\n", bom))
        files += export_roc(r, out, bom=bom)
    except OSError as exc:
        raise WorkbenchError(f"{out}: cannot write the evaluation there ({exc.strerror or exc}); "
                             "choose another folder") from exc
    return [Path(f) for f in files]
