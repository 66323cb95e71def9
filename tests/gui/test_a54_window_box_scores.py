"""A segmenter's All frames run in the window on a box- / point-labelled IR set (an ITSDT-15K COCO sequence, an
Anti-UAV sequence, a labels.csv sequence, a DAUB sequence, IST-A's YOLO images) was "segmentation not scored: no
label masks here" while ``workbench segment`` box-scores the same frames. The Scores dock, its CSV and the
Timeline's curves now give Pd / Fa by the same box rule (``irst_boxes.match_boxes``), said so, equal to the
CLI's ``evaluate_boxes`` on the same folder. Tiny generated mimics (``test_e2_53``'s), IST-A where stored."""
from __future__ import annotations

import csv
from pathlib import Path

import cv2
import numpy as np
import pytest

from tests.test_e2_53_box_scored_ir_sequences import _antiuav, _frame, _itsdt, _labels_csv
from workbench.core.methods import SegOutput
from workbench.core.registry import Plugin, Registry

from .conftest import shown_window

IST_A = Path("/work/shared/data/irst/ist_a")


class _Thr:
    """1 where the frame is over 150: each 3 x 3 blob of 200 a find of 9 pixels."""

    modalities = ("gray", "rgb")

    def predict(self, frame):
        g = frame if frame.ndim == 2 else frame[..., 0]
        sal = (g > 150).astype(np.float32)
        return SegOutput(sal, sal > 0.5)


@pytest.fixture
def window(qtbot, messages):  # (the mimics' warnings on opening, a frame in no label file: recorded, not shown)
    reg = Registry()
    reg.add(Plugin("thr", "segmenter", lambda cfg, device: _Thr()))
    yield from shown_window(qtbot, reg)


def _daub(root: Path) -> Path:
    """frames/ + anno_xy.txt: frame 0 a hit, 1 its point 10 px from its blob (a miss, 9 false pixels), 2 a hit."""
    (root / "frames").mkdir(parents=True)
    for i, (x, y) in enumerate([(6, 6), (20, 12), (10, 15)]):
        cv2.imwrite(str(root / "frames" / f"{i + 1:04d}.png"), _frame((x, y)))
    (root / "anno_xy.txt").write_text("6\t6\n10\t12\n10\t15\n")
    return root


def _scored_in_window(qtbot, w, path):
    assert w.open_path(path)
    qtbot.waitUntil(lambda: w.sequences.sequence is not None and not w.busy, timeout=20000)
    assert w.segment_sequence("thr")
    qtbot.waitUntil(lambda: not w.busy and w.segmentation.saved_to is not None, timeout=20000)
    return w.scores.runs["segmentation"]


@pytest.mark.parametrize("make, sub", [(_itsdt, "images/58"), (_antiuav, "test/02_x"), (_labels_csv, None),
                                       (_daub, None)])
def test_a_box_labelled_sequence_is_box_scored_as_the_cli_scores_it(qtbot, window, tmp_path, make, sub):
    from workbench.core.evaluation.irst_boxes import evaluate_boxes

    w = window
    made = make(tmp_path / "set")
    path = made / sub if sub else made
    row = _scored_in_window(qtbot, w, path)
    cli = evaluate_boxes(None, path, _Thr())
    assert (row["images"], row["targets"], row["matched"]) == (cli["images"], cli["targets"], cli["matched"])
    assert row["pd"] == pytest.approx(cli["pd"]) and row["fa_e6"] == pytest.approx(cli["fa_e6"])
    assert cli["pd"] > 0 and cli["fa_e6"] > 0  # a hit and a false alarm in each mimic
    note = w.scores.note.text()
    assert "not scored" not in note and "box rule" in note, note
    assert "mIoU" not in [w.scores.table.horizontalHeaderItem(j).text() for j in range(w.scores.table.columnCount())]
    out = w.scores.write_csv(tmp_path / "scores.csv")
    got = next(csv.DictReader(out.open()))
    assert got["scored_by"] == "labelled boxes (box rule)" and float(got["pd"]) == pytest.approx(cli["pd"], abs=1e-3)
    # the Timeline: the box rule's curves, named so; no mask IoU to show
    shown = [w.timeline.metric_combo.itemText(i) for i in range(w.timeline.metric_combo.count())]
    assert "Pd so far, box rule" in shown and "Mask IoU / frame" not in shown and "mIoU so far" not in shown
    assert w.timeline.show_metric("segmentation", "box_pd")
    series = w.segmentation.score.series()
    so_far = series["box_pd"][np.isfinite(series["box_pd"])]  # (NaN at a frame its labels do not cover)
    assert so_far[-1] == pytest.approx(cli["pd"])
    assert "box rule" in w.methods.run_status.text()


def test_a_mask_labelled_sequence_keeps_its_mask_scores(qtbot, window, tmp_path):
    """A mask-per-frame sequence (IRDST-like) is scored against its masks as before: mIoU, no box rule."""
    root = tmp_path / "irdst"
    (root / "images" / "1").mkdir(parents=True)
    (root / "masks" / "1").mkdir(parents=True)
    for i in range(3):
        cv2.imwrite(str(root / "images" / "1" / f"{i}.png"), _frame((8 + 4 * i, 8)))
        m = np.zeros((24, 32), np.uint8)
        m[7:10, 7 + 4 * i:10 + 4 * i] = 255
        cv2.imwrite(str(root / "masks" / "1" / f"{i}.png"), m)
    row = _scored_in_window(qtbot, window, root / "images" / "1")
    assert row["miou"] == pytest.approx(1.0) and row["pd"] == pytest.approx(1.0) and "scored_by" not in row
    assert window.scores.note.text().startswith("masks: mIoU")


@pytest.mark.skipif(not (IST_A / "labels").is_dir(), reason=f"IST-A not stored at {IST_A}")
def test_ist_a_is_box_scored_in_the_window_as_by_the_cli(qtbot, window, tmp_path):
    """Its first 12 images and their YOLO labels (copied: the window's run saves beside nothing of the set)."""
    import shutil

    from workbench.core.evaluation.irst_boxes import evaluate_boxes

    root = tmp_path / "ist_a"
    for d in ("images", "labels"):
        (root / d).mkdir(parents=True)
    for p in sorted((IST_A / "images").iterdir())[:12]:
        shutil.copy(p, root / "images" / p.name)
        if (IST_A / "labels" / f"{p.stem}.txt").is_file():
            shutil.copy(IST_A / "labels" / f"{p.stem}.txt", root / "labels")
    row = _scored_in_window(qtbot, window, root)
    cli = evaluate_boxes(None, root, _Thr())
    assert cli["targets"] > 0
    assert (row["images"], row["targets"], row["matched"]) == (cli["images"], cli["targets"], cli["matched"])
    assert row["pd"] == pytest.approx(cli["pd"]) and row["fa_e6"] == pytest.approx(cli["fa_e6"])
