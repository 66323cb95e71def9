"""Classic single-frame IR small-target detectors as peer segmenters: white top-hat and MPCM.

Every IR small-target paper compares its network with model-driven baselines; these two are the usual
first rows, and they need no weights, so they also tell an analyst whether a learned segmenter earns
its keep on data it never saw (as KCF does for the trackers).

* ``tophat``: morphological white top-hat (the image minus its opening with a disk of ``radius``);
  a target is a bright spot smaller than the disk.
* ``mpcm``: multiscale patch-based contrast measure (Wei, Shen, Wu, Yang, Pattern Recognition 58,
  2016). At each scale N the image is averaged over N x N patches; d_i is the centre patch's mean minus
  the mean of its i-th neighbour patch (8 neighbours at offset N); the contrast at a pixel is the
  minimum over the 4 directions of d_i * d_(i+4) (opposite neighbours), counted only where both
  differences have the target's sign; the map is the maximum over scales.

Both then threshold adaptively, as the papers do: a pixel is a target pixel where its score is above
mean + ``k`` standard deviations of the frame's score map. What the evaluation sweeps (the pixel ROC,
the Pd-Fa curve) is the logit ``(score - mean) / std - k``: 0 at the threshold. Frames are converted to
float gray in 0..1 first (16-bit and colour frames included); ``polarity`` chooses bright or dark
targets. Numpy / OpenCV only; no weights, no device.

Defaults, chosen 2026-12-05 under a rule written before any figure: the highest dataset mIoU on SIRST v1
train + val (341 images; these methods have no training, so that is their whole fit) over k in
{2,3,4,5,6,8,10,12,15} (and, top-hat, radius in {2,3,4,6,8}); ties within 0.002 to the smaller k. Top-hat:
radius 6, k 12 (mIoU 0.511; radius 8 k 12: 0.487, radius 4 k 12: 0.477). MPCM (patches 3,5,7,9 as the paper):
k 15 (0.393; k 12: 0.385). k 15 was at that grid's edge; the grid was widened afterwards, under a rule
written before those figures: k 18, 21, 25, 30 give 0.384, 0.367, 0.335, 0.290, so k 15 stays. Scores on the sets
LW-IRSTNet never saw: ``workbench bench irst_peers`` (README).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from workbench.core.registry import Plugin


@dataclass
class _Common:
    k: float = field(default=12.0, metadata={
        "help": "threshold: mean + k standard deviations of the frame's score map", "min": 0.0, "max": 50.0,
        "step": 0.5})
    polarity: str = field(default="bright", metadata={
        "help": "targets brighter (white-hot) or darker (black-hot) than their surroundings",
        "choices": ("bright", "dark")})
    min_pixels: int = field(default=1, metadata={"help": "smallest target kept (pixels)", "min": 1, "max": 10000})
    max_pixels: int = field(default=2000, metadata={"help": "largest target kept (pixels)", "min": 1, "max": 1000000})


@dataclass
class TopHatConfig(_Common):
    radius: int = field(default=6, metadata={
        "help": "radius of the disk the image is opened with (px): targets narrower than 2 r + 1 pass",
        "min": 1, "max": 50})


@dataclass
class MPCMConfig(_Common):
    k: float = field(default=15.0, metadata={
        "help": "threshold: mean + k standard deviations of the frame's score map", "min": 0.0, "max": 50.0,
        "step": 0.5})
    scales: str = field(default="3,5,7,9", metadata={
        "help": "patch sizes N (odd, px), comma separated: the map is the maximum over them"})


def to_gray_unit(frame: np.ndarray, polarity: str = "bright") -> np.ndarray:
    """Float32 gray in 0..1 (per-frame min-max of the native range; colour: channel mean), inverted for
    dark targets. Stuck pixels of a 16-bit frame (alone at 0, at 65535 or at a 12- / 14-bit sensor's top 4095 /
    16383: ``preprocess.without_stuck_pixels``) are replaced by their neighbours' median first: one of them was the
    frame's max, and the targets' score fell under the threshold (Pd 0)."""
    from workbench.core.preprocess import without_stuck_pixels

    f = without_stuck_pixels(np.asarray(frame))
    if f.ndim == 3:
        f = f[:, :, :3].mean(axis=2) if f.shape[2] >= 3 else f[:, :, 0]
    f = f.astype(np.float32)
    lo, hi = float(np.nanmin(f)), float(np.nanmax(f))
    g = (f - lo) / (hi - lo) if hi > lo else np.zeros_like(f)
    g = np.nan_to_num(g, nan=0.0)
    return 1.0 - g if polarity == "dark" else g


def tophat_map(gray: np.ndarray, radius: int) -> np.ndarray:
    import cv2

    r = max(1, int(radius))
    disk = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * r + 1, 2 * r + 1))
    return cv2.morphologyEx(gray, cv2.MORPH_TOPHAT, disk, borderType=cv2.BORDER_REFLECT)


def parse_scales(text: str) -> list[int]:
    from workbench.core.errors import WorkbenchError

    try:
        scales = [int(s) for s in str(text).replace(" ", "").split(",") if s]
    except ValueError:
        raise WorkbenchError(f"scales {text!r}: give odd patch sizes separated by commas, e.g. 3,5,7,9") from None
    if not scales or any(s < 1 or s % 2 == 0 for s in scales):
        raise WorkbenchError(f"scales {text!r}: give odd patch sizes separated by commas, e.g. 3,5,7,9")
    return scales


def mpcm_map(gray: np.ndarray, scales) -> np.ndarray:
    import cv2

    h, w = gray.shape
    out = np.zeros((h, w), np.float32)
    for n in scales:
        m = cv2.blur(gray, (n, n), borderType=cv2.BORDER_REFLECT)
        pad = cv2.copyMakeBorder(m, n, n, n, n, cv2.BORDER_REFLECT)
        # the 8 neighbour patches' means, at offset n: (dy, dx) in the order of the paper's figure
        offs = [(-n, -n), (-n, 0), (-n, n), (0, n), (n, n), (n, 0), (n, -n), (0, -n)]
        d = [m - pad[n + dy:n + dy + h, n + dx:n + dx + w] for dy, dx in offs]
        pcm = None
        for i in range(4):
            a, b = d[i], d[i + 4]
            prod = np.where((a > 0) & (b > 0), a * b, 0.0).astype(np.float32)  # both darker than the centre
            pcm = prod if pcm is None else np.minimum(pcm, prod)
        out = np.maximum(out, pcm)
    return out


class ClassicSegmenter:
    """A score map, the adaptive threshold, 8-connected targets; ``maps['logits']`` for threshold sweeps."""

    modalities = ("gray", "rgb", "ir16")

    def __init__(self, name: str, config, score):
        self.name = name
        self.config = config
        self._score = score

    @property
    def operating_point(self):
        """What was scored, in this method's words (``irst_curves.OperatingPoint``: the Pd-Fa figure's marked point,
        the curves' CSV threshold column): logit 0 is the score map's mean + k std, so a curve's logit L is the
        threshold k + L, not a probability (the sigmoid of a z-score means nothing here)."""
        from workbench.core.evaluation.irst_curves import OperatingPoint, logit_of

        k = float(self.config.k)

        def threshold(probability):  # to 0.01: a logit near 30 read back from its probability (near 1) is 1e-3 off
            return np.round(logit_of(probability) + k, 2)  # (29.9998), and the curves' logits are 0.1 apart

        return OperatingPoint(label=f"logit 0 (k = {k:g})",
                              note=f"the operating point, logit 0: mean + k std of each frame's score map, k = {k:g}",
                              column="k", threshold=threshold)

    def logits(self, frame: np.ndarray) -> np.ndarray:
        s = self._score(to_gray_unit(frame, self.config.polarity))
        mu, sd = float(s.mean()), float(s.std())
        if sd <= 0:  # a flat score map: nothing stands out
            return np.full(s.shape, -50.0, np.float32)
        return ((s - mu) / sd - float(self.config.k)).astype(np.float32)

    def predict(self, frame: np.ndarray):
        import cv2

        from workbench.core.boxes import Box
        from workbench.core.methods import MapLayer, SegOutput, Target

        lg = self.logits(frame)
        raw = lg > 0
        n, lab, stats, cents = cv2.connectedComponentsWithStats(raw.astype(np.uint8), connectivity=8)
        mask = np.zeros_like(raw)
        targets = []
        for i in range(1, n):
            x, y, w, h, area = (int(v) for v in stats[i])
            if not (self.config.min_pixels <= area <= self.config.max_pixels):
                continue
            comp = lab == i
            mask |= comp
            targets.append(Target((float(cents[i][0]), float(cents[i][1])), area,
                                  max(w, h) / max(min(w, h), 1), Box(x, y, w, h), float(lg[comp].max())))
        sal = 0.5 * (1.0 + np.tanh(0.5 * np.clip(lg, -50, 50)))
        return SegOutput(saliency=sal.astype(np.float32), mask=mask, targets=targets,
                         maps={"logits": MapLayer(lg)})


def make_tophat(config: TopHatConfig | None, device: str = "cpu") -> ClassicSegmenter:
    cfg = config or TopHatConfig()
    return ClassicSegmenter("tophat", cfg, lambda g: tophat_map(g, cfg.radius))


def make_mpcm(config: MPCMConfig | None, device: str = "cpu") -> ClassicSegmenter:
    cfg = config or MPCMConfig()
    scales = parse_scales(cfg.scales)
    return ClassicSegmenter("mpcm", cfg, lambda g: mpcm_map(g, scales))


def _bare_logits(seg: ClassicSegmenter):
    return seg.logits


def segment_main(argv: list[str], name: str) -> int:
    """``workbench segment --model tophat|mpcm ...``: the core's segment command (``core.segment_command``),
    scored on the bare ``logits`` (the same maps ``predict`` publishes; its component filtering is not timed)."""
    from workbench.core.segment_command import segment_main as core_segment

    return core_segment(argv, name, scored=_bare_logits)


def segment_tophat(argv: list[str]) -> int:
    return segment_main(argv, "tophat")


def segment_mpcm(argv: list[str]) -> int:
    return segment_main(argv, "mpcm")


PLUGIN = [
    Plugin(name="tophat", kind="segmenter", factory=make_tophat, title="White top-hat (peer)",
           description="Morphological white top-hat with an adaptive mean + k std threshold: the classic "
                       "model-driven IR small-target baseline; no weights.",
           config=TopHatConfig, commands={"segment": "workbench.baselines.classic_irst:segment_tophat"}),
    Plugin(name="mpcm", kind="segmenter", factory=make_mpcm, title="MPCM (peer)",
           description="Multiscale patch-based contrast measure (Wei et al., Pattern Recognition 2016) with an "
                       "adaptive mean + k std threshold; no weights.",
           config=MPCMConfig, commands={"segment": "workbench.baselines.classic_irst:segment_mpcm"}),
]
