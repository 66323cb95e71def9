"""Hyperspectral video: HA-Net speed on this CPU and scrubbing large HDF5 / ENVI videos.

1. ``fps_hanet``: HA-Net (fused; shipped weights, or the same network untrained when none are
   shipped: identical compute) on a generated 16-band 256 x 512 video (the HOT2020 VIS cube size),
   frames read into memory first so the figure is tracker time only; torch on 1 thread. The
   false-colour branch alone (``hanet_rgb``) in the same run for the ratio. Paper: 14 FPS on a GPU;
   goal here: at least 14 FPS on this CPU. Beside it, in the same run, the same tracker on its plain path
   (``hanet, plain``: the tracker's ``fast`` off, ``HANet``'s own modules instead of the folded, channels-last
   ``TrackingNet``), the reference the folded network is checked against: the row says what folding buys.
2. ``scrub_ms_h5`` / ``scrub_ms_envi``: a large video (full: 400 frames of 256 x 512 x 16 uint16 =
   1.68 GB each format; quick: 48 frames = 0.2 GB) is written to a temporary folder in our HDF5 layout
   and as one ENVI BIP file, the OS is told to drop the files from its page cache
   (``posix_fadvise DONTNEED``), then: open, and read 60 frames in a random order. Reported: open time
   and mean milliseconds per random frame. Goal: under 30 ms a frame. The files are deleted at the end.
3. ``colour_ms``: showing one frame of a large cube (full: 1024 x 1024 x 198 float32, 0.83 GB; quick:
   512 x 512 x 198) as the viewer and the frame export draw it (``display.render_rgb``) in each mode
   (band mean, CIE 1931 colour, band triplet), from memory (pixel order) and from an ENVI BIL file
   (memory-mapped, seen as H x W x B), best of 3 after one warm-up; beside it the CIE path as it was
   (the cube copied whole into pixel order first). The window renders such frames on a worker
   (``display.is_heavy``), so these are worker times: the GUI thread only shows the result.
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from workbench.core.bench import data_root, machine
from workbench.core.evaluation.plots import render_table


def _video(frames: int, width: int = 512, height: int = 256, seed: int = 7):
    from workbench.core.data import hsi_generate as g

    # the real Jasper Ridge scene when $WORKBENCH_BENCH_DATA holds hsi/jasper_ridge, else a synthetic one
    cube = (data_root() or Path("/nonexistent")) / "hsi" / "jasper_ridge" / "jasperRidge2_R198.hdr"
    scene = g.load_scene(cube if cube.exists() else None, 16, seed)
    return g.make_video(scene, g.VideoSpec(frames=frames, width=width, height=height, seed=seed, distractors=2))


#: the rows of section 1: (row, plugin, plain path)
TRACKER_ROWS = (("hanet", "hanet", False), ("hanet, plain (fast=False)", "hanet", True),
                ("hanet_rgb", "hanet_rgb", False))


def _tracker_fps(name: str, frames: list[np.ndarray], gt: np.ndarray, plain: bool = False,
                 row: str | None = None, weights: str | None = None) -> dict:
    """FPS and scores of the plugin ``name`` on ``frames``; ``plain``: with its ``fast`` path off; ``weights``
    "": the untrained network (None: the shipped weights when they are there)."""
    from workbench.core.boxes import Box
    from workbench.core.evaluation.ope import evaluate_sequence
    from workbench.core.registry import default_registry

    plugin = default_registry().get(name)
    cfg = plugin.default_config()
    shipped = weights is None and os.path.exists(cfg.weights)
    if not shipped:
        cfg.weights = ""
    t = plugin.create(cfg, "cpu")
    if plain:
        if not hasattr(t, "fast"):
            raise RuntimeError(f"{name}: its tracker has no 'fast' switch, no plain path to measure")
        t.fast = False  # read at initialize, which builds the network it tracks with
    boxes = np.full((len(frames), 4), np.nan)
    boxes[0] = gt[0]
    t.initialize(frames[0], Box(*gt[0]))
    t.track(frames[1])  # warm-up (first-call allocations), not timed
    t.initialize(frames[0], Box(*gt[0]))
    t0 = time.perf_counter()
    for i in range(1, len(frames)):
        boxes[i] = tuple(t.track(frames[i]).box)
    dt = time.perf_counter() - t0
    c = evaluate_sequence(boxes, gt)
    return {"tracker": row or name, "plain": plain, "fps": (len(frames) - 1) / dt,
            "ms_per_frame": dt / (len(frames) - 1) * 1000, "success_auc": float(c.success_auc), "precision_20": float(c.precision_20), "shipped_weights": shipped}


def tracker_rows(frames: list[np.ndarray], gt: np.ndarray, weights: str | None = None) -> list[dict]:
    """Section 1's rows (``TRACKER_ROWS``), measured one after the other on the same frames."""
    return [_tracker_fps(name, frames, gt, plain, row, weights) for row, name, plain in TRACKER_ROWS]


