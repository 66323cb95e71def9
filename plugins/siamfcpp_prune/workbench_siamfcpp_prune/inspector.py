"""The pruning inspector dock (Qt; imported by the GUI only): per-layer HRank rank histograms with the
cut marked, kept / pruned counts, a before / after table of parameters, FLOPs and CPU frames per
second, a rho slider that previews the cut before pruning, and exports (PNG / SVG / PDF figures, CSV).

It shows the model the trackers' settings name and the cut they run: the siamfcpp tracker's ``weights``
setting (the shipped SiamFC++, an analyst's own file or 'random') and the ps_siamfcpp tracker's ratio, scope
and alignment, followed as they are edited; rho stays movable here, the tracker's marked on the slider.

Long work runs on workers (the window's ``Job``): loading the shipped model and its ranks when the
dock is first shown (it says "loading..." meanwhile), an analyst's weights file and its ranks over the
shipped rank images (progress, Cancel; remembered per file, so a second look needs no ranks), ranks over
the open sequence, the surgery with
its speed measurement, the before / after table (its FLOPs run both models once: 0.3 s that froze the
window on every rho change) and the figure exports chosen from the Export button; the histograms of a
freshly loaded model are made one per event-loop turn (a plot widget costs ~20 ms); the preview itself
only re-counts widths.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, QSize, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPolygonF
from PySide6.QtWidgets import (QComboBox, QFileDialog, QGridLayout, QHBoxLayout, QLabel, QProgressBar, QPushButton,
                               QSizePolicy, QSlider, QStyle, QStyleOptionSlider, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget, QScrollArea)
from workbench.gui import settings as wsettings
from workbench.gui import style
from workbench.gui.inspector import InspectorDock
from workbench.gui.methods_dock import settings_form
from workbench.gui.widgets import (NOTHING_EXPORTED, ElidedButton, ElidedLabel, may_write, show_cancelled,
                                   tip_with_reason)
from workbench.gui.worker import Job, describe, later
from workbench_siamfcpp_prune import figures
from workbench_siamfcpp_prune.hrank import RANK_IMAGES_G, RANK_IMAGES_X
from workbench_siamfcpp_prune.runtime import BACKENDS, resolve_backend
from workbench_siamfcpp_prune.surgery import DEFAULT_ALIGN, DEFAULT_SCOPE, SCOPES, pruned_widths

ALIGNS = (1, 8, 16, 32)


def _speed_and_prune(model, ranks, rho, scope, align, frames, box, x_size, backend="auto", ctx=None):
    """Worker body: the real surgery, then both models' tracker FPS on the same frames and back end, warmed
    up and timed in turn (``figures.interleaved_fps``: the median frame time, said noisy when it spreads);
    progress, and Cancel between frames (``ctx``). (pruned, FPS before, FPS after, the ``FpsPair``.)"""
    from workbench.core.jobs import JobContext
    from workbench_siamfcpp_prune.surgery import prune

    ctx = ctx or JobContext()
    ctx.progress(0.0, "pruning")
    pruned = prune(model, ranks, rho, scope, align)
    yield "pruned"
    ctx.check()
    ctx.progress(0.1, "timing both trackers in turn")
    trackers = [figures.fps_tracker(m, x_size, backend=backend) for m in (model, pruned)]
    timed = figures.interleaved_fps(trackers, frames, box, ctx.part(0.1, 1.0))
    ctx.progress(1.0, "")
    return pruned, timed.before, timed.after, timed


def _ranks_on_sequence(model, seq, g, x_size, ctx=None):
    """Worker body: HRank ranks over ``g`` pairs of ``seq``; progress per batch, Cancel between batches."""
    from workbench.core.training.pairs import PairConfig, PairSampler
    from workbench_siamfcpp_prune.prune import compute_ranks_job

    sampler = PairSampler([seq], PairConfig(x_size=x_size))
    return compute_ranks_job(ctx, model, sampler, g, batch_size=4)


def _summary(model, rho, scope, align, x_size, fps=(None, None)):
    """Worker body: the before / after table rows (their FLOPs come from a forward pass of each model), keyed by the
    model (it is alive while the job holds it: its id is its own) and the cut."""
    return (id(model), rho, scope, align, x_size), figures.summary_rows(model, pruned_widths(model, rho, scope, align),
                                                             x_size, *fps)


def _load_and_summarise(rho, scope, align, x_size):
    """Worker body: the shipped model and ranks, and the table at the dock's current settings."""
    model, ranks, source = figures.default_model_and_ranks()
    model.eval()
    return model, ranks, source, _summary(model, rho, scope, align, x_size)


def _load_random(rho, scope, align, x_size):
    """Worker body: the 'random' weights setting's model, ranked by filter index, and the table."""
    model, ranks, source = figures.random_model_and_ranks()
    model.eval()
    return model, ranks, source, _summary(model, rho, scope, align, x_size)


def _for_weights(weights, fn, *args):
    """Worker body: ``fn(*args)`` with the weights setting it was loaded for (a setting changed meanwhile
    makes it stale)."""
    return weights, fn(*args)


def _load_user(path, rho, scope, align, x_size, g, rank_x, ctx=None):
    """Worker body: an analyst's SiamFC++ weights file, its HRank ranks (those remembered for this file, else
    computed over ``g`` pairs of the shipped rank images: progress per batch, Cancel between batches) and
    the table. Returns (path, (model, ranks, source, summary), sha256 of the file)."""
    from workbench.core.jobs import JobContext
    from workbench.core.results import file_sha256
    from workbench_siamfcpp_prune import hrank
    from workbench_siamfcpp_prune.checkpoint import load_model

    ctx = ctx or JobContext()
    name = Path(path).name
    ctx.progress(0.0, f"reading {name}")
    model = load_model(path)[0].eval()
    sha = file_sha256(path)
    got = hrank.remembered_ranks(sha, model)
    if got is None:
        ctx.check()
        ctx.progress(0.0, f"ranks of {name}")
        ranks, meta = hrank.ranks_on_rank_images(model, g, rank_x, ctx=ctx)
        hrank.remember_ranks(sha, ranks, meta)
        source = _user_source(name, meta)
    else:
        ranks, meta = got
        source = _user_source(name, meta, remembered=True)
    ctx.check()
    ctx.progress(0.95, "the before / after table")
    summary = _summary(model, rho, scope, align, x_size)
    ctx.progress(1.0, "")  # done (remembered ranks left the bar at "reading ... 0%")
    return path, (model, ranks, source, summary), sha


def _user_source(name: str, meta: dict, remembered: bool = False) -> str:
    from workbench_siamfcpp_prune.hrank import describe_ranks

    return (f"{name} (the siamfcpp weights setting), {describe_ranks(meta)}"
            + (" (remembered for this file)" if remembered else ""))


