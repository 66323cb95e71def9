"""Settings of the SiamFC++ trackers (plain dataclasses: the GUI builds its form from them)."""
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


def _f(default, help: str, **kw):
    return field(default=default, metadata={"help": help, **kw})


@dataclass
class SiamFCppConfig:
    """SiamFC++ (AlexNet) tracking procedure, video_analyst's defaults for the AlexNet variant."""

    weights: str = _f("", "weights file (empty: the plugin's shipped weights/; 'random': "
                          "untrained, for speed tests)", path="file", filter=WEIGHTS_FILTER, keywords=("random",))
    x_size: int = _f(303, "search crop side (pixels); the score map is (x_size - 127) / 8 - 5 cells wide",
                     min=199, max=399, step=8)
    context: float = _f(0.5, "template context: side = sqrt((w + p)(h + p)), p = context (w + h)",
                        min=0.0, max=2.0, step=0.05)
    penalty_k: float = _f(1.0, "scale / aspect-ratio change penalty (1.0 chosen on a held-out sequence for the "
                               "shipped weights, whose boxes widened on thin targets; SiamFC++'s release used 0.04)",
                          min=0.0, max=1.0, step=0.01)
    window_influence: float = _f(0.21, "weight of the cosine window on the fused score", min=0.0, max=1.0,
                                 step=0.01)
    test_lr: float = _f(0.3, "box size smoothing (fraction of the new size taken per frame; 0.3 chosen on a "
                             "held-out sequence for the shipped weights, SiamFC++'s release used 0.52)", min=0.0,
                        max=1.0, step=0.01)
    min_size: float = _f(6.0, "smallest box side (pixels); a smaller first box keeps its own side as the floor",
                         min=1.0, max=100.0, step=1.0)
    template_lr: float = _f(0.0, "template update: after a confident frame the template kernels move this "
                                 "fraction towards the kernels of the new box (0: the paper's fixed template)",
                            min=0.0, max=0.5, step=0.005)
    template_min_score: float = _f(0.5, "template update: only after frames whose best fused score is at least "
                                        "this (occlusion / distractor guard)", min=0.0, max=1.0, step=0.05,
                                   advanced=True)
    threads: int = _f(0, "CPU threads for this tracker (0: leave torch's setting)", min=0, max=64, step=1)
    backend: str = _f("auto", "per-frame network: auto (ONNX Runtime on the CPU, PyTorch on CUDA), torch, "
                              "torch-bf16 (bfloat16, channels-last; CPUs with AVX512-BF16 / AMX, or CUDA), "
                              "onnxruntime (same arithmetic, batch norm folded) or onnxruntime-int8 (statically "
                              "quantized, calibrated on the demo sequence; see runtime.py)",
                      choices=("auto", "torch", "torch-bf16", "onnxruntime", "onnxruntime-int8"))
    device_path: str = _f("auto", "per-frame crop, normalisation and score decoding: auto (on the device when the "
                                  "tracker runs on CUDA: the frame uploaded once, only the box comes back; NumPy / "
                                  "OpenCV on the CPU, which is faster there), on (the device path on any device, "
                                  "e.g. to compare it with the host path on the CPU) or off (always the host path)",
                          choices=("auto", "on", "off"))
    cuda_graph: bool = _f(True, "CUDA only, device path with a torch backend: replay the whole per-frame work "
                                "(crop, network, score decoding) as one captured CUDA graph per frame size (falls "
                                "back to eager kernels if the capture fails)")


@dataclass
class PSSiamFCppConfig(SiamFCppConfig):
    """PS-SiamFC++: the pruned tracker. With the default weights and ratio 0.4 it loads the shipped
    attention-finetuned model; any other ratio prunes the shipped SiamFC++ on the fly by its stored
    HRank ranks (no finetune)."""

    penalty_k: float = _f(0.75, "scale / aspect-ratio change penalty (0.75 chosen on a held-out sequence for the "
                                "shipped pruned weights; SiamFC++'s release used 0.04)", min=0.0, max=1.0, step=0.01)
    ratio: float = _f(0.4, "global pruning ratio rho (fraction of filters removed in every pruned layer)",
                      min=0.0, max=0.9, step=0.05)
    scope: str = _f("backbone+neck", "layers the ratio applies to",
                    choices=("backbone", "backbone+neck", "all"))
    align: int = _f(16, "kept filters per layer rounded to a multiple of this (whole SIMD blocks for the CPU "
                        "kernels; 1: the paper's exact count)", min=1, max=64, step=1)

def weights_dir() -> Path:
    """The shipped weights: package data of this distribution, found through ``importlib.resources``."""
    return Path(str(files("workbench_siamfcpp_prune") / "weights"))


BASE_WEIGHTS = "siamfcpp_alexnet_q8.pt"
PRUNED_WEIGHTS = "ps_siamfcpp_r0.4_q8.pt"
RANKS = "siamfcpp_alexnet_ranks.json"
