"""Soak: play a long sequence in the real window with every overlay on (groundtruth box, two trackers'
boxes, a response-map heatmap, the timeline cursor, an inspector) and check memory stays flat.

The sequence is the generated thermal demo rendered lazily (nothing held but the window's small frame
cache), two fake trackers run over all of it first (their maps cached by the runner), then the
window plays it through the same ``_play_tick`` the Play timer calls, processing events (painting)
after every frame. Memory is the process's resident set (``/proc/self/statm``) and the count of
live Python objects, sampled every ``step`` frames after a warm-up; "flat" is judged on the growth
from the end of the warm-up to the end and on the least-squares slope of the samples.

Default run: 600 frames. ``pytest -m slow tests/gui/test_soak.py -s`` plays the full 10,000.
"""
from __future__ import annotations

import gc
import os
import time

import numpy as np
import pytest

PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def rss_mb() -> float:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * PAGE / 2**20
    except OSError:  # not Linux: peak RSS is the best there is
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def soak(window, qtbot, frames: int, step: int, warmup: int) -> dict:
    from PySide6.QtWidgets import QApplication

    from workbench.core.data.synthetic import demo_sequence

    w = window
    w.set_sequence(demo_sequence(frames=frames, width=320, height=256), None)
    assert w.run_selected(["fake", "fake_b"])
    assert w.wait_for_run(600), "tracking the soak sequence did not finish"
    assert {r.status for r in w.runner.runs.values()} == {"done"}
    w.layers.select_map("fake", "response")
    assert w.layers.show_gt.isChecked()
    w.response_inspector.show()
    w.response_inspector.raise_()
    w.set_frame(0)
    QApplication.processEvents()
    samples, objects = [], []
    t0 = time.perf_counter()
    for i in range(1, frames):
        w._play_tick()
        QApplication.processEvents()
        if i % step == 0:
            gc.collect()
            samples.append((i, rss_mb()))
            objects.append((i, len(gc.get_objects())))
    dt = time.perf_counter() - t0
    assert w.frame_index == frames - 1, "playback stopped early"
    assert w.view.heat.isVisible(), "the response-map overlay was not shown"
    after = [(i, m) for i, m in samples if i >= warmup]
    xs = np.array([i for i, _ in after], float)
    ys = np.array([m for _, m in after])
    slope_kb = float(np.polyfit(xs, ys, 1)[0] * 1024) if len(xs) > 2 else 0.0
    obj_after = [(i, n) for i, n in objects if i >= warmup]
    out = {
        "frames": frames,
        "seconds": dt,
        "fps": (frames - 1) / dt,
        "rss_start_mb": samples[0][1],
        "rss_warm_mb": after[0][1],
        "rss_end_mb": after[-1][1],
        "rss_max_mb": max(m for _, m in after),
        "growth_mb": after[-1][1] - after[0][1],
        "slope_kb_per_1000": slope_kb * 1000,
        "objects_warm": obj_after[0][1],
        "objects_end": obj_after[-1][1],
    }
    print("\nsoak: " + ", ".join(f"{k} {v:.2f}" if isinstance(v, float) else f"{k} {v}" for k, v in out.items()))
    return out


def test_soak_short(window, qtbot):
    r = soak(window, qtbot, frames=240, step=20, warmup=80)
    # 160 frames after warm-up: a leak of one 320x256 float32 frame per frame would be 50 MB
    assert r["growth_mb"] < 10, r
    assert r["objects_end"] - r["objects_warm"] < 2000, r


@pytest.mark.slow
def test_soak_10000_frames(window, qtbot):
    r = soak(window, qtbot, frames=10_000, step=250, warmup=1000)
    # a leak of even 10 kB per frame would show as 88 MB over the 9,000 frames after warm-up
    assert r["growth_mb"] < 20, r
    assert abs(r["slope_kb_per_1000"]) < 1024, r  # under 1 MB per 1,000 frames
    assert r["objects_end"] - r["objects_warm"] < 5000, r
