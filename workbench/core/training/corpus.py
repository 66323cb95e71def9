"""One training corpus for every tracker: every sequence and image under the user's roots, plus the
core generators, and a pair sampler over all of them.

    corpus = Corpus.from_roots(["/data/tracking", "/data/irst"], CorpusConfig(generated_demo=4))
    train, held = corpus.split(holdout=["vottir2016_horse"])      # by whole sequence
    sampler = train.sampler(PairConfig(x_size=255))               # PairSampler's interface
    z, x, boxes = sampler.batch(8, rng)

Sources (``Source.kind``):

``labelled``    a sequence with groundtruth boxes (any layout ``open_dataset`` / ``open_sequence`` reads,
                and labelled frame folders of ``irseq``: ``labels.csv`` / DAUB ``anno_xy.txt`` whose boxes
                are big enough): temporal pairs, two frames at most ``max_gap`` apart (``PairConfig``).
``unlabelled``  frames without usable boxes (image sets such as SIRST, frame folders such as DAUB or
                Anti-UAV, videos): self-supervised pairs from one image.
``synthetic``   the core generators (``synthetic.demo_sequence``, ``irseq_synth``) and any sequences a
                plugin adds (``Corpus.add``); labelled ones give temporal pairs.
``hsi``         hyperspectral sequences: listed (``Corpus.hsi()``, for HA-Net) and sampled only when
                their weight is set.

A self-supervised pair: an object-like region of an image (of several random candidate boxes, the one
whose edges and contrast against its surround are strongest, not a uniform random box) is the
template; the search crop is the same image under a recorded affine transform (shift, scale, aspect,
rotation about the region's centre) with photometric changes (gain, gamma, contrast), blur and noise;
thermal polarity (inversion) flips template and search together. The label is the axis-aligned box
of the region's transformed corners in search-crop pixels; ``Pair.transform`` is the 2x3 matrix from
source-image pixels to search-crop pixels, ``Pair.source_box`` the region (x, y, w, h) in the image.

Sampling: a kind is drawn with the kind weights (``CorpusConfig.weights``; a source's own weight in
``source_weights`` replaces its kind's share by name), then a source of that kind by its number of
usable frames. Splits are by whole source (sequence / image set), never by frame.
"""
from __future__ import annotations

import math
import os
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from pathlib import Path

import cv2
import numpy as np

from workbench.core.errors import WorkbenchError
from workbench.core.preprocess import box_to_crop, crop, frame_to_rgb
from workbench.core.training.pairs import Pair, PairConfig, context_size, temporal_frames, usable_frames

KINDS = ("labelled", "unlabelled", "synthetic", "hsi")
# layouts whose frames are separate images, not a video: their boxes mark the region of a
# self-supervised pair (two images of such a set may show different targets)
IMAGE_SET_LAYOUTS = ("yolo", "folder", "image", "sirst")


@dataclass
class AugmentConfig:
    """Self-supervised pair augmentations (search side unless said), all drawn uniformly in the ranges."""

    rotation: float = 12.0  # degrees, +-
    scale: float = 0.25  # object scale change, log-uniform exp(U(-s, s))
    aspect: float = 0.15  # aspect change, log-uniform
    gain: tuple[float, float] = (0.7, 1.35)
    gamma: float = 0.35  # exp(U(-g, g))
    contrast: tuple[float, float] = (0.7, 1.3)
    blur_prob: float = 0.3
    blur_sigma: float = 1.5
    noise_prob: float = 0.5
    noise_sigma: float = 8.0  # 0..255 scale
    invert_prob: float = 0.3  # thermal polarity: template and search together
    region_min: float = 8.0  # region side in pixels (smallest)
    region_max: float = 0.35  # region side, fraction of the image's shorter side (largest)
    candidates: int = 16  # random candidate boxes; the most object-like one is kept


@dataclass
class CorpusConfig:
    weights: dict = field(default_factory=lambda: {"labelled": 1.0, "unlabelled": 0.5, "synthetic": 0.5, "hsi": 0.0})
    source_weights: dict = field(default_factory=dict)  # name -> weight (replaces its kind's share)
    self_prob: float = 0.0  # a labelled source gives a self-supervised pair this often
    augment_temporal: bool = True  # polarity, photometric, blur, noise on temporal pairs too
    augment: AugmentConfig = field(default_factory=AugmentConfig)
    generated_demo: int = 0  # core thermal demo sequences (synthetic.demo_sequence)
    generated_irseq: int = 0  # core small-target sky sequences (irseq_synth), unlabelled use
    seed: int = 0
    cache_mb: int = 512  # decoded frames kept (uint8)
    max_depth: int = 3  # how deep discovery looks below a root for sequence folders


