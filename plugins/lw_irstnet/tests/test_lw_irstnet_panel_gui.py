"""The LW-IRSTNet panel in the real window: its first Evaluate / Train clicks do not hold the GUI thread
(nothing is imported there; torch's lazy ``torch._dynamo`` import happens on the training's worker, and
two evaluations and two trainings on workers finish), and its workflow has a dock of its own in which,
at 1366x768, the metrics table, the ROC and the per-image picture are whole without any scrolling."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from tests.gui import conftest as gui
from tests.gui.conftest import shown_window, spin

messages = gui.messages  # the window tests' message boxes, recorded instead of shown (the workspace and settings file
# of each test come from the root conftest's autouse `isolated`)

pytest.importorskip("torch")

PROBE = Path(__file__).with_name("first_click_probe.py")
REPO = Path(__file__).resolve().parents[3]


def test_first_evaluate_and_train_clicks_leave_the_gui_thread_free(tmp_path):
    """In a fresh interpreter (torch._dynamo not imported yet): the first Evaluate click once imported
    torch._dynamo on the GUI thread (``_preimport``: the click held it 2.0 s here, 1.9-2.8 s in a
    review); now the click only reads the form and starts the job. Structural check: no import of
    torch._dynamo is started on the main thread (the first training's optimizer imports it on its
    worker, which the old comment said could hang: both runs of each job finish). Timing check, loose
    for a loaded machine: each click under 1 s, the GUI thread's longest gap around it under 3 s."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": os.pathsep.join(
        [str(REPO)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p])}
    proc = subprocess.run([sys.executable, str(PROBE), str(tmp_path)], env=env, cwd=str(REPO),
                          capture_output=True, text=True, timeout=540)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("PROBE ")]
    assert proc.returncode == 0 and lines, f"exit {proc.returncode}\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}"
    r = json.loads(lines[-1][len("PROBE "):])
    print({k: [{x: v for x, v in e.items() if x != "values"} for e in r[k]] for k in ("eval", "train")})
    assert r["panel_docked"]
    for ev in r["eval"]:
        assert ev["done"] and ev["result"], ev
        assert len(ev["values"]) == 11 and "–" not in ev["values"], ev
    for tr in r["train"]:
        assert tr["done"] and tr["status"].startswith("Done"), tr
    assert r["train"][0]["dynamo_imported"]  # the optimizer's lazy import did happen (on a worker)
    if not r["dynamo_before"]:
        assert r["main_thread"] not in r["dynamo_import_threads"], r["dynamo_import_threads"]
        assert not r["eval"][0]["dynamo_imported"]  # an evaluation does not need it at all
    first_eval, first_train = r["eval"][0], r["train"][0]
    # the click handler's own time is what the old import cost (2 s); the gap around it also holds whatever
    # else the GUI thread does while a worker imports torch._dynamo (GIL contention): looser on a loaded machine
    assert first_eval["click_s"] < 1.0 and first_eval["click_gap_s"] < 3.0, first_eval
    assert first_train["click_s"] < 1.0 and first_train["click_gap_s"] < 3.0, first_train


def _settle(ms: int = 200) -> None:
    spin(lambda: False, ms / 1000)


def _whole(widget) -> bool:
    """On screen in full: no parent (a scroll area's viewport, the dock, the window) clips any of it."""
    from PySide6.QtCore import QPoint, QRect

    if not widget.isVisible():
        return False
    parent = widget.parentWidget()
    while parent is not None:
        rect = QRect(widget.mapTo(parent, QPoint(0, 0)), widget.size())
        if not parent.rect().contains(rect):
            return False
        parent = parent.parentWidget()
    return True


