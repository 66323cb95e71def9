"""A settings form made from a plugin's declared config dataclass (defaults filled in)."""
from __future__ import annotations

import dataclasses
import os
import threading
import time
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QPainter, QPalette
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDoubleSpinBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel,
                               QLineEdit, QPushButton, QSpinBox, QStyle, QStyleOptionFrame, QToolButton, QVBoxLayout,
                               QWidget)
from shiboken6 import isValid

from workbench.core.registry import PATH_KINDS, optional_type, path_problem, setting_path
from workbench.gui.style import WARN_COLOR

TYPED_MS = 300  # a path setting is looked for once typing has paused this long
CHECKING_MS = 1000  # a look that has not answered by then says so under the setting (a dead network mount)
FRESH_S = 2.0  # a verdict older than this is looked at again when asked for (a file made or removed since)
_UNKNOWN = object()  # (no answer kept)


class PathChecks(QObject):
    """Whether paths exist, looked at off the GUI thread: ``Path.exists`` on a dead network mount waits for
    the mount's timeout (minutes), and a path setting was looked at on the GUI thread at each key typed and at
    each check of Run. ``known`` answers from what was found (None: not known yet) and asks again when that
    is older than ``FRESH_S``; each look runs on a thread of its own (one that never returns holds nothing
    else up), one at a time a path: asked again while it runs (it may have started before a file was put in
    place), it is made again once that one answers; ``checked`` (the path) when a verdict came in that differs
    from the one before."""

    checked = Signal(str)
    _found = Signal(str, bool)  # from a looking thread: queued to the GUI thread

    def __init__(self):
        super().__init__()
        self._verdicts: dict[str, tuple[bool, float]] = {}  # path -> (there, when found)
        self._looking: set[str] = set()
        self._again: set[str] = set()  # asked while a look at it was going: looked at again once it answers
        self._found.connect(self._on_found)

    def known(self, path) -> bool | None:
        """Whether ``path`` exists as last found (None: not known yet); looked at again off the GUI thread when
        not known or not fresh."""
        key = str(path)
        verdict = self._verdicts.get(key)
        if verdict is None or time.monotonic() - verdict[1] > FRESH_S:
            self.ask(key)
        return verdict[0] if verdict is not None else None

    def verdict(self, path) -> bool | None:
        """Whether ``path`` exists as last found, None when not known; asks nothing."""
        found = self._verdicts.get(str(path))
        return found[0] if found is not None else None

    def fresh(self, path) -> bool | None:
        """Whether ``path`` exists as found within ``FRESH_S`` (None: not known, or found longer ago); asks nothing
        (the Run press takes an answer that fresh, else has the check made on a thread: ``run_gate``)."""
        found = self._verdicts.get(str(path))
        return found[0] if found is not None and time.monotonic() - found[1] <= FRESH_S else None

    def ask(self, path) -> None:
        """Look at ``path`` again (on a thread); while a look at it is going, once that one answers."""
        key = str(path)
        if key in self._looking:
            self._again.add(key)  # not a second thread: a path on a dead mount would pile them up
            return
        self._looking.add(key)
        threading.Thread(target=self._look, args=(key,), daemon=True, name="path-check").start()

    def looking(self, path) -> bool:
        return str(path) in self._looking

    def expire(self, path) -> None:
        """What was found of ``path`` and of anything under it (a folder's files, as readiness checks look for
        them) counts as not fresh: the next ``known`` looks again (a folder chosen again in Browse… once files
        were copied into it); a look going at one of them is made again once it answers."""
        key = str(path)
        under = os.path.join(key, "")  # its name and a separator: not a sibling named as its prefix
        for k in [k for k in self._verdicts if k == key or k.startswith(under)]:
            self._verdicts[k] = (self._verdicts[k][0], float("-inf"))  # still answered meanwhile
        self._again.update(k for k in self._looking if k == key or k.startswith(under))

    def _look(self, key: str) -> None:
        try:
            there = Path(key).exists()
        except (OSError, ValueError):
            there = False
        if isValid(self):  # (the application may have ended while the disk did not answer)
            self._found.emit(key, there)

    def _on_found(self, key: str, there: bool) -> None:
        self._looking.discard(key)
        before = self._verdicts.get(key)
        self._verdicts[key] = (there, time.monotonic())
        if before is None or before[0] != there:
            self.checked.emit(key)
        if key in self._again:
            self._again.discard(key)
            self.ask(key)