@dataclass
class Source:
    name: str
    kind: str  # one of KINDS
    sequence: object  # workbench.core.data.Sequence
    path: str = ""
    layout: str = ""
    valid: np.ndarray | None = None  # usable frame indices (labelled: boxes big enough; else all)
    temporal: bool = True  # frames are a video (temporal pairs); False: an image set

    def read(self, i: int) -> np.ndarray:
        """Frame ``i``; an image set's frames may differ in size, so its frames are read raw."""
        if not self.temporal and hasattr(self.sequence, "frames"):
            return self.sequence.frames.read(i)
        return self.sequence.frame(i)

    @property
    def frames(self) -> int:
        return len(self.valid) if self.valid is not None else len(self.sequence)


# --- discovery --------------------------------------------------------------------------------
def _usable(seq, min_size: float) -> np.ndarray:
    gt = seq.groundtruth
    return np.zeros(0, np.int64) if gt is None else usable_frames(gt, min_size)


def _source_key(s: Source) -> tuple:
    """One sequence whichever root found it: its resolved path, layout and name (UAV123's sub-sequences share a
    path)."""
    return (os.path.realpath(s.path) if s.path else id(s), s.layout, s.name)


def source_of(seq, path="", layout: str = "", kind: str | None = None,
              min_size: float = PairConfig.min_size) -> Source:
    """A ``Source`` for one opened sequence: hsi by modality, labelled when at least two frames have
    usable boxes, else unlabelled (every frame)."""
    if kind is None:
        if seq.modality == "hsi":
            kind = "hsi"
        elif len(_usable(seq, min_size)) >= 2:
            kind = "labelled"
        else:
            kind = "unlabelled"
    valid = _usable(seq, min_size) if kind in ("labelled", "hsi", "synthetic") and seq.groundtruth is not None \
        else np.arange(len(seq))
    if kind in ("labelled", "hsi") and len(valid) < 2:
        valid = np.arange(len(seq))
    layout = layout or seq.meta.get("layout", "")
    return Source(seq.name, kind, seq, str(path), layout, valid, temporal=layout not in IMAGE_SET_LAYOUTS)


def discover(root: str | Path, min_size: float = PairConfig.min_size, max_depth: int = 3,
             log=None) -> list[Source]:
    """Every sequence / frame folder / image set / video / cube under ``root`` as ``Source`` objects.

    Labelled frame folders of the small-target layout (``irseq``: DAUB ``anno_xy.txt``, ``labels.csv``)
    first; then whatever ``open_dataset`` lists (all tracking layouts, image folders, videos, cubes);
    folders neither claimed are searched again, up to ``max_depth`` levels down."""
    from workbench.core.data import open_dataset
    from workbench.core.data import irseq

    root = Path(root)
    if not root.exists():
        raise WorkbenchError(f"corpus root {root}: no such file or folder")
    from workbench.core.training.pack import is_pack, open_pack

    if is_pack(root):  # a packed corpus (``workbench corpus pack``)
        out = []
        for m, seq in open_pack(root):
            src = source_of(seq, m.get("path", ""), m.get("layout", ""), kind=m["kind"], min_size=min_size)
            src.temporal = bool(m.get("temporal", True))
            out.append(src)
        return out
    out: list[Source] = []

    def walk(path: Path, depth: int) -> None:
        if path.is_dir() and irseq.probe(path):
            try:
                seq = irseq.open_irseq(path).to_sequence()
            except WorkbenchError as exc:
                if log:
                    log(f"corpus: skipped {path}: {exc}")
                return
            out.append(source_of(seq, path, seq.meta.get("layout", "irseq"), min_size=min_size))
            return
        try:
            entries = open_dataset(path, errors="collect", nested=False)  # the walk below goes deeper itself
        except WorkbenchError:
            entries = []
        claimed = []
        for e in entries:
            if e.error is not None:
                if log:
                    log(f"corpus: skipped {e.path}: {e.error}")
                continue
            try:
                seq = e.open()
            except WorkbenchError as exc:
                if log:
                    log(f"corpus: skipped {e.path}: {exc}")
                continue
            out.append(source_of(seq, e.path, e.layout, min_size=min_size))
            claimed.append(Path(e.path))
            # and the sequence's own folder below: a UAV123 entry is its annotation file, its frames a
            # folder under data_seq/ that would otherwise be found, and opened, again further down
            if seq.path and path in Path(seq.path).parents:
                claimed.append(Path(seq.path))
        if depth >= max_depth or not path.is_dir():
            return
        for child in sorted(p for p in path.iterdir() if p.is_dir() and not p.name.startswith(".")):
            if any(c == child or child in c.parents or c in child.parents for c in claimed):
                continue
            walk(child, depth + 1)

    walk(root, 0)
    return out


