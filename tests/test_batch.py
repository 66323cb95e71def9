"""Batch runs: the (tracker x sequence) grid locally and on a loopback Dask LocalCluster give the same
result files; a failing task is reported and the others go on; training sweeps run as tasks."""
from __future__ import annotations

import json
import sys

import numpy as np
import pytest

from workbench.cli import main
from workbench.core import batch
from workbench.core.data.synthetic import write_demo

TRACKERS = ["kcf", "kcf_dsst"]  # deterministic numpy trackers: their boxes must match to the digit


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    root = tmp_path_factory.mktemp("ds")
    write_demo(root, frames=20, width=160, height=128, seed=3, name="a")
    write_demo(root, frames=16, width=160, height=128, seed=11, name="b")
    return root


def _result_files(out):
    return {p.relative_to(out).as_posix(): p.read_text() for p in sorted(out.rglob("*.txt"))
            if not p.name.endswith("_time.txt")}


def test_grid_and_sweep_tasks():
    refs = [batch.SequenceRef("/x/a"), batch.SequenceRef("/x/b")]
    tasks = batch.track_tasks(["kcf", "mil"], refs, {"kcf": {"padding": "2"}})
    assert [(t.tracker, t.sequence.label) for t in tasks] == [("kcf", "a"), ("kcf", "b"), ("mil", "a"), ("mil", "b")]
    assert tasks[0].settings == (("padding", "2"),) and tasks[2].settings == ()
    sweep = batch.sweep_tasks("lw_irstnet", {"--lr": [0.1, 0.01], "--epochs": [2]}, ["--data", "D"], out_root="runs")
    assert [t.label for t in sweep] == ["lr-0.1_epochs-2", "lr-0.01_epochs-2"]
    assert list(sweep[1].argv) == ["--data", "D", "--lr", "0.01", "--epochs", "2", "--out", "runs/lr-0.01_epochs-2"]


def test_local_batch_writes_every_pair_and_reports_failures(tmp_path, dataset):
    refs = batch.sequence_refs(dataset=dataset)
    assert [r.label for r in refs] == ["a", "b"]
    tasks = batch.track_tasks(["kcf", "nope"], refs)
    report = batch.run_batch(tasks, tmp_path / "out")
    assert len(report.outcomes) == 4
    assert len(report.written) == 2 and all(p.exists() for p in report.written)
    assert len(report.failed) == 2
    assert all(o.user_error and "no plugin named 'nope'" in o.error for o in report.failed)


def _shout(argv):  # a stand-in train command: writes its argv where --out says
    from pathlib import Path

    out = Path(argv[argv.index("--out") + 1])
    out.mkdir(parents=True, exist_ok=True)
    (out / "argv.txt").write_text(" ".join(argv))
    return 3 if "--fail" in argv else 0


def test_sweep_runs_commands_locally(tmp_path):
    tasks = batch.sweep_tasks(_shout, {"--lr": [1, 2], "--fail": ["x"]}, out_root=tmp_path)
    tasks += batch.sweep_tasks(_shout, {"--lr": [3]}, out_root=tmp_path)
    report = batch.run_batch(tasks)
    assert [o.result for o in report.outcomes] == [3, 3, 0]
    assert (tmp_path / "lr-3" / "argv.txt").read_text() == f"--lr 3 --out {tmp_path / 'lr-3'}"
    assert [o.ok for o in report.outcomes] == [False, False, True]


def test_cli_several_trackers_and_scoped_settings(tmp_path, dataset, capsys):
    out = tmp_path / "o"
    assert main(["run", "--tracker", "kcf,kcf_dsst", "--dataset", str(dataset), "--out", str(out),
                 "--set", "kcf.padding=2.0"]) == 0
    files = _result_files(out)
    assert len(files) == 4 and {k.split("/")[0] for k in files} == {dataset.name}
    # the scoped setting gives kcf its own variant folder; kcf_dsst ran with its defaults
    assert {"/".join(k.split("/")[1:3]) for k in files} == {"kcf/padding=2", "kcf_dsst/default"}
    man = json.loads((out / dataset.name / "kcf" / "padding=2" / "manifest.json").read_text())
    assert man["changed"] == {"padding": 2.0} and man["dataset_root"] == str(dataset.absolute())
    assert set(man["sequences"]) == {"a", "b"} and man["sequences"]["a"]["start_frame"] == 0
    assert main(["run", "--tracker", "kcf,kcf_dsst", "--dataset", str(dataset), "--out", str(out),
                 "--name", "x"]) == 2
    assert "one tracker" in capsys.readouterr().err
    assert main(["run", "--tracker", "kcf", "--backend", "local", "--address", "tcp://127.0.0.1:1",
                 "--sequence", str(dataset / "a"), "--out", str(out)]) == 2


