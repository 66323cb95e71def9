"""Example third-party plugin: the description the workbench reads at start-up.

Keep this module light: it is imported for every start of the application (and by `workbench list`);
the tracker code is named by strings and imported only when the method is first used.
"""
from workbench.core.registry import Plugin

from workbench_example_plugin.config import NCCConfig

PLUGIN = Plugin(
    name="example_ncc",
    kind="tracker",
    factory="workbench_example_plugin.tracker:make_tracker",
    title="NCC template match (example)",
    description=("Example third-party plugin: normalized cross-correlation of the first-frame template "
                 "over a search window around the last box, with a slow template update. Fixed scale. "
                 "CPU, OpenCV."),
    config=NCCConfig,
    modalities=("gray", "ir16", "rgb"),
    uses_torch=False,
    inspectors={"NCC score": "workbench_example_plugin.inspectors:ScoreInspector"},
)
