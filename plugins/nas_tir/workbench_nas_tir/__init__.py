"""NAS for thermal-infrared pedestrian tracking (Tang et al.): a partial-channel differentiable
architecture search over single- / dual-bottom cells, the derived network retrained with
classification + batch-hard triplet + centre loss, and a DiMP-style tracker on it.

Light on purpose: the plugin description and its settings only; torch and the model code are
imported when the tracker is created or a command runs.
"""
from __future__ import annotations

from workbench.core.registry import Plugin
from workbench_nas_tir.config import NASTIRConfig, default_weights, weights_dir

__all__ = ["PLUGIN", "NASTIRConfig", "default_weights", "weights_dir"]

PLUGIN = Plugin(
    name="nas_tir",
    kind="tracker",
    factory="workbench_nas_tir.tracker:make_tracker",
    title="NAS-TIR (searched net + DiMP-style)",
    description=("Thermal-infrared pedestrian tracker on a network found by partial-channel differentiable "
                 "architecture search over dual-bottom cells (Tang et al.), retrained with classification + "
                 "batch-hard triplet + centre loss; a target classifier learned online from the first frame by "
                 "steepest descent on the DiMP discriminative loss; multi-scale search. Shipped weights: a small "
                 "CPU search / retrain, see the plugin's weights/PROVENANCE.md. Commands: workbench search nas_tir, "
                 "workbench train nas_tir."),
    config=NASTIRConfig,
    modalities=("gray", "rgb", "ir16"),
    uses_torch=True,
    panel="workbench_nas_tir.panel:NASTIRPanel",
    inspectors={"NAS alphas": "workbench_nas_tir.inspector:NASInspector"},
    benchmarks={"nas": "workbench_nas_tir.bench"},
    commands={"search": "workbench_nas_tir.search:main",
              "train": "workbench_nas_tir.train:main"},
    capabilities=("maps", "online_update"),
    map_names=("response",),
)
