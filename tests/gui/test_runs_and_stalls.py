"""Issue 21, items 2 and 6, driven through the real window: the GUI thread's longest stall per journey
(plugins selected, inspectors opened, two Siamese trackers run, exports), one pruning inspector for
both Siamese trackers, live and partial scores, a second run kept beside the first, results in the
dataset's own (1-based) coordinates, segmentation results saved and exported, the play rate."""
from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest

from tests.gui.conftest import StallMeter, dataset_scored, near_the_end, shown_window, spin
from workbench.core.boxes import Box
from workbench.core.methods import SegOutput, Target
from workbench.core.registry import Plugin, Registry
from workbench.core.results import read_result_boxes

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
STALL_BOUND_S = 1.5  # generous: this machine is shared; the figures are printed


@pytest.mark.skipif(not (DATA / "tracking" / "otb_crossing").is_dir(), reason="needs ../shared/data")
def test_gui_thread_stalls_per_journey(qtbot, messages, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog

    reg = Registry().load_entry_points()
    for name in ("siamfcpp", "ps_siamfcpp"):
        if name not in reg.plugins:
            pytest.skip(f"{name} is not installed")
    gen = shown_window(qtbot, reg)
    w = next(gen)
    w.quiet_errors = True
    figures = {}
    try:
        assert w.open_path(DATA / "tracking" / "otb_crossing")
        for name in [n for n in ("siamfcpp", "ps_siamfcpp", "nas_tir", "hanet", "lw_irstnet", "seq_irst")
                     if n in reg.plugins]:
            with StallMeter() as m:
                assert w.methods.select(name)
                assert spin(lambda: not w.methods.panel_loading(), 60)
                spin(lambda: False, 0.2)
            figures[f"select {name}"] = m.worst
        for p in sorted({(p.inspectors[t], t): (p, t) for p in reg.plugins.values() for t in p.inspectors}.values(),
                        key=lambda pt: pt[1]):
            plugin, title = p
            with StallMeter() as m:
                dock = w.open_inspector(plugin, title)
                assert dock is not None
                spin(lambda: not getattr(dock, "loading", False), 120)
                spin(lambda: False, 0.2)
            figures[f"inspector {title}"] = m.worst
        # two Siamese trackers over the last 12 frames of Crossing (from its groundtruth box)
        w.set_frame(w.n_frames - 12)
        w.start_from_here()
        w.methods.select("siamfcpp")
        w.methods.set_checked(["siamfcpp", "ps_siamfcpp"])
        assert w.methods.run_button.text() == "Run 2 trackers"
        with StallMeter() as m:
            w.methods.run_button.click()
            assert spin(lambda: not w.busy, 300)
        figures["run siamfcpp + ps_siamfcpp"] = m.worst
        assert {r.status for r in w.runner.runs.values()} == {"done"}, w.methods.run_status.text()
        from workbench.gui.inspector import InspectorDock

        pruning = [d for d in w.findChildren(InspectorDock) if d.windowTitle() == "Pruning inspector"]
        assert len(pruning) == 1, [d.objectName() for d in pruning]
        w.grab().save(str(tmp_path / "two_trackers.png"))
        monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path / "plots"))
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "n" / "s.csv"), ""))
        with StallMeter() as m:
            w.act_export_plots.trigger()
            w.act_export_numbers.trigger()
            assert spin(lambda: not w.exporter.running, 120)
        figures["export plots + numbers"] = m.worst
        assert (tmp_path / "plots" / "success.png").is_file() and (tmp_path / "n" / "s.json").is_file()
    finally:
        print("\nGUI thread's longest stall per journey (s):")
        for k, v in figures.items():
            print(f"  {k:40s} {v:6.3f}")
        try:
            next(gen)
        except StopIteration:
            pass
    assert not [m for m in messages if m[0] == "critical"], messages
    worst = max(figures.values())
    assert worst < STALL_BOUND_S, figures


# --- runs and plots with the fake trackers --------------------------------------------------------------

