"""The methods dock: plugins by kind (failed ones greyed with their error), the selected plugin's
settings form and device choice, and the Run / Cancel controls with a progress bar."""
from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (QApplication, QCheckBox, QComboBox, QDockWidget, QFormLayout, QGroupBox, QHBoxLayout,
                               QLabel, QProgressBar, QPushButton, QScrollArea, QSplitter, QTreeWidget, QTreeWidgetItem,
                               QTreeWidgetItemIterator, QVBoxLayout, QWidget)

from workbench.core.errors import WorkbenchError
from workbench.gui import settings as wsettings
from workbench.gui.config_form import ConfigForm, path_checks, ready_checks
from workbench.gui.run_gate import RunGate
from workbench.gui.style import WARN_COLOR
from workbench.gui.widgets import ElidedButton, ElidedGroupBox
from workbench.gui.worker import Job, describe, later

KIND_TITLES = {"tracker": "Trackers", "segmenter": "Segmenters", "detector": "Detectors"}
DEVICES = (("Auto", "auto"), ("CPU", "cpu"), ("GPU (CUDA)", "cuda"))
ROLE_NAME = Qt.ItemDataRole.UserRole
ROLE_FAILED = Qt.ItemDataRole.UserRole + 1
LIST_CAP_H = 120  # the method list may take this much at least before it scrolls (more: fit_list_height)
SHORT_LIST_H = 72  # the method list's and the settings form's least height (px): ~4 list rows, 3 form rows

_cuda: bool | None = None


def others_not_run(title: str, others: list[str]) -> str:
    """Where one of several methods a Run would start (``title``) cannot run: that the others (their titles) do
    not run either. A run starts every ticked method or none, as ``workbench run`` refuses the whole run where one
    tracker cannot run; said with what to do (the Run panel said only why the one could not)."""
    one = len(others) == 1
    return (f"Nothing runs until it can: {', '.join(others)} {'does' if one else 'do'} not run either (untick "
            f"{title} to run {'it' if one else 'them'} alone).")


def refused_with(title: str, why: str, others: list[str]) -> str:
    """``why`` ``title`` cannot run, as the Run panel says it: with ``others`` (a run of several), named and
    followed by ``others_not_run``."""
    return f"{title}: {why.rstrip('.')}. {others_not_run(title, others)}" if others else why


def cuda_available() -> bool:
    """Asked once (importing torch takes seconds); the dock asks it on a worker (``_probe_cuda``)."""
    global _cuda
    if _cuda is None:
        from workbench.core.device import cuda_available as probe
        from workbench.gui.preload import preload_torch_libraries

        preload_torch_libraries()  # the probe imports torch: its libraries first, without the GIL

        _cuda = probe()
    return _cuda


def _load_panel_module(spec: str, uses_torch: bool = False) -> str:
    """Worker body: import a panel's module (and torch or whatever it imports at the top) and run its
    optional ``preload()`` (imports its constructor would make), so that building the panel on the
    GUI thread afterwards only makes widgets. A torch plugin's torch is imported first through
    ``preload.warm_torch`` (its libraries mapped without holding the GIL, see preload.py)."""
    import importlib

    if uses_torch:
        from workbench.gui.preload import warm_torch

        warm_torch()

    module = importlib.import_module(spec.split(":", 1)[0])
    pre = getattr(module, "preload", None)
    if callable(pre):
        pre()
    _PRELOADED.add(spec)
    return spec


_PRELOADED: set[str] = set()  # panel specs whose modules are imported and preloaded


def settings_form(owner, name: str):
    """The Methods dock's settings form of plugin ``name`` (what its next run will use: ``values()``, ``sigChanged``),
    or None where there is none. ``owner``: the dock itself (a plugin panel's parent) or the window (an inspector's
    host, ``host.methods``); a script's stand-in without forms, or a plugin not in the registry, gives None."""
    dock = owner if hasattr(owner, "form") else getattr(owner, "methods", None)
    if dock is None or not hasattr(dock, "form"):
        return None
    try:
        return dock.form(name)
    except Exception:  # noqa: BLE001 - no such plugin here: the caller uses its defaults
        return None


def form_text(form, field: str) -> str:
    """The text of ``field`` in ``form`` (a ``settings_form``), stripped; '' without the form or the field."""
    if form is None or field not in form.field_names():
        return ""
    return str(form.values().get(field) or "").strip()