class _MarkedSlider(QSlider):
    """The rho slider with the ratio the ps_siamfcpp tracker runs at marked (a red triangle over it)."""

    def __init__(self, orientation):
        super().__init__(orientation)
        self.mark: int | None = None

    def set_mark(self, value: int | None) -> None:
        self.mark = value
        self.update()

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self.mark is None:
            return
        opt = QStyleOptionSlider()
        self.initStyleOption(opt)
        style = self.style()
        groove = style.subControlRect(QStyle.ComplexControl.CC_Slider, opt, QStyle.SubControl.SC_SliderGroove, self)
        handle = style.subControlRect(QStyle.ComplexControl.CC_Slider, opt, QStyle.SubControl.SC_SliderHandle, self)
        span = max(1, groove.width() - handle.width())
        x = groove.x() + handle.width() / 2 + QStyle.sliderPositionFromValue(self.minimum(), self.maximum(),
                                                                              int(self.mark), span)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QBrush(QColor("#d62728")))
        p.drawPolygon(QPolygonF([QPointF(x - 5, 0), QPointF(x + 5, 0), QPointF(x, 7)]))
        p.end()


class _PlotPlace(QWidget):
    """An empty grid cell that lays out as a histogram plot does (``pg.PlotWidget``'s size hint and
    policy, the plots' minimum height)."""

    def __init__(self):
        super().__init__()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(140)

    def sizeHint(self) -> QSize:
        return QSize(600, 480)


class _WholeWhereRoomLabel(ElidedLabel):
    """An ``ElidedLabel`` (least width 0, cut with "…") that asks for its whole text where there is room."""

    def __init__(self, text: str = ""):
        super().__init__(text, tooltip=False)  # (its tooltip says the text and more)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QLabel.sizeHint(self)


