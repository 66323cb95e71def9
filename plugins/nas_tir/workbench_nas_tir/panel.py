"""The Methods-dock panel of nas_tir (GUI only): which searched cell the shipped weights use, how big
the backbone is, and where the alpha inspector is. The weights file is read (and torch imported) on a
worker: the panel says "reading..." meanwhile, the window does not wait."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class NASTIRPanel(QWidget):
    def __init__(self, plugin, parent=None):
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 4, 0, 0)
        self.label = QLabel("Reading the shipped weights…")
        self.label.setWordWrap(True)
        self.label.setObjectName("muted")
        lay.addWidget(self.label)
        from workbench.gui.worker import Job, describe

        self.job = Job(self)
        self.job.returned.connect(self.label.setText)
        self.job.errored.connect(lambda exc: self.label.setText(f"weights: {describe(exc)}"))
        self.job.start(self.describe)

    @property
    def loading(self) -> bool:
        return self.job.running

    @staticmethod
    def describe(weights: str | None = None) -> str:
        from pathlib import Path

        from workbench_nas_tir import default_weights

        w = Path(weights or default_weights())
        if not w.is_file():
            return (f"No weights at {w}. Make them with `workbench search nas_tir` and `workbench train nas_tir`.")
        try:
            from workbench_nas_tir.genotype import describe
            from workbench_nas_tir.model import trainable_params
            from workbench_nas_tir.train import load_backbone

            net, g, arch, extra = load_backbone(w)
            tr = (extra.get("trained") or {}).get("val", {})
            val = f"; held-out rank-1 {tr['val_rank1']:.3f}" if "val_rank1" in tr else ""
            return (f"{arch['cells']} {g['cell']}-bottom cells, width {arch['width']}, {arch['dims']} dims, "
                    f"{trainable_params(net):,} parameters{val}.\n{describe(g)}\n"
                    "Alpha heatmaps and the cell graph: View › Inspectors › NAS alphas.")
        except Exception as exc:  # noqa: BLE001 - the panel only informs
            return f"{w}: {exc}"
