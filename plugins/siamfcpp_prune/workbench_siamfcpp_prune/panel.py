"""The Methods-dock panel of siamfcpp / ps_siamfcpp (Qt; imported by the GUI only): what the model is,
which weights the settings run it with, and a button to the pruning inspector. Tick both trackers to track
side by side on one sequence."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget


class PruningPanel(QWidget):
    def __init__(self, plugin, parent=None):
        super().__init__(parent)
        self.plugin = plugin
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 4, 0, 0)
        # the settings form's weights: the panel said "shipped weights: ..." whatever file the setting named
        from workbench.gui.methods_dock import settings_form

        self._form = settings_form(parent, plugin.name)  # None: a host without forms, the shipped weights described
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setObjectName("muted")
        lay.addWidget(self.label)
        self._describe()
        if self._form is not None:
            self._form.sigChanged.connect(self._describe)
        self.button = QPushButton("Pruning inspector…")
        self.button.clicked.connect(self.open_inspector)
        lay.addWidget(self.button)

    def weights(self) -> str:
        """The weights the settings form names ('' : the shipped ones)."""
        from workbench.gui.methods_dock import form_text

        return form_text(self._form, "weights")

    def _cut(self) -> tuple | None:
        """(ratio, scope, align) of the settings where they are not the shipped pruned model's, else None."""
        if self._form is None or not {"ratio", "scope", "align"} <= set(self._form.field_names()):
            return None
        values, default = self._form.values(), self.plugin.default_config()
        cut = (float(values["ratio"]), str(values["scope"]), int(values["align"]))
        same = (abs(cut[0] - default.ratio) < 1e-9 and cut[1] == default.scope and cut[2] == default.align)
        return None if same else cut

    def _describe(self) -> None:
        from workbench_siamfcpp_prune import BASE_WEIGHTS, PRUNED_WEIGHTS, weights_dir

        own = self.weights()
        if own and own != "random":
            f = Path(own).expanduser()
            state = (f"weights from the settings: {f.name}" if f.is_file() else
                     f"no file at {f} (the weights setting): set it to a weights file, or clear it for the shipped ones")
        elif own == "random":
            state = "random weights (the weights setting)"
        elif self.plugin.name == "ps_siamfcpp" and self._cut() is not None:
            # any other cut than the shipped model's prunes the shipped SiamFC++ when the run starts
            rho, scope, align = self._cut()
            d = self.plugin.default_config()
            state = (f"shipped {BASE_WEIGHTS} pruned at rho {rho:.2f} ({scope}, widths aligned to {align}) when the "
                     f"run starts, by its stored ranks, without the finetune (the shipped pruned model is rho "
                     f"{d.ratio:.2f}, {d.scope}, {d.align})")
        else:
            f = weights_dir() / (PRUNED_WEIGHTS if self.plugin.name == "ps_siamfcpp" else BASE_WEIGHTS)
            state = f"shipped weights: {f.name}" if f.is_file() else "no shipped weights found (set 'weights')"
        text = ("Pruned by HRank ranks with one global ratio; the attention guide was used in the finetune "
                "only. " if self.plugin.name == "ps_siamfcpp" else "Unpruned baseline. ")
        self.label.setText(text + state + ". Tick siamfcpp and ps_siamfcpp together to compare them.")
        self.label.setToolTip(str(f) if own and own != "random" else "")

    def open_inspector(self):
        win = self.window()
        if hasattr(win, "open_inspector"):
            return win.open_inspector(self.plugin, "Pruning inspector")
        return None
