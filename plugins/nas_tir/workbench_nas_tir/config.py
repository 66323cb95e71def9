"""Settings of the nas_tir plugin and where its shipped weights are (plain dataclasses: the GUI builds its form from them)."""
from __future__ import annotations

from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from workbench.core.registry import WEIGHTS_FILTER  # the settings form's Browse… filter


def weights_dir() -> Path:
    """The shipped weights: package data of this distribution, found through ``importlib.resources``."""
    return Path(str(files("workbench_nas_tir") / "weights"))


def default_weights() -> str:
    return str(weights_dir() / "nas_tir_weights.pt")


def _f(default, help: str, **kw):
    return field(default=default, metadata={"help": help, **kw})


@dataclass
class NASTIRConfig:
    weights: str = field(default_factory=default_weights, metadata={
        "help": "retrained weights (state_dict + genotype + arch, loaded weights-only)", "path": "file",
        "filter": WEIGHTS_FILTER})
    feature_layer: int = _f(-2, "features the classifier sees: -2 = the last cell's output (before the embedding "
                                "head), -1 = the embedding head's map, k >= 0 = the output of cell k",
                            min=-2, max=31, step=1)
    search_factor: float = _f(5.0, "search region side = this x sqrt(target area) (5 chosen by nested "
                                   "leave-one-sequence-out TRE over 4: weights/PROVENANCE.md)", min=2.0, max=8.0,
                              step=0.5)
    filter_size: int = _f(3, "target classifier filter size in feature cells (odd)", min=1, max=7, step=2)
    init_iters: int = _f(20, "steepest-descent iterations on the first frame", min=1, max=100, step=1)
    update_iters: int = _f(2, "steepest-descent iterations per model update", min=0, max=20, step=1)
    update_every: int = _f(2, "update the classifier every this many frames", min=1, max=50, step=1)
    memory: int = _f(40, "training samples kept (the first frame's are kept always)", min=8, max=200, step=1)
    learning_rate: float = _f(0.05, "weight of each new sample relative to the previous ones", min=0.0,
                              max=0.5, step=0.005)
    reg: float = _f(0.05, "filter regularisation lambda", min=0.0, max=10.0, step=0.01)
    sigma: float = _f(0.25, "label Gaussian width, in units of the target size in feature cells", min=0.05,
                      max=1.0, step=0.05)
    scales: int = _f(3, "scales searched per frame (odd; 1 = fixed size)", min=1, max=7, step=2)
    scale_step: float = _f(1.04, "ratio between neighbouring scales", min=1.0, max=1.2, step=0.005)
    scale_penalty: float = _f(0.99, "score factor per scale step away from 1 (chosen on selection sequences: "
                                    "weights/PROVENANCE.md)", min=0.8, max=1.0, step=0.005)
    scale_filter: int = _f(0, "scales of the 1-D scale filter on the network's features (DSST-style, odd; 0 = "
                              "off: the size comes from the multi-scale search)", min=0, max=33, step=2)
    scale_filter_step: float = _f(1.03, "ratio between neighbouring scale-filter samples", min=1.005, max=1.1,
                                  step=0.005)
    scale_filter_lr: float = _f(0.025, "scale filter learning rate", min=0.0, max=1.0, step=0.005)
    aspect_filter: int = _f(0, "samples of the 1-D aspect-ratio filter (the scale filter over crops stretched in "
                               "width and squeezed in height, area kept; odd; 0 = off: the box keeps the first "
                               "frame's width : height)", min=0, max=33, step=2, advanced=True)
    aspect_filter_step: float = _f(1.05, "ratio of width : height between neighbouring aspect-filter samples",
                                   min=1.005, max=1.2, step=0.005, advanced=True)
    aspect_filter_lr: float = _f(0.025, "aspect filter learning rate", min=0.0, max=1.0, step=0.005, advanced=True)
    scale_lr: float = _f(0.5, "damping of the size change", min=0.0, max=1.0, step=0.05)
    window_influence: float = _f(0.15, "cosine window mixed into the response (motion prior)", min=0.0,
                                 max=1.0, step=0.05)
    threads: int = _f(1, "torch CPU threads of this process (0 = torch's default); 1 is fastest on a shared "
                         "2-core machine", min=0, max=64, step=1)
    polarity: str = _f("auto", "auto: decided once on the first frame from the initial box only (target darker than "
                               "the ring around it -> the frames are inverted so the target is white-hot, as the "
                               "network was trained); keep / invert: force it",
                       choices=("auto", "keep", "invert"))
    colour: str = _f("contrast", "grey image of colour frames: contrast = the first frame's Fisher projection of "
                                 "RGB separating the target box from the ring around it (fixed for the sequence; the "
                                 "target comes out bright, as the network was trained); luma = OpenCV's luma weights; "
                                 "grey / IR frames are unchanged (chosen by nested leave-one-sequence-out TRE: "
                                 "weights/PROVENANCE.md)",
                     choices=("luma", "contrast"), advanced=True)
    online_precision: str = _f("auto", "arithmetic of the online classifier (feature normalisation, filter "
                                       "optimisation, scores): the optimisation and the discrete scale / peak "
                                       "choices amplify float32 rounding differences between devices; float64 "
                                       "narrows them, float64-all (the network in float64 too) makes CPU and CUDA "
                                       "boxes agree; auto = float64-all on CUDA, float32 on the CPU (where "
                                       "float64-all costs ~70 % of the frame rate)",
                               choices=("auto", "float32", "float64", "float64-all"))
    hog_weight: float = _f(0.25, "share of hand-crafted gradient channels beside the network's features in the online "
                                 "classifier: HOG (9 unsigned orientations) on cells of the feature stride; each part at "
                                 "unit mean energy per element, weighted 1 - w : w; 0 = the network's features only "
                                 "(chosen by nested leave-one-sequence-out TRE: weights/PROVENANCE.md)", min=0.0, max=0.9, step=0.05, advanced=True)
    update_threshold: float = _f(0.25, "skip the update when the peak falls below this", min=0.0, max=1.0,
                                 step=0.05)
