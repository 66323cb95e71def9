"""Training data for the SiamFC++ family: real sequences from any dataset root the core reads,
the core's thermal demo at several seeds / sizes, and ``ShapesSequence`` (textured blobs moving over
cluttered backgrounds, with distractors) for varied targets; tensors for the network."""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from workbench.core.data.sequence import ArrayFrames, Sequence


def to_tensors(batch):
    """(z, x, boxes) numpy batch -> NCHW float tensors scaled to 0..1, and boxes."""
    import torch

    z, x, b = batch
    tz = torch.from_numpy(np.ascontiguousarray(z.transpose(0, 3, 1, 2))).div_(255.0)
    tx = torch.from_numpy(np.ascontiguousarray(x.transpose(0, 3, 1, 2))).div_(255.0)
    return tz, tx, torch.from_numpy(np.asarray(b, np.float32))


def shapes_sequence(seed: int, frames: int = 120, width: int = 320, height: int = 240, rgb: bool = True,
                    name: str | None = None) -> Sequence:
    """A textured blob (ellipse or rectangle) wandering with changing size over a cluttered background,
    one or two look-alike distractors; deterministic per seed, frames rendered on demand."""
    rng = np.random.default_rng(seed)
    ch = 3 if rgb else 1

    def smooth_noise(scale):
        n = rng.normal(0, 1, (max(2, height // scale), max(2, width // scale), ch)).astype(np.float32)
        return cv2.resize(n, (width, height), interpolation=cv2.INTER_CUBIC).reshape(height, width, ch)

    bg = 110 + 40 * smooth_noise(40) + 20 * smooth_noise(8) + 6 * smooth_noise(2)
    n_obj = 1 + int(rng.integers(1, 3))
    objs = []
    for k in range(n_obj):
        w0 = float(rng.uniform(14, 60))
        h0 = w0 * float(np.exp(rng.uniform(-0.7, 0.7)))
        col = rng.uniform(0, 255, ch).astype(np.float32) if k == 0 or rng.random() < 0.5 else None
        tex = 25 * rng.normal(0, 1, (16, 16, ch)).astype(np.float32)
        # smooth random walk of centre and size
        acc = rng.normal(0, 0.6, (frames, 2)).cumsum(0) * 0.3 + rng.normal(0, 1.5, 2)
        pos = np.array([rng.uniform(0.2, 0.8) * width, rng.uniform(0.2, 0.8) * height]) + acc.cumsum(0) * 0.5
        pos[:, 0] = np.abs((pos[:, 0] - 20) % (2 * (width - 40)) - (width - 40)) + 20  # bounce at borders
        pos[:, 1] = np.abs((pos[:, 1] - 20) % (2 * (height - 40)) - (height - 40)) + 20
        sc = np.exp(np.cumsum(rng.normal(0, 0.01, frames)))
        objs.append((w0, h0, col, tex, pos, sc, bool(rng.random() < 0.5)))
    first_col = objs[0][2]
    gt = np.array([[p[0] - objs[0][0] * s / 2, p[1] - objs[0][1] * s / 2, objs[0][0] * s, objs[0][1] * s]
                   for p, s in zip(objs[0][4], objs[0][5])])

    def render(i: int) -> np.ndarray:
        img = bg.copy()
        for k, (w0, h0, col, tex, pos, sc, ell) in enumerate(reversed(objs)):
            c = first_col if col is None else col
            w, h = w0 * sc[i], h0 * sc[i]
            cx, cy = pos[i]
            x0, y0 = int(max(0, cx - w / 2)), int(max(0, cy - h / 2))
            x1, y1 = int(min(width, cx + w / 2)), int(min(height, cy + h / 2))
            if x1 <= x0 or y1 <= y0:
                continue
            t = cv2.resize(tex, (x1 - x0, y1 - y0)).reshape(y1 - y0, x1 - x0, ch)
            patch = c + t
            if ell:
                yy, xx = np.mgrid[y0:y1, x0:x1]
                m = ((xx + 0.5 - cx) / (w / 2)) ** 2 + ((yy + 0.5 - cy) / (h / 2)) ** 2 <= 1.0
                img[y0:y1, x0:x1][m] = patch[m]
            else:
                img[y0:y1, x0:x1] = patch
        img += np.random.default_rng(seed * 100003 + i).normal(0, 4, img.shape).astype(np.float32)
        out = np.clip(img, 0, 255).astype(np.uint8)
        return out if rgb else out[:, :, 0]

    return Sequence(name or f"shapes_{seed}", ArrayFrames(frames, render), "rgb" if rgb else "gray", gt,
                    meta={"layout": "synthetic", "generator": "siamfcpp_prune.data.shapes_sequence", "seed": seed})


def generated_sequences(n_demo: int = 6, n_shapes: int = 24, seed: int = 0) -> list[Sequence]:
    """Thermal demos (several seeds and sizes) and shape sequences (half RGB, half gray)."""
    from workbench.core.data.synthetic import demo_sequence

    sizes = [(320, 256), (400, 300), (256, 200), (480, 360)]
    out = []
    for k in range(n_demo):
        w, h = sizes[k % len(sizes)]
        out.append(demo_sequence(frames=120, width=w, height=h, seed=seed * 1000 + 11 + k, name=f"demo_{k}"))
    for k in range(n_shapes):
        out.append(shapes_sequence(seed * 1000 + 101 + k, rgb=bool(k % 2 == 0)))
    return out


def check_exclude(exclude, roots) -> None:
    """``--exclude`` names without ``--data`` roots (nor a corpus: the caller's to know) left nothing out, without a
    word: refused, before any work."""
    from workbench.core.options import OptionError

    if exclude and not roots:
        raise OptionError("--exclude", " ".join(exclude), "names sequences under --data; no --data is given, so it "
                                                         "would leave nothing out")


def real_sequences(roots: list[str | Path], exclude=()) -> list[Sequence]:
    """Every annotated sequence under the given roots (dataset roots or sequence folders) but those named in
    ``exclude`` (``--exclude``): a name that matches none of them is refused with its close matches (a
    mistyped name left the held-out sequence in training, or ranked the filters on it, without a word)."""
    from workbench.core.data import open_dataset, open_sequence
    from workbench.core.data.sequence import require_annotated
    from workbench.core.errors import WorkbenchError
    from workbench.core.options import check_names

    check_exclude(exclude, roots)
    found = []
    for r in roots:
        try:
            seqs = [e.open() for e in open_dataset(r)]
        except WorkbenchError:
            seqs = [open_sequence(r)]
        labelled = [s for s in seqs if s.has_groundtruth]
        require_annotated(r, [s.groundtruth for s in labelled], least=2)  # a template / search pair needs two
        found += labelled
    check_names("--exclude", exclude, [s.name for s in found], "a sequence under --data", "sequence")
    return [s for s in found if s.name not in set(exclude)]