def test_workflow_dock_shows_metrics_roc_and_picture_whole_at_1366x768(qtbot, messages, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QScrollArea

    from workbench.core.registry import Registry
    from workbench_lw_irstnet import PLUGIN

    sys.path.insert(0, str(PROBE.parent))
    from first_click_probe import write_sirst

    reg = Registry()
    reg.add(PLUGIN)
    gen = shown_window(qtbot, reg, size=(1366, 768))
    w = next(gen)
    assert w.compact
    assert w.methods.select("lw_irstnet")
    assert spin(lambda: not w.methods.panel_loading(), 120)
    panel = w.methods.panel("lw_irstnet")
    dock = w.workflow_docks["lw_irstnet"]
    assert dock.widget() is panel and dock.windowTitle() == panel.dock_title
    assert not w.methods.form_area.isAncestorOf(panel)  # no longer inside the settings' scroll area
    dock.raise_()
    _settle()
    for index in (0, 1, 2):  # each tab fits the dock: its page does not scroll
        panel.setCurrentIndex(index)
        _settle()
        page = panel.currentWidget()
        assert isinstance(page, QScrollArea)
        assert not page.verticalScrollBar().isVisible() and not page.horizontalScrollBar().isVisible(), (
            index, page.widget().minimumSizeHint(), page.viewport().size())
    panel.ev_root.setText(str(tmp_path / "missing"))  # opened on the worker now: its error still shown
    assert panel.start_eval()
    assert spin(lambda: not panel.eval_job.running, 60)
    assert panel.ev_status.text().startswith("Cannot evaluate:") and panel.ev_start.isEnabled(), \
        panel.ev_status.text()
    root = write_sirst(tmp_path / "sirst")
    panel.ev_root.setText(str(root))
    panel.ev_split.setCurrentText("")
    assert panel.start_eval()
    assert spin(lambda: not panel.eval_job.running, 240)
    assert panel.eval_result is not None, panel.ev_status.text()
    panel.ev_images.setCurrentRow(1)
    assert spin(lambda: panel.shown_row == 1, 60)  # the detection view is made on a worker
    _settle()
    table = panel.ev_table
    assert not table.verticalScrollBar().isVisible()
    last = table.rowCount() - 1
    assert table.rowViewportPosition(last) + table.rowHeight(last) <= table.viewport().height()
    for widget in (table, panel.roc_plot, panel.ev_view, panel.ev_start):
        assert _whole(widget), (widget, widget.size())
    pm = panel.ev_view.pixmap()
    assert pm is not None and not pm.isNull()
    # the picture (a network pass over the image) is made off the GUI thread
    import threading

    made_on, real = [], panel.detection_picture
    panel.detection_picture = lambda row: made_on.append(threading.current_thread()) or real(row)
    panel.ev_images.setCurrentRow(0)
    assert spin(lambda: panel.shown_row == 0, 60)
    assert made_on and threading.main_thread() not in made_on
    pm = panel.ev_view.pixmap()
    assert pm.width() <= panel.ev_view.width() and pm.height() <= panel.ev_view.height()
    assert max(pm.width(), pm.height()) >= 150  # readable: scaled up from the 32 px image
    # the ROC in the field's convention: pixel FPR on a log axis, every point > 0
    axis = panel.roc_plot.getPlotItem().getAxis("bottom")
    assert axis.logMode and "log" in axis.labelText
    x = panel.roc_curve.xData
    assert x is not None and len(x) and min(x) > 0
    # the target-level Pd-Fa curve in the same plot, its operating point the table's Pd
    panel.curve_kind.setCurrentIndex(1)
    r = panel.eval_result.report
    assert "Fa" in axis.labelText and axis.logMode
    if (r.pdfa_fa > 0).any():
        y = panel.roc_curve.yData
        assert len(y) == int((r.pdfa_fa > 0).sum()) and set(np.round(y, 6)) <= set(np.round(r.pdfa_pd, 6))
    else:  # a log axis has no 0: said in the title instead of an empty plot
        assert "no false alarm" in panel.roc_plot.getPlotItem().titleLabel.text
    if r.fa > 0:
        assert panel.roc_point.yData[0] == r.pd
    assert _whole(panel.curve_kind)
    panel.curve_kind.setCurrentIndex(0)
    assert "FPR" in axis.labelText and len(panel.roc_curve.xData) == len(x)
    # none of these images is among those the weights were trained on: no note; images that are: a note
    assert not panel.ev_seen.isVisible() and panel.metrics["images_seen_in_training"] == 0
    import workbench_lw_irstnet.config as config

    monkeypatch.setattr(config, "trained_on", lambda weights: {"img_0", "img_4", "Misc_1"})
    assert panel.start_eval()
    assert spin(lambda: not panel.eval_job.running, 240)
    _settle()
    assert panel.ev_seen.isVisible() and "Seen in training: 2 of 6 images" in panel.ev_seen.text()
    assert "Not a held-out score" in panel.ev_seen.text() and "PROVENANCE" in panel.ev_seen.toolTip()
    assert panel.metrics["images_seen_in_training"] == 2
    assert not [m for m in messages if m[0] == "critical"], messages
    gen.close()


def test_shipped_weights_list_the_images_they_were_trained_on():
    """weights/PROVENANCE.md: the shipped file (stage 7) was trained on all 341 SIRST v1 train + val images;
    its list beside it is what the Evaluate tab checks a split against."""
    from workbench_lw_irstnet.config import default_weights, trained_on

    names = trained_on(default_weights())
    assert len(names) == 341 and "Misc_181" in names
    assert trained_on(REPO / "nowhere.pt") == set()


def test_per_image_view_asks_once_for_a_row_without_picture(qtbot):
    """The per-image view started a new job whenever the row wanted was not the row shown, and ``shown_row``
    is set only when a picture comes: a second evaluation's result (the list cleared: row -1, no picture)
    or an image whose picture fails was asked for again without end (16,317 view jobs in 2 s in a review).
    Now each row is asked for once, after a picture, none or an error alike; row -1 asks for nothing.
    The waits that see nothing more asked for are 100-150 ms (they were 300-500): the old view, put back, asked
    again 254 times in 500 ms here and 97-188 times in 150 ms, once a job's round trip."""
    import numpy as np

    from workbench_lw_irstnet import PLUGIN
    from workbench_lw_irstnet.panel import Panel

    class Images:  # stands in for an evaluation's dataset
        def __len__(self):
            return 3

    panel = Panel(PLUGIN, None)
    qtbot.addWidget(panel)
    panel.setCurrentIndex(2)  # the evaluation tab is built
    started, real_start = [], panel.view_job.start
    panel.view_job.start = lambda *a, **k: started.append(1) or real_start(*a, **k)
    made = []

    def picture(row):
        made.append(row)
        return np.zeros((8, 8, 3), np.uint8) if 0 <= row < 3 else None

    panel.detection_picture = picture
    panel.eval_dataset, panel._eval_seg = Images(), object()
    for i in range(3):
        panel.ev_images.addItem(f"im{i}")
    panel.ev_images.setCurrentRow(1)
    assert spin(lambda: panel.shown_row == 1, 30)
    _settle(100)
    assert made == [1] and len(started) == 1

    # a second evaluation's result while a row is selected: shown_row reset, the list cleared (row -1)
    panel.eval_dataset = Images()
    panel.shown_row = None
    panel.ev_images.clear()
    _settle(150)
    assert made == [1] and len(started) == 1, (len(made), len(started))
    for i in range(3):
        panel.ev_images.addItem(f"im{i}")
    panel.ev_images.setCurrentRow(2)  # the new evaluation's images are shown
    assert spin(lambda: panel.shown_row == 2, 30)
    _settle(100)
    assert made == [1, 2] and len(started) == 2

    # an image whose picture fails: said once, not asked for again
    def fails(row):
        made.append(row)
        raise OSError("bad image")

    panel.detection_picture = fails
    panel.ev_images.setCurrentRow(0)
    assert spin(lambda: "Cannot show the image" in panel.ev_status.text(), 30)
    _settle(150)
    assert made == [1, 2, 0] and len(started) == 3, (len(made), len(started))
    assert panel.shown_row == 2  # the last picture made stays on show
    assert spin(lambda: not panel.view_job.running, 10)


def _evaluate_tab(qtbot, size):
    """The real window at ``size`` with LW-IRSTNet selected, its workflow dock's Evaluate tab in front:
    (the window's generator, the window, the panel)."""
    from workbench.core.registry import Registry
    from workbench_lw_irstnet import PLUGIN

    reg = Registry()
    reg.add(PLUGIN)
    gen = shown_window(qtbot, reg, size=size)
    w = next(gen)
    assert w.methods.select("lw_irstnet")
    assert spin(lambda: not w.methods.panel_loading(), 120)
    panel = w.methods.panel("lw_irstnet")
    w.workflow_docks["lw_irstnet"].raise_()
    panel.setCurrentIndex(2)
    return gen, w, panel


def test_evaluate_tab_scores_a_box_labelled_set(qtbot, messages, tmp_path):
    """A folder of images with YOLO box labels (IST-A layout) is evaluated from the window as the CLI does it:
    Pd / Fa and the Pd-Fa curve, the mask metrics marked n/a, a per-image view with the boxes; the export has the
    Pd-Fa files and no pixel ROC (it used to say 'Cannot evaluate': the tab took SIRST mask folders only)."""
    import cv2

    root = tmp_path / "ist"
    (root / "images").mkdir(parents=True)
    (root / "labels").mkdir()
    rng = np.random.default_rng(0)
    for k in range(3):
        img = rng.normal(60, 4, (64, 80)).clip(0, 255)
        img[20 + k:23 + k, 30:33] = 250  # a 3x3 hot target
        cv2.imwrite(str(root / "images" / f"{k:06d}.png"), img.astype(np.uint8))
        (root / "labels" / f"{k:06d}.txt").write_text(f"0 {31.5 / 80:.5f} {(21.5 + k) / 64:.5f} {5 / 80:.5f} {5 / 64:.5f}\n")
    gen, w, panel = _evaluate_tab(qtbot, (1366, 768))
    panel.ev_root.setText(str(root))
    assert panel.start_eval()
    assert spin(lambda: not panel.eval_job.running, 240)
    assert panel.eval_result is not None, panel.ev_status.text()
    r = panel.eval_result.report
    assert r.images == 3 and r.targets == 3 and "box-scored" in panel.ev_status.text()
    # the form's split (val.txt by default) does not apply to a box-labelled set: said, not silently dropped
    assert "split val.txt not used" in panel.ev_status.text(), panel.ev_status.text()
    from workbench_lw_irstnet.panel import METRICS

    cells = {k: panel.ev_table.item(i, 1).text() for i, k in enumerate(METRICS)}
    assert cells["miou"] == cells["niou"] == cells["auc"] == "n/a (boxes)"
    assert cells["pd"] == f"{r.pd:.4f}"
    assert panel.curve_kind.currentIndex() == 1  # the Pd-Fa curve: boxes have no pixel ROC
    assert panel.ev_images.count() == 3 and "IoU" not in panel.ev_images.item(0).text()
    panel.ev_images.setCurrentRow(0)
    assert spin(lambda: panel.shown_row == 0, 60)
    pic = panel.detection_picture(0)
    assert pic.shape == (64, 80, 3)
    panel.curve_kind.setCurrentIndex(0)
    assert "needs masks" in panel.roc_plot.getPlotItem().titleLabel.text
    files = {p.name for p in panel.export(tmp_path / "out")}
    assert {"metrics.json", "metrics.csv", "pd_fa.csv", "pd_fa.png"} <= files and "roc.csv" not in files
    met = json.loads((tmp_path / "out" / "metrics.json").read_text())
    assert met["miou"] is None and met["pd"] == r.pd and met["per_image"][0]["iou"] is None
    # a split the set has is honoured (the tab scored every image whatever the form said)
    (root / "splits").mkdir()
    (root / "splits" / "val.txt").write_text("000002\n000000\n")
    assert panel.start_eval()
    assert spin(lambda: not panel.eval_job.running, 240)
    assert panel.eval_result.report.images == 2 and "not used" not in panel.ev_status.text()
    assert not [m for m in messages if m[0] == "critical"], messages
    gen.close()


def test_box_detection_view_colours_hits_misses_and_false_alarms():
    from workbench_lw_irstnet.evaluate import CORRECT, FALSE_ALARM, MISSED, box_detection_view

    img = np.zeros((40, 60), np.uint8)
    pred = np.zeros((40, 60), bool)
    pred[10:13, 10:13] = True  # inside box 0: a hit
    pred[30:32, 50:52] = True  # in no box: a false alarm
    boxes = np.array([[8.0, 8.0, 7.0, 7.0], [30.0, 5.0, 6.0, 6.0]])  # box 1 missed
    v = box_detection_view(img, pred, boxes, alpha=1.0)
    assert tuple(v[11, 11]) == CORRECT and tuple(v[30, 50]) == FALSE_ALARM
    assert tuple(v[7, 7]) == CORRECT  # the detected box's outline
    assert tuple(v[4, 29]) == MISSED  # the missed box's outline


def test_evaluate_tab_inverts_box_labelled_sets_as_mask_sets(qtbot, tmp_path):
    """The form's ``invert`` (black-hot data) reaches the network on a box-labelled set as on a mask-labelled
    one: the same dark-target images give the same Pd and per-image matches by either labelling, with and
    without it (the shipped weights find the dark targets only when inverted)."""
    from test_lw_irstnet_cv import dark_target_sets  # this folder is on the path (pytest's prepend import mode)
    from workbench_lw_irstnet import PLUGIN
    from workbench_lw_irstnet.panel import Panel

    masks, boxes = dark_target_sets(tmp_path)
    panel = Panel(PLUGIN, None)
    qtbot.addWidget(panel)
    panel.setCurrentIndex(2)  # the evaluation tab is built
    panel._device = lambda: "cpu"
    for invert in (False, True):
        panel._form_values = lambda invert=invert: {"invert": invert}
        got = {}
        for name, root in (("masks", masks), ("boxes", boxes)):
            panel.eval_result = None
            panel.ev_root.setText(str(root))
            panel.ev_split.setCurrentText("")  # every image of the mask set (a box set has no split)
            assert panel.start_eval()
            qtbot.waitUntil(lambda: not panel.eval_job.running and panel.eval_result is not None, timeout=120_000)
            got[name] = panel.eval_result
        assert got["boxes"].report.pd == got["masks"].report.pd == (1.0 if invert else 0.0), (invert, panel.ev_status.text())
        assert [i.matched for i in got["boxes"].images] == [i.matched for i in got["masks"].images]


@pytest.mark.parametrize("lo,hi", [(5.0, 200.0), (0.3, 4.0), (1e-7, 1.0), (20.0, 60.0)])
def test_evaluate_plot_log_axis_labels_do_not_overlap(qtbot, lo, hi):
    """The Evaluate tab's plot at its 1366x768 width (about 200 px): on a log axis spanning one or two
    decades pyqtgraph labelled every 2..9 tick, and the Pd-Fa axis read "5678 10¹ 2·3·4·5…" run together;
    its ROC axis label ("pixel false positive rate (log)") was cut at the plot's edge. Each label now has
    its room, a decade or the 2 and 5 ticks at least stay labelled, and the axis label fits."""
    from workbench_lw_irstnet import PLUGIN
    from workbench_lw_irstnet.panel import Panel

    panel = Panel(PLUGIN, None)
    qtbot.addWidget(panel)
    panel.setCurrentIndex(2)  # the evaluation tab is built
    panel.resize(900, 280)
    panel.show()
    qtbot.waitExposed(panel)
    plot = panel.roc_plot.getPlotItem()
    plot.setXRange(np.log10(lo), np.log10(hi), padding=0)
    spin(lambda: False, 0.2)
    axis = plot.getAxis("bottom")
    width = axis.geometry().width()
    assert 100 < width < 300, width  # the narrow plot of the case at hand
    shown = sorted((rect.left(), rect.right(), text) for rect, text in gui.axis_labels(axis) if text)
    assert shown, "no label at all"
    for (_l0, r0, t0), (l1, _r1, t1) in zip(shown, shown[1:]):
        assert l1 >= r0, (t0, t1, shown)  # side by side, not over one another
    label = axis.label.mapRectToScene(axis.label.boundingRect())
    assert label.left() >= 0 and label.right() <= panel.roc_plot.width(), axis.labelText  # not cut either


def test_evaluate_tab_fits_at_1280x720(qtbot, messages, tmp_path):
    """At 1280x720 the Evaluate tab's column of controls (dataset, split, buttons, progress, status, the
    curve's choice, the colours' key) was taller than the dock: the page scrolled and the per-image list
    showed about one row. The curve's choice is above the plot and the key below the picture now: the page
    does not scroll, the list shows three rows at least, and the plot, picture and key are whole."""
    from PySide6.QtWidgets import QScrollArea

    sys.path.insert(0, str(PROBE.parent))
    from first_click_probe import write_sirst

    gen, _w, panel = _evaluate_tab(qtbot, (1280, 720))
    for index in (0, 1):  # the Train tab scrolled there too, its status line below the page's edge
        panel.setCurrentIndex(index)
        _settle()
        page = panel.currentWidget()
        assert not page.verticalScrollBar().isVisible(), (index, page.widget().minimumSizeHint(), page.viewport().size())
    panel.setCurrentIndex(2)
    panel.ev_root.setText(str(write_sirst(tmp_path / "sirst")))
    panel.ev_split.setCurrentText("")
    assert panel.start_eval()
    assert spin(lambda: not panel.eval_job.running, 240)
    assert panel.eval_result is not None, panel.ev_status.text()
    panel.ev_images.setCurrentRow(0)
    assert spin(lambda: panel.shown_row == 0, 60)
    _settle()
    page = panel.currentWidget()
    assert isinstance(page, QScrollArea)
    assert not page.verticalScrollBar().isVisible(), (page.widget().minimumSizeHint(), page.viewport().size())
    rows = panel.ev_images.viewport().height() / panel.ev_images.sizeHintForRow(0)
    assert rows >= 3, rows
    for widget in (panel.ev_images, panel.curve_kind, panel.roc_plot, panel.ev_view, panel.ev_key, panel.ev_table):
        assert _whole(widget), (widget, widget.size())
    gen.close()
