"""Pedestrian crops for the search and the retraining: identities, M x N batches, augmentations.

An *identity* is one target of one sequence (the paper's "pedestrian sequence" = class). Sources:

* real sequences the core reads (``open_sequence``): each annotated target is one identity; colour
  frames are converted to gray;
* generated thermal sequences: ``workbench.core.data.synthetic.ThermalDemo`` with many seeds, given
  more variety here (body proportions, clothing bands, size, contrast, noise); each seed gives two
  identities, the tracked walker and the crossing distractor.

Each crop is a square of side ``context`` x sqrt(w h) around the box, resized to ``crop`` pixels and
standardized (zero mean, unit variance) so 8-bit and 16-bit sources meet on one scale.

Batches take M identities x N frames (the paper: 8 x 8). Search augmentation (Section 4.2): random
horizontal flip (0.5), zero padding by 10 px at 128 px (scaled to the crop size) then a random crop
back, random erasing; retraining: flip only. Normalization is the per-crop standardization.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from workbench.core.data.synthetic import DemoSpec, ThermalDemo
from workbench.core.errors import DataError
from workbench.core.preprocess import REPLICATE, crop, to_gray_float32


def real_tracking_dirs(data: str | list[str | Path] = "") -> list[Path]:
    """The sequences with groundtruth under the given dataset roots / sequence folders (``data``: a
    list, or one string of paths separated by ``os.pathsep``); no roots: none (generated data only)."""
    import os

    from workbench.core.data import open_dataset
    from workbench.core.data.sequence import require_annotated

    roots = [r for r in (data.split(os.pathsep) if isinstance(data, str) else data) if str(r).strip()]
    out = []
    for root in roots:
        labelled = [(Path(e.path), gt) for e in open_dataset(Path(root)) if (gt := e.open().groundtruth) is not None]
        require_annotated(root, [gt for _, gt in labelled])
        out += [path for path, _ in labelled]
    return out


def corpus_tracks(corpus: str | list[str | Path] = "", holdout: str | list[str] = "") -> tuple[list, list]:
    """(training, held-out) labelled video sequences of the core training corpus
    (``workbench.core.training.corpus``) over ``corpus`` roots (a list, or one string separated by
    ``os.pathsep``); ``holdout`` names (a list or comma-separated) go to the held-out side. Image sets
    (YOLO folders such as Anti-UAV or IST-A) are left out: one identity is one target of one video."""
    import os

    from workbench.core.training.corpus import Corpus

    roots = [r for r in (corpus.split(os.pathsep) if isinstance(corpus, str) else corpus) if str(r).strip()]
    names = [n.strip() for n in (holdout.split(",") if isinstance(holdout, str) else holdout) if n.strip()]
    c = Corpus.from_roots(roots)
    c = Corpus([s for s in c.of_kind("labelled") if s.temporal], c.cfg)
    from workbench.core.options import OptionError, check_names

    if not c.names():  # image sets, unlabelled frames or videos only: none was used, without a word
        raise OptionError("--corpus", os.pathsep.join(map(str, roots)),
                          "holds no labelled video: nas_tir takes its identities from labelled tracking sequences "
                          "(image sets and unlabelled videos are left out)")

    # a mistyped name was dropped silently: the sequence meant to be held out was trained on
    check_names("--holdout", names, c.names(), "a labelled video under --corpus", "labelled video")
    train, held = c.split(names)
    return [s.sequence for s in train.sources], [s.sequence for s in held.sources]


def crop_square(img: np.ndarray, cx: float, cy: float, side, out: int) -> np.ndarray:
    """A square of ``side`` frame pixels (or a (width, height) window) centred on (cx, cy), resized to
    out x out (edges replicated), on the crop grid the shipped weights were trained with."""
    side = max(side, 1e-3) if np.ndim(side) == 0 else tuple(max(float(v), 1e-3) for v in side)
    return crop(img, cx, cy, side, out, fill=REPLICATE, grid="edge")


def standardize(x: np.ndarray) -> np.ndarray:
    x = x.astype(np.float32)
    return (x - x.mean()) / (x.std() + 1e-6)


class VariedDemo(ThermalDemo):
    """The core's thermal demo with per-seed body shapes and clothing for both walkers."""

    def __init__(self, spec: DemoSpec):
        super().__init__(spec)
        rng = np.random.default_rng((spec.seed, 99))
        self._sprites = [self._varied_sprite(rng), self._varied_sprite(rng)]

    def _varied_sprite(self, rng, size: int = 64) -> np.ndarray:
        yy, xx = np.mgrid[0:size, 0:size].astype(np.float32) / size
        hr, tw = rng.uniform(0.07, 0.13), rng.uniform(0.14, 0.26)
        head = ((xx - 0.5) / hr) ** 2 + ((yy - 0.1) / (hr * 0.85)) ** 2 < 1
        torso = (np.abs(xx - 0.5) < tw) & (yy > 0.18) & (yy < rng.uniform(0.5, 0.64))
        spr = np.zeros((size, size), np.float32)
        spr[torso] = rng.uniform(0.6, 0.95)
        if rng.random() < 0.6:  # a cooler jacket band or a bag
            y0 = rng.uniform(0.25, 0.45)
            band = torso & (yy > y0) & (yy < y0 + rng.uniform(0.05, 0.15))
            spr[band] *= rng.uniform(0.3, 0.7)
        if rng.random() < 0.3:
            bag = (np.abs(xx - 0.5 - tw) < 0.07) & (yy > 0.35) & (yy < 0.55)
            spr[bag] = rng.uniform(0.2, 0.5)
        spr[head] = 1.0
        return spr

    def _sprite(self, who: int) -> np.ndarray:
        return self._sprites[who]


