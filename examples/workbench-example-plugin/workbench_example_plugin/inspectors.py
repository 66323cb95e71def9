"""An inspector dock (Qt; imported by the window only, when the dock is first opened or the plugin
first runs): the match score per frame of every example_ncc run, with the current frame marked."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from workbench.gui.inspector import InspectorDock


class ScoreInspector(InspectorDock):
    def __init__(self, host, plugin=None, title: str = "NCC score"):
        super().__init__(host, plugin, title)
        body = QWidget()
        lay = QVBoxLayout(body)
        self.plot = pg.PlotWidget()
        self.plot.setLabel("left", "match score")
        self.plot.setLabel("bottom", "frame")
        self.plot.setYRange(-0.2, 1.0)
        self.curve = self.plot.plot([], [], pen=pg.mkPen("#4ade80", width=2))
        self.cursor = pg.InfiniteLine(angle=90, pen=pg.mkPen("#999999"))
        self.plot.addItem(self.cursor)
        self.info = QLabel("Run the example_ncc tracker to see its match score.")
        lay.addWidget(self.plot, 1)
        lay.addWidget(self.info)
        self.setWidget(body)
        self.scores: dict[int, float] = {}

    def _mine(self, tracker: str) -> bool:
        # a run's label is the plugin's name, "name #2" while a second one starts, then the name the workspace
        # lists it under once saved: "name/default-run2", "name/search_scale=3"
        return self.plugin is None or tracker.split("/")[0].split(" ")[0] == self.plugin.name

    def on_sequence(self, seq) -> None:
        # runs made before this dock was built (opened after them, or as a fast run ended) come right after
        # this call, through on_result: nothing to fetch here
        self.scores.clear()
        self.curve.setData([], [])

    def on_frame_result(self, tracker: str, frame_result) -> None:
        if self._mine(tracker):
            self.scores[frame_result.index] = frame_result.score
            if len(self.scores) % 10 == 0:
                self._redraw()

    def on_result(self, tracker: str, run) -> None:
        # a run finished or cancelled; also a run still going when the dock was built (its frames so far)
        if self._mine(tracker):
            ok = np.isfinite(run.scores)
            self.scores = dict(zip(np.flatnonzero(ok).tolist(), run.scores[ok].tolist()))
            self._redraw()

    def on_frame(self, index: int) -> None:
        self.cursor.setValue(index)
        s = self.scores.get(index)
        if s is not None:
            self.info.setText(f"frame {index + 1}: score {s:.3f}")

    def _redraw(self) -> None:
        if self.scores:
            idx = np.array(sorted(self.scores))
            self.curve.setData(idx, np.array([self.scores[i] for i in idx]))
            self.info.setText(f"{len(idx)} frames, mean score {np.mean([self.scores[i] for i in idx]):.3f}")