class PruningInspector(InspectorDock):
    def __init__(self, host, plugin=None, title: str = "Pruning inspector"):
        super().__init__(host, plugin, title)
        self.model = None
        self.ranks = None
        self.source = ""
        # which weights the model is (figures and exports name them) and which the settings name ('' shipped,
        # 'random', a path): the weights loaded or loading follow the siamfcpp tracker's setting
        self.weights_label = ""
        self._weights = ""
        self._weights_sha = ""  # sha256 of a user's weights file shown (its ranks are remembered under it)
        self._recent: dict[tuple, tuple] = {}  # (path, size, mtime) -> (model, ranks, source, sha): a second look
        self._load_wanted = False  # the weights changed while a load ran: load again when it is done
        self._loading_user = False  # self.job reads a user's weights and ranks them
        self.rank_pairs = RANK_IMAGES_G  # g and the side of the shipped rank images a user's weights get
        self.rank_x_size = RANK_IMAGES_X
        self.pruned = None
        self.fps = (None, None)
        self.job = Job(self)
        self.job.returned.connect(lambda result: self._then(result))
        self.job.errored.connect(self._on_error)
        self.job.finished.connect(self._on_done)
        self.job.progress.connect(self._on_progress)
        self._then = None  # what the running job's result is for
        # the shipped model and ranks load on their own worker (a set_model meanwhile wins)
        self.load_job = Job(self)
        self.load_job.returned.connect(self._on_loaded)
        self.load_job.errored.connect(self._on_load_error)
        self.load_job.finished.connect(lambda: (self._progress_counts(), self._load_if_wanted()))
        self.export_job = Job(self)
        self._exporting_to = ""  # the folder the export running writes to
        self.export_job.returned.connect(lambda r: self.info.setText(f"exported {len(r[0])} files to {r[1]}"))
        self.export_job.errored.connect(lambda exc: self.info.setText(f"export failed: {describe(exc)}"))
        self.export_job.finished.connect(lambda: self._export_ready())
        # the table's FLOPs need a forward pass of both models: on a worker, the newest request wins
        self.table_job = Job(self)
        self.table_job.returned.connect(self._on_summary)
        self.table_job.errored.connect(self._on_table_error)
        self.table_job.finished.connect(self._on_summary_done)
        self._table_wanted = False
        # the rows the table shows, with the model and settings they are for: the Export button writes
        # them (it counted the FLOPs again on the GUI thread, ~0.2 s); an export waiting for them: its folder
        self._table_rows: tuple | None = None
        self._export_to: str | None = None
        self._pending_plots = 0  # histograms still to be built, one per event-loop turn
        self._placeholders: dict[int, QWidget] = {}  # their places in the grid meanwhile
        self._plot_ahead: pg.PlotWidget | None = None  # the next histogram, made off screen (``_build_next_plot``)
        self.x_size = 303
        body = QWidget()
        lay = QVBoxLayout(body)
        lay.setContentsMargins(4, 4, 4, 4)
        row = QHBoxLayout()
        row.addWidget(QLabel("rho"))
        self.slider = _MarkedSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 90)
        self.slider.setSingleStep(5)
        self.slider.setPageStep(10)
        self.slider.setTickInterval(10)
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.slider.setValue(40)
        # a length to move it along where the row is short (the labels beside it are cut first)
        self.slider.setMinimumWidth(14 * self.slider.fontMetrics().averageCharWidth())
        self.rho_label = QLabel("0.40")
        row.addWidget(self.slider, 1)
        row.addWidget(self.rho_label)
        row.addWidget(QLabel("scope"))
        self.scope = QComboBox()
        self.scope.addItems(list(SCOPES))
        self.scope.setCurrentText(DEFAULT_SCOPE)
        self.scope.setToolTip("the parts of the model pruned: backbone, backbone and neck, or all (the head too)")
        row.addWidget(self.scope)
        row.addWidget(QLabel("align"))
        self.align = QComboBox()
        for a in ALIGNS:
            self.align.addItem(str(a), a)
        self.align.setCurrentIndex(ALIGNS.index(DEFAULT_ALIGN))
        self.align.setToolTip("kept filters per layer rounded to a multiple of this: whole SIMD blocks for the "
                              "CPU kernels (1: the paper's exact count)")
        row.addWidget(self.align)
        # what the ps_siamfcpp tracker will run (its settings), marked on the slider; one click back to it
        # cut with "…" where the dock is narrow (whole in its tooltip): its whole text held the dock at 767 px
        # under a 12 pt font, the window 1056 px wide beside the Methods column (past a 1280x800 screen at 125 %)
        self.tracker_label = _WholeWhereRoomLabel("")
        self.tracker_label.setObjectName("muted")
        row.addWidget(self.tracker_label)
        self.follow_button = QPushButton("Tracker's")
        self.follow_button.setToolTip("back to the ratio, scope and alignment the ps_siamfcpp settings run")
        self.follow_button.clicked.connect(lambda _checked=False: self.follow_settings())
        row.addWidget(self.follow_button)
        lay.addLayout(row)
        row = QHBoxLayout()  # the actions on a row of their own: the slider keeps its length
        row.addWidget(QLabel("FPS on"))
        self.backend = QComboBox()
        self.backend.addItems(list(BACKENDS))
        self.backend.setToolTip("back end the FPS are measured on (auto: the trackers' default)")
        row.addWidget(self.backend)
        # their labels cut to the dock's width under a large font (the whole label first in the tooltip): whole,
        # the row needed 760 px at 12 pt
        self.rank_button = ElidedButton("Ranks on this sequence")
        self.prune_button = ElidedButton("Prune + measure FPS")
        self.prune_button.setToolTip("prune the model at this rho and time it against the unpruned one on frames "
                                     "of the open sequence (of a demo sequence without one)")
        self.export_button = ElidedButton("Export…")
        # a user's weights whose ranks were not computed (cancelled, failed): compute them again
        self.load_button = ElidedButton("Compute ranks")
        self.load_button.setToolTip("read the weights the siamfcpp settings name and compute their HRank ranks "
                                    "over the shipped rank images")
        self.load_button.setVisible(False)
        self.load_button.clicked.connect(lambda _checked=False: self.load_model())
        for b in (self.rank_button, self.load_button, self.prune_button, self.export_button):
            row.addWidget(b)
        self._load_failed = ""  # why the shipped model did not load (the greyed Export… says it)
        self._export_ready()
        self._ranks_ready()
        row.addStretch(1)
        lay.addLayout(row)
        # the ranks (4 batches of pairs through the network) and the timing take seconds: how far, and a way out.
        # On a row of their own: beside the actions the row needed 779 px, and with the Methods column the
        # window could not be narrower than 1018 px (past a 1280x800 screen at 125 %: 1024 px)
        row = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        self.progress.setTextVisible(True)
        row.addWidget(self.progress, 1)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        self.cancel_button.setToolTip("stop the ranks or the timing; the ranks and the table stay as they were")
        self._set_cancel(False)
        self.cancel_button.clicked.connect(lambda _checked=False: self.cancel())
        row.addWidget(self.cancel_button)
        lay.addLayout(row)
        self.info = QLabel("")
        self.info.setObjectName("muted")
        self.info.setWordWrap(True)
        lay.addWidget(self.info)
        split = QHBoxLayout()
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        # two histograms per row, sharing the width equally: without a stretch the second column was left
        # with what the first's size hint spared (142 px against 447 px at 1366x768, titles clipped)
        for col in range(2):
            self.grid.setColumnStretch(col, 1)
        # one column where two do not fit side by side (beside the Timeline at 1600x1000 the table left them
        # ~120 px each: titles and axis labels cut): ``_fit_columns`` on the area's resize
        self._cols = 2
        self.scroll = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.grid_host)
        scroll.viewport().installEventFilter(self)
        split.addWidget(scroll, 3)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["", "before", "after", "ratio"])
        self.table.verticalHeader().setVisible(False)
        split.addWidget(self.table, 2)
        lay.addLayout(split, 1)
        self.setWidget(body)
        self.plots: list[pg.PlotWidget] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.request_table)
        self.slider.valueChanged.connect(self._on_rho)
        self.scope.currentTextChanged.connect(lambda _t: self._on_rho(self.slider.value()))
        self.align.currentIndexChanged.connect(lambda _i: self._on_rho(self.slider.value()))
        self.backend.currentIndexChanged.connect(lambda _i: self._on_rho(self.slider.value()))
        # clicked(bool) must not reach n_frames / g (it arrived as -1 frames and False pairs)
        self._on_screen = False
        self.visibilityChanged.connect(self._on_visibility)
        self.prune_button.clicked.connect(lambda _checked=False: self.prune_and_measure())
        self.rank_button.clicked.connect(lambda _checked=False: self.ranks_on_sequence())
        self.export_button.clicked.connect(lambda: self.export())
        # the trackers' settings: the weights (siamfcpp) and the cut (ps_siamfcpp), followed as they are edited
        # (a typed path settles first: each keystroke would start a load)
        self._forms = {name: settings_form(host, name) for name in ("siamfcpp", "ps_siamfcpp")}
        self._settings_timer = QTimer(self)
        self._settings_timer.setSingleShot(True)
        self._settings_timer.setInterval(300)
        self._settings_timer.timeout.connect(self.apply_settings)
        for form in self._forms.values():
            if form is not None:
                form.sigChanged.connect(self._settings_timer.start)
        self._tracker = None  # (ratio, scope, align) the ps_siamfcpp settings run
        self._follow_when_done = False  # the settings moved the cut while a job ran: followed once it is done
        self.apply_settings()

    # --- model -------------------------------------------------------------------------------
    def ensure_model(self) -> None:
        """The model now (scripts, tests); the dock itself loads it on a worker (``load_model``)."""
        if self.model is not None:
            return
        w = self._weights
        if not w:
            self.set_model(*figures.default_model_and_ranks())
            self.weights_label = self._shipped_label()
        elif w == "random":
            self.set_model(*figures.random_model_and_ranks())
            self.weights_label = "random weights"
        else:
            path, (model, ranks, source, _summary_rows), sha = _load_user(
                str(Path(w).expanduser()), self.rho, self.scope.currentText(), self.channel_align, self.x_size,
                self.rank_pairs, self.rank_x_size)
            self.set_model(model, ranks, source)
            self.weights_label, self._weights_sha = path, sha

    @staticmethod
    def _shipped_label() -> str:
        from workbench_siamfcpp_prune import BASE_WEIGHTS

        return f"the shipped SiamFC++ ({BASE_WEIGHTS})"

    # --- the trackers' settings ---------------------------------------------------------------
    def _setting(self, plugin: str, name: str, default):
        form = self._forms.get(plugin)
        if form is None or name not in form.field_names():
            return default
        return form.values().get(name, default)

    def weights_setting(self) -> str:
        """The weights the siamfcpp settings load: '' (the shipped ones), 'random' or a file's path."""
        return str(self._setting("siamfcpp", "weights", "") or "").strip()

    def tracker_prunes_this(self) -> bool:
        """The ps_siamfcpp tracker runs a cut of the model shown here: it prunes the shipped SiamFC++ (its own weights
        setting empty) and the model shown is the shipped one. With the analyst's siamfcpp weights shown, or a
        ps_siamfcpp file of its own, the tracker's ratio is not a cut of this model (R2: it was marked as one)."""
        return not self._weights and not str(self._setting("ps_siamfcpp", "weights", "") or "").strip()

    def tracker_cut(self) -> tuple[float, str, int]:
        """(ratio, scope, align) the ps_siamfcpp settings run."""
        from workbench_siamfcpp_prune.config import PSSiamFCppConfig

        d = PSSiamFCppConfig()
        return (float(self._setting("ps_siamfcpp", "ratio", d.ratio)), str(self._setting("ps_siamfcpp", "scope", d.scope)),
                int(self._setting("ps_siamfcpp", "align", d.align)))

    def apply_settings(self) -> None:
        """Follow the settings: a new ps_siamfcpp cut moves rho, scope and alignment here (moved here, they stay
        until the settings change) and is marked; other siamfcpp weights replace the model shown."""
        cut = self.tracker_cut()
        if cut != self._tracker:
            self._tracker = cut
            self.follow_settings()
        weights = self.weights_setting()
        if weights != self._weights:
            self._weights = weights
            self._drop_model()
            if self._on_screen:
                self.load_model()
        self._mark_tracker()  # (after the weights: whether the tracker's cut is of this model)

    def follow_settings(self) -> None:
        """rho, scope and alignment as the ps_siamfcpp settings run them; while a job runs (a prune measured at the cut
        on show), once it is done: the cut moved under it, and its figures were said and kept as the new cut's."""
        if self.job.running:
            self._follow_when_done = True
            return
        self._follow_when_done = False
        rho, scope, align = self._tracker
        if scope in SCOPES:
            self.scope.setCurrentText(scope)
        if align in ALIGNS:
            self.set_align(align)
        self.set_rho(rho)
        self._mark_tracker()

    def _mark_tracker(self) -> None:
        rho, scope, align = self._tracker
        same = (abs(self.rho - rho) < 1e-9 and self.scope.currentText() == scope and self.channel_align == align)
        if not self.tracker_prunes_this():
            self.slider.set_mark(None)
            own = str(self._setting("ps_siamfcpp", "weights", "") or "").strip()
            self.tracker_label.setText("ps_siamfcpp does not run a cut of this model")
            self.tracker_label.setToolTip(
                "ps_siamfcpp does not run a cut of this model: "
                f"the ps_siamfcpp tracker runs {Path(own).expanduser().name} (its weights setting)" if own else
                f"the ps_siamfcpp tracker prunes the shipped SiamFC++ at rho {rho:.2f} ({scope}, align {align}), "
                "not the weights shown here; the button moves this preview to that cut")
            self._enable_follow(same, scope, align)
            return
        self.slider.set_mark(int(round(rho * 100)))
        self.tracker_label.setText(f"▼ ps_siamfcpp runs {rho:.2f}" if same or (scope, align) == self._here()[1:]
                                 else f"▼ ps_siamfcpp runs {rho:.2f}, {scope}, align {align}")
        self.tracker_label.setToolTip(f"{self.tracker_label.text()}: "
                                      "the ratio the ps_siamfcpp tracker's settings run (the red mark on the slider)"
                                    + ("" if same else "; this preview is at another cut, the tracker's is not changed"))
        self._enable_follow(same, scope, align)

    def _enable_follow(self, same: bool, scope: str, align: int) -> None:
        """The button that moves this preview to the tracker's cut: off when it is the cut on show, and when this dock
        cannot show that cut (an alignment or scope its lists lack: a click did nothing)."""
        reachable = scope in SCOPES and align in ALIGNS
        self.follow_button.setEnabled(not same and reachable)
        # greyed as the cut on show, it said only what a click would do
        self.follow_button.setToolTip(
            f"the tracker's cut ({scope}, align {align}) is not one this preview offers "
            f"(align {', '.join(map(str, ALIGNS))})" if not reachable else
            # (the red mark only where the tracker runs a cut of this model: other weights shown have none)
            "this preview shows the cut the ps_siamfcpp settings run"
            f"{' (the red mark)' if self.tracker_prunes_this() else ''}: nothing to go back to" if same
            else "back to the ratio, scope and alignment the ps_siamfcpp settings run")

    def _here(self) -> tuple:
        return self.rho, self.scope.currentText(), self.channel_align

    def _weights_words(self) -> str:
        w = self._weights
        return ("the shipped one" if not w else "the random weights" if w == "random"
                else f"{Path(w).expanduser().name} (the siamfcpp weights setting)")

    def _drop_model(self) -> None:
        """The weights setting changed: what the dock shows is of other weights, so it goes (the next show loads
        the new ones); a load of the old ones still running is cancelled."""
        if self.job.running:  # reading the old weights, or ranks / timing of their model: meaningless now
            self.job.cancel()
        self._load_failed = ""
        if self.model is None and not self.loading and not self._loading_user:
            self._export_ready()
            return
        self.model = self.ranks = self.pruned = None
        self.source, self.weights_label, self._weights_sha = "", "", ""
        self.fps = (None, None)
        self._table_rows = None
        self._pending_plots = 0
        for p in self.plots:
            p.setVisible(False)
        self.table.setRowCount(0)
        self._load_failed = ""
        self._export_ready()
        self.info.setText(f"the siamfcpp weights setting changed: {self._weights_words()} loads when this dock is shown")

    @property
    def loading(self) -> bool:
        return self.load_job.running

    def _export_ready(self) -> None:
        """Export… greyed while there is nothing to export (no model: loading, not yet shown, or failed to load)
        or an export is under way, its tooltip saying which; it asked for a folder and then wrote nothing
        without a word when no model was loaded."""
        if self.model is None:
            why = (f"no model to export: loading {self._weights_words()} failed ({self._load_failed})"
                   if self._load_failed
                   else f"no model to export yet: {self._loading_words()} and its ranks are loading"
                   if self.loading or self._loading_user
                   else "no model to export yet: it loads when this dock is shown")
            # after a Cancel (a file that failed to read would only fail again)
            self.load_button.setVisible(bool(self._weights) and self._weights != "random" and not self.running
                                        and not self._load_failed)
            self.export_button.setEnabled(False)
            self.export_button.setToolTip(why)
            return
        self.load_button.setVisible(False)
        busy = self.export_job.running or self._export_to is not None
        self.export_button.setEnabled(not busy)
        self.export_button.setToolTip("an export is being written" if busy else
                                      "the rank histograms (PNG / SVG / PDF) and the before / after and per-filter "
                                      "tables (CSV) at this rho, to a folder")

    def _loading_words(self) -> str:
        w = self._weights
        return ("the shipped SiamFC++ model" if not w else "the random SiamFC++ model" if w == "random"
                else Path(w).expanduser().name)

    def load_model(self) -> None:
        """The model the siamfcpp settings name and its ranks, loaded on a worker; the dock says so meanwhile.
        The shipped model (and 'random') as before; an analyst's file with its ranks, computed over the shipped
        rank images the first time (progress, Cancel) and remembered for the file."""
        if self.model is not None:
            return
        if self.load_job.running or self.running:
            self._load_wanted = True
            return
        self._load_wanted = False
        self._load_failed = ""
        weights = self._weights
        args = (self.rho, self.scope.currentText(), self.channel_align, self.x_size)
        if not weights or weights == "random":
            self._busy(True, f"loading {self._loading_words()} and its HRank ranks…")
            # a load says no fraction: the bar moves as busy (it sat at "0%" for the seconds of the load)
            self.progress.setRange(0, 0)
            self.load_job.start(_for_weights, weights, _load_and_summarise if not weights else _load_random, *args)
            self._export_ready()
            return
        path = Path(weights).expanduser()
        if not path.is_file():
            self._load_failed = f"no file at {path}"
            self._export_ready()
            self.info.setText(f"no file at {path} (the siamfcpp weights setting): set it to a SiamFC++ weights "
                              "file, or clear it for the shipped weights")
            return
        try:
            st = path.stat()
            key = (str(path.resolve()), st.st_size, st.st_mtime_ns)
        except OSError:
            key = None
        if key in self._recent:  # looked at before in this session: shown now, the table on a worker
            from workbench_siamfcpp_prune import hrank

            model, ranks, source, sha = self._recent[key]
            got = hrank.remembered_ranks(sha, model)  # the last ranks computed for it (the open sequence's?)
            if got is not None:
                ranks, source = got[0], _user_source(path.name, got[1], remembered=True)
            self._show_loaded(weights, model, ranks, source, sha)
            self.request_table()
            return
        self._busy(True, f"reading {path.name} (the siamfcpp weights setting) and its HRank ranks…")
        self._loading_user = True
        self._then = lambda r, k=key: self._on_user_loaded(r, k)
        self._start(_load_user, str(path), *args, self.rank_pairs, self.rank_x_size)
        self._export_ready()

    def _on_user_loaded(self, result, key) -> None:
        path, (model, ranks, source, summary), sha = result
        if key is not None:
            self._recent[key] = (model, ranks, source, sha)
            while len(self._recent) > 3:
                self._recent.pop(next(iter(self._recent)))
        weights = self._weights
        if self.model is not None or Path(weights).expanduser() != Path(path):  # stale: the setting moved on
            return
        self._show_loaded(weights, model, ranks, source, sha)
        self._on_summary(summary)

    def _show_loaded(self, weights, model, ranks, source, sha="") -> None:
        self.model, self.ranks, self.source, self._weights_sha = model, ranks, source, sha
        self.weights_label = (str(Path(weights).expanduser()) if weights and weights != "random"
                              else "random weights" if weights == "random" or source.startswith("no shipped")
                              else self._shipped_label())
        self.pruned, self.fps = None, (None, None)
        self.refresh_histograms(gradually=True)
        self._export_ready()

    def _load_if_wanted(self) -> None:
        if self._load_wanted and self.model is None and self._on_screen and not self.running:
            self.load_model()

    def _on_loaded(self, result) -> None:
        if not self.running:
            self._busy(False)
        weights, result = result
        if self.model is not None or weights != self._weights:  # a set_model while it loaded wins; stale weights
            self._export_ready()
            return
        model, ranks, source, summary = result
        # nothing heavy here: the table came with the model, the histograms are built one per event-loop turn
        self._show_loaded(weights, model, ranks, source)
        self._on_summary(summary)

    def _on_load_error(self, exc) -> None:
        self._busy(False)
        self._load_failed = f"{type(exc).__name__}: {exc}"
        self._export_ready()
        self.info.setText(f"could not load the model: {type(exc).__name__}: {exc}")

    def set_model(self, model, ranks: dict, source: str = "") -> None:
        self.model, self.ranks, self.source = model.eval(), ranks, source
        self.weights_label = source
        self._table_rows = None
        self.pruned, self.fps = None, (None, None)
        self.refresh()
        self._export_ready()

    @property
    def rho(self) -> float:
        return self.slider.value() / 100.0

    def set_rho(self, rho: float) -> None:
        self.slider.setValue(int(round(rho * 100)))

    @property
    def channel_align(self) -> int:
        return int(self.align.currentData())

    def set_align(self, align: int) -> None:
        self.align.setCurrentIndex(ALIGNS.index(align))

    def cuts(self):
        return figures.layer_cuts(self.model, self.ranks, self.rho, self.scope.currentText(), self.channel_align)

    def _on_rho(self, _v) -> None:
        self.rho_label.setText(f"{self.rho:.2f}")
        if self._tracker is not None:
            self._mark_tracker()
        if self.model is None:  # the settings moved before anything loaded: the load uses them
            return
        self.pruned, self.fps = None, (None, None)  # the measured cut no longer matches the preview
        # plots a wider scope needs ("all": six more) come one per event-loop turn: made at once they held the
        # GUI thread 0.2-0.33 s (~25 ms a plot widget)
        self.refresh_histograms(gradually=True)
        self._timer.start()

    # --- views -------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.ensure_model()
        self.refresh_histograms()
        self.refresh_table()

    @staticmethod
    def _make_plot() -> pg.PlotWidget:
        p = pg.PlotWidget(enableMenu=False)  # its view's context menu (off anyway) not built: ~5 ms of ~20 a plot
        p.setMinimumHeight(140)
        p.getPlotItem().setMenuEnabled(False)
        p.getPlotItem().hideButtons()
        size = style.text_pt(-1)  # a point under the application's font ("8pt" stayed so under a 12 pt font)
        p.setLabel("bottom", "HRank rank (mean feature-map rank)", **{"font-size": size})
        p.setLabel("left", "filters", **{"font-size": size})
        return p

    def _new_plot(self, p: pg.PlotWidget | None = None) -> None:
        """A histogram plot (``p``: one made ahead) put in the next place of the grid."""
        made_ahead = p is not None
        p = p if made_ahead else self._make_plot()
        held = self._placeholders.pop(len(self.plots), None)
        if held is not None:  # in the place kept for it: the plots before it keep their size
            self.grid.replaceWidget(held, p)
            held.deleteLater()
        else:
            self.grid.addWidget(p, len(self.plots) // self._cols, len(self.plots) % self._cols)
        if made_ahead:
            p.show()
        self.plots.append(p)

    def plot_width_needed(self) -> int:
        """The width a histogram needs for its texts whole: its axis label or its widest title, the left axis
        and the plot's margins beside."""
        font = QFont(self.font())
        font.setPointSizeF(float(style.text_pt(-1).removesuffix("pt")))
        fm = QFontMetrics(font)
        texts = ["HRank rank (mean feature-map rank)"] + [p.getPlotItem().titleLabel.text for p in self.plots]
        return max(fm.horizontalAdvance(t) for t in texts) + 70

    def eventFilter(self, obj, ev):  # noqa: N802 - Qt's name
        if ev.type() == QEvent.Type.Resize and hasattr(self, "plots") and obj is self.scroll.viewport():
            self._fit_columns()
        return super().eventFilter(obj, ev)

    def _fit_columns(self) -> None:
        """Two histograms a row where both fit whole, else one (the area scrolls down)."""
        cols = 2 if self.scroll.viewport().width() >= 2 * self.plot_width_needed() else 1
        if cols == self._cols:
            return
        self._cols = cols
        cells = [self.plots[i] if i < len(self.plots) else self._placeholders.get(i)
                 for i in range(max([len(self.plots), *(k + 1 for k in self._placeholders)]))]
        for w in cells:
            if w is not None:
                self.grid.removeWidget(w)
        for i, w in enumerate(cells):
            if w is not None:
                self.grid.addWidget(w, i // cols, i % cols)
        self.grid.setColumnStretch(1, 1 if cols == 2 else 0)

    def _hold_places(self, n: int) -> None:
        """Empty cells the size of a plot for histograms still to come: each plot built later takes its
        place without resizing the ones before it (each new plot resized and repainted all the others,
        ~5 ms apiece: 0.09-0.10 s stalls opening the dock)."""
        for i in range(len(self.plots), n):
            if i not in self._placeholders:
                self._placeholders[i] = w = _PlotPlace()
                self.grid.addWidget(w, i // self._cols, i % self._cols)

    def _build_next_plot(self) -> None:
        """One more histogram, in three turns: the plot widget made off screen (~25 ms), its cut drawn in it
        (~7 ms), then put in its place (its first layout and paint, ~30 ms). Made, drawn and placed in one turn,
        each plot and its first paint held the GUI thread 0.07-0.08 s back to back, seven times on opening."""
        if self.model is None or len(self.plots) >= self._pending_plots:
            self._pending_plots = 0
            return
        cuts = self.cuts()
        i = len(self.plots)
        pause = 15
        if i < len(cuts):
            ahead = self._plot_ahead
            if ahead is None:
                self._plot_ahead = ahead = self._make_plot()
                ahead.setParent(self.grid_host)  # the dock's (closed with it), hidden until placed
                ahead.hide()
            elif getattr(ahead, "_drawn_cut", None) is None:
                self._draw_cut(cuts[i], ahead)
            else:
                self._plot_ahead = None
                self._new_plot(ahead)
                self._draw_cut(cuts[i], ahead)  # (nothing to do unless the cut moved meanwhile)
                pause = 30  # its first paint, then input, before the next plot is made
        if len(self.plots) < min(self._pending_plots, len(cuts)):
            later(self._build_next_plot, pause, self)
        else:
            self._pending_plots = 0

    def refresh_histograms(self, gradually: bool = False) -> None:
        self.ensure_model()
        cuts = self.cuts()
        if gradually or self._pending_plots:  # the missing plots come one per event-loop turn
            if len(self.plots) < len(cuts):
                self._hold_places(len(cuts))
                if not self._pending_plots:
                    later(self._build_next_plot, 30, self)  # the table and the places laid out and painted first
                self._pending_plots = len(cuts)
        else:
            while len(self.plots) < len(cuts):
                self._new_plot()
        for i, p in enumerate(self.plots):
            p.setVisible(i < len(cuts))
        for c, p in zip(cuts, self.plots):
            self._draw_cut(c, p)
        self._summarise_cuts(cuts)

    def _draw_cut(self, c, p) -> None:
        """The cut's histogram on plot ``p``: its bars and line set anew in place (clearing the plot and adding
        new items, for each of 13 plots, held the GUI thread 0.1-0.2 s at each scope / align / rho change), and
        nothing done where the plot already shows this cut."""
        mask = np.zeros(c.n, bool)
        mask[c.kept] = True
        key = (c.name, c.ranks.tobytes(), mask.tobytes(), float(c.threshold))
        drawn = getattr(p, "_drawn_cut", None)
        if drawn is not None and drawn[0] == key:
            return
        lo, hi = float(c.ranks.min()), float(c.ranks.max())
        edges = np.linspace(lo, hi if hi > lo else lo + 1, 21)
        hk, _ = np.histogram(c.ranks[mask], edges)
        hp, _ = np.histogram(c.ranks[~mask], edges)
        w = (edges[1] - edges[0]) * 0.9
        centers = (edges[:-1] + edges[1:]) / 2
        if drawn is None:
            pruned = pg.BarGraphItem(x=centers, height=hp, width=w, brush="#9a9a9a")
            kept = pg.BarGraphItem(x=centers, y0=hp, height=hk, width=w, brush="#1f77b4")
            line = pg.InfiniteLine(0.0, angle=90, pen=pg.mkPen("#d62728", width=2, style=Qt.PenStyle.DashLine))
            for item in (pruned, kept, line):
                p.addItem(item)
        else:
            _key, pruned, kept, line = drawn
            pruned.setOpts(x=centers, height=hp, width=w)
            kept.setOpts(x=centers, y0=hp, height=hk, width=w)
        line.setVisible(bool(np.isfinite(c.threshold)))
        if np.isfinite(c.threshold):
            line.setValue(float(c.threshold))
        p._drawn_cut = (key, pruned, kept, line)
        short = c.name.removeprefix("backbone.")  # the plots are narrow; the export keeps full names
        p.setTitle(f"{short}: {c.n_kept} kept / {c.n_pruned} pruned", size=style.text_pt(-1))
        p.setToolTip(f"{c.name}: {c.n_kept} of {c.n} filters kept, {c.n_pruned} pruned")

    def _summarise_cuts(self, cuts) -> None:
        total = sum(c.n for c in cuts)
        kept = sum(c.n_kept for c in cuts)
        tr = self._tracker[0] if self._tracker and self.tracker_prunes_this() else None
        which = ("the ps_siamfcpp tracker's" if tr is not None and abs(tr - self.rho) < 1e-9
                 else f"the tracker runs {tr:.2f}" if tr is not None else "")
        self.info.setText(f"{self.source}. Preview at rho = {self.rho:.2f}{f' ({which})' if which else ''}: {kept} of "
                          f"{total} filters kept in {len(cuts)} layers ({self.scope.currentText()}, widths aligned to "
                          f"{self.channel_align}); grey = pruned, dashed = the cut.")

    def summary(self) -> list[dict]:
        w = pruned_widths(self.model, self.rho, self.scope.currentText(), self.channel_align)
        return figures.summary_rows(self.model, w, self.x_size, *self.fps)

    def refresh_table(self) -> None:
        """The table now (scripts, tests); the dock itself asks a worker (``request_table``)."""
        self._fill_table(self.summary(), self._settings_key())

    def _settings_key(self) -> tuple:
        # the model too: rows counted for the weights shown before a switch were taken as the new model's (R2)
        return (id(self.model), self.rho, self.scope.currentText(), self.channel_align, self.x_size)

    def request_table(self) -> None:
        """Recompute the before / after table on a worker (the FLOPs run both models once)."""
        if self.model is None:
            return
        if self.table_job.running:
            self._table_wanted = True  # again when this one is done, with the settings then
            return
        self._table_wanted = False
        self.table_job.start(_summary, self.model, self.rho, self.scope.currentText(), self.channel_align,
                             self.x_size, self.fps)

    def _on_summary(self, result) -> None:
        key, rows = result
        if key == self._settings_key():
            self._fill_table(rows, key)
        else:
            self._table_wanted = True

    def _on_summary_done(self) -> None:
        if self._table_wanted:
            self.request_table()
        if self._export_to is not None:  # an export was waiting for these rows
            rows = self.table_rows()
            if rows is not None:
                self._start_export(self._export_to, rows)
            elif not self.table_job.running:  # the settings moved meanwhile: the rows for them
                self.request_table()

    def _on_table_error(self, exc) -> None:
        self.info.setText(f"table failed: {type(exc).__name__}: {exc}")
        if self._export_to is not None:
            self._export_to = None
            self._export_ready()
            self.info.setText(f"export failed: the before / after table: {type(exc).__name__}: {exc}")

    def table_rows(self) -> list[dict] | None:
        """The table's rows if they are for the current model and settings (the measured FPS put in),
        else None (a worker is counting them): what ``summary()`` would count again."""
        if self._table_rows is None:
            return None
        model, key, rows = self._table_rows
        if model is not self.model or key != self._settings_key():
            return None
        rows = [dict(r) for r in rows]
        for r in rows:
            if "FPS" in r["quantity"]:
                r["before"], r["after"] = self.fps
                r["ratio"] = (r["after"] / r["before"]) if r["before"] and r["after"] else None
        return rows

    def _fill_table(self, rows, key=None) -> None:
        self._table_rows = (self.model, key, rows) if key is not None else None
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            vals = [r["quantity"]] + ["—" if r[k] is None else f"{r[k]:.3f}" for k in ("before", "after", "ratio")]
            for j, v in enumerate(vals):
                item = QTableWidgetItem(v)
                if j:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(i, j, item)
        self.table.resizeColumnsToContents()
        # the whole table stays in view (the ratio column was clipped in a narrow dock); the histograms scroll
        cols = sum(self.table.columnWidth(c) for c in range(self.table.columnCount()))
        self.table.setMinimumWidth(cols + 2 * self.table.frameWidth() + 4)

    # --- work --------------------------------------------------------------------------------
    def _frames(self, n: int = 11):
        from workbench.core.boxes import Box

        seq = getattr(self.host, "sequence", None)
        if seq is None or not seq.has_groundtruth or seq.first_valid_frame() is None:
            from workbench.core.data.synthetic import demo_sequence

            seq = demo_sequence(frames=n)
        s = seq.first_valid_frame()
        idx = list(range(s, min(len(seq), s + n)))
        return [seq.frame(i) for i in idx], Box(*seq.groundtruth[s])

    def _rank_sequence_problem(self) -> str | None:
        """Why "Ranks on this sequence" cannot run now (no sequence, or one without groundtruth), or None."""
        seq = getattr(self.host, "sequence", None)
        if seq is None:
            return "open a sequence with groundtruth first: the ranks are computed over pairs of its frames"
        if not seq.has_groundtruth or seq.first_valid_frame() is None:
            return f"{seq.name} has no groundtruth box: the ranks need pairs cut around the target"
        return None

    def _ranks_ready(self) -> None:
        """The button greyed, its tooltip saying why, while it cannot work: it stayed enabled without a sequence
        and a click only put "open a sequence with groundtruth" in the info line."""
        why = self._rank_sequence_problem()
        self.rank_button.setEnabled(why is None and not self.running)
        self.rank_button.setToolTip(why or "recompute HRank ranks over pairs of the open sequence")

    def on_sequence(self, seq) -> None:
        self._ranks_ready()

    def _busy(self, on: bool, msg: str = "") -> None:
        """The dock's actions greyed while its job runs (``msg``: what it does, said in the info line), the
        buttons' tooltips saying so (they said nothing: "Prune + measure FPS" was greyed as the dock loaded its
        model and ranks, with no word why)."""
        for b in (self.prune_button, self.rank_button, self.slider, self.scope, self.align, self.backend):
            b.setEnabled(not on)
        why = (f"wait: {msg.rstrip('…')}" if msg else "wait for the job under way") if on else None
        for b in (self.prune_button, self.slider, self.scope, self.align, self.backend):  # (rho, scope, align: no
            tip_with_reason(b, why)  # tooltip or only what they set while greyed for the model's loading)
        if on:
            self.rank_button.setToolTip(why)
        else:
            self._ranks_ready()  # (its tooltip: the recompute, or why it cannot)
        self._set_cancel(on and self.job.running)
        if msg:
            self.info.setText(msg)

    def _on_progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(int(1000 * max(0.0, min(1.0, fraction))))
        self.progress.setFormat(f"{message} %p%" if message else "%p%")

    def cancel(self) -> None:
        """Stop the ranks or the timing at its next step (the ranks and table keep what they showed)."""
        if self.job.running:
            self.job.cancel()
            self._set_cancel(False, "cancelling: the job stops at its next step")
            self.info.setText("cancelling…")

    def _set_cancel(self, on: bool, why: str = "nothing to cancel: no ranks or timing is running") -> None:
        """Cancel enabled, or greyed with ``why`` in its tooltip (greyed, it said only what it would stop)."""
        self.cancel_button.setEnabled(on)
        tip_with_reason(self.cancel_button, None if on else why)

    def _no_model_yet(self) -> bool:
        """An analyst's weights not loaded (their ranks computing, cancelled or failed): said, and True (the
        shipped model is loaded on the spot as before)."""
        if self.model is None and self._weights:
            self.info.setText(f"no model yet: {self._loading_words()} (the siamfcpp weights setting) and its ranks "
                              "are not loaded; " + ("wait for them" if self.running else "Compute ranks loads them"))
            return True
        return False

    def prune_and_measure(self, n_frames: int = 11) -> None:
        """Physically prune at the slider's rho and time both trackers on the same frames (worker)."""
        if self.running or self._no_model_yet():
            return
        self.ensure_model()
        frames, box = self._frames(n_frames)
        # (the timing goes round these frames until each tracker has FPS_MIN_FRAMES and FPS_MIN_SECONDS: interleaved_fps)
        self._busy(True, f"pruning at rho = {self.rho:.2f} and timing both trackers in turn over {len(frames) - 1} "
                         f"frames, repeated to {figures.FPS_MIN_FRAMES} timed frames each and "
                         f"{figures.FPS_MIN_SECONDS:.0f} s in all at least (warmed up)…")
        self._then = self._on_pruned
        self._start(_speed_and_prune, self.model, self.ranks, self.rho, self.scope.currentText(),
                    self.channel_align, frames, box, self.x_size, self.backend.currentText())

    def _progress_counts(self) -> None:
        """The bar counts fractions again after a load's busy bar (``load_model``)."""
        if self.progress.maximum() == 0:
            self.progress.setRange(0, 1000)
            self.progress.setValue(0)
            self.progress.setFormat("%p%")

    def _start(self, fn, *args) -> None:
        self._progress_counts()
        self.progress.setValue(0)
        self.progress.setFormat("%p%")
        self.job.start(fn, *args, pass_context=True)
        self._set_cancel(True)

    def _on_pruned(self, result) -> None:
        self.pruned, before, after, timed = result
        self.fps = (before, after)
        self._set_fps_row(before, after)  # the parameters and FLOPs rows did not change
        from workbench_siamfcpp_prune.model import count_params

        self.info.setText(f"pruned at rho = {self.rho:.2f}: {count_params(self.pruned):,} parameters; "
                          f"{before:.2f} -> {after:.2f} FPS (x{after / before:.2f}) on this CPU, "
                          f"{self._backend_words()} ({timed.words()})")

    def _set_fps_row(self, before, after) -> None:
        row = next((i for i in range(self.table.rowCount())
                    if self.table.item(i, 0) is not None and "FPS" in self.table.item(i, 0).text()), None)
        if row is None:
            self.request_table()
            return
        ratio = after / before if before and after else None
        for j, v in enumerate((before, after, ratio), start=1):
            item = QTableWidgetItem("—" if v is None else f"{v:.3f}")
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, j, item)
        self.table.resizeColumnsToContents()

    def _backend_words(self) -> str:
        chosen = self.backend.currentText()
        if chosen == "auto":
            return f"{resolve_backend('auto', 'cpu')} back end (the trackers' default)"
        return f"{chosen} back end"

    def _on_error(self, exc) -> None:
        from workbench.core.errors import Cancelled

        if self._loading_user:
            self._on_user_load_error(exc)
            return
        if isinstance(exc, Cancelled):
            show_cancelled(self.progress)
            self.info.setText("cancelled: the ranks, the histograms and the table are as they were")
            return
        self.info.setText(f"failed: {describe(exc)}")

    def _on_user_load_error(self, exc) -> None:
        """A user's weights that did not load or whose ranks were cancelled: said here, never a traceback."""
        from workbench.core.errors import Cancelled

        name = Path(self._weights).expanduser().name if self._weights else "the weights"
        if isinstance(exc, Cancelled):
            show_cancelled(self.progress)
            if self.model is None:
                self.info.setText(f"cancelled: the HRank ranks of {name} (the siamfcpp weights setting) were not "
                                  "computed; Compute ranks starts them again")
            return
        self._load_failed = describe(exc)
        self.progress.setValue(0)
        self.progress.setFormat("not loaded")
        self.info.setText(f"could not show {name} (the siamfcpp weights setting): {describe(exc)}. Set the siamfcpp "
                          "weights setting to a SiamFC++ weights file (workbench train siamfcpp writes one), or clear "
                          "it for the shipped weights.")

    def _on_done(self) -> None:
        self._loading_user = False
        self._busy(False)
        if self._follow_when_done:
            self.follow_settings()
        self._export_ready()
        self._load_if_wanted()

    @property
    def running(self) -> bool:
        return self.job.running

    def running_jobs(self) -> list[tuple]:
        """The ranks or timing and the export, named when the window closes (``InspectorDock.running_jobs``)."""
        out = []
        if self.job.running:
            doing = f" ({self.job.last_message})" if self.job.last_message else ""
            out.append((self.job, f"Pruning inspector's ranks or timing{doing}: stopped; it writes no file, the "
                                  "ranks, histograms and table stay as they were.", False))
        if self.export_job.running:
            out.append((self.export_job, f"Export of the pruning figures and tables to {self._exporting_to}: "
                                         "finished before the window closes.", True))
        return out

    def ranks_on_sequence(self, g: int = 16) -> None:
        seq = getattr(self.host, "sequence", None)
        why = self._rank_sequence_problem()
        if why or self.running:
            self.info.setText(why or "the ranks or the timing are running: wait, or Cancel them")
            return
        if self._no_model_yet():
            return
        self.ensure_model()
        self._busy(True, f"computing HRank ranks over {g} pairs of {seq.name}…")
        self._then = lambda r, sha=self._weights_sha, label=self.weights_label: self._on_sequence_ranks(
            r, g, seq.name, sha, label)
        self._start(_ranks_on_sequence, self.model, seq, g, self.x_size)

    def _on_sequence_ranks(self, ranks: dict, g: int, seq_name: str, sha: str, label: str) -> None:
        """Ranks over the open sequence: shown, and remembered for an analyst's weights file (its next look
        shows them)."""
        if sha:
            from workbench_siamfcpp_prune import hrank

            hrank.remember_ranks(sha, ranks, {"g": g, "x_size": self.x_size, "source": seq_name})
        if sha != self._weights_sha or label != self.weights_label:  # the weights moved on meanwhile
            return
        name = Path(label).name if sha else ""
        self._set_ranks(ranks, f"{name + ' (the siamfcpp weights setting), ' if name else ''}"
                               f"ranks over {g} pairs of {seq_name}")

    def _set_ranks(self, ranks: dict, source: str) -> None:
        """New ranks from the worker: the histograms now, the table on a worker."""
        self.ranks, self.source = ranks, source
        self.pruned, self.fps = None, (None, None)
        self._set_fps_row(None, None)  # measured with the previous ranks' cut: not this one's (now, not
        # when the table's worker is done)
        self.refresh_histograms()
        self.request_table()

    def export(self, out_dir: str | None = None) -> list[Path]:
        """Figures and tables to ``out_dir`` now (scripts, tests); from the Export button (no folder
        given) the folder is asked for and the figures are drawn on a worker."""
        if out_dir is None:
            if self.model is None:  # the button is greyed then; said, in case the call comes another way
                self._export_ready()
                self.info.setText(f"nothing exported: {self.export_button.toolTip()}")
                return []
            out_dir = QFileDialog.getExistingDirectory(self, "Export the pruning figures and tables to")
            if not out_dir or self.model is None or self.export_job.running or self._export_to is not None:
                return []
            self.export_button.setEnabled(False)
            # the table's rows (summary() here ran the FLOPs pass on the GUI thread: a 0.2 s stall); while
            # a worker is still counting them, the export starts when they come (_on_summary_done)
            rows = self.table_rows()
            if rows is None:
                self._export_to = out_dir
                self.info.setText(f"exporting to {out_dir}: counting the before / after table first…")
                if not self.table_job.running:
                    self.request_table()
                return []
            self._start_export(out_dir, rows)
            return []
        self.ensure_model()
        paths = figures.export(out_dir, self.cuts(), self.table_rows() or self.summary(), self.rho,
                               weights=self._export_words(), tracker_rho=self._export_tracker_rho(),
                               bom=wsettings.csv_bom())
        self.info.setText(f"exported {len(paths)} files to {out_dir}")
        return paths

    def _start_export(self, out_dir: str, rows: list[dict]) -> None:
        """The figures and tables drawn and written on a worker (the histograms' cut is cheap: here), once none of
        the files exists or the user agrees to replace them (an earlier export at this rho was written over
        without a word). Asked here, at the rho the files are named by (an export that waited for the table's
        rows comes here when they come); five stats, on the GUI thread."""
        self._export_to = None
        cuts, rho, weights, tracker_rho = self.cuts(), self.rho, self._export_words(), self._export_tracker_rho()
        if not may_write(self, figures.export_files(out_dir, rho)):
            self._export_ready()
            self.info.setText(f"{NOTHING_EXPORTED} ({out_dir})")
            return
        self._exporting_to = out_dir  # named if the window closes meanwhile (running_jobs)
        self.info.setText(f"exporting the figures and tables to {out_dir}…")
        bom = wsettings.csv_bom()  # the window's File > Export choice, read here on the GUI thread
        self.export_job.start(lambda: (figures.export(out_dir, cuts, rows, rho, weights=weights,
                                                      tracker_rho=tracker_rho, bom=bom), out_dir))

    def _export_tracker_rho(self) -> float | None:
        """The ps_siamfcpp tracker's rho for an export, where it is a cut of the model exported (else None)."""
        return self._tracker[0] if self._tracker and self.tracker_prunes_this() else None

    def _export_words(self) -> str:
        """Which weights and ranks an export shows: the model's name and where its ranks come from."""
        ranks = self.source.split(", ", 1)[1] if ", " in self.source else self.source
        ranks = ranks.removesuffix(" (remembered for this file)")  # where they came from, not this session's cache
        label = self.weights_label or self.source
        return f"{label}, {ranks}" if ranks and ranks != label else label

    # --- host hooks --------------------------------------------------------------------------
    def _on_visibility(self, visible: bool) -> None:
        """Shown, or its tab selected (Qt keeps a tab behind another "visible"; ``visibilityChanged``
        says when it is really on screen): the model loads then, on the next event-loop turn."""
        self._on_screen = bool(visible)
        if visible and self.model is None:
            later(self._load_if_shown, context=self)

    def _load_if_shown(self) -> None:
        """A dock that was only passed through on its way behind another tab (a run opening it) loads
        when it is really shown."""
        if self._on_screen:
            self.load_model()