def varied_spec(seed: int, frames: int = 120) -> DemoSpec:
    rng = np.random.default_rng((seed, 7))
    return DemoSpec(width=320, height=256, frames=frames, seed=seed, target_h=float(rng.uniform(30, 64)),
                    noise=float(rng.uniform(25, 90)), contrast=float(rng.uniform(700, 2000)))


@dataclass
class CropBank:
    """Standardized crops (N, S, S) float32 with identity labels (N,) and their names."""

    crops: np.ndarray
    labels: np.ndarray
    names: list[str]
    frames: np.ndarray = field(default=None)  # frame index of each crop in its sequence

    @property
    def n_ids(self) -> int:
        return len(self.names)

    @property
    def size(self) -> int:
        return int(self.crops.shape[-1])

    def subset(self, idx) -> "CropBank":
        idx = np.asarray(idx)
        return CropBank(self.crops[idx], self.labels[idx], self.names, self.frames[idx])

    def halves(self, seed: int = 0) -> tuple["CropBank", "CropBank"]:
        """Two disjoint halves, every identity's crops split between them (alpha / weights data)."""
        rng = np.random.default_rng(seed)
        a, b = [], []
        for k in range(self.n_ids):
            idx = np.flatnonzero(self.labels == k)
            idx = idx[rng.permutation(len(idx))]
            h = (len(idx) + 1) // 2
            a += idx[:h].tolist()
            b += idx[h:].tolist()
        return self.subset(sorted(a)), self.subset(sorted(b))

    def summary(self) -> str:
        return f"{len(self.crops)} crops of {self.size}x{self.size}, {self.n_ids} identities"


def _crops_from_track(frames_of, boxes: np.ndarray, indices, crop: int, context: float):
    out, idx = [], []
    for i in indices:
        b = boxes[i]
        if not np.all(np.isfinite(b)) or b[2] <= 1 or b[3] <= 1:
            continue
        img = frames_of(i)
        side = context * np.sqrt(b[2] * b[3])
        out.append(standardize(crop_square(img, b[0] + b[2] / 2, b[1] + b[3] / 2, side, crop)))
        idx.append(i)
    return out, idx


