"""The Methods-dock panel of siamfcpp / ps_siamfcpp (Qt; imported by the GUI only): what the model is,
and a button to the pruning inspector. Tick both trackers to track side by side on one sequence."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget


class PruningPanel(QWidget):
    def __init__(self, plugin, parent=None):
        super().__init__(parent)
        self.plugin = plugin
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 4, 0, 0)
        from workbench_siamfcpp_prune import PRUNED_WEIGHTS, BASE_WEIGHTS, weights_dir

        f = weights_dir() / (PRUNED_WEIGHTS if plugin.name == "ps_siamfcpp" else BASE_WEIGHTS)
        state = f"shipped weights: {f.name}" if f.is_file() else "no shipped weights found (set 'weights')"
        text = ("Pruned by HRank ranks with one global ratio; the attention guide was used in the finetune "
                "only. " if plugin.name == "ps_siamfcpp" else "Unpruned baseline. ")
        self.label = QLabel(text + state + ". Tick siamfcpp and ps_siamfcpp together to compare them.")
        self.label.setWordWrap(True)
        self.label.setObjectName("muted")
        lay.addWidget(self.label)
        self.button = QPushButton("Pruning inspector…")
        self.button.clicked.connect(self.open_inspector)
        lay.addWidget(self.button)

    def open_inspector(self):
        win = self.window()
        if hasattr(win, "open_inspector"):
            return win.open_inspector(self.plugin, "Pruning inspector")
        return None
