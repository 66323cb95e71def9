"""NanoTrack v2 (Apache-2.0) as a *training-only* teacher for SiamFC++ (issue 19, item 2).

The released ONNX pair (``nanotrack_backbone_sim.onnx``: ``input`` (1, 3, 255, 255) -> ``output``
(1, 48, 16, 16); ``nanotrack_head_sim.onnx``: ``input1`` template features (1, 48, 8, 8), ``input2``
search features (1, 48, 16, 16) -> ``output1`` (1, 2, 16, 16) class logits, ``output2`` (1, 4, 16, 16)
box) is run through onnxruntime on our training pairs, and its foreground probability (softmax over
``output1``'s two channels, channel 1, as OpenCV's TrackerNano scores) becomes a soft target for our
score map (``loss.distill_loss``). The teacher is never shipped, never called at tracking time and
never converted into our weights: only ``train.py`` imports this module.

Input conversion: our crops are RGB, 0..1, NCHW; NanoTrack takes BGR 0..255 NCHW (TrackerNano's
``swapRB``). The backbone file is exported with a fixed 255x255 input (TrackerNano's OpenCV dnn
reshapes it for the 127 template); here the input's spatial dims are made symbolic in memory (the
file is not modified). Its SE blocks reshape to a batch of 1, so pairs run one at a time.

Geometry (both crops share one scale: template 127 and search crop at the template's pixel scale, the
SiamFC / NanoTrack convention our pair sampler follows): a search crop of side ``x_size`` != 255 is
centre-cropped (or padded with its mean) to 255, *not* resized, so the target keeps the size it has
relative to the template. NanoTrack's cell j (of 16, stride 16) sits at crop pixel
``(255 - 1) / 2 + 16 (j - 8)`` (TrackerNano's ``generateGrids``: ``(i - sz/2) * totalStride`` from the
crop centre). ``teacher_on_score_grid`` samples the teacher map at our cells' crop pixels (model.py:
``offset + 8 i``), bilinearly in the teacher's cell index; cells outside the teacher's grid are masked.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from workbench.core.errors import WorkbenchError

BACKBONE_FILE = "nanotrack_backbone_sim.onnx"
HEAD_FILE = "nanotrack_head_sim.onnx"
NANO_Z = 127  # exemplarSize
NANO_X = 255  # instanceSize
NANO_STRIDE = 16  # totalStride
NOTE = "distilled from NanoTrack v2 (Apache-2.0) response maps, teacher not shipped"


def _providers(device: str | None = None) -> list[str]:
    import onnxruntime as ort

    have = ort.get_available_providers()
    want = (["CUDAExecutionProvider"] if device != "cpu" else []) + ["CPUExecutionProvider"]
    return [p for p in want if p in have] or ["CPUExecutionProvider"]


def _spatially_dynamic(path: Path) -> bytes:
    """The model's bytes with every input / output's H and W made symbolic (in memory only)."""
    import onnx

    m = onnx.load(str(path))
    for v in list(m.graph.input) + list(m.graph.output):
        dims = v.type.tensor_type.shape.dim
        for i in range(2, len(dims)):
            dims[i].ClearField("dim_value")
            dims[i].dim_param = f"{v.name}_d{i}"
    del m.graph.value_info[:]  # stale fixed intermediate shapes
    return m.SerializeToString()


def _fit_side(a: np.ndarray, side: int) -> np.ndarray:
    """Centre-crop or mean-pad (N, C, H, W) to ``side`` x ``side`` at the same pixel scale."""
    n, c, h, w = a.shape
    out = np.empty((n, c, side, side), np.float32)
    out[:] = a.mean(axis=(2, 3), keepdims=True)
    sy, sx = (h - side) // 2, (w - side) // 2  # source start (>= 0: crop; < 0: pad)
    ys, yd = max(sy, 0), max(-sy, 0)
    xs, xd = max(sx, 0), max(-sx, 0)
    hh, ww = min(h - ys, side - yd), min(w - xs, side - xd)
    out[:, :, yd:yd + hh, xd:xd + ww] = a[:, :, ys:ys + hh, xs:xs + ww]
    return out


class NanoTrackTeacher:
    """``NanoTrackTeacher(folder)(z, x)`` -> NanoTrack v2's foreground probability, (B, 1, 16, 16)."""

    def __init__(self, folder, device: str | None = None):
        import onnxruntime as ort

        self.folder = Path(folder)
        missing = [f for f in (BACKBONE_FILE, HEAD_FILE) if not (self.folder / f).is_file()]
        if missing:
            raise WorkbenchError(f"--teacher {self.folder}: no {' / '.join(missing)} there (the NanoTrack v2 "
                                 f"ONNX pair {BACKBONE_FILE} + {HEAD_FILE} is expected)")
        opts = ort.SessionOptions()
        opts.log_severity_level = 3
        prov = _providers(device)
        try:
            self.backbone = ort.InferenceSession(_spatially_dynamic(self.folder / BACKBONE_FILE), opts,
                                                 providers=prov)
            self.head = ort.InferenceSession(str(self.folder / HEAD_FILE), opts, providers=prov)
        except Exception as e:  # a corrupt / foreign file: one line, not an onnxruntime traceback
            raise WorkbenchError(f"--teacher {self.folder}: cannot load the NanoTrack ONNX pair ({e})") from None
        self.providers = self.backbone.get_providers()
        self.b_in = self.backbone.get_inputs()[0].name
        h_in = self.head.get_inputs()
        self.h_z, self.h_x = h_in[0].name, h_in[1].name
        self.h_cls = self.head.get_outputs()[0].name

    def describe(self) -> dict:
        return {"folder": str(self.folder), "files": [BACKBONE_FILE, HEAD_FILE], "providers": self.providers,
                "backbone_io": [(i.name, i.shape) for i in self.backbone.get_inputs()]
                + [(o.name, o.shape) for o in self.backbone.get_outputs()],
                "head_io": [(i.name, i.shape) for i in self.head.get_inputs()]
                + [(o.name, o.shape) for o in self.head.get_outputs()]}

    @staticmethod
    def to_nanotrack(crops, side: int) -> np.ndarray:
        """Our RGB 0..1 NCHW crops (tensor or array) -> BGR 0..255 float32 NCHW of ``side`` (crop / pad)."""
        a = crops.detach().float().cpu().numpy() if hasattr(crops, "detach") else np.asarray(crops, np.float32)
        a = a[:, ::-1] * 255.0
        if a.shape[-1] != side or a.shape[-2] != side:
            a = _fit_side(a, side)
        return np.ascontiguousarray(a, dtype=np.float32)

    def __call__(self, z, x):
        """Foreground probability (B, 1, S, S) in [0, 1] as a float32 torch tensor on the CPU."""
        import torch

        zz, xx = self.to_nanotrack(z, NANO_Z), self.to_nanotrack(x, NANO_X)
        maps = []
        for i in range(zz.shape[0]):  # the released graph reshapes to batch 1
            fz = self.backbone.run(None, {self.b_in: zz[i:i + 1]})[0]
            fx = self.backbone.run(None, {self.b_in: xx[i:i + 1]})[0]
            cls = self.head.run([self.h_cls], {self.h_z: fz, self.h_x: fx})[0].astype(np.float64)
            e = np.exp(cls - cls.max(axis=1, keepdims=True))
            maps.append((e[:, 1:2] / e.sum(axis=1, keepdims=True)).astype(np.float32))
        return torch.from_numpy(np.concatenate(maps, 0))


