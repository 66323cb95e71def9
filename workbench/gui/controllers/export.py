"""Exports: the plots (PNG, SVG, PDF, drawn by matplotlib from the scores the plots dock shows), the
numbers (CSV and JSON), the runs' result boxes (text, one file per tracker and sequence) and the frame
on screen with its overlays (PNG at native resolution)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog

from workbench.gui import display


class ExportController(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.w = window

    def export_dialog(self, what: str) -> None:
        w, nav = self.w, self.w.sequences
        if nav.sequence is None:
            return
        start = nav.last_dir()
        if what in ("plots", "boxes"):
            title = "Export plots to folder" if what == "plots" else "Export result boxes to folder"
            path = QFileDialog.getExistingDirectory(w, title, start)
            if not path:
                return
            files = self.export_plots(path) if what == "plots" else self.export_boxes(path)
        elif what == "numbers":
            path, _ = QFileDialog.getSaveFileName(w, "Export numbers", str(Path(start) / "scores.csv"),
                                                  "CSV (*.csv)")
            if not path:
                return
            files = self.export_numbers(path)
        else:
            name = f"{nav.sequence.name}_{nav.frame_index + 1:05d}.png"
            path, _ = QFileDialog.getSaveFileName(w, "Export frame", str(Path(start) / name), "PNG (*.png)")
            if not path:
                return
            files = [self.export_frame(path)]
        files = [f for f in files if f]
        if files:
            nav.set_last_dir(Path(files[0]).parent)
            w.statusBar().showMessage(f"Exported {len(files)} file(s) to {Path(files[0]).parent}", 8000)

    def _reports(self) -> list:
        reports = self.w.scoring.reports
        if not reports:
            self.w.show_error("Nothing to export",
                              "No scored results yet: run a tracker on a sequence with groundtruth.")
        return reports

    def export_plots(self, out_dir, formats=("png", "svg", "pdf")) -> list[Path]:
        from workbench.core.evaluation.plots import export_plots

        reports = self._reports()
        if not reports:
            return []
        try:
            return export_plots(reports, out_dir, formats, title=self._plot_title())
        except Exception as exc:  # noqa: BLE001
            self.w.show_error("Export failed", f"{out_dir}: {exc}")
            return []

    def _plot_title(self) -> str:
        nav = self.w.sequences
        if self.w.plots.current_scope() == "dataset" and nav.dataset_root is not None:
            return nav.dataset_root.name
        return nav.sequence.name if nav.sequence is not None else ""

    def export_numbers(self, csv_path) -> list[Path]:
        """``scores.csv`` and ``scores.json`` beside it."""
        from workbench.core.evaluation.plots import export_csv, export_json

        reports = self._reports()
        if not reports:
            return []
        csv_path = Path(csv_path)
        if csv_path.suffix.lower() != ".csv":
            csv_path = csv_path.with_suffix(".csv")
        try:
            return [export_csv(reports, csv_path), export_json(reports, csv_path.with_suffix(".json"))]
        except Exception as exc:  # noqa: BLE001
            self.w.show_error("Export failed", f"{csv_path}: {exc}")
            return []

    def export_boxes(self, out_dir) -> list[Path]:
        """``DIR/<tracker>/<sequence>.txt`` for each run of the open sequence."""
        out = []
        try:
            for r in self.w.tracking.live.values():
                out.append(r.result().save(out_dir))
        except Exception as exc:  # noqa: BLE001
            self.w.show_error("Export failed", f"{out_dir}: {exc}")
        return out

    def render_frame(self) -> np.ndarray:
        """The current frame as shown, with the heatmap, boxes and a legend, at native resolution (RGB)."""
        from workbench.gui.frame_export import compose

        w, nav, tracking = self.w, self.w.sequences, self.w.tracking
        i = nav.frame_index
        cmap, stretch, band = nav.display_params()
        rgb = display.render_rgb(nav.raw, cmap, stretch, band, hsi=w.spectrum.view())
        tracker, name = w.layers.selected_map()
        layer = tracking.maps_at(tracker, i).get(name) if tracker else None
        hidden = w.layers.hidden()
        boxes = {k: (tracking.live[k].boxes[i], c) for k, c in tracking.colors().items() if k not in hidden}
        gt = nav.sequence.gt_box(i) if w.layers.show_gt.isChecked() else None
        init = nav.init_box if i == nav.start_frame else None
        return compose(rgb, boxes, gt, layer, w.layers.opacity.value() / 100, init, f"{nav.sequence.name}  #{i + 1}")

    def export_frame(self, path) -> Path | None:
        from workbench.core.results import atomic_write_bytes
        import cv2

        path = Path(path)
        if path.suffix.lower() != ".png":
            path = path.with_suffix(".png")
        try:
            ok, buf = cv2.imencode(".png", cv2.cvtColor(self.render_frame(), cv2.COLOR_RGB2BGR))
            if not ok:
                raise OSError("PNG encoding failed")
            return atomic_write_bytes(path, buf.tobytes())
        except Exception as exc:  # noqa: BLE001
            self.w.show_error("Export failed", f"{path}: {exc}")
            return None