def config_copy(config):
    """A copy of a method's settings for a check on a thread (the form's config may change while it looks)."""
    return dataclasses.replace(config) if dataclasses.is_dataclass(config) else config


def keep_newest(answers: dict, key, value, kept: int) -> None:
    """``answers[key] = value`` as the newest entry, the oldest dropped beyond ``kept`` (checks' answers)."""
    answers.pop(key, None)
    answers[key] = value
    while len(answers) > kept:
        del answers[next(iter(answers))]


class TimedAnswers:
    """Checks' answers kept with the time each came, the newest ``kept`` (the oldest dropped beyond): the one rule
    of an answer's freshness (found within ``FRESH_S``) for the Methods dock's ``ReadyChecks`` and the Run press's
    ``run_gate.RunGate``."""

    def __init__(self, kept: int):
        self.kept = kept
        self._got: dict = {}  # key -> (answer, when found)

    def put(self, key, answer) -> None:
        keep_newest(self._got, key, (answer, time.monotonic()), self.kept)

    def last(self, key, unknown=None):
        """The answer last put for ``key``, however old (``unknown`` when none)."""
        got = self._got.get(key)
        return got[0] if got is not None else unknown

    def fresh(self, key, unknown=None):
        """The answer put for ``key`` within ``FRESH_S`` (``unknown`` when none, or put longer ago)."""
        got = self._got.get(key)
        return got[0] if got is not None and time.monotonic() - got[1] <= FRESH_S else unknown


_CHECKS: PathChecks | None = None


def path_checks() -> PathChecks:
    """The application's ``PathChecks`` (GUI thread only)."""
    global _CHECKS
    if _CHECKS is None or not isValid(_CHECKS):
        _CHECKS = PathChecks()
    return _CHECKS


class ReadyChecks(QObject):
    """The answers of readiness checks written ``ready(config)`` (``Plugin.ready`` without ``exists``: a plugin's
    own, which looks at the disk itself), worked out off the GUI thread: the Methods dock refreshes Run's state at
    each key typed and each tick of a run, and such a check called there waited on a dead network mount each time.
    ``answer(check, config)`` gives what the check said last for that config (None while not known yet: nothing
    said, as a path not looked at yet) and asks again, on a thread of its own, when that is older than ``FRESH_S``.
    One look at a time per check: a config asked for while one runs (a setting typed, a key at a time) is looked at
    once it answers, the latest only (a look that never returns, a dead mount, holds one thread, not one a key).
    ``checked`` when an answer differs from the one before. The Run press takes an answer found within ``FRESH_S``
    (``fresh``), else asks the check itself on a thread (``run_gate``); the command line asks it at once."""

    checked = Signal(str)
    _found = Signal(object, object)  # (key, answer) from a looking thread: queued to the GUI thread

    KEPT = 256  # answers kept (a config per set of settings tried)

    def __init__(self):
        super().__init__()
        self._answers = TimedAnswers(self.KEPT)
        self._looking: dict[tuple, tuple] = {}  # check's id -> the key being looked at
        self._next: dict[tuple, tuple] = {}  # check's id -> (key, check, config) to look at once that answers
        self._found.connect(self._on_found)

    @staticmethod
    def _key(check, config) -> tuple:
        return (f"{getattr(check, '__module__', '')}:{getattr(check, '__qualname__', repr(check))}", id(check),
                repr(config))

    def answer(self, check, config):
        """What ``check(config)`` said last (None: not known yet); asked again off the GUI thread when not fresh."""
        key = self._key(check, config)
        if self._answers.fresh(key, _UNKNOWN) is _UNKNOWN:
            # the check gets a copy: the form's config may change while it looks
            self._ask(key, check, config_copy(config))
        return self._answers.last(key)

    def verdict(self, check, config):
        """What ``check(config)`` said last (None: not known); asks nothing."""
        return self._answers.last(self._key(check, config))

    def fresh(self, check, config, unknown=None):
        """What ``check(config)`` said within ``FRESH_S`` (``unknown`` when not known, or said longer ago); asks
        nothing (the Run press: ``run_gate``)."""
        return self._answers.fresh(self._key(check, config), unknown)

    def _ask(self, key: tuple, check, config) -> None:
        which = key[:2]
        if which in self._looking:
            if self._looking[which] != key:
                self._next[which] = (key, check, config)  # the latest asked, once the look going answers
            return
        self._looking[which] = key
        threading.Thread(target=self._look, args=(key, check, config), daemon=True, name="ready-check").start()

    def _look(self, key: tuple, check, config) -> None:
        try:
            why = check(config)
        except Exception:  # noqa: BLE001 - a broken check says nothing (``why_not_ready``'s rule)
            why = None
        if isValid(self):  # (the application may have ended while the disk did not answer)
            self._found.emit(key, why)

    def _on_found(self, key: tuple, why) -> None:
        which = key[:2]
        self._looking.pop(which, None)
        before = self._answers.last(key, _UNKNOWN)
        self._answers.put(key, why)
        if before is _UNKNOWN or before != why:
            self.checked.emit(key[0])
        waiting = self._next.pop(which, None)
        if waiting is not None:
            self._ask(*waiting)


