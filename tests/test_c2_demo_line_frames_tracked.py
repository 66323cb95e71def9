"""The demo's line per tracker said the sequence's length ("12 frames") for a run that lost its target after 4
frames and stopped there; it says the frames tracked."""
import dataclasses

from workbench.cli import _track
from workbench.core.data import open_sequence
from workbench.core.data.synthetic import write_demo
from workbench.core.errors import CropError
from workbench.core.methods import TrackOutput
from workbench.core.registry import default_registry


class _LosesIt:
    name, modalities = "loses", ("gray", "rgb", "ir16")

    def initialize(self, frame, box):
        self.box, self.n = box, 0

    def track(self, frame):
        self.n += 1
        if self.n == 4:
            raise CropError("the box exploded")
        return TrackOutput(self.box, 1.0, {})


def test_the_demo_line_says_the_frames_tracked(tmp_path, capsys):
    seq = open_sequence(write_demo(tmp_path / "data", frames=12, width=40, height=32, seed=2, name="lost"))
    plugin = dataclasses.replace(default_registry().get("kcf"), name="loses", factory=lambda cfg, dev: _LosesIt())
    _track(plugin, plugin.default_config(), "cpu", [seq], tmp_path / "r", "loses")
    line = next(ln for ln in capsys.readouterr().out.splitlines() if ln.startswith("loses"))
    assert " 4 frames " in line and "12 frames" not in line, line
