"""Segmenters in the window (LW-IRSTNet): a single image opened and segmented, overlays and the target
table, live threshold / feature-filter sliders without another network pass, a whole sequence in a
worker, and the panel's Train and Evaluate tabs on a tiny generated SIRST-style folder."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import cv2
import numpy as np
import pytest

from tests.gui.conftest import make_registry

pytest.importorskip("torch")

SIRST = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "irst" / "sirst"
PANEL = "workbench_lw_irstnet.panel:Panel"


def blob_image(h=96, w=128, centre=(70, 40), seed=0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    img = (40 + rng.normal(0, 3, (h, w))).clip(0, 255).astype(np.uint8)
    cv2.circle(img, centre, 2, 250, -1)
    return img


def write_sirst(root: Path, n: int = 6, size: int = 32) -> Path:
    """images/, masks/<name>_pixels0.png, splits/train.txt + val.txt: one bright blob per image."""
    for d in ("images", "masks", "splits"):
        (root / d).mkdir(parents=True, exist_ok=True)
    names = []
    for i in range(n):
        c = (8 + 3 * i % (size - 16), 10 + 2 * i % (size - 16))
        img = blob_image(size, size, c, seed=i)
        m = np.zeros((size, size), np.uint8)
        cv2.circle(m, c, 2, 255, -1)
        name = f"img_{i}"
        cv2.imwrite(str(root / "images" / f"{name}.png"), img)
        cv2.imwrite(str(root / "masks" / f"{name}_pixels0.png"), m)
        names.append(name)
    (root / "splits" / "train.txt").write_text("\n".join(names[:4]) + "\n")
    (root / "splits" / "val.txt").write_text("\n".join(names[4:]) + "\n")
    return root


@pytest.fixture(scope="module")
def weights(tmp_path_factory) -> str:
    """The shipped weights when present, else a randomly initialised model saved to tmp."""
    from workbench_lw_irstnet import default_weights

    if Path(default_weights()).is_file():
        return default_weights()
    import torch

    from workbench.core.training.checkpoints import save_weights
    from workbench_lw_irstnet.model import LWIRSTNet

    torch.manual_seed(0)
    p = tmp_path_factory.mktemp("lw") / "random.pt"
    save_weights(p, LWIRSTNet())
    return str(p)


@pytest.fixture
def registry():
    from workbench_lw_irstnet import PLUGIN

    reg = make_registry()
    # the plugin's panel (PLUGIN.panel when its description names it; added here when it does not yet)
    reg.add(dataclasses.replace(PLUGIN, panel=PLUGIN.panel or PANEL))
    return reg


def select_lw(window, weights: str):
    window.methods.select("lw_irstnet")
    window.methods.form("lw_irstnet").set_values({"weights": weights, "threshold": 0.0})
    panel = window.methods.panel("lw_irstnet")
    assert panel.__class__.__name__ == "Panel", getattr(panel, "text", lambda: "")()
    panel.load_from_config()
    return panel


def rows(n: int) -> int:
    """Rows the target table shows for n targets (it lists the first MAX_ROWS)."""
    from workbench.gui.targets_dock import MAX_ROWS

    return min(n, MAX_ROWS)


def boxes(n: int) -> int:
    from workbench.gui.viewer import MAX_TARGET_BOXES

    return min(n, MAX_TARGET_BOXES)


def count_forward(seg) -> list[int]:
    calls = [0]
    fwd = seg.model.forward

    def counted(*a, **k):
        calls[0] += 1
        return fwd(*a, **k)

    seg.model.forward = counted
    return calls


def test_single_image_segment_and_live_filter(window, weights, tmp_path, qtbot):
    img = blob_image()
    path = tmp_path / "blob.png"
    cv2.imwrite(str(path), img)
    assert window.open_path(path), window.last_error
    assert window.n_frames == 1 and window.sequence.name == "blob"
    panel = select_lw(window, weights)
    assert window.methods.run_button.text() == "Segment frame"
    assert window.methods.run_all_button.isVisible()

    window.methods.run_button.click()  # segment the frame on screen
    out = window.seg.get(0)
    assert out is not None and out.saliency.shape == img.shape and out.mask.shape == img.shape
    assert len(window.targets.targets) == len(out.targets)
    assert window.targets.table.rowCount() == rows(len(out.targets))
    assert window.view.target_count() == boxes(len(out.targets))
    assert window.view.mask_item.isVisible()
    seg = window.segmenter
    calls = count_forward(seg)

    # a threshold just under the largest logit keeps at least the peak; above it nothing is left
    top = float(seg.last_logits.max())
    if weights.endswith("lw_irstnet_sirst.pt"):  # trained weights: the blob is found at threshold 0
        assert any(abs(t.centroid[0] - 70) < 3 and abs(t.centroid[1] - 40) < 3 for t in out.targets)
    thr = float(np.clip(np.floor(top * 10 - 1) / 10, -10, 9.9))
    panel.set_filter(threshold=thr)
    n_low = len(window.targets.targets)
    expected = seg.refilter(thr)  # the segmenter's own answer for the same settings
    assert n_low == len(expected.targets) >= (1 if top > -10 else 0)
    assert window.targets.table.rowCount() == rows(n_low)
    assert window.view.target_count() == boxes(n_low)
    assert abs(seg.config.threshold - thr) < 1e-6
    assert window.methods.config_values("lw_irstnet")["threshold"] == pytest.approx(thr)

    panel.set_filter(threshold=10.0)
    if top < 10.0:
        assert window.targets.table.rowCount() == 0
        assert not window.seg.get(0).mask.any()
    panel.set_filter(threshold=thr, min_pixels=200)  # the feature filter: only large targets stay
    big = [t for t in seg.last_components.targets if t.pixels >= 200]
    assert len(window.targets.targets) == len(big)
    assert window.targets.table.rowCount() == rows(len(big))
    assert calls[0] == 0, "moving the sliders must not run the network again"

    # the layers dock toggles the overlays
    window.layers.show_mask.setChecked(False)
    assert not window.view.mask_item.isVisible()
    window.layers.show_saliency.setChecked(True)
    assert window.view.sal.isVisible()

    # clicking a row centres the view on that target
    panel.set_filter(threshold=thr, min_pixels=1)
    if window.targets.table.rowCount():
        t = window.targets.targets[0]
        window.targets.table.selectRow(0)
        window.targets._on_click(0, 0)
        r = window.view.vb.viewRect()
        assert abs(r.center().x() - t.centroid[0]) < 2 and abs(r.center().y() - t.centroid[1]) < 2


def test_segment_whole_sequence_in_worker(window, weights, tmp_path, qtbot):
    folder = tmp_path / "seq"
    folder.mkdir()
    for i in range(5):
        cv2.imwrite(str(folder / f"{i:04d}.png"), blob_image(64, 80, (20 + 8 * i, 30), seed=i))
    assert window.open_path(folder), window.last_error
    select_lw(window, weights)
    assert window.segment_sequence()
    assert window.busy and not window.methods.run_button.isEnabled()
    qtbot.waitUntil(lambda: not window.busy, timeout=30000)
    assert sorted(window.seg.frames) == list(range(5))
    assert "5 frames" in window.methods.run_status.text()
    window.set_frame(3)
    out = window.seg.get(3)
    assert window.targets.table.rowCount() == rows(len(out.targets))
    # the worker's segmenter is adopted: re-filtering the last frame needs no network pass
    window.set_frame(4)
    calls = count_forward(window.segmenter)
    assert window.refilter_segmentation(5.0) is not None
    assert calls[0] == 0


def _train_tab(window, tmp_path, out: str):
    """The LW-IRSTNet Train tab over a tiny generated SIRST root, one epoch of batch-2, 32 px crops."""
    root = write_sirst(tmp_path / "sirst")
    window.methods.select("lw_irstnet")
    panel = window.methods.panel("lw_irstnet")
    panel.setCurrentIndex(1)
    panel.tr_root.setText(str(root))
    panel.tr_epochs.setValue(1)
    panel.tr_batch.setValue(2)
    panel.tr_crop.setValue(32)
    panel.tr_out.setText(str(tmp_path / out))
    return panel


def test_train_tab_one_epoch(window, tmp_path, qtbot):
    panel = _train_tab(window, tmp_path, "run")
    window.methods.device.setCurrentIndex(1)  # CPU
    assert panel.start_training()
    assert not panel.tr_start.isEnabled() and panel.tr_cancel.isEnabled()
    qtbot.waitUntil(lambda: not panel.train_job.running, timeout=30000)
    assert "Done" in panel.tr_status.text(), panel.tr_status.text()
    assert len(panel.history) == 1 and "miou" in panel.history[0]
    x, y = panel.loss_curve.getData()
    assert len(x) == 1 and np.isfinite(y[0])
    assert len(panel.miou_curve.getData()[0]) == 1
    assert (tmp_path / "run" / "last.pt").is_file()
    assert panel.tr_progress.value() == 1000

    # resume from last.pt to 2 epochs: one more point
    panel.tr_resume.setText(str(tmp_path / "run" / "last.pt"))
    panel.tr_epochs.setValue(2)
    assert panel.start_training()
    qtbot.waitUntil(lambda: not panel.train_job.running, timeout=30000)
    assert [h["epoch"] for h in panel.history] == [1, 2]
    assert panel.raw_curve is None  # no averaging asked for

    # weight averaging from the window: the averaged val mIoU and the raw one, each drawn
    panel.tr_resume.setText("")
    panel.tr_epochs.setValue(1)
    panel.tr_out.setText(str(tmp_path / "run_ema"))
    panel.tr_ema.setChecked(True)
    assert panel.train_argv()[-2:] == ["--ema", "0.999"]
    # and the shipped weights' recipe: the paper's SGD at a chosen rate, fine-tuning earlier weights
    assert "--lr" not in panel.train_argv()  # rate left at "default": the optimizer's own
    panel.tr_opt.setCurrentText("sgd")
    panel.tr_lr.setValue(0.01)
    panel.tr_init.setText(str(tmp_path / "run" / "best_weights.pt"))
    argv = panel.train_argv()
    assert argv[argv.index("--optimizer") + 1] == "sgd" and argv[argv.index("--lr") + 1] == "0.01"
    assert argv[argv.index("--init") + 1].endswith("best_weights.pt")
    assert "--aug" not in argv and "only" in panel.tr_aug.text()
    panel.tr_aug_actions["paste"].setChecked(True)  # copy-paste of real targets, from the window
    argv = panel.train_argv()
    assert argv[argv.index("--aug") + 1:argv.index("--aug") + 2] == ["paste"] and "paste" in panel.tr_aug.text()
    assert "--aug" in panel.cv_argv()  # the cross-validation runs the same recipe
    assert "--backgrounds" not in argv
    panel.tr_bg.setText(f" {tmp_path / 'bg1'} ;; {tmp_path / 'bg 2'}; ")  # negatives of other recordings
    argv = panel.cv_argv()
    assert argv[argv.index("--backgrounds") + 1:argv.index("--backgrounds") + 3] == [str(tmp_path / "bg1"),
                                                                                       str(tmp_path / "bg 2")]
    panel.tr_bg.setText("")
    assert "--loss" not in argv
    panel.tr_loss.setCurrentText("softiou-batch")
    argv = panel.train_argv()
    assert argv[argv.index("--loss") + 1] == "softiou-batch"
    panel.tr_loss.setCurrentText("softiou")
    assert panel.start_training()
    qtbot.waitUntil(lambda: not panel.train_job.running, timeout=30000)
    assert "Done" in panel.tr_status.text(), panel.tr_status.text()
    assert {"miou", "raw_miou"} <= set(panel.history[0])
    assert panel.history[0]["lr"] == pytest.approx(0.01, rel=0.5)  # the poly schedule starts from 0.01
    assert (tmp_path / "run_ema" / "ema_weights.pt").is_file()
    assert len(panel.raw_curve.getData()[0]) == 1 and len(panel.miou_curve.getData()[0]) == 1


def test_evaluate_tab_fills_table(window, weights, tmp_path, qtbot):
    root = write_sirst(tmp_path / "sirst")
    panel = select_lw(window, weights)
    panel.setCurrentIndex(2)
    panel.ev_root.setText(str(root))
    panel.ev_split.setCurrentText("val.txt")
    assert panel.start_eval(), panel.ev_status.text()
    qtbot.waitUntil(lambda: not panel.eval_job.running, timeout=30000)
    assert panel.eval_result is not None, panel.ev_status.text()
    values = {panel.ev_table.item(r, 0).text(): panel.ev_table.item(r, 1).text()
              for r in range(panel.ev_table.rowCount())}
    assert set(values) == {"miou", "niou", "f1", "precision", "recall", "pd", "fa", "auc", "params", "flops", "fps"}
    assert all(v != "–" for v in values.values()), values
    assert 150_000 < panel.metrics["params"] < 170_000
    assert panel.ev_images.count() == 2
    panel.ev_images.setCurrentRow(1)
    qtbot.waitUntil(lambda: panel.shown_row == 1, timeout=30000)  # made on a worker
    assert panel.ev_view.pixmap() is not None and not panel.ev_view.pixmap().isNull()
    pic = panel.detection_picture(1)
    assert pic.shape == (32, 32, 3) and pic.dtype == np.uint8
    files = panel.export(tmp_path / "export")
    names = {f.name for f in files}
    assert {"metrics.json", "metrics.csv", "roc.csv", "roc.png", "roc.svg", "roc.pdf"} <= names
    assert "miou" in (tmp_path / "export" / "metrics.csv").read_text()


@pytest.mark.skipif(not (SIRST / "images").is_dir(), reason="real SIRST images not in ../shared/data/irst/sirst")
def test_real_sirst_image(window, weights, qtbot):
    img = sorted((SIRST / "images").glob("*.png"))[0]
    assert window.open_path(img), window.last_error
    select_lw(window, weights)
    out = window.segment_frame()
    assert out is not None and out.mask.shape == window._raw.shape[:2]
    assert window.targets.table.rowCount() == rows(len(out.targets))


class SlowSegmenter:
    """A fake segmenter: the brightest pixel is the target; sleeps so a run can be cancelled."""

    name = "slow_seg"
    modalities = ("gray",)

    def __init__(self, delay: float):
        self.delay = delay

    def predict(self, frame):
        import time

        from workbench.core.methods import SegOutput, Target

        time.sleep(self.delay)
        f = np.asarray(frame, np.float32)
        mask = f >= f.max()
        y, x = np.argwhere(mask)[0]
        return SegOutput(f / max(f.max(), 1), mask, [Target((float(x), float(y)), 1, 1.0, (x, y, 1.0, 1.0), 1.0)])


def test_cancel_sequence_segmentation(window, tmp_path, qtbot):
    from workbench.core.registry import Plugin

    window.registry.add(Plugin("slow_seg", "segmenter", lambda cfg, dev: SlowSegmenter(0.05), title="Slow seg"))
    window.methods.populate()
    folder = tmp_path / "seq"
    folder.mkdir()
    for i in range(60):
        cv2.imwrite(str(folder / f"{i:04d}.png"), blob_image(32, 40, (5 + i % 30, 10), seed=i))
    assert window.open_path(folder), window.last_error
    window.methods.select("slow_seg")
    window.methods.run_all_button.click()
    qtbot.waitUntil(lambda: window.seg is not None and len(window.seg.frames) >= 3, timeout=10000)
    window.methods.cancel_button.click()
    qtbot.waitUntil(lambda: not window.busy, timeout=10000)
    n = len(window.seg.frames)
    assert 3 <= n < 60
    assert "cancelled" in window.methods.run_status.text()
    assert window.statusBar().currentMessage().startswith("Run cancelled: slow_seg")  # the run's last word
    assert window.methods.run_button.isEnabled()
    window.set_frame(1)
    assert window.targets.table.rowCount() == 1 and window.view.target_count() == 1
    window.set_frame(59)  # not reached: the overlays are cleared, the table says so
    assert window.targets.table.rowCount() == 0 and not window.view.mask_item.isVisible()


def test_train_tab_cross_validates(window, tmp_path, qtbot):
    """The Train tab's recipe cross-validated from the window: K folds, each held-out fold scored, the
    per-fold rows and the mean / spread shown, cv.json written (issue 20: the window keeps up)."""
    import json

    panel = _train_tab(window, tmp_path, "cv")
    panel.cv_folds.setValue(2)
    window.methods.device.setCurrentIndex(1)  # CPU
    assert panel.start_cv()
    assert not panel.cv_start.isEnabled() and not panel.tr_start.isEnabled() and panel.tr_cancel.isEnabled()
    qtbot.waitUntil(lambda: not panel.cv_job.running, timeout=60000)
    cv = json.loads((tmp_path / "cv" / "cv.json").read_text())
    assert cv["k"] == 2 and len(cv["folds"]) == 2 and cv["complete"]
    shown = panel.cv_result_label.text()
    assert "mean" in shown and shown.count("\n") >= 4, shown
    assert panel.cv_start.isEnabled() and panel.tr_progress.value() == 1000
