"""Render the README screenshots by driving the real window offscreen.

    QT_QPA_PLATFORM=offscreen python docs/make_screenshots.py [--out docs/screenshots]

Uses a temporary workspace and settings file, so your own results and settings are untouched.
Trackers: the installed plugins (KCF first); the dataset shot uses ../shared/data/tracking when it
is there, else a generated two-sequence dataset. The segmentation shot (06) opens a SIRST image from
../shared/data/irst/sirst (else a generated one) and segments it with LW-IRSTNet's shipped weights.
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
    ap.add_argument("--workflows-only", action="store_true", help="only the per-kind workflow shots")
    ap.add_argument("--data", default=str(Path(__file__).resolve().parents[2] / "shared" / "data" / "tracking"))
    args = ap.parse_args(argv)
    out = Path(args.out)
    tmp = Path(tempfile.mkdtemp(prefix="wb_shots_"))
    os.environ["WORKBENCH_WORKSPACE"] = str(tmp / "workspace")
    os.environ["WORKBENCH_SETTINGS"] = str(tmp / "settings.ini")

    from workbench.gui.app import _application, default_tracker, grab
    from workbench.gui.main_window import MainWindow

    app = _application()
    for size in ((1366, 768), (1600, 1000)):
        workflows(app, tmp, out / f"{size[0]}x{size[1]}", size)
    if args.workflows_only:
        return 0
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
    if w.dataset.describing:
        import time

        t0 = time.time()
        while w.dataset.describing and time.time() - t0 < 30:
            app.processEvents()
            time.sleep(0.02)
    if w.dataset_entries:
        w.dataset.table.selectRow(len(w.dataset_entries) - 1)
        w.open_entry(w.dataset_entries[-1])
        w.cmap_combo.setCurrentText("inferno")
        w.set_frame(min(40, w.n_frames - 1))
        _settle(app)  # the Timeline and plots draw the new sequence on turns of their own: not the demo's curves
    print(grab(w, out / "04_dataset_browser.png"))

    # 6. a SIRST image segmented by LW-IRSTNet: mask overlay, target boxes and table, the live filter
    if "lw_irstnet" in w.registry.plugins:
        shot_segmentation(w, app, tmp, Path(args.data).parent / "irst" / "sirst", out / "06_segmentation.png")
    w.close()
    return 0


def _settle(app, n=20):
    """Events handled for 0.4 s: throttled views (the spectrum plot redraws at most every 0.2 s) catch up."""
    import time

    for _ in range(n):
        app.processEvents()
        time.sleep(0.02)


def workflows(app, tmp: Path, out: Path, size) -> None:
    """Each method kind's workflow at one window size, on generated data only (runs anywhere):
    tracking (the thermal demo), segmentation (a SIRST-like generated image), detection (a generated
    labelled IR sequence), hyperspectral (a generated cube video)."""
    import cv2
    import numpy as np

    from workbench.gui.app import default_tracker, grab
    from workbench.gui.main_window import MainWindow

    out.mkdir(parents=True, exist_ok=True)
    os.environ["WORKBENCH_SETTINGS"] = str(tmp / f"settings_{size[0]}x{size[1]}.ini")  # no layout carried over
    w = MainWindow()
    w.quiet_errors = True
    w.resize(*size)
    w.show()
    _settle(app)

    # tracking: the demo, KCF run, its response map over the frame, the plots
    w.open_demo()
    first = default_tracker(w.registry)
    if first:
        gt = w.sequence.gt_box(0)
        w.set_init((gt.x, gt.y, gt.w, gt.h), start=0)
        w.methods.set_checked([first])
        w.methods.select(first)
        w.run_selected([first])
        w.wait_for_run(600)
        w.set_frame(int(0.6 * (w.n_frames - 1)))
        w.plots.raise_()
    _settle(app)
    print(grab(w, out / "tracking.png"))

    # segmentation: SIRST-like images (dim point targets on cloud clutter) with label masks, LW-IRSTNet
    # over all of them, scored against the masks as it goes (timeline mIoU so far, the Scores dock)
    if "lw_irstnet" in w.registry.plugins:
        rng = np.random.default_rng(0)
        root = tmp / f"sirst_like_{size[0]}"
        (root / "images").mkdir(parents=True, exist_ok=True)
        (root / "masks").mkdir(exist_ok=True)
        for k in range(8):
            sky = cv2.GaussianBlur(rng.normal(0, 1, (256, 320)).astype(np.float32), (0, 0), 14)
            sky = (sky - sky.mean()) / sky.std() * 22 + 110
            img = np.clip(sky + rng.normal(0, 2, sky.shape), 0, 255)
            mask = np.zeros(img.shape, np.uint8)
            for _t in range(2):
                x, y = int(rng.integers(30, 290)), int(rng.integers(30, 226))
                cv2.circle(img, (x, y), 2, 235, -1)
                cv2.circle(mask, (x, y), 2, 255, -1)
            cv2.imwrite(str(root / "images" / f"sky_{k:02d}.png"), img.astype(np.uint8))
            cv2.imwrite(str(root / "masks" / f"sky_{k:02d}_pixels0.png"), mask)
        w.open_path(root)
        w.methods.select("lw_irstnet")
        w.segment_sequence("lw_irstnet")
        w.wait_for_run(300)
        w.set_frame(3)
        w.timeline.show_metric("segmentation", "miou")
        w.scores.raise_()
        if not w.compact:
            w.timeline.raise_()
        _settle(app)
        print(grab(w, out / "segmentation.png"))

    # detection: a generated labelled IR sequence (frames/ + labels.csv), the sequential detector
    if "seq_irst" in w.registry.plugins:
        from workbench.core.data.irseq import save_irseq
        from workbench.core.data.irseq_synth import make_sequence

        seq_path = save_irseq(make_sequence(11, frames=24, width=256, height=192), tmp / "irseq" / "synth_sky")
        w.open_path(seq_path)
        w.methods.select("seq_irst")
        w.run_selected()
        w.wait_for_run(600)
        w.set_frame(12)
        w.timeline.show_metric("detection", "f1")
        w.timeline.raise_()
        if not w.compact:
            w.scores.raise_()
        _settle(app)
        print(grab(w, out / "detection.png"))

    # hyperspectral: a generated cube video; CIE colour, a pixel's spectrum and the box's mean
    from workbench.core.data import hsi_generate as gen

    video = gen.make_video(gen.load_scene(None, 16, seed=2), gen.VideoSpec(frames=20, width=192, height=128, seed=2))
    cube = gen.write_video(video, tmp / f"cube_{size[0]}", "h5")
    w.open_path(cube)
    w.methods.select("hanet")  # the cube's own tracker (the detector of the shot before took no cube: Run greyed)
    w.set_frame(6)
    gt = w.sequence.gt_box(6)
    if gt is not None:
        w.set_init((gt.x, gt.y, gt.w, gt.h), start=6)
        w.view.sigInitBox.emit((gt.x, gt.y, gt.w, gt.h))
        w.view.sigClicked.emit(gt.x + gt.w / 2, gt.y + gt.h / 2)
    w.spectrum.band_slider.setValue(5)
    w.spectrum.show()
    if w.compact:  # Spectrum is a tab of the right column: the timeline shows at the bottom
        w.spectrum.raise_()
        w.timeline.raise_()
    else:  # Spectrum is a tab of the bottom group
        w.spectrum.raise_()
        w.plots.raise_()
    _settle(app)
    print(grab(w, out / "hyperspectral.png"))
    w.close()
    w.deleteLater()
    _settle(app)


def shot_segmentation(w, app, tmp: Path, sirst: Path, path: Path) -> None:
    """Open one image (a real SIRST one when ../shared/data has it), segment it, show the panel."""
    import cv2
    import numpy as np

    from PySide6.QtCore import Qt

    from workbench.gui.app import grab

    img = sirst / "images" / "Misc_10.png"
    if not img.is_file():
        pics = sorted((sirst / "images").glob("*.png")) if (sirst / "images").is_dir() else []
        img = pics[0] if pics else tmp / "blob.png"
        if not pics:
            a = np.full((240, 320), 60, np.uint8) + np.random.default_rng(0).integers(0, 12, (240, 320), dtype=np.uint8)
            cv2.circle(a, (200, 90), 2, 255, -1)
            cv2.imwrite(str(img), a)
    w.dataset.hide()
    w.open_path(img)
    p = w.registry.plugins["lw_irstnet"]
    if not p.panel:  # until the plugin's description names its panel
        import dataclasses

        w.registry.plugins["lw_irstnet"] = dataclasses.replace(p, panel="workbench_lw_irstnet.panel:Panel")
    w.methods.select("lw_irstnet")
    w.cmap_combo.setCurrentText("gray")
    out = w.segment_frame("lw_irstnet")
    w.layers.show_saliency.setChecked(False)
    w.layers.seg_opacity.setValue(70)
    if out is not None and out.targets:
        w.targets.table.selectRow(0)
        w.targets._on_click(0, 0)  # as a click on the row: centre on the target
        t = out.targets[0]
        w.view.centre_on(t.centroid[0], t.centroid[1], 180)
    dock = getattr(w, "workflow_docks", {}).get("lw_irstnet")  # the panel's own dock: Live filter / Train / Evaluate
    if dock is not None:
        dock.show()
        dock.raise_()
    w.resizeDocks([w.methods, w.layers], [820, 150], Qt.Orientation.Vertical)
    for _ in range(3):
        app.processEvents()
    print(grab(w, path))


if __name__ == "__main__":
    sys.exit(main())