_READY: ReadyChecks | None = None


def ready_checks() -> ReadyChecks:
    """The application's ``ReadyChecks`` (GUI thread only)."""
    global _READY
    if _READY is None or not isValid(_READY):
        _READY = ReadyChecks()
    return _READY


def _default(f: dataclasses.Field):
    if f.default is not dataclasses.MISSING:
        return f.default
    if f.default_factory is not dataclasses.MISSING:  # type: ignore[misc]
        return f.default_factory()  # type: ignore[misc]
    return None


def _label(name: str) -> str:
    text = name.replace("_", " ")
    return text[:1].upper() + text[1:]


def _decimals(value) -> int:
    """Digits after the point that ``value`` needs (1e-4 -> 4, 0.25 -> 2, 3.0 -> 0)."""
    text = f"{abs(float(value)):.10f}".rstrip("0")
    return len(text.split(".")[1]) if "." in text else 0


class _PathLine(QLineEdit):
    """A path's line edit that, while it is not being edited and the path is wider than the field, shows it cut
    at its start with an ellipsis, at a folder where one fits ("…/weights/seq_irst_tiny.pt": the file's name
    and the folders nearest it; a QLineEdit showed "st_tiny.pt", no mark of what was cut). Its text stays whole;
    given focus, it is shown whole to edit."""

    def shown_text(self) -> str:
        """What the field shows: its text, or that text elided as said above."""
        text = self.text()
        if not text or self.hasFocus():
            return text
        fm, room = self.fontMetrics(), self._text_rect().width()
        if fm.horizontalAdvance(text) <= room:
            return text
        seps = "/\\" if os.sep == "\\" else "/"
        for k in (k for k, ch in enumerate(text) if ch in seps and k):  # the longest end from a folder that fits
            tail = "…" + text[k:]
            if fm.horizontalAdvance(tail) <= room:
                return tail
        return fm.elidedText(text, Qt.TextElideMode.ElideLeft, room)  # not even the file's name fits

    def _text_rect(self):
        opt = QStyleOptionFrame()
        self.initStyleOption(opt)
        r = self.style().subElementRect(QStyle.SubElement.SE_LineEditContents, opt, self)
        m = self.textMargins()
        return r.adjusted(m.left() + 2, m.top(), -(m.right() + 2), -m.bottom())  # (QLineEdit's 2 px aside)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        shown = self.shown_text()
        if shown == self.text():
            super().paintEvent(event)
            return
        p = QPainter(self)
        opt = QStyleOptionFrame()
        self.initStyleOption(opt)
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_PanelLineEdit, opt, p, self)
        group = QPalette.ColorGroup.Active if self.isEnabled() else QPalette.ColorGroup.Disabled
        p.setPen(self.palette().color(group, QPalette.ColorRole.Text))
        p.drawText(self._text_rect(), int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), shown)
        p.end()


