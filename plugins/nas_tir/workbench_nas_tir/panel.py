"""The Methods-dock panel of nas_tir (GUI only): which searched cell the weights in the settings use (the
shipped ones by default), how big the backbone is, and where the alpha inspector is. The weights file is
read (and torch imported) on a worker: the panel says "reading..." meanwhile, the window does not wait; it
reads them again when the settings' weights change."""
from __future__ import annotations

from PySide6.QtCore import QTimer
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

        # the settings form's weights: the panel described the shipped file whatever weights the tracker was set
        # to run with (an analyst's own retraining, or a path that does not exist, read as the shipped network)
        from workbench.gui.methods_dock import settings_form

        self._form = settings_form(parent, plugin.name)  # None: a host without forms, the shipped weights described
        self._wanted = self._shown = self.weights()
        self.job = Job(self)
        self.job.returned.connect(self._on_described)
        self.job.errored.connect(lambda exc: self._on_described(f"weights: {describe(exc)}"))
        self.job.finished.connect(self._next)
        self._timer = QTimer(self)  # typing a path: read once the typing pauses
        self._timer.setSingleShot(True)
        self._timer.setInterval(300)
        self._timer.timeout.connect(self._next)
        if self._form is not None:
            self._form.sigChanged.connect(self._on_settings)
        self.job.start(self.describe, self._shown or None)

    @property
    def loading(self) -> bool:
        return self.job.running or self._timer.isActive() or self._wanted != self._shown

    def weights(self) -> str:
        """The weights the settings form names ('' without a form: the shipped ones)."""
        from workbench.gui.methods_dock import form_text

        return form_text(self._form, "weights")

    def _on_settings(self) -> None:
        w = self.weights()
        if w == self._wanted:
            return
        self._wanted = w
        self.label.setText("Reading the weights…")
        self._timer.start()

    def _next(self) -> None:
        if self.job.running or self._timer.isActive() or self._wanted == self._shown:
            return
        self._shown = self._wanted
        self.job.start(self.describe, self._shown or None)

    def _on_described(self, text: str) -> None:
        if self._shown == self._wanted:  # not for weights the settings no longer name
            self.label.setText(text)

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
            own = "" if w == Path(default_weights()) else f"{w.name}: "  # the analyst's own, named
            return (f"{own}{arch['cells']} {g['cell']}-bottom cells, width {arch['width']}, {arch['dims']} dims, "
                    f"{trainable_params(net):,} parameters{val}.\n{describe(g)}\n"
                    "Alpha heatmaps and the cell graph: View › Inspectors › NAS alphas.")
        except Exception as exc:  # noqa: BLE001 - the panel only informs
            return f"{w}: {exc}"