def generated_sources(demo: int = 0, irseq: int = 0, seed: int = 0) -> list[Source]:
    """The core generators as synthetic sources (thermal demo walkers: labelled; small-target sky
    scenes: unlabelled use, their point targets are too small for boxes)."""
    from workbench.core.data.synthetic import demo_sequence

    out = []
    sizes = [(320, 256), (400, 300), (256, 200), (480, 360)]
    for k in range(demo):
        w, h = sizes[k % len(sizes)]
        seq = demo_sequence(frames=100, width=w, height=h, seed=seed * 1000 + 11 + k, name=f"gen_demo_{k}")
        out.append(source_of(seq, "", "synthetic", kind="synthetic"))
    if irseq:
        from workbench.core.data.irseq_synth import make_sequences

        for k, s in enumerate(make_sequences(irseq, seed=seed)):
            seq = s.to_sequence()
            seq.name = f"gen_irseq_{k}"
            src = Source(seq.name, "synthetic", seq, "", "irseq_synth", np.arange(len(seq)), temporal=False)
            out.append(src)
    return out


# --- the corpus -------------------------------------------------------------------------------
class Corpus:
    def __init__(self, sources: list[Source], config: CorpusConfig | None = None, log=None):
        self.cfg = config or CorpusConfig()
        self.sources = list(sources)
        self.log = log  # where a training's sampler says a frame it skips (None: stderr)
        names = [s.name for s in self.sources]
        dup = {n for n in names if names.count(n) > 1}
        for s in self.sources:  # names identify sources in splits: make them unique, deterministically
            if s.name in dup:
                s.name = f"{s.name} ({Path(s.path).parent.name or s.layout})"

    @classmethod
    def from_roots(cls, roots, config: CorpusConfig | None = None, exclude=(), extra: list[Source] = (),
                   log=None) -> "Corpus":
        cfg = config or CorpusConfig()
        srcs: list[Source] = []
        for r in roots or []:
            skipped: list[str] = []
            found = discover(r, max_depth=cfg.max_depth, log=lambda line: (skipped.append(line), log and log(line)))
            if not found:  # an empty folder or a stray file: the training went on with the generated sources alone
                why = f" ({skipped[0].removeprefix('corpus: ')})" if skipped else ""
                raise WorkbenchError(f"corpus root {r}: no sequence, image set, video or cube found there (nor "
                                     f"{cfg.max_depth} folders down){why}; give a dataset root or a sequence folder")
            # a root given twice, or a root and a folder inside it, put the same frames in twice (twice as often
            # drawn, packed twice, named 'seq (data)' both): each sequence is taken once, and said
            seen = {_source_key(s) for s in srcs}
            for s in found:
                if _source_key(s) in seen:
                    if log:
                        log(f"corpus: {s.name} ({s.path}) is under an earlier root too: taken once")
                    continue
                seen.add(_source_key(s))
                srcs.append(s)
        srcs += generated_sources(cfg.generated_demo, cfg.generated_irseq, cfg.seed)
        srcs += list(extra)
        corpus = cls(srcs, cfg, log)
        return corpus.without(exclude) if exclude else corpus

    def add(self, sequences, kind: str = "synthetic") -> "Corpus":
        """Add opened sequences (e.g. a plugin's own generators) as sources of ``kind``."""
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
        new = [source_of(s, s.path or "", s.meta.get("layout", ""), kind=kind) for s in sequences]
        return Corpus(self.sources + new, self.cfg, self.log)

    def __len__(self) -> int:
        return len(self.sources)

    def names(self, kind: str | None = None) -> list[str]:
        return [s.name for s in self.sources if kind is None or s.kind == kind]

    def of_kind(self, *kinds: str) -> list[Source]:
        return [s for s in self.sources if s.kind in kinds]

    def labelled_sequences(self, real_only: bool = True) -> list:
        """Opened sequences with usable groundtruth (real ones, or with generated ones too)."""
        kinds = ("labelled",) if real_only else ("labelled", "synthetic")
        return [s.sequence for s in self.of_kind(*kinds) if s.sequence.groundtruth is not None]

    def hsi(self) -> list:
        """The hyperspectral sequences (HA-Net's training videos)."""
        return [s.sequence for s in self.of_kind("hsi")]

    def without(self, names) -> "Corpus":
        names = set(names)
        return Corpus([s for s in self.sources if s.name not in names], self.cfg, self.log)

    def split(self, holdout) -> tuple["Corpus", "Corpus"]:
        """(train, held-out): whole sources named in ``holdout`` go to the held-out side."""
        holdout = list(holdout)
        known = set(self.names())
        missing = [n for n in holdout if n not in known]
        if missing:
            raise WorkbenchError(f"held-out source(s) not in the corpus: {', '.join(missing)} "
                                 f"(have: {', '.join(sorted(known))})")
        hs = set(holdout)
        return (Corpus([s for s in self.sources if s.name not in hs], self.cfg, self.log),
                Corpus([s for s in self.sources if s.name in hs], self.cfg, self.log))

    def kfold(self, k: int, seed: int = 0, kinds=("labelled",)) -> list[tuple["Corpus", "Corpus"]]:
        """k (train, validation) pairs; the sources of ``kinds`` are dealt into k folds by whole
        source (shuffled with ``seed``); every other source stays in training."""
        pool = [s.name for s in self.sources if s.kind in kinds]
        if k < 2 or k > len(pool):
            raise WorkbenchError(f"k-fold needs 2 <= k <= {len(pool)} sources of kind {'/'.join(kinds)}, got k={k}")
        order = [pool[i] for i in np.random.default_rng(seed).permutation(len(pool))]
        return [self.split(order[f::k]) for f in range(k)]

    def summary(self) -> str:
        lines = [f"{len(self.sources)} sources"]
        for kind in KINDS:
            ss = self.of_kind(kind)
            if ss:
                lines.append(f"  {kind}: {len(ss)} ({sum(s.frames for s in ss)} frames): "
                             + ", ".join(s.name for s in ss[:12]) + (" ..." if len(ss) > 12 else ""))
        return "\n".join(lines)

    def sampler(self, pair: PairConfig | None = None) -> "CorpusSampler":
        return CorpusSampler(self, pair)