@pytest.fixture(scope="module")
def cluster():
    pytest.importorskip("distributed", reason="the dask backend needs the 'cluster' extra: "
                                              "pip install 'ir-workbench[cluster]'")
    backend = batch.DaskBackend(n_workers=2)
    yield backend
    backend.close()


def test_saved_maps_come_back_from_the_cluster(tmp_path, dataset, cluster):
    """``TrackTask.save_maps`` travels with the task: a worker process keeps the maps and the run saved here
    writes them beside the boxes, as a local run does (``workbench run --save-maps --backend dask``)."""
    from workbench.core.results import find_runs, read_maps

    refs = batch.sequence_refs(dataset=dataset)
    tasks = batch.track_tasks(["kcf"], refs, save_maps=("response",))
    local = batch.run_batch(tasks, tmp_path / "local")
    remote = batch.run_batch(tasks, tmp_path / "dask", cluster)
    assert not local.failed and not remote.failed
    (lr,), (rr,) = find_runs(tmp_path / "local"), find_runs(tmp_path / "dask")
    for seq in ("a", "b"):
        a, b = read_maps(lr.maps_file(seq)), read_maps(rr.maps_file(seq))
        assert a.keys() == b.keys() and len(a) > 1
        for i, layers in a.items():
            assert set(layers) == set(b[i]) == {"response"}
            np.testing.assert_array_equal(layers["response"].data, b[i]["response"].data)


def test_loopback_cluster_matches_local_run(tmp_path, dataset, cluster):
    """The same boxes files, byte for byte, from a local run and from two worker processes."""
    refs = batch.sequence_refs(dataset=dataset)
    tasks = batch.track_tasks(TRACKERS, refs)
    local = batch.run_batch(tasks, tmp_path / "local")
    remote = batch.run_batch(tasks, tmp_path / "dask", cluster)
    assert not local.failed and not remote.failed
    a, b = _result_files(tmp_path / "local"), _result_files(tmp_path / "dask")
    assert len(a) == len(TRACKERS) * len(refs)
    assert a == b
    # the work really ran in other processes, on loopback
    workers = {o.worker for o in remote.outcomes}
    assert all(w.startswith("tcp://127.0.0.1:") for w in workers), workers
    for o in remote.outcomes:
        same = next(x for x in local.outcomes if x.task == o.task)
        np.testing.assert_array_equal(o.result.boxes, same.result.boxes)
        assert np.isfinite(o.result.times).all()


def test_cli_dask_backend_matches_local_cli(tmp_path, dataset, cluster, capsys):
    """`workbench run --backend dask --address ...` against the running loopback scheduler."""
    assert main(["run", "--tracker", "kcf", "--dataset", str(dataset), "--out", str(tmp_path / "l")]) == 0
    assert main(["run", "--tracker", "kcf", "--dataset", str(dataset), "--out", str(tmp_path / "d"),
                 "--backend", "dask", "--address", cluster.address]) == 0
    err = capsys.readouterr().err
    assert "on the Dask cluster at tcp://127.0.0.1:" in err
    assert _result_files(tmp_path / "l") == _result_files(tmp_path / "d")
    assert len(_result_files(tmp_path / "d")) == 2


def test_dask_failures_come_back_as_outcomes(tmp_path, dataset, cluster):
    import cloudpickle

    # the stand-in command lives in this test module, which worker processes cannot import
    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    try:
        tasks = batch.sweep_tasks(_shout, {"--lr": [1, 2]}, out_root=tmp_path)
        tasks.append(batch.TrackTask("kcf", batch.SequenceRef(str(tmp_path / "missing"))))
        report = batch.run_batch(tasks, tmp_path / "o", cluster)
    finally:
        cloudpickle.unregister_pickle_by_value(sys.modules[__name__])
    by_label = {getattr(o.task, "label", ""): o for o in report.outcomes}
    assert by_label["lr-1"].ok and by_label["lr-2"].ok
    assert (tmp_path / "lr-2" / "argv.txt").exists()
    bad = [o for o in report.outcomes if isinstance(o.task, batch.TrackTask)][0]
    assert bad.user_error and "no such file or folder" in bad.error and str(tmp_path / "missing") in bad.error


def test_unreachable_scheduler_is_a_user_error(tmp_path, dataset, capsys):
    pytest.importorskip("distributed", reason="needs the 'cluster' extra")
    assert main(["run", "--tracker", "kcf", "--sequence", str(dataset / "a"), "--out", str(tmp_path),
                 "--backend", "dask", "--address", "tcp://127.0.0.1:9"]) == 2
    assert "cannot reach the Dask scheduler" in capsys.readouterr().err
