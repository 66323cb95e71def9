"""A settings form made from a plugin's declared config dataclass (defaults filled in)."""
from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout, QLabel, QLineEdit, QSpinBox,
                               QToolButton, QVBoxLayout, QWidget)


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


class ConfigForm(QWidget):
    """One editor per config field: spin boxes for numbers (min / max / step from the field's
    metadata), a check box for flags, a combo for ``choices``, a line edit otherwise. Fields whose
    metadata says ``"advanced": True`` (experimental options, off by default) sit in a section of
    their own below the others, folded until "More settings" is pressed: the Methods dock's form keeps
    its height on a laptop screen."""

    sigChanged = Signal()  # a setting was edited (typed, ticked, chosen), or the form was reset

    def __init__(self, config_type: type | None, parent=None):
        super().__init__(parent)
        self.config_type = config_type
        self._editors: dict[str, tuple[QWidget, object]] = {}
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
            editor.setToolTip(f"{tip}\n(default: {default!r})".strip())
            label = QLabel(meta.get("label") or _label(f.name))  # metadata "label": the form's text
            label.setToolTip(editor.toolTip())
            (more_form if meta.get("advanced") else form).addRow(label, editor)
            self._editors[f.name] = (editor, default)
            self._notify(editor)
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
        out = {}
        for name, (w, default) in self._editors.items():
            if isinstance(w, QComboBox):
                out[name] = w.currentData()
            elif isinstance(w, QCheckBox):
                out[name] = w.isChecked()
            elif isinstance(w, QSpinBox):
                out[name] = int(w.value())
            elif isinstance(w, QDoubleSpinBox):
                out[name] = float(w.value())
            else:
                text = w.text()
                if isinstance(default, (tuple, list)):
                    parts = [p for p in text.replace(",", " ").split() if p]
                    kind = type(default[0]) if default else float
                    out[name] = type(default)(kind(p) for p in parts)
                else:
                    out[name] = text
        return out

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
