"""IR small-target segmenters side by side: every installed segmenter (LW-IRSTNet and the classic
peers, white top-hat and MPCM, which need no weights) on the same images, in one run.

Data: with ``$WORKBENCH_BENCH_DATA`` the real sets it holds that LW-IRSTNet's shipped weights never saw,
``irst/sirst_v2`` (masks: mIoU, nIoU, Pd, Fa) and ``irst/ist_a`` (boxes: Pd, Fa); without it, 12 generated
SIRST-style images (``--quick``: 6). Each method with its default settings, 1 torch thread, one pass;
FPS is the method's own time per image (reading excluded). The ratio columns compare each method with
the best classic peer in the same run: what a learned segmenter buys on data it never trained on.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np

from workbench.core.bench import data_root, machine
from workbench.core.evaluation.plots import render_table


def _generated(root: Path, n: int) -> Path:
    """A SIRST-style folder (images/ + masks/) of ``n`` cloudy 128x160 frames, each with 1-2 small hot targets."""
    import cv2

    rng = np.random.default_rng(7)
    (root / "images").mkdir(parents=True)
    (root / "masks").mkdir()
    for i in range(n):
        bg = cv2.GaussianBlur(rng.normal(90, 30, (128, 160)), (0, 0), 8) + rng.normal(0, 2, (128, 160))
        m = np.zeros((128, 160), np.uint8)
        for _ in range(1 + i % 2):
            y, x = rng.integers(8, 120), rng.integers(8, 152)
            r = int(rng.integers(1, 3))
            yy, xx = np.mgrid[:128, :160]
            blob = np.exp(-((yy - y) ** 2 + (xx - x) ** 2) / (2 * (r * 0.8) ** 2))
            bg += 60 * blob
            m[blob > 0.3] = 255
        cv2.imwrite(str(root / "images" / f"g{i:03d}.png"), bg.clip(0, 255).astype(np.uint8))
        cv2.imwrite(str(root / "masks" / f"g{i:03d}_pixels0.png"), m)
    return root


def _score_masks(seg, root: Path) -> dict:
    from workbench.core.data.sirst import open_sirst
    from workbench.core.evaluation.segmentation import score_split

    res = score_split(None, open_sirst(root), seg.logits, warm_up=True)
    r, fps = res.report, res.fps
    return {"miou": r.miou, "niou": r.niou, "pd": r.pd, "fa_e6": r.fa_e6, "images": r.images, "fps": fps}


def _score_boxes(seg, root: Path) -> dict:
    from workbench.core.evaluation.irst_boxes import evaluate_boxes

    r = evaluate_boxes(None, root, seg.logits)
    return {"miou": None, "niou": None, "pd": r["pd"], "fa_e6": r["fa_e6"], "images": r["images"], "fps": r["fps"]}


def run(quick: bool = False) -> dict:
    import torch

    from workbench.core.registry import default_registry

    torch.set_num_threads(1)
    reg = default_registry()
    names = sorted(p.name for p in reg.plugins.values() if p.kind == "segmenter")
    methods = {}
    for n in names:
        try:
            methods[n] = reg.get(n).create(None, "cpu")
        except Exception as exc:  # noqa: BLE001 - a plugin that cannot load here is reported, not fatal
            print(f"{n}: not run ({exc})")
    real = data_root()
    sets = []
    if real is not None and (real / "irst" / "sirst_v2").is_dir():
        sets.append(("SIRST-V2", real / "irst" / "sirst_v2", _score_masks))
    if real is not None and (real / "irst" / "ist_a").is_dir():
        sets.append(("IST-A (boxes)", real / "irst" / "ist_a", _score_boxes))
    tmp = None
    if not sets:
        tmp = tempfile.TemporaryDirectory()
        sets.append(("generated", _generated(Path(tmp.name) / "gen", 6 if quick else 12), _score_masks))
    rows, out = [], []
    for label, root, score in sets:
        res = {n: score(m, root) for n, m in methods.items() if hasattr(m, "logits")}
        peers = [n for n in res if n in ("tophat", "mpcm")]
        key = "miou" if res and next(iter(res.values()))["miou"] is not None else "pd"
        best_peer = max(peers, key=lambda n: res[n][key]) if peers else None
        for n, r in res.items():
            ratio = r[key] / res[best_peer][key] if best_peer and res[best_peer][key] else float("nan")
            fa_ratio = (r["fa_e6"] / res[best_peer]["fa_e6"]) if best_peer and res[best_peer]["fa_e6"] else float("nan")
            rows.append([label, n, "-" if r["miou"] is None else f"{r['miou']:.3f}",
                         "-" if r["niou"] is None else f"{r['niou']:.3f}", f"{r['pd']:.3f}", f"{r['fa_e6']:.1f}",
                         f"{r['fps']:.1f}", f"{ratio:.2f}x" if ratio == ratio else "-",
                         f"{fa_ratio:.3g}x" if fa_ratio == fa_ratio else "-"])
            out.append({"set": label, "method": n, **r, "vs_best_peer": best_peer, f"{key}_ratio": ratio,
                        "fa_ratio": fa_ratio})
    if tmp is not None:
        tmp.cleanup()
    print("IR small-target segmenters, default settings, 1 torch thread; ratios: against the best classic peer "
          "of the same set (mIoU, or Pd where there are only boxes; Fa: lower is better)")
    print(render_table(["set", "method", "mIoU", "nIoU", "Pd", "Fa (1e-6)", "FPS", "vs peer", "Fa vs peer"], rows, left=2))
    if real is None:
        print("(generated images: set $WORKBENCH_BENCH_DATA to a data folder holding irst/sirst_v2 and irst/ist_a "
              "for the real, unseen sets)")
    return {"name": "irst_peers", "machine": machine(), "rows": out, "real_data": real is not None}


if __name__ == "__main__":  # --quick, --json F, --force by argparse (without this block the script did nothing)
    import sys

    from _script import main  # (benchmarks/ is the script's own folder on sys.path)

    sys.exit(main(__file__, __doc__, run))
