"""Render the README screenshots by driving the real window offscreen.

    QT_QPA_PLATFORM=offscreen python docs/make_screenshots.py [--out docs/screenshots]

Uses a temporary workspace and settings file, so your own results and settings are untouched.
Trackers: the installed plugins (KCF first); the dataset shot uses ../shared/data/tracking when it
is there, else a generated two-sequence dataset.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(Path(__file__).resolve().parent / "screenshots"))
    ap.add_argument("--data", default=str(Path(__file__).resolve().parents[2] / "shared" / "data" / "tracking"))
    args = ap.parse_args(argv)
    out = Path(args.out)
    tmp = Path(tempfile.mkdtemp(prefix="wb_shots_"))
    os.environ["WORKBENCH_WORKSPACE"] = str(tmp / "workspace")
    os.environ["WORKBENCH_SETTINGS"] = str(tmp / "settings.ini")

    from PySide6.QtWidgets import QApplication

    from workbench.gui.app import _application, default_tracker, grab
    from workbench.gui.main_window import MainWindow

    app = _application()
    w = MainWindow()
    w.quiet_errors = True
    w.resize(1600, 1060)
    w.show()
    for _ in range(3):
        app.processEvents()

    # 1. the demo opened: the hint says what to do
    w.open_demo()
    print(grab(w, out / "01_demo_opened.png"))

    # 2. the initial box drawn on the pedestrian (as a drag would), zoomed in a little
    gt = w.sequence.gt_box(0)
    pad = 2.0
    w.set_init((gt.x - pad, gt.y - pad, gt.w + 2 * pad, gt.h + 2 * pad), start=0)
    w._on_cursor(gt.x + gt.w / 2, gt.y + gt.h / 3)
    print(grab(w, out / "02_box_drawn.png"))

    # 3. several trackers run to the end, the response map over the frame, plots filled in
    first = default_tracker(w.registry)
    names = [n for n in (first, "kcf_dsst", "mil") if n and n in w.registry.plugins]
    names = list(dict.fromkeys(names))
    if names:
        w.methods.set_checked(names)
        w.methods.select(first)
        w.run_selected(names)
        w.wait_for_run(600)
        run = w.live.get(first)
        if run is not None and run.maps:
            maps = sorted({m for f in run.maps.values() for m in f})
            w.layers.select_map(first, "response" if "response" in maps else maps[0])
        w.set_frame(int(0.62 * (w.n_frames - 1)))
    print(grab(w, out / "03_tracking_finished.png"))
    w.export_frame(out / "05_frame_export.png")
    print(out / "05_frame_export.png")

    # 4. a dataset root as a table of sequences; one opened with the inferno colour map
    root = Path(args.data)
    if not root.is_dir():
        from workbench.core.data.synthetic import write_demo

        root = tmp / "dataset"
        write_demo(root, frames=60, name="street_a")
        write_demo(root, frames=40, name="street_b", seed=3)
    w.open_path(root, as_dataset=True)
    if w.dataset.worker is not None:
        import time

        t0 = time.time()
        while w.dataset.worker is not None and time.time() - t0 < 30:
            app.processEvents()
            time.sleep(0.02)
    if w.dataset_entries:
        w.dataset.table.selectRow(len(w.dataset_entries) - 1)
        w.open_entry(w.dataset_entries[-1])
        w.cmap_combo.setCurrentText("inferno")
        w.set_frame(min(40, w.n_frames - 1))
    print(grab(w, out / "04_dataset_browser.png"))
    w.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