def build_bank(real: list[str | Path] | None = None, synthetic: int = 30, frames_per_id: int = 24,
               crop: int = 32, context: float = 2.0, seed: int = 0, synth_frames: int = 120,
               progress=None) -> CropBank:
    """Crops from ``real`` sequence folders (each its groundtruth target) and ``synthetic`` generated
    sequences (two identities each). ``frames_per_id`` frames spread evenly over each track."""
    from workbench.core.data import open_sequence

    crops, labels, names, fidx = [], [], [], []
    total = len(real or []) + synthetic
    done = 0

    def add(name, cs, ids):
        if len(cs) < 2:
            return
        k = len(names)
        names.append(name)
        crops.extend(cs)
        labels.extend([k] * len(cs))
        fidx.extend(ids)

    for path in real or []:
        seq = path if hasattr(path, "frame") else open_sequence(path)  # an opened Sequence (the corpus) or a path
        if seq.groundtruth is None:
            raise DataError(path, "a training sequence needs groundtruth boxes")
        n = len(seq)
        ids = np.unique(np.linspace(0, n - 1, min(frames_per_id, n)).round().astype(int))
        cs, ok = _crops_from_track(lambda i: to_gray_float32(seq.frame(i)), seq.groundtruth, ids, crop, context)
        add(seq.name, cs, ok)
        done += 1
        if progress:
            progress(done / max(total, 1), f"crops from {seq.name}")
    for s in range(synthetic):
        sd = 1000 + seed * 10000 + s
        demo = VariedDemo(varied_spec(sd, synth_frames))
        n = demo.spec.frames
        ids = np.unique(np.linspace(0, n - 1, min(frames_per_id, n)).round().astype(int))
        cache: dict[int, np.ndarray] = {}

        def frame(i, demo=demo, cache=cache):
            if i not in cache:
                cache[i] = demo.render(i).astype(np.float32)
            return cache[i]

        gt_t = demo.groundtruth()
        gt_d = np.array([[cx - w / 2, cy - h / 2, w, h] for cx, cy, w, h in
                         (demo.distractor_state(i) for i in range(n))])
        # the walker behind the pole and the distractor outside the frame give poor crops: skip those
        occl = demo.occlusion()
        inside = (gt_d[:, 0] > 0) & (gt_d[:, 0] + gt_d[:, 2] < demo.spec.width)
        cs, ok = _crops_from_track(frame, gt_t, [i for i in ids if not occl[i]], crop, context)
        add(f"synthetic_{sd}_walker", cs, ok)
        cs, ok = _crops_from_track(frame, gt_d, [i for i in ids if inside[i]], crop, context)
        add(f"synthetic_{sd}_distractor", cs, ok)
        done += 1
        if progress:
            progress(done / max(total, 1), f"crops from synthetic seed {sd}")
    if not crops:
        raise DataError(None, "no training crops: give labelled sequences (--data, --corpus) or --synthetic 1 or more")
    return CropBank(np.stack(crops).astype(np.float32), np.asarray(labels, dtype=np.int64), names,
                    np.asarray(fidx, dtype=np.int64))


def augment(x: np.ndarray, rng: np.random.Generator, flip: bool = True, pad: int = 0,
            erase: float = 0.0, invert: float = 0.0) -> np.ndarray:
    """One (S, S) crop: horizontal flip (p 0.5), zero padding + random crop back, random erasing;
    ``invert``: probability of flipping the polarity (white-hot <-> black-hot; not in the paper)."""
    s = x.shape[-1]
    if invert > 0 and rng.random() < invert:
        x = -x
    if flip and rng.random() < 0.5:
        x = x[:, ::-1]
    if pad > 0:
        big = np.zeros((s + 2 * pad, s + 2 * pad), np.float32)
        big[pad:pad + s, pad:pad + s] = x
        oy, ox = rng.integers(0, 2 * pad + 1, size=2)
        x = big[oy:oy + s, ox:ox + s]
    if erase > 0 and rng.random() < erase:  # random erasing (Zhong et al.): area 2-20 %, aspect 0.3-3.3
        for _ in range(10):
            area = rng.uniform(0.02, 0.2) * s * s
            ar = np.exp(rng.uniform(np.log(0.3), np.log(3.3)))
            h, w = int(round(np.sqrt(area * ar))), int(round(np.sqrt(area / ar)))
            if 0 < h < s and 0 < w < s:
                y0, x0 = rng.integers(0, s - h + 1), rng.integers(0, s - w + 1)
                x = x.copy()
                x[y0:y0 + h, x0:x0 + w] = rng.normal(0, 1, size=(h, w))
                break
    return np.ascontiguousarray(x)


def sample_batch(bank: CropBank, m: int, n: int, rng: np.random.Generator, mode: str = "search",
                 invert: float = 0.0):
    """M identities x N crops -> (x (M*N, 1, S, S) float32, labels (M*N,)) as numpy arrays."""
    ids = rng.choice(bank.n_ids, size=min(m, bank.n_ids), replace=False)
    s = bank.size
    pad = max(1, int(round(10 * s / 128))) if mode == "search" else 0
    erase = 0.5 if mode == "search" else 0.0
    xs, ys = [], []
    for k in ids:
        pool = np.flatnonzero(bank.labels == k)
        pick = rng.choice(pool, size=n, replace=len(pool) < n)
        for i in pick:
            xs.append(augment(bank.crops[i], rng, True, pad, erase, invert))
            ys.append(k)
    return np.stack(xs)[:, None].astype(np.float32), np.asarray(ys, dtype=np.int64)