def _drop_cache(path: Path) -> None:
    if not hasattr(os, "posix_fadvise"):
        return
    for p in ([path] if path.is_file() else list(path.iterdir())):
        fd = os.open(p, os.O_RDONLY)
        try:
            os.fsync(fd)
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)


def _scrub(path: Path, reads: int, seed: int = 0) -> dict:
    from workbench.core.data.detect import open_sequence

    t0 = time.perf_counter()
    seq = open_sequence(path)
    t_open = time.perf_counter() - t0
    order = np.random.default_rng(seed).integers(0, len(seq), reads)
    t0 = time.perf_counter()
    s = 0
    for i in order:
        s += int(np.asarray(seq.frame(int(i)))[::64, ::64, 0].sum())  # touch the data
    t_read = time.perf_counter() - t0
    n = len(seq)
    close = getattr(seq.frames, "close", None)
    if close:
        close()
    return {"open_ms": t_open * 1000, "frame_ms": t_read / reads * 1000, "frames": n}


def _best_ms(fn, n: int = 3) -> float:
    fn()
    best = float("inf")
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best * 1000


def colour_rendering(quick: bool = False) -> list[dict]:
    """Milliseconds to render one large cube frame in each display mode (section 3 of the docstring)."""
    from workbench.core import spectral_color
    from workbench.core.data import hsi_convert
    from workbench.core.data.detect import open_sequence
    from workbench.gui import display

    side, bands = (512, 198) if quick else (1024, 198)
    rng = np.random.default_rng(0)
    cube = rng.random((side, side, bands), dtype=np.float32)
    cube += np.linspace(0, 1, side, dtype=np.float32)[None, :, None]
    wl = np.linspace(400.0, 1000.0, bands)
    modes = {"band mean": None, "CIE 1931": display.HSIView("cie", wavelengths=wl, units="nm"),
             "triplet": display.HSIView("triplet", triplet=(150, 80, 10))}
    rows = []
    tmp = Path(tempfile.mkdtemp(prefix="wb_hsi_colour_"))
    try:
        hdr = hsi_convert.write_envi_video(tmp / "big.hdr", [cube, cube], wl, interleave="bil")
        seq = open_sequence(hdr)
        for layout, frame in (("in memory (BIP)", cube), ("ENVI BIL (memmap)", seq.frame(0))):
            row = {"layout": layout, "cube": f"{side}x{side}x{bands} float32"}
            for name, hsi in modes.items():
                row[name] = _best_ms(lambda f=frame, h=hsi: display.render_rgb(f, hsi=h))
            row["CIE, whole copy first (before)"] = _best_ms(
                lambda f=frame: spectral_color.false_color(np.ascontiguousarray(f), wl, "nm"))
            rows.append(row)
        close = getattr(seq.frames, "close", None)
        if close:
            close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    cols = ["band mean", "CIE 1931", "triplet", "CIE, whole copy first (before)"]
    print(f"\nShowing one {side}x{side}x{bands} float32 cube frame (display.render_rgb, ms, best of 3; "
          f"rendered on a worker in the window)")
    print(render_table(["layout", *cols], [[r["layout"], *(f"{r[c]:.0f}" for c in cols)] for r in rows], left=1))
    return rows


