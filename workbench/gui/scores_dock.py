"""The Scores dock: the detector's and the segmenter's run on the open sequence, scored as they go.

A detector's run against the sequence's point labels (precision, recall, F1, TP / FP / FN by the
core's matching rule); a segmenter's run against the label masks (mIoU, nIoU, Pd, Fa), or, on a box- /
point-labelled sequence (ITSDT-15K, Anti-UAV, DAUB, IST-A), against its boxes by ``segment``'s box rule
(Pd, Fa; its row's "scored by" says so: ``BOX_SCORED``). Trackers have
the success / precision plots; this is their counterpart for the other kinds. Export writes the table
as CSV."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (QDockWidget, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from workbench.core.evaluation.detection import UNDEFINED, score_text
from workbench.core.evaluation.segmentation import ZERO_RULE, zero_text
from workbench.gui.widgets import export_csv, tip_with_reason

# (key, header, format) in display order; a run shows the ones it has
COLUMNS = (("kind", "kind", "{}"), ("method", "method", "{}"), ("status", "status", "{}"),
           ("frames", "frames", "{}"), ("detections", "detections", "{}"),
           ("precision", "P", "{:.3f}"), ("recall", "R", "{:.3f}"), ("f1", "F1", "{:.3f}"),  # score_text
           ("tp", "TP", "{}"), ("fp", "FP", "{}"), ("fn", "FN", "{}"),
           ("miou", "mIoU", "{:.3f}"), ("niou", "nIoU", "{:.3f}"), ("pd", "Pd", "{:.3f}"),
           ("fa_e6", "Fa (1e-6)", "{:.1f}"), ("images", "labelled images", "{}"), ("targets", "targets", "{}"),
           ("scored_by", "scored by", "{}"))
# a segmentation of a box- / point-labelled sequence (no label masks): Pd / Fa by the box rule ``workbench segment``
# scores such sets with (``irst_boxes.BOX_CONVENTION``), said in its row (and the CSV) and the caption
BOX_SCORED = "labelled boxes (box rule)"
# what a segmenter's run is scored on here, beside what ``workbench segment`` scores (docs/PLUGINS.md: Segmenter): the
# note's tooltip says it (the same numbers at the built-in methods' default filters on SIRST v1, SIRST-V2, IST-A and
# the Anti-UAV frames, every frame's mask equal to its logits > 0)
SHOWN_MASK = ("Here each frame's mask as shown is scored (the method's own filters applied, as its saved masks are "
              "read back); workbench segment scores every component of its logits > 0 (maps[\"logits\"], else "
              "saliency > 0.5): the same numbers wherever the filters drop no component (LW-IRSTNet at its default "
              "filters; the classic peers unless a component is over their max_pixels).")
KINDS = ("detection", "segmentation")
# a detector's scores: None in a scored row is undefined (0 / 0: no detections, no precision; no labelled targets,
# no recall), written "—" (score_text) in the table, left empty in the CSV; a row without them is not scored
DET_SCORES = ("precision", "recall", "f1")


# the trackers' scores are in the dock titled "Success / precision" (there is no "Plots" dock or tab)
NO_RUN = ("No detector or segmenter run on this sequence yet. Trackers are scored in the Success / precision "
          "tab (AUC and P@20 in its legends, AUC by attribute under Show).")
NO_SCORES = "Nothing to export yet: run a segmenter or detector on this sequence first."


class ScoresDock(QDockWidget):
    def __init__(self, parent=None):
        super().__init__("Scores", parent)
        self.setObjectName("scores_dock")
        body = QWidget()
        lay = QVBoxLayout(body)
        lay.setContentsMargins(4, 4, 4, 4)
        self.table = QTableWidget(0, 0)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab moves on to the next widget; arrows move within
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        lay.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.note = QLabel(NO_RUN)
        self.note.setObjectName("muted")
        self.note.setWordWrap(True)
        row.addWidget(self.note, 1)
        self.export_button = QPushButton("Export CSV…")
        self.export_button.clicked.connect(lambda _c=False: self.export_dialog())
        self.export_button.setToolTip("Write the scores in this table to a CSV file")
        self.export_button.setEnabled(False)
        tip_with_reason(self.export_button, NO_SCORES)  # greyed: its tooltip says why (it had none)
        row.addWidget(self.export_button)
        lay.addLayout(row)
        self.setWidget(body)
        self.runs: dict[str, dict] = {}

    def set_run(self, kind: str, row: dict | None) -> None:
        """The row of ``kind``'s run (None: no run of that kind on this sequence)."""
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}")
        if row is None:
            if self.runs.pop(kind, None) is None:
                return
        else:
            self.runs[kind] = {"kind": kind, **row}
        self._fill()

    def columns(self) -> list[tuple[str, str, str]]:
        have = {k for r in self.runs.values() for k in r}
        return [c for c in COLUMNS if c[0] in have]

    def rows(self, csv: bool = False) -> list[list[str]]:
        """The table's text; ``csv``: an undefined score as an empty cell rather than "—"."""
        def cell(r: dict, key: str, fmt: str) -> str:
            if key in DET_SCORES and key in r and r.get("tp") is not None:  # a scored detection run's P / R / F1
                return "" if csv and r[key] is None else score_text(r[key])
            return fmt.format(r[key]) if r.get(key) is not None else ""

        cols = self.columns()
        return [[cell(self.runs[kind], k, fmt) for k, _h, fmt in cols] for kind in KINDS if kind in self.runs]

    def _fill(self) -> None:
        cols, rows = self.columns(), self.rows()
        self.table.setColumnCount(len(cols))
        self.table.setHorizontalHeaderLabels([h for _k, h, _f in cols])
        self.table.setRowCount(len(rows))
        keys = [k for k, _h, _f in cols]
        for i, (kind, r) in enumerate(zip([k for k in KINDS if k in self.runs], rows)):
            zero = self.runs[kind].get("zero_of_none") or {}  # a segmenter's 0 / 0 scores: why, on the cell
            for j, text in enumerate(r):
                item = QTableWidgetItem(text)
                if keys[j] in zero:
                    item.setToolTip(f"{zero[keys[j]]}: {ZERO_RULE}")
                self.table.setItem(i, j, item)
        self.export_button.setEnabled(bool(rows))
        tip_with_reason(self.export_button, None if rows else NO_SCORES)
        if not rows:
            self.note.setText(NO_RUN)
        else:
            # each kind's rule where its run is scored; said not scored where the sequence has no labels
            # of that kind (a segmentation of a box-labelled set or of frames without labels was
            # captioned with the masks' rule over a row without a score)
            parts, scored = [], False
            det, seg = self.runs.get("detection"), self.runs.get("segmentation")
            if det is not None:
                # scored is said by the counts: P is None (undefined) when nothing was detected, and that run
                # was captioned "no point labels here"
                if det.get("tp") is not None:
                    undefined = [why for key, why in (("precision", "no detections yet, so no precision"),
                                                      ("recall", "no labelled targets in these frames, so no recall"))
                                 if key in det and det[key] is None]
                    # the interference-class detections count neither way (the core's rule): "115 (99 target)"
                    # beside FP 0 read as a wrong count without it
                    parts.append("detections matched to point labels: centroid <= match px, greedy by score, target "
                                 "class only (interference detections count neither way)"
                                 + (f" ({'; '.join(undefined)}: {UNDEFINED})" if undefined else ""))
                    scored = True
                else:
                    parts.append("detections not scored: no point labels here")
            if seg is not None:
                if seg.get("scored_by") == BOX_SCORED and seg.get("pd") is not None:
                    zero = seg.get("zero_of_none") or {}
                    parts.append("masks against the labelled boxes, box rule of workbench segment: Pd (a predicted "
                                 "component's centroid inside a box grown by 3 px) / Fa; no mIoU / nIoU without "
                                 "label masks" + (f" ({zero_text(zero)})" if zero else ""))
                    scored = True
                elif seg.get("miou") is not None or seg.get("pd") is not None:
                    # a 0 of nothing (Pd before any labelled target, ...) said, as segment's note under its table
                    zero = seg.get("zero_of_none") or {}
                    parts.append("masks: mIoU / nIoU / Pd (centroid < 3 px) / Fa as DNANet and BasicIRSTD count"
                                 + (f" ({zero_text(zero)})" if zero else ""))
                    scored = True
                else:
                    parts.append("segmentation not scored: no label masks or labelled boxes here")
            self.note.setText("; ".join(parts) + (". Scores over the frames done so far." if scored else "."))
        seg = self.runs.get("segmentation") or {}
        box = seg.get("scored_by") == BOX_SCORED
        scored_seg = seg.get("pd") is not None or not box and seg.get("miou") is not None
        # the whole rule, and what is scored here beside what workbench segment scores
        self.note.setToolTip("\n\n".join(t for t in (seg.get("convention", "") if box else "",
                                                      SHOWN_MASK if scored_seg else "") if t))

    def write_csv(self, path: str | Path, bom: bool = False) -> Path:
        """The table as CSV (``csvtable``; ``bom``: a UTF-8 byte-order mark first, ``settings.csv_bom``)."""
        from workbench.core.csvtable import csv_text, write_csv

        text = csv_text(self.rows(csv=True), [k for k, _h, _f in self.columns()])
        return write_csv(path, text, bom)  # "PATH: cannot write here: ..." on a bad folder

    def export_dialog(self) -> Path | None:
        from workbench.gui import settings as wsettings

        return export_csv(self, self.parent(), "Export scores", wsettings.export_dir() / "scores.csv", self.write_csv,
                          "the scores")