class PathEdit(QWidget):
    """A setting that names a file or a folder (field ``metadata={"path": "file" | "dir", "filter": "*.pt"}``):
    its text, a Browse… button opening a file dialog at the path shown, and a line under them, in the warning
    colour, while the path names nothing on disk (``registry.path_problem``; the window's Run says it too).
    ``text`` / ``setText`` / ``textChanged`` as a QLineEdit's. The path is looked for off the GUI thread
    (``path_checks``): typed, once typing pauses (``TYPED_MS``); set (Browse…, a reset), at once, and chosen in
    Browse… (the same path too), looked at again with what is under it."""

    textChanged = Signal(str)

    def __init__(self, meta: dict, parent=None):
        super().__init__(parent)
        self.meta = meta
        self.dialog: QFileDialog | None = None  # the Browse… dialog while it is open
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(1)
        row = QHBoxLayout()
        row.setSpacing(4)
        self.edit = _PathLine()
        self._tip = ""  # the setting's help (``setToolTip``): the field's tooltip is the path, then it
        self.edit.setPlaceholderText("a folder" if meta.get("path") == "dir" else "a file")
        self.browse = QPushButton("Browse…")
        self.browse.setToolTip("choose the folder" if meta.get("path") == "dir" else
                               f"choose the file{' (' + meta['filter'] + ')' if meta.get('filter') else ''}")
        self.browse.clicked.connect(self.open_dialog)
        row.addWidget(self.edit, 1)
        row.addWidget(self.browse)
        lay.addLayout(row)
        self.problem = QLabel("")
        self.problem.setWordWrap(True)  # the settings column is narrow: a long path wraps, not widens it
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setStyleSheet(f"color: {WARN_COLOR};")
        self.problem.hide()
        lay.addWidget(self.problem)
        self._typed = QTimer(self)  # looked for once typing pauses
        self._typed.setSingleShot(True)
        self._typed.setInterval(TYPED_MS)
        self._typed.timeout.connect(self._check)
        self._slow = QTimer(self)  # a look that does not answer says so
        self._slow.setSingleShot(True)
        self._slow.setInterval(CHECKING_MS)
        self._slow.timeout.connect(self._show)
        self._setting = False  # setText's own textChanged: not typing (looked for at once, not once it pauses)
        path_checks().checked.connect(self._on_checked)
        self.edit.textChanged.connect(self._changed)

    def text(self) -> str:
        return self.edit.text()

    def setText(self, text: str) -> None:
        self._setting = True
        try:
            self.edit.setText(text)
        finally:
            self._setting = False
        self._check()  # the same text set again: no textChanged, the file may have come or gone since

    def setToolTip(self, tip: str) -> None:
        super().setToolTip(tip)
        self._tip = tip
        self._path_tip()

    def _path_tip(self) -> None:
        """The field's tooltip: the path it holds, whole (the field may show a part of it), then the help."""
        text = self.text().strip()
        self.edit.setToolTip(f"{text}\n\n{self._tip}".strip() if text else self._tip)

    def _path(self):
        return setting_path(self.text(), self.meta)

    def typing(self) -> bool:
        """Its text was edited and typing has not paused yet (it is looked for once it does)."""
        return self._typed.isActive()

    def problem_text(self) -> str | None:
        """Why the path shown names nothing on disk, None when it names something (or is empty, or a keyword),
        or while it is being looked for. Never looks at the disk itself."""
        return path_problem(self.text(), self.meta, path_checks().verdict)

    def _check(self) -> None:
        """Look for the path shown (off the GUI thread) and show what is known of it."""
        self._typed.stop()
        path = self._path()
        if path is not None:
            path_checks().ask(path)
            self._slow.start()
        self._show()

    def _show(self) -> None:
        why = self.problem_text()
        path = self._path()
        checks = path_checks()
        if why is None and path is not None and checks.looking(path) and not self._slow.isActive() \
                and checks.verdict(path) is None:
            why = f"looking for {self.text().strip()}… (the disk has not answered yet)"
        self.problem.setText(why or "")
        self.problem.setVisible(bool(why))

    def _on_checked(self, key: str) -> None:
        path = self._path()
        if path is not None and str(path) == key:
            self._slow.stop()
            self._show()

    def _changed(self, text: str) -> None:
        # the verdict of the text before does not hold for this one: shown again once this one is looked for
        self.problem.hide()
        self._path_tip()
        if not self._setting:  # typed: looked for once typing pauses. Set (Browse…, a reset): at once (setText),
            self._typed.start()  # not typing meanwhile: Run's check then read old verdicts only, looked for nothing
        self.textChanged.emit(text)

    def _chosen(self, path: str) -> None:
        """Browse…'s choice: looked at again at once with what is under it (files copied into the folder since),
        also when it is the path shown, where no text changes: textChanged all the same, for Run's check."""
        if not path:
            return
        chosen = setting_path(path, self.meta)
        if chosen is not None:
            path_checks().expire(chosen)
        same = path == self.text()
        self.setText(path)
        if same:
            self.textChanged.emit(path)

    def open_dialog(self) -> QFileDialog:
        """The file dialog (window-modal, not blocking: ``dialog.fileSelected`` sets the path), starting at the
        path shown or the nearest folder of it that exists. Qt's own dialog under the offscreen platform
        (tests drive it), the system's elsewhere."""
        folder = self.meta.get("path") == "dir"
        start = Path(self.text().strip()).expanduser() if self.text().strip() else Path.home()
        while not start.exists() and start != start.parent:
            start = start.parent
        d = QFileDialog(self, "Choose a folder" if folder else "Choose a file", str(start),
                        "" if folder else str(self.meta.get("filter") or ""))
        d.setFileMode(QFileDialog.FileMode.Directory if folder else QFileDialog.FileMode.ExistingFile)
        if folder:
            d.setOption(QFileDialog.Option.ShowDirsOnly, True)
        if start.is_file():
            d.selectFile(str(start))
        if QGuiApplication.platformName() in ("offscreen", "minimal"):
            d.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        d.fileSelected.connect(self._chosen)
        d.finished.connect(lambda _r: setattr(self, "dialog", None))
        d.finished.connect(d.deleteLater)
        self.dialog = d
        d.open()
        return d


