"""Issue 21, the parts left open: the GUI thread's longest stall while an analyst selects SiamFC++ and
opens its pruning inspector (torch warmed on a worker, the model, its table and its histograms built
off the GUI thread or one per event-loop turn), the detector's workflow as a dock of its own that fits
1366x768, its leave-one-recording-group-out figures and the LOSO run from the window, the empty-plot
hint that wraps, curves updated in place during a run, and the overlay opacity default.

Stalls are measured with a 20 ms QTimer on the GUI thread (the largest gap between its ticks), waiting
with the event loop (``QTest.qWait`` would starve the workers); the figures are printed and asserted
only against a bound generous enough for a loaded 2-core machine."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import json
from pathlib import Path

import numpy as np
import pytest

from tests.gui.conftest import StallMeter, shown_window, spin
from workbench.core.registry import Registry

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
STALL_BOUND_S = 0.8  # the goal is 0.1 s (figures printed); the bound catches a model load on the GUI thread (1-6 s before) without flaking when CI shares the machine


def _close(gen):
    try:
        next(gen)
    except StopIteration:
        pass


def _real_registry(*needed):
    reg = Registry().load_entry_points()
    for name in needed:
        if name not in reg.plugins:
            pytest.skip(f"{name} is not installed")
    return reg


# --- item 1: no stall selecting SiamFC++ and opening its pruning inspector ---------------------------------

@pytest.mark.skipif(not (DATA / "tracking" / "otb_crossing").is_dir(), reason="needs ../shared/data")
def test_select_siamfcpp_and_open_the_pruning_inspector_without_stalling(qtbot, messages):
    pytest.importorskip("torch")
    reg = _real_registry("siamfcpp", "ps_siamfcpp")
    gen = shown_window(qtbot, reg, size=(1366, 768))
    w = next(gen)
    w.quiet_errors = True
    figures = {}
    try:
        with StallMeter(20) as m:  # torch (when not imported yet) on the window's start-up worker
            assert spin(lambda: w.warm_job is None or not w.warm_job.running, 120)
            spin(lambda: False, 0.2)
        figures["start-up warm-up (reported only)"] = m.worst
        assert w.open_path(DATA / "tracking" / "otb_crossing")
        spin(lambda: False, 0.3)
        with StallMeter(20) as m:
            assert w.methods.select("siamfcpp")
            assert spin(lambda: not w.methods.panel_loading(), 60)
            spin(lambda: False, 0.2)
        figures["select siamfcpp"] = m.worst
        panel = w.methods.panel("siamfcpp")
        with StallMeter(20) as m:
            panel.button.click()  # the panel's real "Pruning inspector…" button
            docks = [d for d in w.inspectors.values() if d.windowTitle() == "Pruning inspector"]
            assert len(docks) == 1
            dock = docks[0]
            assert spin(lambda: dock.model is not None and not dock.loading and not dock._pending_plots
                        and not dock.table_job.running, 180), dock.info.text()
            spin(lambda: False, 0.3)
        figures["open the pruning inspector (model, table, histograms)"] = m.worst
        assert len([p for p in dock.plots if p.isVisible()]) == len(dock.cuts()) == 7
        assert all("kept" in p.getPlotItem().titleLabel.text for p in dock.plots)
        ratio = float(dock.table.item(0, 3).text())
        assert 0 < ratio < 1 and "Preview at rho = 0.40" in dock.info.text()
        with StallMeter(20) as m:  # the rho preview: histograms now, the FLOPs table on a worker
            dock.slider.setValue(60)
            assert spin(lambda: not dock.table_job.running and float(dock.table.item(0, 3).text()) < ratio, 60)
            spin(lambda: False, 0.2)
        figures["move rho to 0.60"] = m.worst
        # selecting the other Siamese tracker and asking again reaches the same single dock
        w.methods.select("ps_siamfcpp")
        assert spin(lambda: not w.methods.panel_loading(), 60)
        assert w.methods.panel("ps_siamfcpp").open_inspector() is dock
    finally:
        print("\nGUI thread's longest stall (s), 20 ms timer:")
        for k, v in figures.items():
            print(f"  {k:55s} {v:6.3f}")
        _close(gen)
    assert not [x for x in messages if x[0] == "critical"], messages
    asserted = {k: v for k, v in figures.items() if "reported only" not in k}
    assert max(asserted.values()) < STALL_BOUND_S, figures


# --- item 2 and 4: the detector workflow dock at 1366x768, its LOSO figures and run -----------------------

def _seq_irst_panel(qtbot, size):
    pytest.importorskip("torch")
    reg = _real_registry("seq_irst")
    gen = shown_window(qtbot, reg, size=size)
    w = next(gen)
    w.quiet_errors = True
    w.open_demo()
    assert w.methods.select("seq_irst")
    assert spin(lambda: not w.methods.panel_loading(), 120)
    spin(lambda: False, 0.3)
    return gen, w, w.methods.panel("seq_irst")


def test_detector_workflow_fits_1366x768(qtbot, messages, tmp_path):
    gen, w, panel = _seq_irst_panel(qtbot, (1366, 768))
    try:
        dock = w.workflow_docks["seq_irst"]
        assert dock.widget() is panel and dock.isVisible() and dock.windowTitle() == "Detector workflow"
        # the settings and the link to the workflow fit the Methods dock without scrolling
        assert w.methods.form_area.verticalScrollBar().maximum() == 0
        hint = w.minimumSizeHint()  # the new dock does not push the window past the screen
        assert hint.width() <= 1366 and hint.height() <= 768, hint
        w.resize(1366, 768)
        spin(lambda: False, 0.2)
        assert (w.width(), w.height()) == (1366, 768)
        assert w.methods.form_area.verticalScrollBar().maximum() == 0
        seen = {}
        for i in range(panel.tabs.count()):
            panel.tabs.setCurrentIndex(i)
            spin(lambda: False, 0.15)
            page = panel.tabs.widget(i)
            seen[panel.tabs.tabText(i)] = page.verticalScrollBar().maximum()
            w.grab().save(str(tmp_path / f"workflow_{i}.png"))
        print("tab page scroll ranges at 1366x768:", seen)
        assert list(seen) == ["Data", "Train", "Review", "Iterations", "LOSO"]
        assert all(v == 0 for v in seen.values()), seen  # every tab's page fits: nothing to scroll
        assert (tmp_path / "workflow_2.png").stat().st_size > 0
        # selecting another method and back keeps the one dock
        w.methods.select("kcf")
        w.methods.select("seq_irst")
        spin(lambda: False, 0.1)
        assert len(w.workflow_docks) == 1 and w.workflow_docks["seq_irst"].widget() is panel
    finally:
        _close(gen)
    assert not [x for x in messages if x[0] == "critical"], messages


def test_detector_workflow_fits_1280x720(qtbot, messages):
    """At 1280x720 the workflow dock's page is ~158 px: the LOSO tab scrolled, its table showed three of
    its five folds in 30 px rows and the Run LOSO… / Open loso.json… buttons were below the page's edge
    (the Train and Review tabs scrolled a few px too). Close margins and compact rows: no tab scrolls,
    every fold and every action of the LOSO tab is on screen."""
    gen, w, panel = _seq_irst_panel(qtbot, (1280, 720))
    try:
        w.workflow_docks["seq_irst"].raise_()
        seen = {}
        for i in range(panel.tabs.count()):
            panel.tabs.setCurrentIndex(i)
            spin(lambda: False, 0.15)
            seen[panel.tabs.tabText(i)] = panel.tabs.widget(i).verticalScrollBar().maximum()
        assert all(v == 0 for v in seen.values()), seen
        page = panel.tabs.currentWidget()
        assert panel.tabs.tabText(panel.tabs.currentIndex()) == "LOSO"
        table = panel.loso_table
        assert table.rowCount() >= 5  # the shipped loso.json's folds
        last = table.rowCount() - 1
        assert table.rowViewportPosition(last) + table.rowHeight(last) <= table.viewport().height()
        for b in (panel.loso_epochs, panel.loso_members, panel.loso_button, panel.loso_open_button):
            bottom = b.mapTo(page.viewport(), b.rect().bottomLeft()).y()
            assert b.isVisible() and bottom < page.viewport().height(), (b, bottom)
    finally:
        _close(gen)


def test_selecting_a_segmenter_after_the_detector_keeps_the_methods_dock_width(qtbot, messages):
    """At 1280x720, MPCM selected after the detector: "All frames" was shown beside the detector's long
    "Run Sequential dim-target detector" before the label changed to "Segment frame", the Run row needed
    ~450 px for a moment and the window widened the Methods dock to it for good (373 -> 466 px, the frame
    view 93 px narrower)."""
    gen, w, _panel = _seq_irst_panel(qtbot, (1280, 720))
    try:
        if "mpcm" not in w.registry.plugins:
            pytest.skip("mpcm is not installed")
        before, view = w.methods.width(), w.view.width()
        assert w.methods.select("mpcm")
        spin(lambda: False, 0.3)
        assert w.methods.run_all_button.isVisible() and w.methods.run_button.text() == "Segment frame"
        assert w.methods.width() <= before and w.view.width() >= view, (before, w.methods.width())
    finally:
        _close(gen)


def _tiny(path: Path, seed: int, n: int = 6, size: int = 48) -> Path:
    from workbench.core.data.irseq import save_irseq
    from workbench.core.data.irseq_synth import make_sequence

    save_irseq(make_sequence(seed, width=size, height=size, frames=n, flicker_rate=0), path)
    return path


def test_loso_figures_shown_and_run_from_the_window(qtbot, messages, tmp_path):
    from workbench_seq_irst.config import weights_dir
    from workbench_seq_irst.loso import Recipe

    gen, w, panel = _seq_irst_panel(qtbot, (1366, 768))
    panel.quiet = True
    try:
        # the shipped weights' LOSO figures, as in loso.json
        shipped = json.loads((weights_dir() / "loso.json").read_text())
        assert panel.loso_table.rowCount() == len(shipped["folds"])
        assert panel.tabs.tabText(panel.tabs.count() - 1) == "LOSO"
        assert f"mean F1 {shipped['summary']['mean_f1']:.3f}" in panel.loso_summary.text()
        assert f"nested mean F1 {shipped['tracks']['nested_seed_mean']:.3f}</b> ± " in panel.loso_summary.text()
        assert "optimistic)" in panel.loso_summary.text()  # the table's figure: a setting chosen on its folds
        assert "confirmed by trajectories" in panel.loso_summary.text()
        assert shipped["tracks"].get("nested_runs", "seeds") in panel.loso_summary.text()  # what the ± is over
        assert panel.loso_table.item(0, 0).text() == next(iter(shipped["folds"]))
        # a LOSO run from the window over a folder of two recording groups (a/ and b/), as a job
        root = tmp_path / "data"
        _tiny(root / "a" / "seqA", 21, n=6, size=48)
        _tiny(root / "b" / "seqB", 22, n=6, size=48)
        recipe = Recipe(epochs=1, crop=32, synthetic=0, every=2, batch_size=8)
        # Cancel first: stops at the next log line, no report written
        panel.run_loso([root], tmp_path / "cancelled", recipe)
        assert panel.busy and panel.cancel_button.isEnabled() and not panel.loso_button.isEnabled()
        panel.cancel()
        qtbot.waitUntil(lambda: not panel.busy, timeout=120000)
        assert panel.status.text() == "Cancelled." and not (tmp_path / "cancelled" / "loso.json").exists()
        progress = []
        panel.job.progress.connect(lambda f, msg: progress.append((f, msg)))
        panel.run_loso([root], tmp_path / "loso", recipe)
        qtbot.waitUntil(lambda: not panel.busy, timeout=300000)
        assert panel.last_error == "", panel.last_error
        rep = json.loads((tmp_path / "loso" / "loso.json").read_text())
        assert set(rep["folds"]) == {"a", "b"}
        assert panel.loso_table.rowCount() == 2 and {panel.loso_table.item(r, 0).text() for r in range(2)} == {"a", "b"}
        assert f"mean F1 {rep['summary']['mean_f1']:.3f}" in panel.loso_summary.text()
        # the post-processing chosen over the fold weights, nested, as for the shipped weights
        assert set(rep["tracks"]["nested"]["folds"]) == {"a", "b"} and "per_frame_rule_nested_mean_f1" in rep["tracks"]
        assert f"nested mean F1 {rep['tracks']['nested']['mean_f1']:.3f}</b>,<br>confirmed by trajectories" in panel.loso_summary.text()
        assert (tmp_path / "loso" / "sweep_tracks.json").is_file() and (tmp_path / "loso" / "sweep.json").is_file()
        assert str(tmp_path / "loso" / "loso.json") in panel.loso_source.text()
        assert progress and any("fold" in m for _f, m in progress) and progress[-1][0] == pytest.approx(1.0)
        assert panel.loso_button.isEnabled()
    finally:
        _close(gen)
    assert not [x for x in messages if x[0] == "critical"], messages


# --- item 3 and the live plots ------------------------------------------------------------------------------

def test_empty_plot_hint_wraps_to_the_plot(qtbot):
    from workbench.gui.plots_dock import PlotsDock

    dock = PlotsDock()
    qtbot.addWidget(dock)
    dock.resize(560, 320)  # a narrow dock: the hint was one clipped line
    dock.show()
    qtbot.waitExposed(dock)
    spin(lambda: False, 0.2)
    vb = dock.success.getViewBox()
    text = dock.empty.textItem
    assert dock.empty.isVisible()
    assert 0 < text.textWidth() <= vb.width()
    assert text.boundingRect().width() <= vb.width() + 1
    assert "Run a tracker" in text.toPlainText()


def test_live_curves_are_updated_in_place(qtbot):
    from workbench.core.evaluation.ope import evaluate_tracker
    from workbench.gui.plots_dock import PlotsDock
    from workbench.gui.timeline import TimelineDock

    gt = np.array([[10.0 + i, 10.0, 20.0, 20.0] for i in range(30)])

    def curves(shift_a, shift_b):
        return {n: evaluate_tracker(n, {"s": gt + [s, 0, 0, 0]}, {"s": gt}, {"s": {}}).overall
                for n, s in (("a", shift_a), ("b", shift_b))}

    dock = PlotsDock()
    qtbot.addWidget(dock)
    dock.set_curves(curves(1, 8), {"a": "#ff0000", "b": "#00ff00"})
    items = list(dock.success.listDataItems())
    assert len(items) == 2 and dock.legend_texts()[0].startswith("a [AUC")
    dock.set_curves(curves(2, 9), {"a": "#ff0000", "b": "#00ff00"}, partial={"b": "running"})
    assert list(dock.success.listDataItems()) == items  # the same items, new data
    assert any(t.startswith("b* [AUC") for t in dock.legend_texts())
    dock.set_curves(curves(12, 0), {"a": "#ff0000", "b": "#00ff00"})  # the order changes: legend re-sorted
    assert dock.legend_texts()[0].startswith("b [AUC") and list(dock.success.listDataItems()) == items
    dock.set_curves({}, {})
    assert not dock.success.listDataItems() and dock.empty.isVisible()
    tl = TimelineDock()
    qtbot.addWidget(tl)
    tl.set_length(30)
    tl.set_series({"a": {"iou": np.linspace(0, 1, 30)}}, {"a": "#ff0000"})
    first = list(tl.plot.getPlotItem().listDataItems())
    tl.set_series({"a": {"iou": np.linspace(1, 0, 30)}}, {"a": "#ff0000"})
    assert list(tl.plot.getPlotItem().listDataItems()) == first
    assert np.allclose(first[0].yData, np.linspace(1, 0, 30))
    # the axis names what the kind's IoU is with (both kinds call the series "iou")
    assert tl.plot.getPlotItem().getAxis("left").labelText == "IoU"
    tl.set_series({"s": {"iou": np.linspace(0, 1, 30)}}, {"s": "#00ff00"}, "segmentation")
    assert tl.show_metric("segmentation", "iou")
    assert tl.plot.getPlotItem().getAxis("left").labelText == "IoU with the label mask"
    assert tl.show_metric("tracking", "iou")
    assert tl.plot.getPlotItem().getAxis("left").labelText == "IoU"


def test_overlay_opacity_default_is_one_value(qtbot):
    from workbench.gui.layers_dock import DEFAULT_MAP_OPACITY, LayersDock

    dock = LayersDock()
    try:
        assert DEFAULT_MAP_OPACITY == 35
        assert dock.opacity.value() == DEFAULT_MAP_OPACITY and dock.opacity_label.text() == "35 %"
    finally:
        dock.deleteLater()


def test_torch_libraries_are_mapped_without_the_gil_only_once():
    from workbench.gui import preload

    # torch is imported in this process by now (or not installed): nothing left to map, never an error
    pytest.importorskip("torch")
    assert preload.preload_torch_libraries() == []
    assert preload.warm_torch() is True


def test_the_window_leaves_a_core_for_drawing(monkeypatch):
    import cv2
    import torch

    from workbench.gui import preload

    monkeypatch.delenv("WORKBENCH_THREADS", raising=False)
    assert preload.compute_threads(1) == 1 and preload.compute_threads(2) == 1
    assert preload.compute_threads(8) == 7
    monkeypatch.setenv("WORKBENCH_THREADS", "3")
    assert preload.compute_threads(8) == 3
    t, c = torch.get_num_threads(), cv2.getNumThreads()
    try:
        assert preload.leave_a_core_for_drawing(force=True) == 3
        assert torch.get_num_threads() == 3 and cv2.getNumThreads() == 3
    finally:
        torch.set_num_threads(t)
        cv2.setNumThreads(c)