class MethodsDock(QDockWidget):
    sigRun = Signal()
    sigRunAll = Signal()  # a segmenter over every frame
    sigCancel = Signal()
    # a setting of a method that declares a readiness check (``Plugin.ready``) was edited: Run may
    # become runnable, or not (the window re-checks)
    sigReadyChanged = Signal()

    def __init__(self, registry, parent=None):
        super().__init__("Methods", parent)
        self.setObjectName("methods_dock")
        self.registry = registry
        self._forms: dict[str, ConfigForm] = {}
        self._devices: dict[str, str] = {}
        self._current: str | None = None
        self._panels: dict[str, QWidget] = {}
        self._panel_jobs: dict[str, Job] = {}  # panels whose modules are being imported on a worker
        self._pending_show: set[str] = set()  # panels built, shown on the next event-loop turn
        self._cuda_job: Job | None = None
        self._running_name: str | None = None
        self._modality: str | None = None  # the open sequence's: trackers that cannot run on it are greyed
        self._run_note: str | None = None  # what Run waits for (no sequence, a run going, no box): its tooltip
        # each method's run state (progress value and text, status line and its tooltip), kept when another
        # method is selected and shown again when it is selected back: the Run panel showed the previous
        # method's ("cancelled — partial results kept" of PS-SiamFC++ under seq_irst selected)
        self._run_states: dict[str, tuple[int, str, str, str]] = {}
        self._state_of: set[str] = set()  # the methods whose state the Run panel shows now
        self._running = False

        body = QWidget()
        lay = QVBoxLayout(body)
        lay.setContentsMargins(6, 6, 6, 6)
        split = QSplitter(Qt.Orientation.Vertical)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(True)
        # ~4 rows at least; given room it takes ~7 (its size hint: a trackers group and a segmenter without
        # scrolling far). Its minimum and the settings form's (120 px each) held the window at 594 px or
        # more: past the 560 px a 1280x800 screen at 125 % leaves below the title bar and the taskbar
        self.tree.setMinimumHeight(SHORT_LIST_H)
        self.tree.setMaximumHeight(LIST_CAP_H)  # until its rows and room are measured (fit_list_height)
        self.tree.itemExpanded.connect(self.fit_list_height)
        self.tree.itemCollapsed.connect(self.fit_list_height)
        self.tree.currentItemChanged.connect(self._on_current)
        self.tree.itemChanged.connect(lambda *_: self._update_run_label())
        self.tree.viewport().installEventFilter(self)  # the selected row kept whole as the list shrinks
        # a path setting found (or not) off the GUI thread (``not_ready`` asked for it): Run is checked again
        path_checks().checked.connect(self.sigReadyChanged)
        ready_checks().checked.connect(self.sigReadyChanged)  # a readiness check's answer, likewise
        split.addWidget(self.tree)

        self.settings_box = ElidedGroupBox("Settings")  # a long title (a run going) does not widen the dock
        sl = QVBoxLayout(self.settings_box)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setObjectName("muted")
        sl.addWidget(self.description)
        self.form_area = QScrollArea()
        self.form_area.setWidgetResizable(True)
        self.form_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.form_area.setMinimumHeight(SHORT_LIST_H)  # three rows of settings; it scrolls
        sl.addWidget(self.form_area, 1)
        # device and reset live in the scrolled container too, so a small dock never overlaps them
        self.device = QComboBox()
        for text, value in DEVICES:
            self.device.addItem(text, value)
        self.device.currentIndexChanged.connect(self._on_device)
        self.reset_button = QPushButton("Reset to defaults")
        self.reset_button.clicked.connect(self._reset)
        split.addWidget(self.settings_box)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 2)
        lay.addWidget(split, 1)
        self._split = split
        split.installEventFilter(self)  # resized: the list's room is measured again (fit_list_height)

        run_box = QGroupBox("Run")
        rl = QVBoxLayout(run_box)
        self.init_label = QLabel("Open a sequence first.")  # the sequence controller says more once one is open
        self.init_label.setWordWrap(True)
        rl.addWidget(self.init_label)
        # what the method Run would run declares it lacks (``Plugin.ready``: NanoTrack without its weights), in
        # the warning colour: it was said only in Run's tooltip (``set_run_note``)
        self.ready_note = QLabel("")
        self.ready_note.setWordWrap(True)
        self.ready_note.setStyleSheet(f"color: {WARN_COLOR};")
        self.ready_note.setTextFormat(Qt.TextFormat.PlainText)
        self.ready_note.hide()
        rl.addWidget(self.ready_note)
        buttons = QHBoxLayout()
        # its label is cut to the room it has: "Run Sequential dim-target detector" made the dock's least
        # width 373 px, and the column widened by ~40 px (the frame view jumped) when the detector was selected
        self.run_button = ElidedButton("Run")
        self.run_button.setObjectName("primary")
        self.run_button.clicked.connect(self.sigRun)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("danger")
        self.cancel_button.setEnabled(False)
        self.cancel_button.setToolTip("Stop the run; the frames done so far are kept (Esc)")
        self.cancel_button.clicked.connect(self.sigCancel)
        self.run_all_button = QPushButton("All frames")
        self.run_all_button.setToolTip("Segment every frame of the open sequence in the background")
        self.run_all_button.clicked.connect(self.sigRunAll)
        self.run_all_button.hide()
        # the Run press's readiness checks, made on a thread when the answers here are not fresh (a dead mount):
        # Run says "Checking…" meanwhile, Cancel stops waiting (``run_gate``)
        self.run_gate = RunGate(self)
        self.run_gate.changed.connect(lambda _on: self._update_run_label())
        buttons.addWidget(self.run_button, 2)
        buttons.addWidget(self.run_all_button, 1)
        buttons.addWidget(self.cancel_button, 1)
        rl.addLayout(buttons)
        self.progress = QProgressBar()
        self._progress_timer = QTimer(self)
        self._progress_pending: tuple[float, str] | None = None  # shown by _apply_progress
        self._progress_at = 0.0  # when the bar was last redrawn (perf_counter)
        self._progress_timer.setSingleShot(True)
        self._progress_timer.timeout.connect(self._apply_progress)
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        self.progress.setFormat("idle")
        rl.addWidget(self.progress)
        # every kind of run follows it (a segmenter's All frames, a detector's run): "the tracked frame" read as
        # a tracker's alone with a segmenter selected
        self.follow = QCheckBox("Follow the run's frame live")
        self.follow.setToolTip("On: the viewer shows each frame as the run (trackers, a segmenter's All frames, a "
                               "detector) reaches it. Off: the frame on screen stays while the run goes on")
        self.follow.setChecked(True)
        rl.addWidget(self.follow)
        self.run_status = QLabel("")
        self.run_status.setObjectName("muted")
        self.run_status.setWordWrap(True)
        rl.addWidget(self.run_status)
        lay.addWidget(run_box)
        self.setWidget(body)
        self.populate()

    # --- the plugin list ------------------------------------------------------------------
    def populate(self) -> None:
        self.tree.blockSignals(True)
        self.tree.clear()
        bold = QFont()
        bold.setBold(True)
        first_tracker = None
        for kind, title in KIND_TITLES.items():
            plugins = self.registry.by_kind(kind)
            if not plugins and kind != "tracker":
                continue
            top = QTreeWidgetItem([title])
            top.setFont(0, bold)
            top.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.tree.addTopLevelItem(top)
            for p in plugins:
                item = QTreeWidgetItem([p.title if p.title == p.name else f"{p.title}  ({p.name})"])
                item.setData(0, ROLE_NAME, p.name)
                item.setToolTip(0, p.description or p.title)
                flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                if kind == "tracker":
                    flags |= Qt.ItemFlag.ItemIsUserCheckable
                    item.setCheckState(0, Qt.CheckState.Unchecked)
                    first_tracker = first_tracker or item
                item.setFlags(flags)
                top.addChild(item)
            top.setExpanded(True)
        if self.registry.failed:
            top = QTreeWidgetItem(["Failed to load"])
            top.setFont(0, bold)
            top.setForeground(0, QBrush(QColor("#c06060")))
            top.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.tree.addTopLevelItem(top)
            for f in self.registry.failed.values():
                # the plugin's name alone (a second one under a taken name is keyed with its entry point and
                # distribution, cut off in the narrow column): the whole of it in the tooltip
                item = QTreeWidgetItem([f"{f.short}  — failed"])
                item.setData(0, ROLE_FAILED, f.name)
                item.setForeground(0, QBrush(QColor("#777d86")))
                item.setToolTip(0, f.error if f.short == f.name else f"{f.name}\n{f.error}")
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                top.addChild(item)
            top.setExpanded(True)
        self.tree.blockSignals(False)
        self.fit_list_height()
        if first_tracker is not None:
            if not self.select("kcf"):  # the fast weight-free baseline is the sensible first pick
                self.tree.setCurrentItem(first_tracker)
        else:
            self._show_plugin(None)
        self._update_run_label()

    def fit_list_height(self, *_) -> None:
        """The method list may grow up to its rows' height into the room the settings form leaves (what it
        shows unscrolled); at least ``LIST_CAP_H``, as before, where the form needs the room (a short
        window, LW-IRSTNet's sliders). A fixed 120 px cap (compact) kept it scrolling at 1920x1080 with
        empty space under the settings form."""
        if not hasattr(self, "_split"):
            return  # (a font change while the dock is being built)
        rows, it = 0, QTreeWidgetItemIterator(self.tree)
        while it.value() is not None:
            item = it.value()
            parent = item.parent()
            rows += parent is None or parent.isExpanded()
            it += 1
        row_h = max(self.tree.sizeHintForRow(0), self.tree.fontMetrics().height())
        need = rows * row_h + 2 * self.tree.frameWidth() + 4
        # what the settings form would take unscrolled: its box, the description, and its content's height
        inner = self.form_area.widget()
        form = self.settings_box.height() - self.form_area.height() + 2 * self.form_area.frameWidth() \
            + (inner.sizeHint().height() if inner is not None else 0)
        room = self._split.height() - self._split.handleWidth() - form
        cap = max(LIST_CAP_H, min(need, room))
        if cap != self.tree.maximumHeight():
            self.tree.setMaximumHeight(cap)

    def eventFilter(self, obj, ev) -> bool:  # noqa: N802 - Qt's name
        if obj is getattr(self, "_split", None) and ev.type() == QEvent.Type.Resize:
            self.fit_list_height()
        elif obj is self.tree.viewport() and ev.type() == QEvent.Type.Resize:
            self._keep_current_whole(ev.oldSize().height(), ev.size().height())
        return super().eventFilter(obj, ev)

    def _keep_current_whole(self, old_h: int, new_h: int) -> None:
        """A selected row that was whole before the list grew shorter is scrolled back whole: selecting a
        method scrolls to its row, then its settings form takes its room and the list shrinks (seq_irst at
        1366x768: its row left below the list's edge). A row the user scrolled away stays away."""
        item = self.tree.currentItem()
        if item is None or new_h >= old_h:
            return
        rect = self.tree.visualItemRect(item)
        if rect.isValid() and rect.top() >= 0 and rect.bottom() < old_h and rect.bottom() >= new_h:
            self.tree.scrollToItem(item)

    def changeEvent(self, ev) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(ev)
        if ev.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):  # the rows' height changed
            self.fit_list_height()

    def select(self, name: str) -> bool:
        item = self._item(name)
        if item is not None:
            self.tree.setCurrentItem(item)
        return item is not None

    def set_checked(self, names) -> None:
        names = set(names)
        for item in self._tracker_items():
            item.setCheckState(0, Qt.CheckState.Checked if item.data(0, ROLE_NAME) in names else
                               Qt.CheckState.Unchecked)

    def checked(self) -> list[str]:
        """The ticked trackers (also those greyed for the open sequence: the tick stays for the next)."""
        return [i.data(0, ROLE_NAME) for i in self._tracker_items() if i.checkState(0) == Qt.CheckState.Checked]

    def accepts(self, name: str) -> bool:
        """Whether the plugin can run on the open sequence (its ``modalities``); True with none open."""
        p = self.registry.plugins.get(name)
        return p is not None and (self._modality is None or not p.modalities or self._modality in p.modalities)

    def set_modality(self, modality: str | None) -> None:
        """The open sequence's modality: a method that does not accept it is greyed (it cannot be
        ticked or selected, its tooltip says what it accepts) until a sequence it accepts opens; it failed
        only when run, with a modal error (seq_irst on a hyperspectral cube: "stopped with an error").
        A tracker's tick is kept for the next sequence."""
        self._modality = modality
        self.tree.blockSignals(True)
        for item in self._plugin_items():
            name = item.data(0, ROLE_NAME)
            p = self.registry.plugins[name]
            why = self.cannot_take(name)
            flags = item.flags()
            item.setFlags(flags & ~Qt.ItemFlag.ItemIsEnabled if why else flags | Qt.ItemFlag.ItemIsEnabled)
            tip = p.description or p.title
            item.setToolTip(0, f"{why}\n\n{tip}" if why else tip)
        self.tree.blockSignals(False)
        self.tree.viewport().update()
        self._update_run_label()

    def cannot_take(self, name: str) -> str | None:
        """Why plugin ``name`` cannot run on the open sequence (its ``modalities``); None when it can."""
        if self.accepts(name):
            return None
        p = self.registry.plugins[name]
        return f"{p.title} cannot run on {self._modality} sequences: it accepts {', '.join(p.modalities)}."

    def modality_note(self) -> str | None:
        """Why the selected detector or segmenter cannot run on the open sequence (greyed in the list but
        still the current item); None when it can, or when Run would run trackers (``trackers_to_run``
        leaves the greyed ones out)."""
        one = self.current_detector() or self.current_segmenter()
        return self.cannot_take(one) if one else None

    def _item(self, name: str):
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            for j in range(top.childCount()):
                if top.child(j).data(0, ROLE_NAME) == name:
                    return top.child(j)
        return None

    def _plugin_items(self):
        """The list's items of loaded plugins (trackers, segmenters, detectors)."""
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            for j in range(top.childCount()):
                item = top.child(j)
                if item.data(0, ROLE_NAME) in self.registry.plugins:
                    yield item

    def _tracker_items(self):
        for item in self._plugin_items():
            if self.registry.plugins[item.data(0, ROLE_NAME)].kind == "tracker":
                yield item

    def trackers_to_run(self) -> list[str]:
        """The checked trackers, or the selected one when none is checked."""
        checked = [n for n in self.checked() if self.accepts(n)]  # greyed ones cannot run on this sequence
        if checked:
            return checked
        if self._current and self.registry.plugins[self._current].kind == "tracker" and self.accepts(self._current):
            return [self._current]
        return []

    def current_segmenter(self) -> str | None:
        """The selected plugin when it is a segmenter."""
        if self._current and self.registry.plugins[self._current].kind == "segmenter":
            return self._current
        return None

    def current_detector(self) -> str | None:
        """The selected plugin when it is a detector (it runs over the sequence without a box)."""
        if self._current and self.registry.plugins[self._current].kind == "detector":
            return self._current
        return None

    def to_run(self) -> list[str]:
        """What Run would run now: the selected detector or segmenter, else the trackers to run."""
        one = self.current_detector() or self.current_segmenter()
        return [one] if one else self.trackers_to_run()

    def _titles(self, names: list[str], but: str) -> list[str]:
        """The titles of ``names`` other than ``but``."""
        return [getattr(self.registry.plugins.get(n), "title", n) for n in names if n != but]

    def not_ready(self, names: list[str] | None = None) -> str | None:
        """Why ``names`` (what Run would run: ``to_run``) cannot run with their settings in this dock, as
        their plugins' readiness checks say (``Plugin.why_not_ready``: NanoTrack without its weights) or as
        ``make_config`` refuses a value (a setting's own ``check``: lw_irstnet's input size 3); None when they can.
        With several, the first that cannot, named."""
        names = self.to_run() if names is None else names
        for name in names:
            p = self.registry.plugins.get(name)
            if p is None or not (p.checks_ready or p.checks_settings):
                continue
            try:
                config = self.config_of(name, p)
            except (WorkbenchError, TypeError, ValueError) as exc:
                # a value its setting's own rule refuses (lw_irstnet's input size 3: the field's ``check``), said
                # and Run greyed as for a path that names nothing (it was said only by a dialog once Run was pressed)
                return refused_with(p.title, str(exc), self._titles(names, name))
            except Exception:  # noqa: BLE001 - a broken check: the run's start says it (its file and line)
                continue
            if not p.checks_ready:
                continue
            # its path settings as looked for off the GUI thread (``path_checks``: a dead network mount held the
            # window at each key typed); the Run press takes these answers while fresh, else asks on a thread (run_gate)
            checks, form = path_checks(), self._forms.get(name)
            # while a path is being typed its prefixes are not looked for: it is, once typing pauses (PathEdit)
            # a check that looks at the disk itself (``ready(config)``, no ``exists``): its answer found off the
            # GUI thread too (``ready_checks``; not known yet: nothing said)
            typing, ready = form is not None and form.typing(), ready_checks()
            why = p.why_not_ready(config, checks.verdict if typing else checks.known,
                                  ask=ready.verdict if typing else ready.answer)
            if why:
                return refused_with(p.title, why, self._titles(names, name))
        return None

    def run_text(self) -> tuple[str, str]:
        """The Run button's label and what a press does (its tooltip; the window's Run action, Ctrl+R, says the
        same): segment the frame on screen, detect over the sequence or track, as ``to_run`` would run."""
        seg = self.current_segmenter()
        det = self.current_detector()
        if det is not None:
            title = self.registry.plugins[det].title
            return (f"Run {title.split(' (')[0]}",
                    f"Detect with {title} in every frame of the sequence (a detector needs no initial box)")
        if seg is not None:
            return "Segment frame", f"Run {self.registry.plugins[seg].title} on the frame on screen"
        names = self.trackers_to_run()
        if not names:
            return "Run", "Select a tracker to run"
        if len(names) == 1:
            title = self.registry.plugins[names[0]].title
            # the title without its parenthesis: a long label would widen the whole dock
            return (f"Run {title.split(' (')[0]}",
                    f"Track with {title} from the initial box to the end of the sequence")
        return f"Run {len(names)} trackers", f"Track with {len(names)} trackers: {', '.join(names)}"

    def _update_run_label(self) -> None:
        seg = self.current_segmenter()
        det = self.current_detector()
        text, tip = self.run_text()
        if self.run_gate.checking:
            what = self.run_gate.checking_what()
            text, tip = "Checking…", (f"Checking that {what} can run with these settings (its files, its weights) on "
                                      "a thread: the run starts once the check answers. Cancel (Esc) stops waiting.")
        self.run_button.setText(text)
        # greyed (or without its box yet), the button says first what it waits for
        tip = tip if self.run_gate.checking else f"{tip} (Ctrl+R)"
        self.run_button.setToolTip(f"{self._run_note}\n\n{tip}" if self._run_note else tip)
        # the label first, then the row's other buttons: "All frames" shown beside the detector's long
        # "Run Sequential dim-target detector" (a segmenter selected after it) made the row ~450 px for a
        # moment, and the window widened the dock to it for good (1280x720: the frame view lost 93 px)
        self.run_all_button.setVisible(seg is not None)
        self.init_label.setVisible(seg is None and det is None)  # neither needs an initial box

    def set_run_note(self, note: str | None, lacking: str | None) -> None:
        """What Run waits for ("Open a sequence first.", a run going, the initial box), said first in its
        tooltip; None: nothing. What the method Run would run declares it lacks (``lacking``: ``not_ready``,
        asked by the caller with each note) is shown under the initial box line too (gone once it is ready)."""
        self.show_not_ready(lacking)
        if note != self._run_note:
            self._run_note = note
            self._update_run_label()

    def show_not_ready(self, why: str | None) -> None:
        """``why`` (``not_ready``) in the Run panel, in the warning colour; None: hidden."""
        if why:
            self.ready_note.setText(why)
            self.ready_note.setToolTip(why)
        self.ready_note.setVisible(bool(why))

    # --- settings of the selected plugin ---------------------------------------------------
    def _on_current(self, item, _prev=None) -> None:
        if item is None:
            return
        failed = item.data(0, ROLE_FAILED)
        if failed:
            f = self.registry.failed[failed]
            self._swap_run_state(None)
            self._current = None
            self.settings_box.setTitle(f"{f.short} — failed to load")
            self.description.setText("This plugin could not be loaded; the others work.\n\n"
                                     + ("" if f.short == f.name else f"{f.name}:\n") + f.error)
            self._detach_container()
            self.form_area.setWidget(QWidget())
            self.device.setEnabled(False)
            self.reset_button.setEnabled(False)
            self._update_run_label()
            return
        name = item.data(0, ROLE_NAME)
        if name:
            self._show_plugin(name)

    def _show_plugin(self, name: str | None) -> None:
        self._swap_run_state(name)
        self._current = name
        self._detach_container()
        if name is None:
            self.settings_box.setTitle("Settings")
            self.description.setText("No tracker plugins are installed.")
            self.device.setEnabled(False)
            self._update_run_label()
            return
        p = self.registry.plugins[name]
        self._update_title()
        mods = ", ".join(p.modalities)
        first = p.description.split(". ")[0].split(": ")[0].rstrip(".")
        self.description.setText(f"{first}. Accepts {mods}." if first else f"Accepts {mods}.")
        self.description.setToolTip(p.description)
        self.form_area.setWidget(self._container(name))
        self.reset_button.setEnabled(bool(self.form(name).field_names()))
        self._sync_device(p)
        self._update_run_label()
        self.fit_list_height()  # its form asks for other room

    def focusNextPrevChild(self, forward: bool) -> bool:  # noqa: N802 - Qt's name
        """Tab in the dock: the list, the settings shown, then Run, Cancel and Follow, as they are laid out. The
        settings of the method selected are put in after the Run panel was made, each time one is selected, and
        Qt's order went from the list to Run and Follow, then through the settings (or on to the other docks)."""
        stops = self._tab_stops()
        focus = QApplication.focusWidget()
        at = next_at = None
        if focus is not None:
            at = next((k for k, w in enumerate(stops) if w is focus or w.isAncestorOf(focus)), None)
        if at is not None:
            next_at = at + (1 if forward else -1)
        if next_at is None:
            return super().focusNextPrevChild(forward)
        reason = Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason
        if not 0 <= next_at < len(stops):  # on past the dock's stops (Qt's order led back into the settings)
            w = focus
            for _ in range(2000):
                w = w.nextInFocusChain() if forward else w.previousInFocusChain()
                if w is focus:
                    break
                # (not a widget in the dock: the settings are not stops themselves, only what they hold)
                if not self.isAncestorOf(w) and w.window() is focus.window() and self._is_stop(w):
                    w.setFocus(reason)
                    return True
            # nothing outside the dock in its window (the dock floats): round its own stops (Qt's order went
            # from Follow into the settings, then Run, Follow, for good)
            next_at %= len(stops)
        w = stops[next_at]
        w.setFocus(reason)
        if self.form_area.widget() is not None and self.form_area.widget().isAncestorOf(w):
            self.form_area.ensureWidgetVisible(w)
        return True

    def _tab_stops(self) -> list[QWidget]:
        """What Tab stops at in the dock, in order (asked on a Tab press only: one call into Qt per widget)."""
        stop = self._is_stop
        held, box = [], self.form_area.widget()
        if box is not None:
            w = box.nextInFocusChain()  # what it holds follows it in the focus chain
            while w is not box and box.isAncestorOf(w):
                if stop(w):
                    held.append(w)
                w = w.nextInFocusChain()
        return [w for w in (self.tree, *held, self.run_button, self.run_all_button, self.cancel_button, self.follow)
                if w in held or stop(w)]

    @staticmethod
    def _is_stop(w: QWidget) -> bool:
        """Whether Tab stops at ``w`` (a spin box's text field is not one: the spin box is)."""
        return (w.focusPolicy() & Qt.FocusPolicy.TabFocus) == Qt.FocusPolicy.TabFocus and w.focusProxy() is None \
            and w.isVisible() and w.isEnabled()

    def _detach_container(self) -> None:
        """Take the shown container out without deleting the forms, panels and controls it holds."""
        old = self.form_area.takeWidget()
        if old is None:
            return
        # only the container's own children are looked at (asking every form and panel whether the
        # container holds it made ~50 calls into Qt; while the start-up worker imports torch, each call
        # waits to get the interpreter lock back: selecting the detector then held this thread 0.1-0.2 s)
        keep = {*self._forms.values(), *self._panels.values(), self.device, self.reset_button}
        for w in old.findChildren(QWidget, "", Qt.FindChildOption.FindDirectChildrenOnly):
            if w in keep:
                w.setParent(self)
                w.hide()
        old.deleteLater()

    def _container(self, name: str) -> QWidget:
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        for w in (self.form(name), self.device, self.reset_button):
            w.show()
        lay.addWidget(self.form(name))
        row = QFormLayout()
        row.addRow("Device", self.device)
        lay.addLayout(row)
        lay.addWidget(self.reset_button, 0, Qt.AlignmentFlag.AlignRight)
        panel = self.panel(name) if self.panel_ready(name) else self._load_panel(name)
        host = self.window()
        if panel is not None and getattr(panel, "dock_title", None) and hasattr(host, "dock_panel"):
            # a whole workflow (tabs, tables, review crops) gets a dock of its own in the bottom area
            dock = host.dock_panel(name, panel, panel.dock_title)
            link = QPushButton(f"{panel.dock_title} ▸")
            link.setToolTip(f"the {panel.dock_title.lower()} is a dock of its own (bottom area)")
            link.clicked.connect(lambda _c=False, d=dock: (d.show(), d.raise_()))
            lay.addWidget(link)
        elif panel is not None:
            lay.addWidget(panel)
        lay.addStretch(1)
        return box

    def panel_ready(self, name: str) -> bool:
        """Whether the plugin's panel is built (or its module already imported, so building is quick)."""
        import sys

        p = self.registry.plugins[name]
        if not p.panel or name in self._panels:
            return True
        if name in self._panel_jobs:
            return False
        module = sys.modules.get(p.panel.split(":", 1)[0])
        return p.panel in _PRELOADED or module is not None and getattr(module, "preload", None) is None

    def panel_loading(self) -> bool:
        """A panel's module is still being imported (tests wait on it)."""
        return bool(self._panel_jobs) or bool(self._pending_show) or \
            (self._cuda_job is not None and self._cuda_job.running)

    def panel_jobs(self, root: QObject) -> list:
        """``[(job, plugin title)]``: the running jobs under ``root`` (the window) started from a method's
        panel (a training, in this dock or a workflow dock of its own), not this dock's own imports and
        probes nor the background reads that a newer one replaces (``LatestJob``)."""
        from workbench.gui.worker import LatestJob

        panels = {id(panel): name for name, panel in self._panels.items()}
        own = {id(j) for j in [*self._panel_jobs.values(), self._cuda_job]}
        found = []
        for job in root.findChildren(Job):
            if not job.running or id(job) in own or isinstance(job.parent(), LatestJob):
                continue
            obj = job.parent()
            while obj is not None and obj is not root:
                if id(obj) in panels or obj is self:
                    plugin = self.registry.plugins.get(panels.get(id(obj), ""))
                    found.append((job, plugin.title if plugin is not None else "a method's panel"))
                    break
                obj = obj.parent()
        return found

    def _load_panel(self, name: str) -> QWidget:
        """A "loading..." placeholder while the panel's module (torch, the model code) is imported on a
        worker; the real panel replaces it when the import is done."""
        p = self.registry.plugins[name]
        if name not in self._panel_jobs:
            job = Job(self)
            job.returned.connect(lambda _spec, n=name: self._panel_loaded(n, None))
            job.errored.connect(lambda exc, n=name: self._panel_loaded(n, exc))
            self._panel_jobs[name] = job
            job.start(_load_panel_module, p.panel, bool(p.uses_torch))
        label = QLabel(f"Loading the {p.title} panel…")
        label.setWordWrap(True)
        label.setObjectName("muted")
        label.setProperty("loading", True)
        return label

    def _panel_loaded(self, name: str, exc) -> None:
        job = self._panel_jobs.pop(name, None)
        if job is not None:
            job.deleteLater()
        if exc is not None and name not in self._panels:
            label = QLabel(f"Panel of {name} failed to load: {describe(exc)}")
            label.setWordWrap(True)
            label.setObjectName("muted")
            self._panels[name] = label
        if self._current == name:
            # the panel is built in a later pass of the event loop and put on screen (its container, a
            # dock of its own for a workflow panel) in another, so no step holds the GUI thread for
            # long, and none shares its pass with the worker's reply
            self._pending_show.add(name)
            later(lambda n=name: self._build_loaded(n), context=self)

    def _build_loaded(self, name: str) -> None:
        if self._current != name:
            self._pending_show.discard(name)
            return
        self.panel(name)
        later(lambda n=name: self._show_loaded(n), 15, self)

    def _show_loaded(self, name: str) -> None:
        self._pending_show.discard(name)
        if self._current == name:
            self._show_plugin(name)  # swaps the placeholder for the panel

    def form(self, name: str) -> ConfigForm:
        if name not in self._forms:
            form = ConfigForm(self.registry.plugins[name].config)
            saved = wsettings.get_json(f"plugins/{name}/config", {})
            form.set_values(saved if isinstance(saved, dict) else {})  # a damaged settings file: defaults
            self._forms[name] = form
            p = self.registry.plugins[name]
            if p.checks_ready or p.checks_settings:  # a ready check, a path setting, or a setting's own rule
                form.sigChanged.connect(self.sigReadyChanged)
        return self._forms[name]

    def panel(self, name: str):
        """A plugin's own settings panel (``Plugin.panel = "module:Class"``), made once, if it loads."""
        p = self.registry.plugins[name]
        if not p.panel:
            return None
        if name not in self._panels:
            from workbench.core.registry import resolve

            try:
                self._panels[name] = resolve(p.panel)(p, self)
            except Exception as exc:  # a broken panel must not take the dock down
                label = QLabel(f"Panel of {name} failed to load: {describe(exc)}")  # (the file and line: its bug)
                label.setWordWrap(True)
                label.setObjectName("muted")
                self._panels[name] = label
        return self._panels[name]

    def _sync_device(self, plugin) -> None:
        self.device.blockSignals(True)
        model = self.device.model()
        if plugin.uses_torch:
            self.device.setEnabled(True)
            has = _cuda
            if has is None:  # importing torch to ask takes seconds: ask on a worker, re-sync after
                self._probe_cuda()
            gpu = model.item(2)
            gpu.setEnabled(bool(has))
            gpu.setToolTip("checking for a CUDA GPU…" if has is None else
                           "" if has else "No CUDA GPU found on this machine")
            choice = self._devices.get(plugin.name, wsettings.get_json(f"plugins/{plugin.name}/device", "auto"))
            if choice == "cuda" and has is False:
                choice = "auto"
            self.device.setCurrentIndex(max(0, self.device.findData(choice)))
            self.device.setToolTip("Where the network runs")
        else:
            self.device.setCurrentIndex(1)
            self.device.setEnabled(False)
            self.device.setToolTip("This method runs on the CPU")
        self.device.blockSignals(False)

    def _probe_cuda(self) -> None:
        if self._cuda_job is not None:
            return
        self._cuda_job = Job(self)
        self._cuda_job.returned.connect(self._on_cuda)
        self._cuda_job.errored.connect(lambda _exc: self._on_cuda(False))
        self._cuda_job.start(cuda_available)

    def _on_cuda(self, has) -> None:
        global _cuda
        _cuda = bool(has)
        if self._current and self._current in self.registry.plugins:
            self._sync_device(self.registry.plugins[self._current])

    def _on_device(self, _i) -> None:
        if self._current:
            self._devices[self._current] = self.device.currentData()

    def device_for(self, name: str) -> str:
        p = self.registry.plugins[name]
        if not p.uses_torch:
            return "cpu"
        return self._devices.get(name, wsettings.get_json(f"plugins/{name}/device", "auto"))

    def _reset(self) -> None:
        if self._current:
            self.form(self._current).reset()

    def config_values(self, name: str) -> dict:
        return self.form(name).values()

    def config_of(self, name: str, plugin=None):
        """The settings of method ``name`` (``plugin``: its plugin, else the registry's) as its form here sets them,
        None for a method without settings; bad settings raise as ``Plugin.make_config`` does (WorkbenchError,
        TypeError, ValueError). The one reading of a form: Run's checks (``not_ready``) and each run's start."""
        p = plugin if plugin is not None else self.registry.plugins[name]
        return p.make_config(self.config_values(name)) if p.config else None

    def remember(self, name: str) -> None:
        """Persist a plugin's non-default settings and device between starts."""
        wsettings.set_json(f"plugins/{name}/config", self.form(name).changed_values())
        wsettings.set_json(f"plugins/{name}/device", self.device_for(name))

    def remember_all(self) -> None:
        """Persist the settings and device of every plugin whose form was built or device chosen
        (the window saves them on close: edits never run were lost at the next start)."""
        for name in sorted(set(self._forms) | set(self._devices)):
            if name in self.registry.plugins:
                self.remember(name)

    # --- run state ------------------------------------------------------------------------
    def _swap_run_state(self, name: str | None) -> None:
        """The Run panel shows ``name``'s own run state: what it shows now is kept for the methods it
        belongs to, and ``name``'s last (idle when it never ran on this sequence) is put back. While a
        run goes the panel follows the run (the running tracker selected), not the selection."""
        if self._running or name == self._current:
            return
        self._apply_progress()  # a pending redraw belongs to the state shown now
        shown = (self.progress.value(), self.progress.format(), self.run_status.text(), self.run_status.toolTip())
        for n in self._state_of or ({self._current} if self._current else set()):
            self._run_states[n] = shown
        self._state_of = {name} if name else set()
        value, text, status, tip = self._run_states.get(name, (0, "idle", "", "")) if name else (0, "idle", "", "")
        self.progress.setValue(value)
        self.progress.setFormat(text)
        self.run_status.setText(status)
        self.run_status.setToolTip(tip)

    def forget_run_states(self) -> None:
        """Another sequence is open: no method has run on it (the Run panel is reset by the caller); a Run press
        waiting for its readiness checks (``run_gate``) was for the sequence before: it gives up."""
        self.run_gate.cancel()
        self._run_states.clear()
        self._state_of = {self._current} if self._current else set()

    def set_running(self, running: bool) -> None:
        if running and not self._running:  # the state shown from now on is that of what runs
            self._state_of = set(self.to_run()) | ({self._current} if self._current else set())
        self._running = running
        self.run_button.setEnabled(not running)
        self.run_all_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        self.tree.setEnabled(not running)
        if running:
            self.set_progress(0.0, "starting…", now=True)

    def show_running(self, name: str | None) -> None:
        """The settings area follows the tracker that is running (None: the run is over). When it
        already shows that tracker only its title changes (no container rebuilt at a run's start)."""
        self._running_name = name
        if name is not None and name in self.registry.plugins and self._current != name:
            self.select(name)
        else:
            self._update_title()

    def _update_title(self) -> None:
        name = self._current
        if name is None or name not in self.registry.plugins:
            return
        running = " (running: edits apply to the next run)" if name == self._running_name else ""
        self.settings_box.setTitle(f"Settings — {self.registry.plugins[name].title}{running}")

    PROGRESS_S = 0.1  # the bar is redrawn at most this often while a job reports

    def set_progress(self, fraction: float, text: str, now: bool = False) -> None:
        """Shown from the event loop, at most every ``PROGRESS_S``: a progress bar whose value
        changes repaints the window synchronously (``QProgressBar.setValue``), and runs report every
        frame (the plots and frame view too were painted each time, inside the run's event handler).
        ``now``: an end state, shown at once."""
        self._progress_pending = (fraction, text)
        if now:
            self._apply_progress()
        elif not self._progress_timer.isActive():  # its own event-loop pass, not inside the caller's
            wait = self.PROGRESS_S - (time.perf_counter() - self._progress_at)
            self._progress_timer.start(max(1, int(wait * 1000)))

    def _apply_progress(self) -> None:
        self._progress_timer.stop()
        pending, self._progress_pending = self._progress_pending, None
        if pending is None:
            return
        self._progress_at = time.perf_counter()
        fraction, text = pending
        self.progress.setValue(int(round(fraction * 1000)))
        self.progress.setFormat(text)
