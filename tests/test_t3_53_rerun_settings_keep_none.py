"""A run saved without its maps is re-run (``video.maps_by_rerun``: export-video --map, the window's map overlay)
with the settings its manifest recorded. They were rebuilt as text (``str(v)``): a setting the run had changed to
None became "None", refused for a number setting ("expects float, got 'None'": the run could not be re-run) and
run as the word "None" for a text one. The values go to the config as the manifest holds them."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from workbench.core import registry
from workbench.core.data import open_sequence
from workbench.core.data.synthetic import write_demo
from workbench.core.errors import WorkbenchError


@dataclass
class _Cfg:
    scale: float | None = 0.5
    note: str | None = "abc"
    count: int = 3
    flag: bool = True


class _Stop(WorkbenchError):
    pass


def test_a_setting_changed_to_none_is_rerun_as_none_not_the_word(tmp_path, monkeypatch):
    from workbench.core.video import maps_by_rerun

    made = []

    def factory(cfg, device):  # the config it is created with, and no tracking
        made.append(cfg)
        raise _Stop("stop")

    plugin = registry.Plugin(name="t3_rerun", kind="tracker", factory=factory, config=_Cfg)
    monkeypatch.setattr(registry, "default_registry", lambda: type("R", (), {"get": lambda self, name: plugin})())
    seq = open_sequence(write_demo(tmp_path / "data", frames=3, width=64, height=48, seed=1, name="s1"))
    manifest = {"changed": {"scale": None, "note": None, "count": 7, "flag": False}}  # as the JSON holds them
    with pytest.raises(_Stop):
        maps_by_rerun(seq, manifest, "t3_rerun")
    assert made == [_Cfg(scale=None, note=None, count=7, flag=False)]
