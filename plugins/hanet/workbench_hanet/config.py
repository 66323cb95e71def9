"""HA-Net settings (plain dataclasses: the GUI builds its form from them)."""
from __future__ import annotations

from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from workbench.core.registry import WEIGHTS_FILTER  # the settings form's Browse… filter

# the plugin's declaration (its Plugins' smallest_user_box, the only one: the tracker class declares none), here, not
# in tracker.py (torch), so that it is known without the model: a box under it is refused before any tracker runs
SMALLEST_USER_SIDE = 2.0
# a box under 2 px a user gives is refused (a groundtruth one is tracked): a 1 x 1 px target was often lost even so
# (generated sequences, the target moving ~1 px a frame: siamfcpp and hanet_rgb lost it, hanet and ps_siamfcpp
# followed it at mean IoU 0.36 and 0.26)
SMALLEST_USER_WHY = ("a target under 2 px is often lost, even with its crops cut as for a 2 x 2 px box (kcf, kcf_dsst "
                     "and nas_tir track 1 px boxes)")


def weights_dir() -> Path:
    """The shipped weights: package data of this distribution, found through ``importlib.resources``."""
    return Path(str(files("workbench_hanet") / "weights"))


def default_weights() -> str:
    return str(weights_dir() / "hanet_generated.pt")


def _f(default, help: str, **kw):
    return field(default=default, metadata={"help": help, **kw})


@dataclass
class HANetRGBConfig:
    """The anchor-free Siamese branch on false colour."""

    weights: str = field(default_factory=default_weights,
                         metadata={"help": "weights file (state_dict or workbench checkpoint, loaded weights-only)",
                                   "path": "file", "filter": WEIGHTS_FILTER})
    window_influence: float = _f(0.35, "weight of the cosine window (motion prior) against the score",
                                 min=0.0, max=1.0, step=0.05)
    penalty_k: float = _f(0.08, "scale / aspect change penalty", min=0.0, max=1.0, step=0.01)
    size_lr: float = _f(0.35, "how fast the box size follows the regression", min=0.0, max=1.0, step=0.05)
    online_interval: int = _f(10, "online update: every this many frames, the highest-confidence frame "
                                  "becomes the online template (0 = off)", min=0, max=100, step=1)
    online_weight: float = _f(0.5, "weight of the online template's score against the first template's",
                              min=0.0, max=1.0, step=0.05)
    online_min_score: float = _f(0.6, "an online template is taken only from a frame scoring at least this",
                                 min=0.0, max=1.0, step=0.05)
    cpu_threads: int = _f(1, "torch CPU threads during this tracker's calls (restored after each; 0 = torch's "
                             "default). One thread is fastest on a shared or small CPU: with more threads than "
                             "free cores the small convolutions spend their time waiting", min=0, max=64, step=1)
    false_color: str = _f("groups", "false colour fed to the Siamese branch: band groups (three contiguous "
                                    "index groups averaged; what the shipped weights were trained on)",
                          choices=("groups",))


@dataclass
class HANetConfig(HANetRGBConfig):
    """Fused tracker: alpha * R_rgb + beta * R_hsi."""

    alpha: float = _f(0.3, "weight of the false-colour classification map R_rgb (0.3 / 0.7 chosen on validation "
                           "videos: weights/PROVENANCE.md)", min=0.0, max=1.0, step=0.05)
    beta: float = _f(0.7, "weight of the hyperspectral classification map R_hsi", min=0.0, max=1.0, step=0.05)