def run(quick: bool = False) -> dict:
    import torch

    from workbench.core.data import hsi_convert

    torch.set_num_threads(1)
    n_track = 30 if quick else 100
    v = _video(n_track)
    frames = [v.frame(i) for i in range(n_track)]
    rows_t = tracker_rows(frames, v.groundtruth)
    print(f"HA-Net on a generated 16-band 256x512 video, {n_track} frames in memory, torch 1 thread")
    print(render_table(["tracker", "FPS", "ms/frame", "x fused", "AUC", "P@20"],
                       [[r["tracker"], f"{r['fps']:.1f}", f"{r['ms_per_frame']:.1f}",
                         f"{r['fps'] / rows_t[0]['fps']:.2f}", f"{r['success_auc']:.3f}", f"{r['precision_20']:.3f}"]
                        for r in rows_t], left=1))
    fps = rows_t[0]["fps"]
    print(f"goal: >= 14 FPS -> {'met' if fps >= 14 else 'NOT met'}"
          f"{'' if rows_t[0]['shipped_weights'] else ' (untrained network: no shipped weights)'}")

    n_big = 48 if quick else 400
    reads = 60
    tmp = Path(tempfile.mkdtemp(prefix="wb_hsi_bench_"))
    try:
        uniq = frames[:16]
        gt = np.tile(v.groundtruth[:1], (n_big, 1))
        big = lambda: (uniq[i % len(uniq)] for i in range(n_big))  # noqa: E731
        t0 = time.perf_counter()
        h5 = hsi_convert.write_h5(tmp / "big.h5", big(), n_big, v.wavelengths, gt)
        t_w_h5 = time.perf_counter() - t0
        t0 = time.perf_counter()
        hdr = hsi_convert.write_envi_video(tmp / "big.hdr", big(), v.wavelengths, gt, interleave="bip")
        t_w_envi = time.perf_counter() - t0
        size_h5, size_envi = h5.stat().st_size, hdr.with_suffix(".img").stat().st_size
        _drop_cache(h5)
        _drop_cache(hdr.with_suffix(".img"))
        s_h5 = _scrub(h5, reads, 1)
        s_envi = _scrub(hdr, reads, 2)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    rows_s = [
        {"format": "HDF5 (ours, 1 frame/chunk)", "size_gb": size_h5 / 1e9, "write_s": t_w_h5, **s_h5},
        {"format": "ENVI BIP, one file (memmap)", "size_gb": size_envi / 1e9, "write_s": t_w_envi, **s_envi},
    ]
    print(f"\nScrubbing a {n_big}-frame 256x512x16 uint16 video: open, then {reads} frames in random order "
          f"(page cache dropped first)")
    print(render_table(["format", "GB", "write s", "open ms", "ms/frame"],
                       [[r["format"], f"{r['size_gb']:.2f}", f"{r['write_s']:.1f}", f"{r['open_ms']:.1f}",
                         f"{r['frame_ms']:.2f}"] for r in rows_s], left=1))
    ok = all(r["frame_ms"] < 30 for r in rows_s)
    print(f"goal: under 30 ms a frame -> {'met' if ok else 'NOT met'}")
    rows_c = colour_rendering(quick)
    by_row = {r["tracker"]: r for r in rows_t}
    return {"name": "hsi", "fps_hanet": fps, "fps_hanet_plain": by_row["hanet, plain (fast=False)"]["fps"],
            "fps_hanet_rgb": by_row["hanet_rgb"]["fps"],
            "colour_ms": {r["layout"]: {k: v for k, v in r.items() if k not in ("layout", "cube")} for r in rows_c},
            "rows_colour": rows_c,
            "scrub_ms_h5": s_h5["frame_ms"], "scrub_ms_envi": s_envi["frame_ms"],
            "open_ms_h5": s_h5["open_ms"], "open_ms_envi": s_envi["open_ms"],
            "rows_trackers": rows_t, "rows_scrub": rows_s,
            "settings": {"quick": quick, "track_frames": n_track, "scrub_frames": n_big, "reads": reads,
                         "torch_threads": 1, "frame": "256x512x16 uint16"},
            "machine": machine(), "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None}


def main(argv: list[str] | None = None) -> int:
    """``python benchmarks/hsi.py [--quick] [--colour] [--json F] [--force]`` (``workbench bench hsi [--quick]``
    calls ``run`` itself), by the benchmarks' one argparse main (``workbench.core.bench.script_main``). Its arguments
    were read from sys.argv by hand: ``--help`` (or a typo of --quick) ran the whole benchmark, writing 1.7 GB of
    temporary files."""
    from workbench.core.bench import script_main

    def add_args(ap) -> None:
        ap.add_argument("--colour", action="store_true",
                        help="section 3 alone: one large cube frame rendered in each display mode")

    def call(args) -> dict:
        if args.colour:  # section 3 alone
            return {"name": "hsi", "rows_colour": colour_rendering(args.quick), "settings": {"quick": args.quick}}
        return run(args.quick)

    return script_main("hsi", __doc__, run, argv, add_args=add_args, call=call,
                       quick_help="smaller figures: 30 frames tracked, a 48-frame (0.2 GB) video scrubbed, a 512 x "
                                  "512 cube coloured (full: 100 frames, 400 frames = 1.68 GB a format, 1024 x 1024)")


if __name__ == "__main__":
    sys.exit(main())
