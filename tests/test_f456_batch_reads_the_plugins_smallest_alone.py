"""A batch task checked the user's box against its tracker again once the tracker was made (its weights loaded):
against an attribute of the tracker's class, which no tracker declares since the smallest first box is its
Plugin's alone (``workbench run --init`` and the window check each Plugin before any tracker is made). The second
check is gone: a tracker class's own ``smallest_user_box`` is read by nothing, as docs/PLUGINS.md says."""
from __future__ import annotations

import dataclasses

from workbench.core import batch, registry
from workbench.core.data.synthetic import write_demo


def test_a_task_does_not_check_the_box_against_the_tracker_class(tmp_path, monkeypatch):
    reg = registry.default_registry()
    kcf = reg.get("kcf")

    def make(config, device):
        tracker = kcf.create(config, device)
        tracker.smallest_user_box = 40.0  # a tracker-class declaration: not the contract, read by nothing
        return tracker

    tagged = dataclasses.replace(kcf, name="kcf_tagged", factory=make)
    own = registry.Registry()
    own.add(tagged)
    monkeypatch.setattr(registry, "default_registry", lambda reload=False: own)
    monkeypatch.setattr(batch, "_worker_name", lambda: "here")  # (it imports dask's distributed: seconds)
    seq = write_demo(tmp_path / "d", frames=4, width=64, height=48, seed=1, name="d")
    task = batch.TrackTask("kcf_tagged", batch.SequenceRef(str(seq)), init=(20.0, 15.0, 10.0, 10.0))
    out = batch.run_track_task(task)
    assert out.error is None, out.error
    assert out.result is not None and len(out.result.boxes) == 4
    # the Plugin's declaration is the one checked, before any task (``boxes.check_user_box``, as run --init does)
    from workbench.core.boxes import check_user_box
    from workbench.core.errors import WorkbenchError

    try:
        check_user_box(dataclasses.replace(tagged, smallest_user_box=40.0), (20.0, 15.0, 10.0, 10.0), "'d' frame 1")
    except WorkbenchError as exc:
        assert "40" in str(exc) and "'d' frame 1" in str(exc), str(exc)
    else:
        raise AssertionError("a box under the Plugin's smallest was not refused")


def test_a_task_made_by_other_code_refuses_a_user_box_under_the_plugins_smallest(tmp_path, monkeypatch):
    """The Python API / a script's TrackTask with a user box under the Plugin's smallest: refused, no tracker made."""
    reg = registry.default_registry()
    kcf = reg.get("kcf")
    made = []

    def make(config, device):
        made.append(1)
        return kcf.create(config, device)

    small = dataclasses.replace(kcf, name="kcf_small", factory=make, smallest_user_box=2.0,
                                smallest_user_box_why="a test's floor")
    own = registry.Registry()
    own.add(small)
    monkeypatch.setattr(registry, "default_registry", lambda reload=False: own)
    monkeypatch.setattr(batch, "_worker_name", lambda: "here")
    seq = write_demo(tmp_path / "d", frames=4, width=64, height=48, seed=1, name="d")
    out = batch.run_track_task(batch.TrackTask("kcf_small", batch.SequenceRef(str(seq)), init=(10.0, 12.0, 1.0, 1.0)))
    assert out.result is None and out.error is not None, out.error
    assert "kcf_small" in out.error and "'d' frame index 0" in out.error and "a test's floor" in out.error, out.error
    assert not made
    ok = batch.run_track_task(batch.TrackTask("kcf_small", batch.SequenceRef(str(seq)), init=(20.0, 15.0, 10.0, 10.0)))
    assert ok.error is None and made, ok.error