# --- self-supervised geometry -----------------------------------------------------------------
def _box_sums(ii: np.ndarray, x0, y0, x1, y1):
    return ii[y1, x1] - ii[y0, x1] - ii[y1, x0] + ii[y0, x0]


class RegionScorer:
    """A small gray copy of one frame (longer side ``side``) with integral images of its values and edge
    magnitude: ``pick`` draws ``aug.candidates`` random boxes (log-uniform size, random aspect) and keeps
    the one with the highest edge density plus contrast against its surround (a ring as wide as half the
    box), with a little randomness so the same image gives varied regions. Built once per frame, it
    serves many picks (the device pair sampler keeps one per cached frame)."""

    __slots__ = ("k", "ig", "ie", "spread", "h", "w")

    def __init__(self, gray: np.ndarray, side: int = 128):
        H, W = gray.shape
        k = min(1.0, side / max(H, W))
        g = cv2.resize(gray, (max(2, int(W * k)), max(2, int(H * k))), interpolation=cv2.INTER_AREA) if k < 1 else gray
        g = g.astype(np.float32)
        gx = cv2.Sobel(g, cv2.CV_32F, 1, 0, ksize=3)
        gy = cv2.Sobel(g, cv2.CV_32F, 0, 1, ksize=3)
        self.ie = cv2.integral(np.sqrt(gx * gx + gy * gy), sdepth=cv2.CV_64F)
        self.ig = cv2.integral(g, sdepth=cv2.CV_64F)
        self.spread = float(g.std()) + 1e-3
        self.k = k
        self.h, self.w = g.shape

    def pick(self, rng, W: float, H: float, aug) -> tuple[float, float, float, float]:
        n = max(1, aug.candidates)
        lo = min(aug.region_min, 0.5 * min(H, W))
        hi = max(lo * 1.01, aug.region_max * min(H, W))
        side = np.exp(rng.uniform(math.log(lo), math.log(hi), n))
        a = np.exp(rng.uniform(-0.6, 0.6, n))
        bw = np.minimum(side * np.sqrt(a), W - 1.0)
        bh = np.minimum(side / np.sqrt(a), H - 1.0)
        x = rng.uniform(0, 1, n) * (W - bw)
        y = rng.uniform(0, 1, n) * (H - bh)
        k, h, w = self.k, self.h, self.w
        x0, y0 = np.clip((x * k).astype(int), 0, w - 1), np.clip((y * k).astype(int), 0, h - 1)
        x1 = np.maximum(x0 + 1, np.minimum(w, np.ceil((x + bw) * k).astype(int)))
        y1 = np.maximum(y0 + 1, np.minimum(h, np.ceil((y + bh) * k).astype(int)))
        area = (x1 - x0) * (y1 - y0)
        rw, rh = np.maximum(1, (x1 - x0) // 2), np.maximum(1, (y1 - y0) // 2)
        X0, Y0 = np.maximum(0, x0 - rw), np.maximum(0, y0 - rh)
        X1, Y1 = np.minimum(w, x1 + rw), np.minimum(h, y1 + rh)
        ring = (X1 - X0) * (Y1 - Y0) - area
        inner = _box_sums(self.ig, x0, y0, x1, y1) / area
        outer = (_box_sums(self.ig, X0, Y0, X1, Y1) - inner * area) / np.maximum(ring, 1)
        edges = _box_sums(self.ie, x0, y0, x1, y1) / area
        s = edges / (4 * self.spread) + np.where(ring > 0, np.abs(inner - outer) / self.spread, 0.0)
        s = s + rng.gumbel(size=n) * 0.05
        i = int(np.argmax(s))
        return float(x[i]), float(y[i]), float(bw[i]), float(bh[i])


def object_region(gray: np.ndarray, rng: np.random.Generator, aug: AugmentConfig) -> tuple[float, float, float, float]:
    """An object-like box (x, y, w, h) in ``gray`` (``RegionScorer`` on a copy of at most 256 px)."""
    H, W = gray.shape
    return RegionScorer(gray, 256).pick(rng, W, H, aug)


def affine_about(cx: float, cy: float, angle_deg: float, scale: float, aspect: float) -> np.ndarray:
    """2x3 matrix: rotate by ``angle``, scale x by scale*sqrt(aspect) and y by scale/sqrt(aspect),
    about (cx, cy)."""
    t = math.radians(angle_deg)
    c, s = math.cos(t), math.sin(t)
    sx, sy = scale * math.sqrt(aspect), scale / math.sqrt(aspect)
    a = np.array([[c * sx, -s * sy], [s * sx, c * sy]])
    return np.hstack([a, (np.array([cx, cy]) - a @ np.array([cx, cy]))[:, None]])


def map_box(m: np.ndarray, box_xywh) -> np.ndarray:
    """(x0, y0, x1, y1) of the axis-aligned box around the four corners of ``box`` under ``m``."""
    x, y, w, h = box_xywh
    pts = np.array([[x, y, 1], [x + w, y, 1], [x, y + h, 1], [x + w, y + h, 1]], np.float64)
    q = pts @ np.asarray(m, np.float64).T
    return np.array([q[:, 0].min(), q[:, 1].min(), q[:, 0].max(), q[:, 1].max()], np.float32)


def crop_matrix(cx: float, cy: float, side: float, out: int) -> np.ndarray:
    """The 2x3 frame -> crop matrix of ``preprocess.crop(..., grid="pixel")`` (and ``box_to_crop``)."""
    k = out / side
    return np.array([[k, 0, (out - 1) / 2.0 - cx * k], [0, k, (out - 1) / 2.0 - cy * k]])


def compose(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The 2x3 matrix of ``a`` after ``b``."""
    A = np.vstack([a, [0, 0, 1]])
    B = np.vstack([b, [0, 0, 1]])
    return (A @ B)[:2]


# A pair's geometry, drawn once for the two samplers that cut it: ``CorpusSampler`` with OpenCV here, and
# ``device_pairs.DevicePairSampler`` on the device, which makes the same pairs from the same seed (each draw from
# ``rng`` in the order below). A region is (centre x, centre y, side), as ``crop`` and ``crop_matrix`` take it.

def temporal_geometry(rng: np.random.Generator, valid: np.ndarray, gt, c: PairConfig, template=None):
    """A temporal pair of a labelled video (``gt``: its boxes; ``valid``: its usable frames): ``(fa, fb, z, x)``,
    the template's frame and one at most ``c.max_gap`` from it for the search image, the template region about
    ``fa``'s box (shifted by up to ``c.template_shift`` of its side) and the search region about ``fb``'s (scaled by
    up to e^``c.scale``, shifted by up to ``c.shift`` of its side). ``template(fa)``, when given, is called once
    the two frames are drawn, before the region's draws: ``CorpusSampler`` reads the template's frame there, so
    that a frame it cannot read (skipped, the pair drawn again) leaves the random stream where it always did."""
    fa, fb = temporal_frames(rng, valid, c.max_gap)
    if template is not None:
        template(fa)
    x0, y0, w, h = gt[fa]
    sz = context_size(w, h, c.context)
    j = c.template_shift * sz
    z = (x0 + w / 2 + rng.uniform(-j, j), y0 + h / 2 + rng.uniform(-j, j), sz)
    bx, by, bw, bh = gt[fb]
    side = context_size(bw, bh, c.context) * c.x_size / c.z_size * math.exp(rng.uniform(-c.scale, c.scale))
    dx, dy = rng.uniform(-c.shift, c.shift, 2) * side
    return fa, fb, z, (bx + bw / 2 + dx, by + bh / 2 + dy, side)


def target_region(gt, f: int, kind: str, min_size: float) -> tuple[float, float, float, float] | None:
    """A self-supervised pair's region where frame ``f`` of a source (not ``unlabelled``) has a box of at least
    ``min_size`` px a side in ``gt``: that box, its target; else None (an object-like region is drawn)."""
    hint = gt[f] if gt is not None and kind != "unlabelled" and f < len(gt) else None
    if hint is not None and np.all(np.isfinite(hint)) and min(hint[2], hint[3]) >= min_size:
        return tuple(float(v) for v in hint)
    return None


def self_geometry(rng: np.random.Generator, region, c: PairConfig, a: AugmentConfig):
    """A self-supervised pair of one image about ``region`` (x, y, w, h): ``(z, t, x)``, the template region
    (shifted as a temporal pair's), the affine ``t`` (rotation, scale, aspect about the region's centre) that
    makes the search image, and the search region about the moved box (scaled and shifted as a temporal
    pair's), in ``t``'s output frame."""
    x0, y0, w, h = region
    rcx, rcy = x0 + w / 2, y0 + h / 2
    sz = context_size(w, h, c.context)
    j = c.template_shift * sz
    z = (rcx + rng.uniform(-j, j), rcy + rng.uniform(-j, j), sz)
    t = affine_about(rcx, rcy, rng.uniform(-a.rotation, a.rotation), math.exp(rng.uniform(-a.scale, a.scale)),
                     math.exp(rng.uniform(-a.aspect, a.aspect)))
    bx0, by0, bx1, by1 = map_box(t, region)
    side = context_size(bx1 - bx0, by1 - by0, c.context) * c.x_size / c.z_size \
        * math.exp(rng.uniform(-c.scale, c.scale))
    dx, dy = rng.uniform(-c.shift, c.shift, 2) * side
    return z, t, ((bx0 + bx1) / 2 + dx, (by0 + by1) / 2 + dy, side)


def photometric(img: np.ndarray, rng: np.random.Generator, aug: AugmentConfig) -> np.ndarray:
    """Gain, gamma, contrast, blur and noise on a 0..255 float image."""
    v = img * rng.uniform(*aug.gain)
    v = 255.0 * np.power(np.clip(v, 0, 255) / 255.0, math.exp(rng.uniform(-aug.gamma, aug.gamma)))
    m = float(v.mean())
    v = (v - m) * rng.uniform(*aug.contrast) + m
    if aug.blur_prob and rng.random() < aug.blur_prob:
        v = cv2.GaussianBlur(v.astype(np.float32), (0, 0), rng.uniform(0.3, aug.blur_sigma))
    if aug.noise_prob and rng.random() < aug.noise_prob:
        v = v + rng.normal(0, rng.uniform(0, aug.noise_sigma), v.shape)
    return np.clip(v, 0, 255).astype(np.float32)


# --- sampler ----------------------------------------------------------------------------------
class _UnreadableFrame(Exception):
    """A source's frame the reader refused while sampling (``CorpusSampler._skip`` leaves it out)."""

    def __init__(self, source: int, frame: int, error: BaseException):
        super().__init__(str(error))
        self.source, self.frame, self.error = source, frame, error


def _stderr(line: str) -> None:
    import sys

    print(line, file=sys.stderr)


class CorpusSampler:
    """``sample(rng) -> Pair`` / ``batch(n, rng)`` / ``len()`` as ``PairSampler``, over a corpus."""

    def __init__(self, corpus: Corpus, config: PairConfig | None = None):
        self.corpus = corpus
        self.cfg = config or PairConfig()
        self.aug = corpus.cfg.augment
        c = corpus.cfg
        unknown = sorted(set(c.source_weights) - {s.name for s in corpus.sources})
        if unknown:  # a typo weighted nothing, silently
            some = ", ".join(sorted(s.name for s in corpus.sources)[:6])
            raise WorkbenchError(f"--corpus-weights: {', '.join(map(repr, unknown))} is neither a kind "
                                 f"({', '.join(KINDS)}) nor a source of this corpus ({len(corpus.sources)} "
                                 f"sources: {some}{', ...' if len(corpus.sources) > 6 else ''})")
        self.sources = [s for s in corpus.sources if s.frames >= 1 and self._weight(s) > 0]
        if not self.sources:
            raise WorkbenchError("the training corpus has no source with a positive weight and usable frames")
        # kind share, then frames within a kind; a named source weight replaces its kind's share
        named = {s.name: float(c.source_weights[s.name]) for s in self.sources if s.name in c.source_weights}
        w = np.zeros(len(self.sources))
        for kind in KINDS:
            idx = [i for i, s in enumerate(self.sources) if s.kind == kind and s.name not in named]
            if idx:
                f = np.array([self.sources[i].frames for i in idx], np.float64)
                w[idx] = float(c.weights.get(kind, 0.0)) * f / f.sum()
        for i, s in enumerate(self.sources):
            if s.name in named:
                w[i] = named[s.name]
        if w.sum() <= 0:
            raise WorkbenchError("the training corpus's weights are all zero")
        self.weights = w / w.sum()
        self._cache: OrderedDict = OrderedDict()
        self._cache_bytes = 0

    def _weight(self, s: Source) -> float:
        c = self.corpus.cfg
        return float(c.source_weights.get(s.name, c.weights.get(s.kind, 0.0)))

    def __len__(self) -> int:
        return int(sum(s.frames for s in self.sources))

    def share(self) -> dict[str, float]:
        """Expected fraction of pairs from each kind."""
        out: dict[str, float] = {}
        for s, w in zip(self.sources, self.weights):
            out[s.kind] = out.get(s.kind, 0.0) + float(w)
        return out

    def _rgb(self, si: int, i: int) -> np.ndarray:
        key = (si, i)
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        try:
            f = frame_to_rgb(self.sources[si].read(i)).astype(np.uint8)
        except (WorkbenchError, OSError) as exc:  # DataError of a corrupt or missing file
            raise _UnreadableFrame(si, i, exc) from exc
        self._cache[key] = f
        self._cache_bytes += f.nbytes
        while self._cache_bytes > self.corpus.cfg.cache_mb * 2 ** 20 and len(self._cache) > 1:
            _, old = self._cache.popitem(last=False)
            self._cache_bytes -= old.nbytes
        return f

    def sample(self, rng: np.random.Generator) -> Pair:
        while True:
            si = int(rng.choice(len(self.sources), p=self.weights))
            s = self.sources[si]
            temporal = s.temporal and s.sequence.groundtruth is not None and s.kind != "unlabelled" \
                and len(s.valid) >= 2 and not (s.kind == "labelled" and rng.random() < self.corpus.cfg.self_prob)
            try:
                return self._temporal(rng, si) if temporal else self._self_supervised(rng, si)
            except _UnreadableFrame as bad:  # one corrupt file of a big folder must not end a long training
                self._skip(bad)

    def _skip(self, bad: "_UnreadableFrame") -> None:
        """Leave frame ``bad.frame`` of source ``bad.source`` out of the draws (the source, when no frame is
        left), said in one line naming the file; no source left is the reader's error."""
        s = self.sources[bad.source]
        s.valid = s.valid[s.valid != bad.frame] if s.valid is not None else \
            np.setdiff1d(np.arange(len(s.sequence)), [bad.frame])
        left = len(s.valid)
        if not left:
            del self.sources[bad.source]
            self.weights = np.delete(self.weights, bad.source)
            # cached frames are keyed by source index: the later sources' move down one
            self._cache = OrderedDict(((k[0] - (k[0] > bad.source), k[1]), v) for k, v in self._cache.items()
                                      if k[0] != bad.source)
            self._cache_bytes = sum(v.nbytes for v in self._cache.values())
            if not self.sources or self.weights.sum() <= 0:
                raise bad.error
            self.weights = self.weights / self.weights.sum()
        said = f"{left} frame(s) of it left" if left else "no frame of it left: source dropped"
        line = f"corpus: skipped frame {bad.frame} of {s.name} ({said}): {bad.error}"
        (self.corpus.log or _stderr)(line)

    def batch(self, n: int, rng: np.random.Generator):
        pairs = [self.sample(rng) for _ in range(n)]
        return (np.stack([p.z for p in pairs]), np.stack([p.x for p in pairs]), np.stack([p.box for p in pairs]))

    def _finish(self, z, x, rng, search_aug: bool):
        if search_aug:
            x = photometric(x, rng, self.aug)
        if self.aug.invert_prob and rng.random() < self.aug.invert_prob:
            z, x = 255.0 - z, 255.0 - x
        if self.cfg.gray_prob and rng.random() < self.cfg.gray_prob:
            z = np.repeat(z.mean(2, keepdims=True), 3, axis=2)
            x = np.repeat(x.mean(2, keepdims=True), 3, axis=2)
        return np.ascontiguousarray(z, np.float32), np.ascontiguousarray(x, np.float32)

    def _temporal(self, rng, si: int) -> Pair:
        c, s = self.cfg, self.sources[si]
        gt = s.sequence.groundtruth
        # the template's frame read between the frames' draws and the regions' (``temporal_geometry``'s template):
        # read after them, a corrupt one made every later pair of a fixed seed another (8b69c07)
        fa, fb, (zx, zy, sz), (cx, cy, side) = temporal_geometry(rng, s.valid, gt, c, lambda f: self._rgb(si, f))
        z = crop(self._rgb(si, fa).astype(np.float32), zx, zy, sz, c.z_size)
        xs = crop(self._rgb(si, fb).astype(np.float32), cx, cy, side, c.x_size)
        box = box_to_crop(tuple(gt[fb]), cx, cy, side, c.x_size)
        z, xs = self._finish(z, xs, rng, self.corpus.cfg.augment_temporal)
        return Pair(z, xs, box, s.name, (fa, fb), kind="temporal", source_box=np.asarray(gt[fb], np.float32),
                    transform=crop_matrix(cx, cy, side, c.x_size))

    def _self_supervised(self, rng, si: int) -> Pair:
        c, a, s = self.cfg, self.aug, self.sources[si]
        f = int(s.valid[int(rng.integers(len(s.valid)))])
        img = self._rgb(si, f)
        region = target_region(s.sequence.groundtruth, f, s.kind, c.min_size)  # a labelled image: its target
        if region is None:
            region = object_region(img.mean(2), rng, a)
        imgf = img.astype(np.float32)
        (zx, zy, sz), t, (cx, cy, side) = self_geometry(rng, region, c, a)
        z = crop(imgf, zx, zy, sz, c.z_size)
        m = compose(crop_matrix(cx, cy, side, c.x_size), t)
        fill = tuple(float(v) for v in imgf.reshape(-1, 3).mean(0))
        xs = cv2.warpAffine(imgf, m, (c.x_size, c.x_size), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                            borderValue=fill)
        box = map_box(m, region)
        z, xs = self._finish(z, xs, rng, True)
        return Pair(z, xs, box, s.name, (f, f), kind="self", source_box=np.asarray(region, np.float32), transform=m)


def pack_main(argv: list[str]) -> int:
    """``workbench corpus pack ROOT ... --out FILE``."""
    import argparse

    from workbench.core.sizes import size_text
    from workbench.core.training.pack import SUFFIX, check_pack_name, pack_corpus

    ap = argparse.ArgumentParser(prog="workbench corpus pack",
                                 description="Pack every source of the training corpus under the roots into one "
                                             f"file ({SUFFIX}): frames decoded once, downscaled, encoded, boxes kept.")
    ap.add_argument("roots", nargs="+", help="corpus roots (dataset roots, sequence folders, image sets, videos)")
    ap.add_argument("--out", required=True, help=f"the pack file (name ends with {SUFFIX})")
    ap.add_argument("--exclude", nargs="*", default=[], help="source names to leave out (held-out sequences)")
    ap.add_argument("--max-side", type=int, default=512, help="frames are downscaled to this longer side")
    ap.add_argument("--quality", type=int, default=90, help="JPEG quality (100: lossless PNG)")
    from workbench.core.options import add_force_arg, at_least, between, check_names, check_options, keep_existing

    add_force_arg(ap, "the --out file")
    args = ap.parse_args(argv)
    from workbench.core.results import check_outputs

    check_options((("--max-side", args.max_side, at_least(16, "px of a frame's longer side")),
                   ("--quality", args.quality, between(1, 100, note="JPEG quality; 100: lossless PNG"))))
    check_pack_name(args.out)  # before the roots are scanned (minutes on a big root), not after
    check_outputs(files={"--out": args.out})  # before the frames are decoded, not after
    keep_existing([("--out", args.out)], args.force)  # an earlier pack was replaced without a word
    said: list[str] = []
    corpus = Corpus.from_roots(args.roots, log=said.append)
    # a mistyped held-out name was a note while that source went into the pack: refused before any frame is read
    check_names("--exclude", args.exclude, corpus.names(), "in the corpus", "source")
    for line in said:
        print(line)
    corpus = corpus.without(args.exclude)
    info = pack_corpus(corpus, args.out, args.max_side, args.quality, log=print)
    # a small pack said "0.0 MiB", which read as an empty file
    n, frames = info["sources"], info["frames"]
    print(f"{args.out}: {n} source{'' if n == 1 else 's'}, {frames} frame{'' if frames == 1 else 's'}, "
          f"{size_text(info['bytes'])}")
    return 0


def corpus_config_from_args(args, base: CorpusConfig | None = None) -> CorpusConfig:
    """Kind weights from ``--corpus-weights kind=w,...`` / ``name=w`` (a name that is no kind is a source)."""
    cfg = base or CorpusConfig()
    w, named = dict(cfg.weights), dict(cfg.source_weights)
    for item in (getattr(args, "corpus_weights", None) or "").split(","):
        if not item.strip():
            continue
        if "=" not in item:
            raise WorkbenchError(f"--corpus-weights: {item!r} is not NAME=WEIGHT")
        k, v = item.rsplit("=", 1)
        try:
            val = float(v)
        except ValueError:
            raise WorkbenchError(f"--corpus-weights: {item!r}: weight is not a number") from None
        if not (val >= 0 and val != float("inf")):  # -1 / nan / inf were taken as given: nan pair shares
            raise WorkbenchError(f"--corpus-weights: {item!r}: a weight is a finite number, at least 0 (0: leave "
                                 "that kind or source out)")
        (w if k.strip() in KINDS else named)[k.strip()] = val
    return replace(cfg, weights=w, source_weights=named)


__all__ = ["AugmentConfig", "Corpus", "CorpusConfig", "CorpusSampler", "KINDS", "Source", "affine_about",
           "compose", "corpus_config_from_args", "crop_matrix", "discover", "generated_sources", "map_box",
           "RegionScorer",
           "object_region", "photometric", "source_of"]
