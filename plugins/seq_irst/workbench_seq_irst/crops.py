"""Small-sized image transfer learning (the paper's Section III-A): crops of 80, 64, 32 or 16 px cut
around targets and from background, instead of whole frames.

Each crop is cut from the frame's normalized differential input (so a crop carries the whole frame's
noise scale and the network sees the same numbers on crops and on full frames). Around every target
label: one crop with the target at a random position at least ``margin`` px from the crop's border;
around interference labels: at most one crop per frame; from background: ``bg_ratio`` crops per
target crop (at least one per frame without a target) at random places that hold no target.
``size=0`` keeps whole frames (the full-frame baseline).

``proportion_table()`` is the paper's Table 1 (target share of a crop's pixels for a 3x3 target);
``CropSet.target_proportion`` is the same share measured on a built set.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from workbench.core.data.irseq import INTERFERENCE, TARGET
from workbench_seq_irst.differential import FrameCache

TABLE1_CROPS = (80, 64, 32, 16)
HALF_SUFFIX = "@1/2"  # origin name of a half-scale crop (build_crops(half_scale=True))
SCALE_SUFFIX = "@x"  # origin name of a crop at another scale: "<sequence>@x2", "@x0.5" (build_crops(scales=...))
MINED_AT = "mined_at"  # IRSequence.meta key: errors mined at other scales (loso.hard_negatives), cut there


def proportion_table(frame: tuple[int, int] = (640, 512), target: tuple[int, int] = (3, 3),
                     crops=TABLE1_CROPS, frames: int = 4, bytes_per_pixel: int = 2) -> list[dict]:
    """Table 1: image size, pixels per image, target size, bytes of the 4-frame stack, target share (per mille)."""
    rows = []
    for name, (w, h) in [("full-sized", frame)] + [(f"small-sized ({k + 1})", (c, c)) for k, c in enumerate(crops)]:
        px = w * h
        rows.append({"images": name, "size": f"{w}x{h}x{frames}", "pixels": px,
                     "target": f"{target[0]}x{target[1]}", "bytes": px * frames * bytes_per_pixel,
                     "proportion_permille": 1000.0 * target[0] * target[1] / px})
    return rows


def format_table1(rows: list[dict]) -> str:
    def kb(b):
        return f"{b / 2**20:.1f}MB" if b >= 2**20 else f"{b / 2**10:.1f}KB"

    head = f"{'':22s}{'size':>14s}{'pixels':>9s}{'target':>8s}{'scale':>9s}{'target share':>14s}"
    lines = [head] + [f"{r['images']:22s}{r['size']:>14s}{r['pixels']:>9d}{r['target']:>8s}{kb(r['bytes']):>9s}"
                      f"{r['proportion_permille']:>12.4g}‰" for r in rows]
    return "\n".join(lines)


@dataclass
class CropSet:
    size: int  # 0: whole frames
    x: list[np.ndarray] = field(default_factory=list)  # (3, S, S) float16 each
    labels: list[list[tuple]] = field(default_factory=list)  # (cx, cy, w, h, cls) in crop pixels
    origin: list[tuple[str, int, int, int]] = field(default_factory=list)  # (sequence, frame, x0, y0)

    def __len__(self) -> int:
        return len(self.x)

    @property
    def target_proportion(self) -> float:
        """Labelled target pixels (w x h of target labels) over all pixels of the set."""
        tp = sum(lab[2] * lab[3] for labs in self.labels for lab in labs if lab[4] == TARGET)
        px = sum(a.shape[-1] * a.shape[-2] for a in self.x)
        return tp / px if px else 0.0

    @property
    def frames(self) -> int:
        return len({(o[0].removesuffix(HALF_SUFFIX).split(SCALE_SUFFIX)[0], o[1]) for o in self.origin})

    def nbytes(self) -> int:
        return sum(a.nbytes for a in self.x)


def _labels_in(labs, x0, y0, s):
    return [(lab.cx - x0, lab.cy - y0, lab.w, lab.h, lab.cls) for lab in labs
            if x0 <= lab.cx < x0 + s and y0 <= lab.cy < y0 + s]


def half_scale_input(seq, cache, i: int, direction: str, norm: str) -> np.ndarray:
    """normalize(G) of frame i with G area-downsampled by 2 (an extended target looks as a small one)."""
    import cv2

    from workbench_seq_irst.differential import differential, frame_indices, normalize

    G = differential([cache.frame(k) for k in frame_indices(i, len(seq), direction)])
    H, W = G.shape[-2:]
    return normalize(np.stack([cv2.resize(ch, (W // 2, H // 2), interpolation=cv2.INTER_AREA) for ch in G]),
                     mode=norm)


def scaled_input(seq, cache, i: int, direction: str, norm: str, scale: float) -> np.ndarray:
    """normalize(G) of frame i with G resized by ``scale`` (area averaging below 1, bilinear above): an
    extended target looks as a small one at 0.5, a small one as an extended one at 2."""
    from workbench_seq_irst.differential import differential, frame_indices, normalize, resize_input

    G = differential([cache.frame(k) for k in frame_indices(i, len(seq), direction)])
    return normalize(resize_input(G, scale), mode=norm)


def scale_label(lab, scale: float):
    """A label on the frame resized by ``scale`` (pixel centres map as (x + 0.5) * scale - 0.5)."""
    return lab.moved(cx=(lab.cx + 0.5) * scale - 0.5, cy=(lab.cy + 0.5) * scale - 0.5,
                     w=max(lab.w * scale, 1.0), h=max(lab.h * scale, 1.0))


def build_crops(dataset, size: int = 64, bg_ratio: float = 1.0, seed: int = 0, direction: str = "past",
                margin: int | None = None, ctx=None, norm: str = "frame", half_scale: bool = False,
                scales=(), scale_negatives: bool = False) -> CropSet:
    """``dataset``: list of (IRSequence, frame indices or None = every labelled frame); ``norm``: the
    input normalisation (``differential.normalize`` mode); ``half_scale``: also one crop around every
    target of the frame's input at half scale (labels halved), a scale augmentation; ``scales``: for
    every scale other than 1, also one crop around every target of the frame's input resized by it
    (``scaled_input``, labels scaled; origin ``<sequence>@x<scale>``), after the crops at scale 1;
    ``scale_negatives``: at those scales also the negatives of scale 1 (a crop around one interference
    label of the frame, e.g. a mined false alarm, and ``bg_ratio`` background crops per target), so the
    resized inputs are not all centred on targets. A sequence whose ``meta[MINED_AT]`` holds errors mined at
    other scales (``loso.hard_negatives(scales=...)``: {scale: {frame: (false alarms, missed targets)}}, labels
    in frame pixels) also gets, per such frame, one crop around one of its false alarms (an interference label)
    and one around each missed target, cut from the input resized by that scale (``scaled_input``), holding
    the frame's targets and those false alarms, scaled (origin ``<sequence>@x<scale>``)."""
    rng = np.random.default_rng(seed)
    extra_scales = [float(s) for s in scales if float(s) != 1.0]
    out = CropSet(size)
    # frames the labels do not cover (past a short anno_xy.txt, an image without a YOLO label file) are
    # not target-free frames: they are never cut (IRSequence.scored_frames)
    todo = [(s, s.scored_frames(fr)) for s, fr in dataset]
    total = sum(len(fr) for _, fr in todo)
    done = 0
    for seq, frames in todo:
        cache = FrameCache(seq)
        for i in frames:
            if ctx is not None:
                ctx.check()
            labs = seq.labels[i]
            g = cache.input(i, direction, norm)
            H, W = g.shape[-2:]
            if size <= 0 or size >= min(H, W):
                out.x.append(g.astype(np.float16))
                out.labels.append(_labels_in(labs, 0, 0, max(H, W)))
                out.origin.append((seq.name, i, 0, 0))
            else:
                m = margin if margin is not None else max(1, size // 8)
                targets = [lab for lab in labs if lab.cls == TARGET]
                inter = [lab for lab in labs if lab.cls == INTERFERENCE]
                centres = targets + ([inter[int(rng.integers(len(inter)))]] if inter else [])
                _crops_around(out, g, centres, labs, size, m, rng, (seq.name, i))
                if half_scale and targets and min(H, W) // 2 > size:
                    gh = half_scale_input(seq, cache, i, direction, norm)
                    half = [lab.moved(cx=(lab.cx - 0.5) / 2, cy=(lab.cy - 0.5) / 2, w=max(lab.w / 2, 1.0),
                                      h=max(lab.h / 2, 1.0)) for lab in labs]
                    _crops_around(out, gh, [h for h in half if h.cls == TARGET], half, size, m, rng,
                                  (seq.name + HALF_SUFFIX, i))
                for sc in extra_scales if targets or (scale_negatives and inter) else ():
                    if min(H, W) * sc <= size:
                        continue
                    gs = scaled_input(seq, cache, i, direction, norm, sc)
                    moved = [scale_label(lab, sc) for lab in labs]
                    name = f"{seq.name}{SCALE_SUFFIX}{sc:g}"
                    at = [t for t in moved if t.cls == TARGET]
                    if scale_negatives:
                        mi = [t for t in moved if t.cls == INTERFERENCE]
                        at += [mi[int(rng.integers(len(mi)))]] if mi else []
                    _crops_around(out, gs, at, moved, size, m, rng, (name, i))
                    if scale_negatives:
                        _background_crops(out, gs, moved, size, bg_ratio, rng, (name, i))
                for sc, per_frame in seq.meta.get(MINED_AT, {}).items():  # errors mined at other scales
                    fa, missed = per_frame.get(i, ((), ()))
                    if not (fa or missed) or min(H, W) * sc <= size:
                        continue
                    gs = scaled_input(seq, cache, i, direction, norm, sc)
                    moved = [scale_label(lab, sc) for lab in targets + list(fa)]
                    one_fa = [fa[int(rng.integers(len(fa)))]] if fa else []  # as at scale 1: one a frame
                    at = [scale_label(lab, sc) for lab in list(missed) + one_fa]
                    _crops_around(out, gs, at, moved, size, m, rng, (f"{seq.name}{SCALE_SUFFIX}{sc:g}", i))
                _background_crops(out, g, labs, size, bg_ratio, rng, (seq.name, i))
            done += 1
            if ctx is not None:
                ctx.progress(done / max(total, 1), f"cropping {seq.name} frame {i + 1}")
    return out


def _crops_around(out: CropSet, g: np.ndarray, centres, labs, size: int, margin: int, rng, origin) -> None:
    """One crop of input ``g`` around each label of ``centres`` (the label at a random place at least
    ``margin`` px from the crop's border, clipped to the input), holding the labels of ``labs`` that fall
    inside it; appended to ``out`` with ``origin`` = (name, frame)."""
    H, W = g.shape[-2:]
    for lab in centres:
        x0 = int(np.clip(round(lab.cx - rng.uniform(margin, size - margin)), 0, W - size))
        y0 = int(np.clip(round(lab.cy - rng.uniform(margin, size - margin)), 0, H - size))
        out.x.append(g[:, y0:y0 + size, x0:x0 + size].astype(np.float16))
        out.labels.append(_labels_in(labs, x0, y0, size))
        out.origin.append((*origin, x0, y0))


def _background_crops(out: CropSet, g: np.ndarray, labs, size: int, bg_ratio: float, rng, origin) -> None:
    """``bg_ratio`` crops per target of ``labs`` (at least one) of input ``g`` that hold no target (20
    random tries each), appended to ``out`` with ``origin`` = (name, frame)."""
    targets = [t for t in labs if t.cls == TARGET]
    H, W = g.shape[-2:]
    for _ in range(max(1, int(round(bg_ratio * len(targets)))) if bg_ratio > 0 else 0):
        for _try in range(20):
            x0, y0 = int(rng.integers(0, W - size + 1)), int(rng.integers(0, H - size + 1))
            if not any(x0 - 2 <= t.cx < x0 + size + 2 and y0 - 2 <= t.cy < y0 + size + 2 for t in targets):
                out.x.append(g[:, y0:y0 + size, x0:x0 + size].astype(np.float16))
                out.labels.append(_labels_in(labs, x0, y0, size))
                out.origin.append((*origin, x0, y0))
                break


AUG_MODES = ("flip", "strong")


def augment(x: np.ndarray, labels: list[tuple], rng: np.random.Generator,
            mode: str = "flip") -> tuple[np.ndarray, list[tuple]]:
    """Random horizontal / vertical flips of a (3, H, W) sample and its labels (the differential input
    stays valid under flips: they commute with frame differences). ``mode="strong"`` adds, on the
    normalised input: rotations by 90 degrees (square crops), gain 0.6-1.5 (contrast / SNR), added noise
    of 0-0.6 sigma, a Gaussian blur (sigma 0.4-1 px) with p 0.3 and a polarity flip (dark movers) with p 0.1."""
    if mode not in AUG_MODES:
        raise ValueError(f"augmentation must be one of {AUG_MODES}, got {mode!r}")
    x, labels = _flips(x, labels, rng)
    if mode == "flip":
        return x, labels
    from workbench_seq_irst.differential import CLIP_SIGMA, INPUT_SCALE

    H, W = x.shape[-2:]
    if H == W:
        k = int(rng.integers(4))
        for _ in range(k):  # np.rot90 over (H, W): pixel (x, y) -> (y, W - 1 - x)
            x = np.rot90(x, 1, axes=(1, 2))
            labels = [(cy, W - 1 - cx, h, w, c) for (cx, cy, w, h, c) in labels]
    x = np.array(x, np.float32, copy=True)
    x *= rng.uniform(0.6, 1.5)
    ns = rng.uniform(0.0, 0.6) * INPUT_SCALE
    if ns > 0:
        x += rng.normal(0.0, ns, x.shape).astype(np.float32)
    if rng.random() < 0.3:
        import cv2

        sg = rng.uniform(0.4, 1.0)
        x = np.stack([cv2.GaussianBlur(ch, (0, 0), sg) for ch in x])
    if rng.random() < 0.1:
        x = -x
    lim = CLIP_SIGMA * INPUT_SCALE
    return np.clip(x, -lim, lim), labels


def flip_labels(labels: list[tuple], W: int, H: int, horizontal: bool, vertical: bool) -> list[tuple]:
    """Labels ``(cx, cy, w, h, cls)`` of a (H, W) sample after a horizontal and / or vertical flip."""
    if horizontal:
        labels = [(W - 1 - cx, cy, w, h, c) for (cx, cy, w, h, c) in labels]
    if vertical:
        labels = [(cx, H - 1 - cy, w, h, c) for (cx, cy, w, h, c) in labels]
    return labels


def _flips(x: np.ndarray, labels: list[tuple], rng: np.random.Generator) -> tuple[np.ndarray, list[tuple]]:
    H, W = x.shape[-2:]
    hf, vf = rng.random() < 0.5, rng.random() < 0.5  # the draw order make_device_batches repeats
    if hf:
        x = x[:, :, ::-1]
    if vf:
        x = x[:, ::-1, :]
    return x, flip_labels(labels, W, H, hf, vf)