def test_run_status_partial_cancel_and_second_run_kept(qtbot, window, messages, tmp_path):
    window.open_demo()
    seq = window.sequence
    window.methods.set_checked(["fake", "fake_slow"])
    # both runs start from the groundtruth 40 frames before the end: the same start frame, so the second run has the
    # first's identity and only runner.keep_earlier keeps it beside the first (another start frame is put beside by
    # the core on its own); fake_slow's 0.03 s a frame over 40 frames is still cancelled mid-run
    near_the_end(window, last=40)
    assert window.run_selected()
    # the status names the tracker and the frame; the settings area shows the running tracker
    qtbot.waitUntil(lambda: "fake_slow" in window.methods.run_status.text()
                    and "frame" in window.methods.run_status.text(), timeout=20000)
    assert "tracker 2 of 2" in window.methods.run_status.text()
    qtbot.waitUntil(lambda: "Fake slow" in window.methods.settings_box.title()
                    and "running" in window.methods.settings_box.title(), timeout=5000)  # its own pass
    # the plots fill while it runs, marked partial
    qtbot.waitUntil(lambda: any(t.startswith("fake_slow*") for t in window.plots.legend_texts()), timeout=20000)
    window.cancel_run()
    qtbot.waitUntil(lambda: not window.busy, timeout=20000)
    run = window.live["fake_slow"]
    assert run.status == "cancelled" and run.partial
    assert "partial" in window.methods.run_status.text()
    assert any(t.startswith("fake_slow*") for t in window.plots.legend_texts())
    assert any(t.startswith("fake [") for t in window.plots.legend_texts())
    manifest = json.loads((run.saved_to.parent / "manifest.json").read_text())
    rec = manifest["sequences"][seq.name]
    assert rec["partial"]["reason"] == "cancelled" and rec["partial"]["frame"] == run.last + 1

    # a second run keeps the first: both in the window and both on disk
    first = run.saved_to
    window.methods.set_checked(["fake_slow"])
    near_the_end(window, last=40)  # the first run's start frame again
    assert window.run_selected()
    qtbot.waitUntil(lambda: not window.busy, timeout=30000)
    assert set(window.live) >= {"fake_slow", "fake_slow/default-run2"}
    second = window.live["fake_slow/default-run2"].saved_to
    assert first.is_file() and second.is_file() and first != second
    assert np.isnan(read_result_boxes(first)[-1]).all() and np.isfinite(read_result_boxes(second)[-1]).all()
    # reopened: the saved-runs list shows both, the partial one still marked
    window.open_demo()
    labels = set(window.live)
    assert "fake_slow" in labels and any(k.startswith("fake_slow/") and "run2" in k for k in labels), labels
    assert window.live["fake_slow"].partial
    qtbot.waitUntil(lambda: not window.scoring.running, timeout=10000)  # saved runs are scored on a worker
    assert any(t.startswith("fake_slow*") for t in window.plots.legend_texts())
    assert not [m for m in messages if m[0] == "critical"], messages


def test_play_rate_change_then_play(qtbot, window, messages, capsys):
    window.open_demo()
    window.fps_spin.setValue(50)
    window.toggle_play()
    assert window.sequences.play_timer.isActive() and window.sequences.play_timer.interval() == 20
    qtbot.waitUntil(lambda: window.frame_index > 2, timeout=5000)
    window.fps_spin.setValue(10)
    assert window.sequences.play_timer.interval() == 100
    window.toggle_play()
    window.toggle_play()
    window.stop_play()
    assert "play_timer" not in capsys.readouterr().err


def test_response_overlay_default_does_not_hide_the_target(window):
    assert window.layers.opacity.value() <= 40


# --- results in the dataset's own coordinates -----------------------------------------------------------

def _otb_sequence(root: Path, name: str = "tiny", n: int = 12) -> np.ndarray:
    """An OTB-layout sequence (img/0001.jpg, groundtruth_rect.txt 1-based); returns the 0-based boxes."""
    d = root / name
    (d / "img").mkdir(parents=True)
    gt0 = np.array([[20.0 + i, 30.0, 16.0, 20.0] for i in range(n)])
    for i in range(n):
        img = np.full((96, 128), 40, np.uint8)
        x, y, w, h = gt0[i].astype(int)
        img[y:y + h, x:x + w] = 220
        cv2.imwrite(str(d / "img" / f"{i + 1:04d}.jpg"), img)
    one = gt0 + np.array([1, 1, 0, 0])
    (d / "groundtruth_rect.txt").write_text("\n".join(",".join(f"{v:g}" for v in b) for b in one) + "\n")
    return gt0


def _still_registry() -> Registry:
    from tests.gui.conftest import FakeConfig, make_registry

    reg = make_registry()

    class Still:
        modalities = ("gray", "rgb", "ir16")

        def initialize(self, frame, box):
            self.box = Box(*box)

        def track(self, frame):
            from workbench.core.methods import TrackOutput

            return TrackOutput(self.box, 1.0, {})

    reg.add(Plugin("still", "tracker", lambda cfg, device: Still(), title="Still", config=FakeConfig))
    return reg


