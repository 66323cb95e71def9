"""HA-Net's panel in the Methods dock (Qt; imported by the GUI only): alpha / beta sliders for the
fusion R_fus = alpha R_rgb + beta R_hsi, kept in step with the settings form's alpha and beta fields
(the form is what the run reads), and a note on which maps the tracker publishes."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QSlider, QVBoxLayout, QWidget

STEPS = 100


class HANetPanel(QWidget):
    def __init__(self, plugin, parent=None):
        super().__init__(parent)
        self.plugin = plugin
        self._form = None
        if parent is not None and hasattr(parent, "form"):
            try:
                self._form = parent.form(plugin.name)
            except Exception:  # noqa: BLE001 - a host without forms: the sliders work alone
                self._form = None
        box = QGroupBox("Fusion  R = α·R_rgb + β·R_hsi")
        lay = QFormLayout(box)
        self.sliders: dict[str, QSlider] = {}
        self.values: dict[str, QLabel] = {}
        defaults = plugin.default_config() if plugin.config is not None else None
        for name, label in (("alpha", "α  false colour"), ("beta", "β  hyperspectral")):
            row = QHBoxLayout()
            s = QSlider(Qt.Orientation.Horizontal)
            s.setRange(0, STEPS)
            s.setObjectName(f"hanet_{name}")
            v = QLabel()
            v.setMinimumWidth(36)
            row.addWidget(s, 1)
            row.addWidget(v)
            w = QWidget()
            w.setLayout(row)
            lay.addRow(label, w)
            self.sliders[name], self.values[name] = s, v
            start = self._editor_value(name)
            if start is None:
                start = getattr(defaults, name, 0.5)
            s.setValue(round(start * STEPS))
            v.setText(f"{start:.2f}")
            s.valueChanged.connect(lambda val, n=name: self._slider_moved(n, val))
            ed = self._editor(name)
            if ed is not None and hasattr(ed, "valueChanged"):
                ed.valueChanged.connect(lambda val, n=name: self._editor_moved(n, val))
        note = QLabel("Maps for the Layers dock's Map list and the Response map inspector: response_rgb, response_hsi, "
                      "response_fused. β = 0 is the false-colour branch alone.")
        note.setWordWrap(True)
        note.setObjectName("muted")
        self.held = QLabel()
        self.held.setObjectName("hanet_held")
        self.held.setWordWrap(True)
        self.held.setVisible(False)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 4, 0, 0)
        outer.addWidget(box)
        outer.addWidget(self.held)
        outer.addWidget(note)
        if all(s.value() == 0 for s in self.sliders.values()):  # settings loaded so: said before Run refuses them
            self.held.setText("α and β are both 0, which the run refuses (the fused map would be zero everywhere): "
                              "move one above 0")
            self.held.setVisible(True)

    def _editor(self, name: str):
        if self._form is None or name not in self._form.field_names():
            return None
        return self._form.editor(name)

    def _editor_value(self, name: str):
        ed = self._editor(name)
        return float(ed.value()) if ed is not None and hasattr(ed, "value") else None

    def _other(self, name: str) -> str:
        return "beta" if name == "alpha" else "alpha"

    def _other_value(self, name: str) -> float:
        """The other weight as the run will take it: the form's value where there is a form (a loaded 0.004 is not
        0, though its slider shows 0 steps), else its slider's."""
        other = self._other(name)
        v = self._editor_value(other)
        return v if v is not None else self.sliders[other].value() / STEPS

    def _both_zero(self, name: str, val: int) -> bool:
        """Whether the slider ``name`` dragged to ``val`` steps would leave both weights 0, a setting the run refuses
        (the fused map is zero everywhere): the slider is then held one step above 0 and the note says why, at once."""
        if val > 0 or self._other(name) not in self.sliders or self._other_value(name) > 0:
            return False
        self.sliders[name].blockSignals(True)
        self.sliders[name].setValue(1)
        self.sliders[name].blockSignals(False)
        self.held.setText(f"α and β cannot both be 0 (the fused map would be zero everywhere): "
                          f"{'α' if name == 'alpha' else 'β'} held at {1 / STEPS:.2f}")
        self.held.setVisible(True)
        return True

    def _slider_moved(self, name: str, val: int) -> None:
        held = self._both_zero(name, val)
        if held:
            val = 1
        x = val / STEPS
        self.values[name].setText(f"{x:.2f}")
        ed = self._editor(name)
        if ed is not None and abs(float(ed.value()) - x) > 1e-9:
            ed.setValue(x)  # its _editor_moved hides the note (0.01 is not 0): the note is set after it (R3)
        self.held.setVisible(held)

    def _editor_moved(self, name: str, val: float) -> None:
        # the form's field is never rewritten here: it changes at every keystroke (typing 0.7 passes through 0), so
        # holding it above 0 lost what was typed after the 0; both at 0 is said, and Run refuses it
        both = val <= 0 and self._other(name) in self.sliders and self._other_value(name) <= 0
        if both:
            self.held.setText("α and β are both 0, which the run refuses (the fused map would be zero everywhere): "
                              "move one above 0")
        self.held.setVisible(both)
        s = self.sliders[name]
        if s.value() != round(val * STEPS):
            s.blockSignals(True)
            s.setValue(round(val * STEPS))
            s.blockSignals(False)
        self.values[name].setText(f"{val:.2f}")

    def weights(self) -> tuple[float, float]:
        return self.sliders["alpha"].value() / STEPS, self.sliders["beta"].value() / STEPS
