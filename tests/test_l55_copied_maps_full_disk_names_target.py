"""A run saved again into another results folder copies its saved maps (``RunResult._copy_maps``): on a full disk the
copy said "No space left on device: '<source>' -> '<.hidden temp>'" (shutil.copyfile's sendfile error), blaming the
source; it copies as ``atomic_copy`` does (``copy_bytes``): the maps file being written is the one named."""
from __future__ import annotations

from workbench.core import batch
from workbench.core.data.synthetic import write_demo

from tests.helpers import full_disk


def test_a_full_disk_while_copying_maps_names_the_maps_being_written(tmp_path, monkeypatch):
    write_demo(tmp_path / "data", frames=6, width=64, height=48, seed=3, name="a")
    tasks = batch.track_tasks(["kcf"], batch.sequence_refs(dataset=tmp_path / "data"), save_maps=("response",))
    res = batch.run_batch(tasks, tmp_path / "out").outcomes[0].result
    (tmp_path / "out2").mkdir()
    path = res.save(tmp_path / "out2")  # (learns the folder the maps copy goes to)
    assert not res.maps_error
    full_disk(monkeypatch, path.parent, room=100)
    path = res.save(tmp_path / "out2")
    said = res.maps_error or ""
    assert "maps not saved" in said and "No space" in said or "space" in said.lower(), said
    assert str(tmp_path / "out") + "/" not in said.replace(str(tmp_path / "out2"), "")  # not the source
    assert ".tmp" not in said, said  # nor a hidden temp file
