"""Deterministic demo data: a warm pedestrian walking through a 16-bit thermal scene.

The scene has a sky / ground gradient, buildings and trees at their own temperatures, fixed-pattern
column noise, temporal sensor noise, a second warm walker crossing the other way (distractor) and a
pole the target walks behind (a short occlusion, flagged per frame). Frames are rendered on demand
from the frame index, so a long demo costs no memory and is the same on every machine.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from workbench.core.data.sequence import ArrayFrames, Sequence


@dataclass
class DemoSpec:
    width: int = 320
    height: int = 256
    frames: int = 150
    seed: int = 7
    target_h: float = 44.0  # pedestrian height in pixels at the start
    noise: float = 60.0  # temporal noise, counts (1 sigma)
    contrast: float = 1400.0  # body temperature above the local background, counts


class ThermalDemo:
    """Renders frames of the demo scene; ``sequence()`` wraps it as a lazy ``Sequence``."""

    def __init__(self, spec: DemoSpec | None = None):
        self.spec = s = spec or DemoSpec()
        rng = np.random.default_rng(s.seed)
        H, W = s.height, s.width
        yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
        horizon = 0.38 * H
        bg = np.where(yy < horizon, 7200 + 500 * (yy / horizon), 8200 + 700 * ((yy - horizon) / (H - horizon)))
        bg = bg.astype(np.float32)
        # buildings: warm facades with cooler windows, on the horizon
        x = 0
        while x < W:
            bw = int(rng.integers(W // 10, W // 5))
            bh = int(rng.integers(int(0.15 * H), int(0.32 * H)))
            temp = float(rng.uniform(7700, 8600))
            y0 = int(horizon) - bh
            bg[max(0, y0):int(horizon) + 4, x:x + bw] = temp
            for wy in range(max(0, y0) + 6, int(horizon) - 6, 12):
                for wx in range(x + 4, x + bw - 6, 10):
                    bg[wy:wy + 5, wx:wx + 4] = temp - rng.uniform(300, 700)
            x += bw + int(rng.integers(0, W // 12))
        # trees: cool round canopies
        for _ in range(4):
            cx, cy = rng.uniform(0, W), rng.uniform(horizon - 0.1 * H, horizon + 0.05 * H)
            r = rng.uniform(0.04, 0.08) * W
            bg[(xx - cx) ** 2 + ((yy - cy) * 1.3) ** 2 < r * r] = float(rng.uniform(7000, 7500))
        # a road band and some warm clutter spots (vents, parked engines)
        road = (yy > 0.78 * H) & (yy < 0.9 * H)
        bg[road] += 350
        for _ in range(6):
            cx, cy = rng.uniform(0, W), rng.uniform(horizon, H)
            r = rng.uniform(2, 5)
            bg[(xx - cx) ** 2 + (yy - cy) ** 2 < r * r] += float(rng.uniform(600, 1400))
        bg = cv2.GaussianBlur(bg, (0, 0), 1.2)
        bg += rng.normal(0, 25, size=(1, W)).astype(np.float32)  # fixed-pattern column noise
        self.background = bg
        self.pole_x = int(0.36 * W)
        self.pole_w = max(6, W // 40)
        self._walker = self._walker_sprite()

    # --- geometry --------------------------------------------------------------------------
    def target_state(self, i: int) -> tuple[float, float, float, float]:
        """(cx, cy, w, h) of the pedestrian at frame i: walks right, approaching (growing) slowly."""
        s = self.spec
        t = i / max(1, s.frames - 1)
        h = s.target_h * (1.0 + 0.25 * t)
        w = 0.38 * h
        cx = 0.12 * s.width + 0.76 * s.width * t
        cy = 0.64 * s.height + 0.08 * s.height * t + 2.0 * np.sin(i * 0.35)
        return cx, cy, w, h

    def distractor_state(self, i: int) -> tuple[float, float, float, float]:
        s = self.spec
        t = i / max(1, s.frames - 1)
        h = s.target_h * 0.9
        cx = 0.9 * s.width - 0.7 * s.width * t
        cy = 0.6 * s.height
        return cx, cy, 0.38 * h, h

    def groundtruth(self) -> np.ndarray:
        out = np.zeros((self.spec.frames, 4))
        for i in range(self.spec.frames):
            cx, cy, w, h = self.target_state(i)
            out[i] = (cx - w / 2, cy - h / 2, w, h)
        return out

    def occlusion(self) -> np.ndarray:
        gt = self.groundtruth()
        x0, x1 = self.pole_x, self.pole_x + self.pole_w
        overlap = np.clip(np.minimum(gt[:, 0] + gt[:, 2], x1) - np.maximum(gt[:, 0], x0), 0, None)
        return overlap / gt[:, 2] > 0.3

    # --- rendering -------------------------------------------------------------------------
    def _walker_sprite(self, size: int = 64) -> np.ndarray:
        """A person-shaped temperature profile (head, torso, legs) on a size x size grid, 0..1."""
        yy, xx = np.mgrid[0:size, 0:size].astype(np.float32) / size
        head = ((xx - 0.5) / 0.11) ** 2 + ((yy - 0.1) / 0.09) ** 2 < 1
        torso = (np.abs(xx - 0.5) < 0.2) & (yy > 0.18) & (yy < 0.58)
        sprite = np.zeros((size, size), np.float32)
        sprite[torso] = 0.85
        sprite[head] = 1.0
        return sprite

    def _sprite(self, who: int) -> np.ndarray:
        """The temperature profile of walker ``who`` (0 the target, 1 the distractor): the same for both here;
        a subclass may give each its own."""
        return self._walker

    def _draw_person(self, img: np.ndarray, state, phase: float, amp: float, who: int = 0) -> None:
        cx, cy, w, h = state
        size = 64
        spr = self._sprite(who).copy()
        # legs swing with the gait phase
        yy, xx = np.mgrid[0:size, 0:size].astype(np.float32) / size
        swing = 0.12 * np.sin(phase)
        for sgn in (-1, 1):
            lx = 0.5 + sgn * (0.08 + swing * (yy - 0.58) / 0.42 * sgn)
            leg = (np.abs(xx - lx) < 0.07) & (yy >= 0.56) & (yy < 1.0)
            spr[leg] = np.maximum(spr[leg], 0.7)
        for sgn in (-1, 1):  # arms
            ax = 0.5 + sgn * (0.25 + 0.05 * np.sin(phase + np.pi / 2) * sgn)
            arm = (np.abs(xx - ax) < 0.05) & (yy > 0.2) & (yy < 0.52)
            spr[arm] = np.maximum(spr[arm], 0.75)
        x0, y0 = int(round(cx - w / 2)), int(round(cy - h / 2))
        ww, hh = max(2, int(round(w))), max(2, int(round(h)))
        # the sprite's width spans the box; the body itself is ~0.5 of it, so scale w up
        spr = cv2.resize(spr, (ww, hh), interpolation=cv2.INTER_AREA)
        H, W = img.shape
        xa, ya, xb, yb = max(0, x0), max(0, y0), min(W, x0 + ww), min(H, y0 + hh)
        if xa >= xb or ya >= yb:
            return
        img[ya:yb, xa:xb] += amp * spr[ya - y0:yb - y0, xa - x0:xb - x0]

    def render(self, i: int) -> np.ndarray:
        s = self.spec
        if not 0 <= i < s.frames:
            raise IndexError(i)
        img = self.background.copy()
        self._draw_person(img, self.distractor_state(i), i * 0.5 + 1.0, s.contrast * 0.9, who=1)
        self._draw_person(img, self.target_state(i), i * 0.55, s.contrast, who=0)
        # the pole stands in front of both walkers
        img[int(0.3 * s.height):, self.pole_x:self.pole_x + self.pole_w] = 7600.0
        rng = np.random.default_rng((s.seed, i))
        img += rng.normal(0, s.noise, size=img.shape).astype(np.float32)
        # slow global drift of the sensor's offset, as uncooled cores show
        img += 150.0 * np.sin(i / 40.0)
        return np.clip(img, 0, 65535).astype(np.uint16)

    def sequence(self, name: str = "demo_thermal") -> Sequence:
        occl = self.occlusion()
        return Sequence(
            name=name,
            frames=ArrayFrames(self.spec.frames, self.render),
            modality="ir16",
            groundtruth=self.groundtruth(),
            attributes={"occlusion": occl, "deformation": True, "background_clutter": True},
            meta={"layout": "synthetic", "generator": "workbench.core.data.synthetic.ThermalDemo",
                  "spec": self.spec.__dict__.copy()},
        )


def demo_sequence(frames: int = 150, width: int = 320, height: int = 256, seed: int = 7,
                  name: str = "demo_thermal") -> Sequence:
    return ThermalDemo(DemoSpec(width=width, height=height, frames=frames, seed=seed)).sequence(name)


def write_demo(out_dir: str | Path, frames: int = 150, width: int = 320, height: int = 256, seed: int = 7,
               name: str = "demo_thermal") -> Path:
    """Write the demo as an OTB-layout folder (16-bit PNGs, 1-based ``groundtruth_rect.txt``,
    ``occlusion.label``) so every tool that reads OTB folders can open it."""
    from workbench.core.data.images import write_image
    from workbench.core.results import atomic_write_text

    demo = ThermalDemo(DemoSpec(width=width, height=height, frames=frames, seed=seed))
    root = Path(out_dir) / name
    (root / "img").mkdir(parents=True, exist_ok=True)
    for i in range(frames):
        write_image(root / "img" / f"{i + 1:04d}.png", demo.render(i))
    gt = demo.groundtruth()
    atomic_write_text(root / "groundtruth_rect.txt",
                      "".join(f"{x + 1:.2f},{y + 1:.2f},{w:.2f},{h:.2f}\n" for x, y, w, h in gt))
    atomic_write_text(root / "occlusion.label", "".join(f"{int(v)}\n" for v in demo.occlusion()))
    return root