def teacher_cells(x_size: int, score_size: int, offset: float, teacher_size: int = 16,
                  stride_ours: int = 8) -> np.ndarray:
    """Fractional NanoTrack cell index of each of our score cells (one axis; the map is square)."""
    q = offset + stride_ours * np.arange(score_size, dtype=np.float64)  # our cells, our crop pixels
    p = q - (x_size - NANO_X) / 2.0  # the same pixels in NanoTrack's centred 255 crop
    return (p - (NANO_X - 1) / 2.0) / NANO_STRIDE + teacher_size // 2


def teacher_on_score_grid(tmap, x_size: int, score_size: int, offset: float):
    """The teacher map (B, 1, T, T) sampled at our score cells: ((B, 1, S, S) map, (1, 1, S, S) mask of
    cells inside the teacher's grid)."""
    import torch
    import torch.nn.functional as F

    from workbench_siamfcpp_prune.model import TOTAL_STRIDE

    t = tmap.shape[-1]
    j = torch.as_tensor(teacher_cells(x_size, score_size, offset, t, TOTAL_STRIDE), dtype=torch.float32,
                        device=tmap.device)
    g = 2.0 * j / (t - 1) - 1.0
    gy, gx = torch.meshgrid(g, g, indexing="ij")
    grid = torch.stack([gx, gy], -1).unsqueeze(0).expand(tmap.shape[0], -1, -1, -1)
    out = F.grid_sample(tmap, grid, mode="bilinear", padding_mode="border", align_corners=True)
    inside = (j >= -1e-6) & (j <= t - 1 + 1e-6)
    mask = (inside.view(-1, 1) & inside.view(1, -1)).float().view(1, 1, score_size, score_size)
    return out, mask
