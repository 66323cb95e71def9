"""`workbench run --dataset ROOT --save-maps` held every sequence's maps until the whole dataset was done: the batch
keeps each result to its end (for its summary), and each result kept the maps it had just written beside its boxes
(6 sequences of 500 640x512 frames with KCF: 9 MB more than without --save-maps; 60 such sequences, over 0.5 GB).
A result's maps, once written, are on disk and not in memory; saving it again records that file."""
from __future__ import annotations

import json

from workbench.core import batch
from workbench.core.data.synthetic import write_demo
from workbench.core.results import read_maps


def test_a_batch_holds_no_maps_it_has_written(tmp_path):
    root = tmp_path / "data"
    write_demo(root, frames=8, width=96, height=72, seed=3, name="a")
    write_demo(root, frames=6, width=96, height=72, seed=11, name="b")
    tasks = batch.track_tasks(["kcf"], batch.sequence_refs(dataset=root), save_maps=("response",))
    report = batch.run_batch(tasks, tmp_path / "out")
    assert not report.failed and len(report.outcomes) == 2
    for o, n in zip(report.outcomes, (8, 6)):
        res, path = o.result, next(p for p in report.written if p.stem == o.result.sequence)
        assert res.maps == {}  # written beside the boxes, not held to the batch's end
        assert res.maps_source == path.with_name(f"{res.sequence}_maps.npz")
        assert sorted(read_maps(res.maps_source, n)) == list(range(1, n))  # ... and all there on disk
        assert res.maps_message(path).startswith(f"kcf {res.sequence}: maps response: {n - 1} frames")
        manifest = path.parent / "manifest.json"
        entry = json.loads(manifest.read_text())["sequences"][res.sequence]["maps"]
        assert res.save(tmp_path / "out") == path  # saved again: its maps file kept and recorded, not removed
        assert res.maps_source.is_file()
        assert json.loads(manifest.read_text())["sequences"][res.sequence]["maps"] == entry
