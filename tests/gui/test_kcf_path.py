"""The README path with the real KCF plugin (skipped until the plugin is installed)."""
from __future__ import annotations

import pytest

from tests.gui.test_window import drag_box


@pytest.fixture
def real_window(qtbot, messages):
    from workbench.gui.main_window import MainWindow
    from tests.gui.conftest import make_registry

    reg = make_registry(with_real=True)
    if "kcf" not in reg.plugins:
        pytest.skip("the kcf plugin is not installed")
    w = MainWindow(reg)
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_kcf_on_demo_from_drawn_box_names_the_device_it_used(qtbot, real_window, messages):
    """The README path; and (issue 22) the finished run shows the device it used (KCF has no torch: CPU), asked of
    this run (a second window ran KCF over the demo again for it)."""
    w = real_window
    w.open_demo()
    gt = w.sequence.gt_box(0)
    drag_box(qtbot, w, gt.x, gt.y, gt.x + gt.w, gt.y + gt.h)
    assert w.init_box is not None
    w.methods.select("kcf")
    w.methods.run_button.click()
    qtbot.waitUntil(lambda: not w.runner.running, timeout=30000)
    assert w.live["kcf"].status == "done", messages
    assert w.plots.curves["kcf"].success_auc > 0.4
    assert not [m for m in messages if m[0] == "critical"]
    assert " on CPU" in w.methods.run_status.text(), w.methods.run_status.text()
    assert " on CPU" in w.fps_label.text(), w.fps_label.text()
