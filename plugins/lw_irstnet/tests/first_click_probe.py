"""Run by ``test_lw_irstnet_panel_gui.py`` in a fresh interpreter (``python first_click_probe.py DIR``),
where nothing has imported ``torch._dynamo`` yet: the real window with the LW-IRSTNet panel, a tiny
generated SIRST-style folder, then Evaluate twice and Train twice through the panel's buttons, each job
waited for with the window's own event loop. Prints one JSON line: how long each click held the GUI
thread, the GUI thread's longest gap (a 10 ms QTimer) over each click and over each job, on which
threads ``torch._dynamo`` was imported (a meta-path finder records the importing thread), and the
jobs' outcomes."""
from __future__ import annotations

import importlib.abc
import json
import os
import sys
import threading
import time
from pathlib import Path

DYNAMO_IMPORTS: list[str] = []  # the threads that started an import of torch._dynamo


class _Recorder(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "torch._dynamo":
            DYNAMO_IMPORTS.append(threading.current_thread().name)
        return None  # the ordinary finders do the import


def write_sirst(root: Path, n: int = 6, size: int = 32) -> Path:
    """images/, masks/<name>_pixels0.png, splits/train.txt + val.txt: one bright blob per image."""
    import cv2
    import numpy as np

    for d in ("images", "masks", "splits"):
        (root / d).mkdir(parents=True, exist_ok=True)
    names = []
    for i in range(n):
        rng = np.random.default_rng(i)
        c = (8 + 3 * i % (size - 16), 10 + 2 * i % (size - 16))
        img = (40 + rng.normal(0, 3, (size, size))).clip(0, 255).astype(np.uint8)
        cv2.circle(img, c, 2, 250, -1)
        m = np.zeros((size, size), np.uint8)
        cv2.circle(m, c, 2, 255, -1)
        cv2.imwrite(str(root / "images" / f"img_{i}.png"), img)
        cv2.imwrite(str(root / "masks" / f"img_{i}_pixels0.png"), m)
        names.append(f"img_{i}")
    (root / "splits" / "train.txt").write_text("\n".join(names[:4]) + "\n")
    (root / "splits" / "val.txt").write_text("\n".join(names[4:]) + "\n")
    return root


def main(out_dir: str) -> dict:
    tmp = Path(out_dir)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")  # as the app runs
    os.environ["WORKBENCH_WORKSPACE"] = str(tmp / "workspace")
    os.environ["WORKBENCH_SETTINGS"] = str(tmp / "settings.ini")
    sys.meta_path.insert(0, _Recorder())
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from workbench.gui.app import GIL_SWITCH_S

    sys.setswitchinterval(GIL_SWITCH_S)  # as the app runs
    app = QApplication.instance() or QApplication([])
    from workbench.core.registry import Registry
    from workbench.gui import style
    from workbench.gui.main_window import MainWindow
    from workbench_lw_irstnet import PLUGIN, default_weights

    def spin(until, timeout_s: float) -> bool:
        loop, t0 = QEventLoop(), time.perf_counter()
        while time.perf_counter() - t0 < timeout_s:
            loop.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
            if until():
                return True
            time.sleep(0.002)
        return until()

    gap = {"worst": 0.0, "last": time.perf_counter()}

    def tick():
        now = time.perf_counter()
        gap["worst"] = max(gap["worst"], now - gap["last"])
        gap["last"] = now

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    timer.start()

    def measured(fn):
        """(seconds fn held this thread, the longest gap between timer ticks over fn and 0.3 s after)."""
        gap["worst"], gap["last"] = 0.0, time.perf_counter()
        t0 = time.perf_counter()
        fn()
        held = time.perf_counter() - t0
        spin(lambda: False, 0.3)
        tick()
        return held, gap["worst"]

    reg = Registry()
    reg.add(PLUGIN)
    style.apply(app)
    w = MainWindow(reg)
    w.resize(1366, 768)
    w.show()
    spin(lambda: w.warm_job is None or not w.warm_job.running, 120)
    report: dict = {"dynamo_before": "torch._dynamo" in sys.modules}
    root = write_sirst(tmp / "sirst")
    w.methods.select("lw_irstnet")
    spin(lambda: not w.methods.panel_loading(), 120)
    panel = w.methods.panel("lw_irstnet")
    if not Path(default_weights()).is_file():  # a random model when the shipped weights are not there
        import torch

        from workbench.core.training.checkpoints import save_weights
        from workbench_lw_irstnet.model import LWIRSTNet

        torch.manual_seed(0)
        save_weights(tmp / "random.pt", LWIRSTNet())
        w.methods.form("lw_irstnet").set_values({"weights": str(tmp / "random.pt")})
    report["panel_docked"] = getattr(w, "workflow_docks", {}).get("lw_irstnet") is not None and \
        w.workflow_docks["lw_irstnet"].widget() is panel

    panel.setCurrentIndex(2)
    spin(lambda: False, 0.2)
    panel.ev_root.setText(str(root))
    panel.ev_split.setCurrentText("val.txt")
    report["eval"] = []
    for _ in range(2):
        panel.eval_result = None
        held, worst = measured(panel.ev_start.click)
        gap["worst"], gap["last"] = 0.0, time.perf_counter()
        done = spin(lambda: not panel.eval_job.running, 240)
        tick()
        values = [panel.ev_table.item(r, 1).text() for r in range(panel.ev_table.rowCount())]
        report["eval"].append({"click_s": held, "click_gap_s": worst, "job_gap_s": gap["worst"], "done": done,
                               "result": panel.eval_result is not None, "values": values,
                               "status": panel.ev_status.text(), "dynamo_imported": "torch._dynamo" in sys.modules})

    panel.setCurrentIndex(1)
    spin(lambda: False, 0.2)
    panel.tr_root.setText(str(root))
    panel.tr_epochs.setValue(1)
    panel.tr_batch.setValue(2)
    panel.tr_crop.setValue(32)
    report["train"] = []
    for k in range(2):
        panel.tr_out.setText(str(tmp / f"run{k}"))
        held, worst = measured(panel.tr_start.click)
        gap["worst"], gap["last"] = 0.0, time.perf_counter()
        done = spin(lambda: not panel.train_job.running, 240)
        tick()
        report["train"].append({"click_s": held, "click_gap_s": worst, "job_gap_s": gap["worst"], "done": done,
                                "status": panel.tr_status.text(), "dynamo_imported": "torch._dynamo" in sys.modules})
    report["dynamo_import_threads"] = DYNAMO_IMPORTS
    report["main_thread"] = threading.main_thread().name
    w.close()
    spin(lambda: False, 0.2)
    return report


if __name__ == "__main__":
    print("PROBE " + json.dumps(main(sys.argv[1])), flush=True)
