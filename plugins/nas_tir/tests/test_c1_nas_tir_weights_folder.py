"""weights= a folder (a training's --out) was refused as 'nas_tir weights are missing; make them with search and
train', as if nothing were there (helper C1, session 51)."""
import pytest

from workbench.core.errors import WorkbenchError
from workbench.core.registry import default_registry


def test_weights_folder_is_said_a_folder_naming_the_file_inside(tmp_path):
    plugin = default_registry().get("nas_tir")
    with pytest.raises(WorkbenchError, match="a folder, not a weights file.*train nas_tir --out DIR"):
        plugin.create(plugin.make_config({"weights": str(tmp_path)}), "cpu")
    (tmp_path / "weights.pt").write_bytes(b"")
    with pytest.raises(WorkbenchError, match=f"a folder, not a weights file: give a file, e.g. {tmp_path / 'weights.pt'}"):
        plugin.create(plugin.make_config({"weights": str(tmp_path)}), "cpu")