class ConfigForm(QWidget):
    """One editor per config field: spin boxes for numbers (min / max / step from the field's
    metadata), a check box for flags, a combo for ``choices``, a line edit with Browse… for a path
    (``"path": "file" | "dir"``, ``PathEdit``), a line edit otherwise. Fields whose
    metadata says ``"advanced": True`` (experimental options, off by default) sit in a section of
    their own below the others, folded until "More settings" is pressed: the Methods dock's form keeps
    its height on a laptop screen."""

    sigChanged = Signal()  # a setting was edited (typed, ticked, chosen), or the form was reset

    def __init__(self, config_type: type | None, parent=None):
        super().__init__(parent)
        self.config_type = config_type
        self._editors: dict[str, tuple[QWidget, object]] = {}
        self._numbers: dict[str, type] = {}  # a setting whose default is None declared int / float: its type
        self._rules: dict[str, tuple[object, QLabel]] = {}  # a setting's own rule (metadata ``check``), its line
        self.more_button: QToolButton | None = None
        self.more: QWidget | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(2)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(form)
        if config_type is None or not dataclasses.is_dataclass(config_type):
            note = QLabel("This method has no settings.")
            note.setObjectName("muted")
            form.addRow(note)
            return
        fields = [f for f in dataclasses.fields(config_type) if f.init and not f.name.startswith("_")]
        advanced = [f for f in fields if (f.metadata or {}).get("advanced")]
        more_form = None
        if advanced:
            self.more_button = QToolButton()
            self.more_button.setText(f"More settings ({len(advanced)})")
            self.more_button.setCheckable(True)
            self.more_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            self.more_button.setArrowType(Qt.ArrowType.RightArrow)
            self.more_button.setAutoRaise(True)
            self.more_button.setToolTip("experimental options, off by default: "
                                        + ", ".join(f.metadata.get("label") or _label(f.name) for f in advanced))
            self.more = QWidget()
            more_form = QFormLayout(self.more)
            more_form.setContentsMargins(0, 0, 0, 0)
            self.more.hide()
            self.more_button.toggled.connect(self._show_more)
            outer.addWidget(self.more_button)
            outer.addWidget(self.more)
        for f in fields:
            default = _default(f)
            meta = dict(f.metadata or {})
            editor = self._editor(default, meta)
            tip = meta.get("help", "")
            number = optional_type(f, config_type) if default is None and isinstance(editor, QLineEdit) else None
            if number in (int, float):  # `float | None = None`: typed text is a number, left empty None
                self._numbers[f.name] = number
                tip = f"{tip}\n(a{'n integer' if number is int else ' number'}, or empty for none)".strip()
            editor.setToolTip(f"{tip}\n(default: {default!r})".strip())
            label = QLabel(meta.get("label") or _label(f.name))  # metadata "label": the form's text
            label.setToolTip(editor.toolTip())
            field_widget = editor
            if meta.get("check") is not None and not isinstance(editor, PathEdit):
                # what the setting's own rule says of the value shown, under its editor in the warning colour, as
                # a path setting's line (lw_irstnet's input size 3: Run greyed with it, the field was unmarked)
                problem = QLabel("")
                problem.setWordWrap(True)
                problem.setTextFormat(Qt.TextFormat.PlainText)
                problem.setStyleSheet(f"color: {WARN_COLOR};")
                problem.hide()  # (hidden, it takes no height: the box below skips it)
                field_widget = QWidget()
                box = QVBoxLayout(field_widget)
                box.setContentsMargins(0, 0, 0, 0)
                box.setSpacing(2)
                box.addWidget(editor)
                box.addWidget(problem)
                self._rules[f.name] = (meta["check"], problem)
            (more_form if meta.get("advanced") else form).addRow(label, field_widget)
            self._editors[f.name] = (editor, default)
            self._notify(editor)
        if self._rules:
            self.sigChanged.connect(self._show_rule_problems)
        self.reset()

    def _notify(self, editor: QWidget) -> None:
        """``sigChanged`` when ``editor``'s value changes."""
        if isinstance(editor, QComboBox):
            editor.currentIndexChanged.connect(lambda *_: self.sigChanged.emit())
        elif isinstance(editor, QCheckBox):
            editor.toggled.connect(lambda *_: self.sigChanged.emit())
        elif isinstance(editor, (QSpinBox, QDoubleSpinBox)):
            editor.valueChanged.connect(lambda *_: self.sigChanged.emit())
        else:
            editor.textChanged.connect(lambda *_: self.sigChanged.emit())

    def _show_more(self, on: bool) -> None:
        self.more.setVisible(on)
        self.more_button.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)

    @staticmethod
    def _editor(default, meta: dict) -> QWidget:
        if meta.get("path") in PATH_KINDS and (default is None or isinstance(default, str)) \
                and not meta.get("choices"):
            return PathEdit(meta)
        if meta.get("choices"):
            w = QComboBox()
            for c in meta["choices"]:
                w.addItem(str(c), c)
            return w
        if isinstance(default, bool):
            return QCheckBox()
        if isinstance(default, int):
            w = QSpinBox()
            w.setRange(int(meta.get("min", -10**9)), int(meta.get("max", 10**9)))
            w.setSingleStep(int(meta.get("step", 1)))
            return w
        if isinstance(default, float):
            w = QDoubleSpinBox()
            step = float(meta.get("step", 0.01 if abs(default) < 10 else 1.0))
            # enough decimals for the step, the default and the bounds: a spin box rounds to its decimals,
            # and a default of 1e-4 shown with three would silently run the method with 0
            decimals = max(2, min(10, max(_decimals(v) for v in (step, default, meta.get("min", 0.0),
                                                                    meta.get("max", 0.0))) + 1))
            w.setDecimals(decimals)
            w.setRange(float(meta.get("min", -1e9)), float(meta.get("max", 1e9)))
            w.setSingleStep(step)
            return w
        return QLineEdit()

    def field_names(self) -> list[str]:
        return list(self._editors)

    def editor(self, name: str) -> QWidget:
        return self._editors[name][0]

    def values(self) -> dict:
        """Every setting's value as shown; raises ValueError for a tuple setting holding a word ("1, a")."""
        return {name: self._value(name) for name in self._editors}

    def _value(self, name: str):
        w, default = self._editors[name]
        if isinstance(w, QComboBox):
            return w.currentData()
        if isinstance(w, QCheckBox):
            return w.isChecked()
        if isinstance(w, QSpinBox):
            return int(w.value())
        if isinstance(w, QDoubleSpinBox):
            return float(w.value())
        text = w.text()
        if isinstance(default, (tuple, list)):
            parts = [p for p in text.replace(",", " ").split() if p]
            kind = type(default[0]) if default else float
            return type(default)(kind(p) for p in parts)
        if default is None and not text.strip():
            return None  # left empty, a setting whose default is None: None, as --set NAME= gives
        if name in self._numbers:
            try:  # `float | None`: 0.5, not "0.5"; a word is kept, for the run's settings check to refuse
                return self._numbers[name](text.strip())  # naming the setting (make_config)
            except ValueError:
                return text
        return text

    def typing(self) -> bool:
        """A path setting is being typed in (not looked for until typing pauses: ``PathEdit``)."""
        return any(isinstance(w, PathEdit) and w.typing() for w, _d in self._editors.values())

    def path_problems(self) -> dict[str, str]:
        """``{setting: why}`` for the path settings whose path names nothing on disk (shown under them)."""
        return {name: why for name, (w, _d) in self._editors.items()
                if isinstance(w, PathEdit) and (why := w.problem_text())}

    def rule_problems(self) -> dict[str, str]:
        """``{setting: why}`` for the settings whose own rule (metadata ``check``, which ``make_config`` asks)
        refuses the value shown (shown under them). A check that raises says nothing here: the run's start does.
        Only the checked settings are read: another one that cannot be read yet (a tuple setting holding "1, a")
        neither raises from the form's change handler nor hides these."""
        out = {}
        for name, (check, _label) in self._rules.items():
            try:
                value = self._value(name)
                why = check(value)
            except Exception:  # noqa: BLE001 - a broken check or a value not readable: said when Run is pressed
                why = None
            if why:
                out[name] = f"{str(why).strip()}; got {value!r}"
        return out

    def _show_rule_problems(self) -> None:
        problems = self.rule_problems()
        for name, (_check, label) in self._rules.items():
            label.setText(problems.get(name, ""))
            label.setVisible(name in problems)

    def changed_values(self) -> dict:
        """Only the settings that differ from the defaults (what is worth remembering)."""
        return {k: v for k, v in self.values().items() if v != self._editors[k][1]}

    def set_values(self, values: dict) -> None:
        for name, value in (values or {}).items():
            if name not in self._editors:
                continue
            w, default = self._editors[name]
            try:
                if isinstance(w, QComboBox):
                    i = w.findData(value)
                    if i >= 0:
                        w.setCurrentIndex(i)
                elif isinstance(w, QCheckBox):
                    w.setChecked(bool(value))
                elif isinstance(w, QSpinBox):
                    w.setValue(int(value))
                elif isinstance(w, QDoubleSpinBox):
                    w.setValue(float(value))
                elif isinstance(value, (tuple, list)):
                    w.setText(", ".join(str(v) for v in value))
                else:
                    w.setText("" if value is None else str(value))
            except (TypeError, ValueError):
                pass  # a remembered value of an older config shape: keep the default

    def reset(self) -> None:
        self.set_values({k: d for k, (_, d) in self._editors.items()})
