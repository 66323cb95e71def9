"""Ctrl-C / SIGTERM during `workbench run --backend dask`: the tasks back so far are saved, the ones running or
waiting on the cluster are cancelled; it said only 'workbench: interrupted' (a local run says what it kept and what
it did not run). A stand-in backend gives one task's outcome, then the stop, as the cluster's as_completed does."""
from __future__ import annotations

import pytest

from workbench.cli import main
from workbench.core import batch
from workbench.core.data.synthetic import write_demo


class _StoppedCluster:
    name = "dask"
    address = "tcp://127.0.0.1:0 (stand-in)"

    def __init__(self):
        self.closed = False

    def map(self, tasks):
        yield batch.run_task(tasks[0])  # one task back, run here
        raise KeyboardInterrupt  # then Ctrl-C while the others run on the cluster

    def close(self):
        self.closed = True


@pytest.fixture()
def dataset(tmp_path):
    root = tmp_path / "ds"
    write_demo(root, frames=6, width=96, height=80, seed=3, name="a")
    write_demo(root, frames=6, width=96, height=80, seed=11, name="b")
    write_demo(root, frames=6, width=96, height=80, seed=5, name="c")
    return root


def test_q5_dask_run_stopped_says_what_is_kept(tmp_path, dataset, monkeypatch, capsys):
    cluster = _StoppedCluster()
    monkeypatch.setattr(batch, "make_backend", lambda *a, **k: cluster)
    out = tmp_path / "res"
    assert main(["run", "--tracker", "kcf", "--dataset", str(dataset), "--out", str(out), "--backend", "dask"]) == 130
    err = capsys.readouterr().err
    assert cluster.closed
    saved = sorted(p.name for p in out.rglob("*.txt") if not p.name.endswith("_time.txt"))
    assert len(saved) == 1  # the one task back is kept
    assert "1 of its 3 tasks back (1 saved in " + str(out) in err, err
    assert "the other 2, running or waiting on the cluster, were cancelled" in err
    assert "again runs all 3" in err