def test_window_runs_on_otb_data_are_one_based_and_foreign_results_scored_right(qtbot, messages, tmp_path):
    root = tmp_path / "otbset"
    gt0 = _otb_sequence(root)
    gen = shown_window(qtbot, _still_registry())
    w = next(gen)
    try:
        assert w.open_path(root / "tiny")
        assert np.allclose(w.sequence.groundtruth, gt0)
        w.methods.select("still")
        assert w.run_selected(["still"])
        qtbot.waitUntil(lambda: not w.busy, timeout=20000)
        saved = w.live["still"].saved_to
        written = read_result_boxes(saved)
        assert np.allclose(written[0], gt0[0] + [1, 1, 0, 0]), "window runs are written 1-based like the file"
        manifest = json.loads((saved.parent / "manifest.json").read_text())
        assert manifest["sequences"]["tiny"]["box_offset"] == 1
        # read back into the 0-based frame when the sequence is opened again
        w.open_path(root / "tiny")
        assert np.allclose(w.live["still"].boxes[0], gt0[0])
        # a foreign pytracking-layout folder (no manifest) in the file's 1-based frame: the groundtruth itself
        foreign = tmp_path / "workspace" / "results" / "pyt" / "params"
        foreign.mkdir(parents=True)
        (foreign / "tiny.txt").write_text((root / "tiny" / "groundtruth_rect.txt").read_text())
        assert w.open_path(root, as_dataset=True)
        w.plots.scope.setCurrentIndex(1)
        w.scoring.update_plots()
        dataset_scored(qtbot, w)
        reps = {r.tracker: r for r in w.scoring.reports}
        pyt = [r for k, r in reps.items() if k.startswith("pyt")]
        assert pyt, list(reps)
        assert pyt[0].overall.precision_20 == pytest.approx(1.0)
        assert pyt[0].overall.success_auc == pytest.approx(20 / 21, abs=1e-6)  # IoU 1 everywhere (strict >)
    finally:
        try:
            next(gen)
        except StopIteration:
            pass
    assert not [m for m in messages if m[0] == "critical"], messages


# --- segmentation results saved and exported; detections exported ---------------------------------------

class BrightSpots:
    """A fake segmenter: pixels above 200 are the mask; one target per frame at their centroid."""

    def predict(self, frame):
        f = np.asarray(frame, np.float32)
        if f.ndim == 3:
            f = f.mean(axis=2)
        mask = f > 200
        ys, xs = np.nonzero(mask)
        targets = []
        if len(xs):
            x0, y0, x1, y1 = xs.min(), ys.min(), xs.max() + 1, ys.max() + 1
            targets = [Target((float(xs.mean()), float(ys.mean())), int(mask.sum()), (x1 - x0) / (y1 - y0),
                              Box(float(x0), float(y0), float(x1 - x0), float(y1 - y0)), 1.0)]
        return SegOutput(saliency=mask.astype(np.float32), mask=mask, targets=targets)


def test_segmentation_saved_to_workspace_and_exported(qtbot, messages, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog

    root = tmp_path / "segset"
    _otb_sequence(root)
    reg = _still_registry()
    reg.add(Plugin("bright", "segmenter", lambda cfg, device: BrightSpots(), title="Bright spots"))
    gen = shown_window(qtbot, reg)
    w = next(gen)
    try:
        assert w.open_path(root / "tiny")
        assert w.methods.select("bright")
        assert w.segment_sequence("bright")
        qtbot.waitUntil(lambda: not w.busy, timeout=20000)
        qtbot.waitUntil(lambda: w.segmentation.saved_to is not None, timeout=20000)
        folder = Path(w.segmentation.saved_to)
        masks = sorted((folder / "tiny" / "masks").glob("*.png"))
        assert len(masks) == 12
        assert cv2.imread(str(masks[0]), cv2.IMREAD_GRAYSCALE).max() == 255
        rows = (folder / "tiny_targets.csv").read_text().splitlines()
        assert rows[0].startswith("frame,target,cx,cy") and len(rows) == 13
        assert json.loads((folder / "manifest.json").read_text())["sequences"]["tiny"]["frames_done"] == 12
        # Export menu: masks and targets to a folder, the Targets table of the frame as CSV
        monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path / "exp"))
        w.exporter.export_dialog("masks")
        assert w.exporter.wait(30)
        assert len(list((tmp_path / "exp" / "tiny" / "masks").glob("*.png"))) == 12
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "t.csv"), ""))
        w.exporter.export_dialog("targets")
        assert w.exporter.wait(30)  # written on a worker
        assert (tmp_path / "t.csv").read_text().count("\n") == 2
    finally:
        try:
            next(gen)
        except StopIteration:
            pass
    assert not [m for m in messages if m[0] == "critical"], messages


def test_selecting_a_method_while_torch_still_imports_at_start_up():
    """The first second after start-up, in a fresh process: the start-up worker imports torch while a
    learned method is selected (the journeys' process has torch imported already). Reported; asserted
    only against the generous bound."""
    import re
    import subprocess
    import sys

    from workbench.core.registry import Registry

    if "seq_irst" not in Registry().load_entry_points().plugins:
        pytest.skip("seq_irst is not installed")
    script = Path(__file__).with_name("startup_select.py")
    root = Path(__file__).resolve().parents[2]
    env = {**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(root)}
    out = subprocess.run([sys.executable, str(script), "seq_irst"], capture_output=True, text=True, timeout=120,
                         env=env, cwd=root)
    assert out.returncode == 0, out.stdout + out.stderr
    m = re.search(r"stall=([0-9.]+) torch_was_loading=(\w+)", out.stdout)
    assert m, out.stdout + out.stderr
    print(f"\nselect seq_irst 0.2 s after start-up (torch importing: {m.group(2)}): longest GUI-thread stall "
          f"{float(m.group(1)):.3f} s")
    assert m.group(2) == "True"  # the case this test is for
    assert float(m.group(1)) < STALL_BOUND_S
