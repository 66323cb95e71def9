"""Settings of the correlation-filter trackers (plain dataclasses: the GUI builds its form from them)."""
from __future__ import annotations

from dataclasses import dataclass, field


def _f(default, help: str, **kw):
    return field(default=default, metadata={"help": help, **kw})


@dataclass
class KCFConfig:
    """Kernelized correlation filter (Henriques et al., TPAMI 2015) on HOG + intensity features."""

    padding: float = _f(1.5, "search window = target size x (1 + padding)", min=0.5, max=4.0, step=0.1)
    template_size: int = _f(128, "the padded window is resized (aspect kept) to this many pixels on the side "
                                  "of an equal-area square, so speed does not depend on the target size; the "
                                  "feature map is about template_size / cell_size cells on that side",
                            min=48, max=256, step=8)
    cell_size: int = _f(4, "HOG cell size in template pixels", min=2, max=8, step=1, choices=(2, 4, 6, 8))
    orientations: int = _f(9, "HOG orientation bins", min=4, max=18, step=1)
    signed_gradients: bool = _f(False, "orientation over 360 deg (contrast-sensitive) instead of 180 deg")
    intensity_weight: float = _f(0.5, "weight of the zero-mean intensity channel next to the HOG channels "
                                      "(0 = HOG only)", min=0.0, max=3.0, step=0.1)
    kernel: str = _f("gaussian", "correlation kernel: gaussian (KCF) or linear (DCF)",
                     choices=("gaussian", "linear"))
    kernel_sigma: float = _f(0.5, "Gaussian kernel bandwidth", min=0.05, max=2.0, step=0.05)
    output_sigma_factor: float = _f(0.1, "label Gaussian width / sqrt(target area)", min=0.01, max=0.5,
                                    step=0.01)
    lambda_: float = _f(1e-4, "ridge regularisation", min=1e-6, max=1e-1)
    learning_rate: float = _f(0.02, "model interpolation factor per frame", min=0.0, max=0.5, step=0.005)
    update_ratio: float = _f(0.4, "skip the model update when the peak falls below this fraction of its "
                                   "running mean (occlusion guard; 0 = always update)",
                             min=0.0, max=1.0, step=0.05)
    coast_frames: int = _f(30, "while the peak stays below the update threshold (occlusion), keep moving at the "
                                "last confident velocity for up to this many frames (0 = off)", min=0, max=200,
                           step=1)
    scale_estimation: bool = _f(False, "estimate scale with a separate 1-D DSST scale filter")
    n_scales: int = _f(17, "number of scale samples of the scale filter", min=5, max=65, step=2)
    scale_step: float = _f(1.02, "ratio between neighbouring scale samples", min=1.001, max=1.2, step=0.005)
    scale_sigma_factor: float = _f(0.25, "scale label width, in units of sqrt(n_scales)", min=0.05, max=2.0,
                                   step=0.05)
    scale_learning_rate: float = _f(0.025, "scale model interpolation factor", min=0.0, max=0.5, step=0.005)
    scale_lambda: float = _f(1e-2, "scale filter regularisation", min=1e-6, max=1.0)
    scale_model_area: int = _f(512, "area (px) each scale sample is resized to before its HOG", min=64,
                               max=4096, step=64)


@dataclass
class KCFDSSTConfig(KCFConfig):
    """KCF translation filter plus the DSST scale filter (Danelljan et al., BMVC 2014)."""

    scale_estimation: bool = _f(True, "estimate scale with a separate 1-D DSST scale filter")
