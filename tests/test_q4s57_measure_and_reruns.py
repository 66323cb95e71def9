"""Session 57, Q4.

* ``complexity.measure`` switched the model it was given to eval mode for its pass and back: a trainer holding the
  same model on another thread ran its steps in eval mode meanwhile. It measures a copy sharing the parameters,
  the model itself left as it is, with the same figures.
* A Dask worker that died while running a task had the scheduler run it again on another worker, and nothing said
  so (a sweep command run twice, half of its output written twice): the task's outcome says it among its warnings,
  which the CLI prints (``print_outcome``). The reporting is tested here with a stand-in scheduler (a LocalCluster
  with a worker killed takes 6 s or more to start on this machine; tried by hand: the line comes).
"""
from __future__ import annotations

from types import SimpleNamespace

import pytest

_WATCHED: list = []  # (the model watched, what its mode read during the pass): a global, not copied with it


def _spy():
    """A leaf that reads the watched model's mode in the middle of the measured pass (as a trainer's thread would)."""
    import torch

    class Spy(torch.nn.Module):
        def forward(self, x):
            model, seen = _WATCHED
            seen.append(model.training)
            return x

    return Spy()


def test_measure_leaves_the_model_it_is_given_as_it_is():
    torch = pytest.importorskip("torch")
    from workbench.core.evaluation.complexity import measure

    conv = torch.nn.Conv2d(3, 4, 3, padding=1)
    bn = torch.nn.BatchNorm2d(4)
    model = torch.nn.Sequential(conv, bn, torch.nn.Dropout(0.5), _spy())
    model.train()
    seen: list = []
    _WATCHED[:] = [model, seen]
    before = {k: v.clone() for k, v in model.state_dict().items()}
    c = measure(model, (1, 3, 8, 8), convention="thop")
    assert seen == [True], "the model was switched to eval mode during the pass"
    assert model.training and all(m.training for m in model.modules())
    assert not any(m._forward_hooks for m in model.modules())
    for k, v in model.state_dict().items():  # batch norm's running statistics untouched (eval on the copy)
        assert torch.equal(v, before[k]), k
    # the figures of the in-place measure: conv MACs + bias, BN 2 x 2 ops per element (thop), dropout none
    assert c.params == 3 * 4 * 9 + 4 + 2 * 4
    assert c.ops == 8 * 8 * 4 * (3 * 9 + 1) + 2 * 2 * 8 * 8 * 4
    assert c.per_type == {"Conv2d": 8 * 8 * 4 * 28, "BatchNorm2d": 1024.0}


def test_a_model_that_cannot_be_copied_is_still_measured():
    torch = pytest.importorskip("torch")
    import threading

    from workbench.core.evaluation.complexity import measure

    model = torch.nn.Sequential(torch.nn.Conv2d(3, 4, 3, padding=1, bias=False))
    model.lock = threading.Lock()  # deepcopy refuses it
    model.train()
    c = measure(model, (1, 3, 8, 8), convention="macs")
    assert c.ops == 8 * 8 * 4 * 3 * 9
    assert model.training and not model[0]._forward_hooks


class _Scheduler:
    """A stand-in Dask client: ``run_on_scheduler`` runs the function sent on a scheduler whose tasks are these."""

    def __init__(self, suspicious: dict | None = None, broken: bool = False):
        self.tasks = {k: SimpleNamespace(suspicious=n) for k, n in (suspicious or {}).items()}
        self.broken = broken

    def run_on_scheduler(self, fn, *args):
        if self.broken:
            raise OSError("scheduler gone")
        return fn(*args, dask_scheduler=self)


class _Future:
    def __init__(self, key, outcome):
        self.key, self._outcome = key, outcome

    def result(self):
        return self._outcome


def test_a_task_run_again_after_its_worker_died_says_so(capsys):
    from workbench.core.batch import CommandTask, DaskBackend, TaskOutcome, print_outcome

    task = CommandTask("mine:train", ("--lr", "0.1"), label="train lr=0.1")
    backend = DaskBackend.__new__(DaskBackend)  # no cluster: its client stands in
    backend.client = _Scheduler({"wb-0-train_lr_0.1": 1, "wb-1-x": 0})
    out = backend._outcome(_Future("wb-0-train_lr_0.1", TaskOutcome(task, 0, worker="tcp://10.0.0.7:4001")), task)
    assert out.warnings == ["train lr=0.1: a Dask worker died while running it (once); the scheduler ran it again "
                            "on tcp://10.0.0.7:4001, and these results are that run's"]
    print_outcome(out, None)
    assert "warning: train lr=0.1: a Dask worker died while running it (once)" in capsys.readouterr().err
    # twice; a task run once; a scheduler that cannot say: no line, the outcome as it came
    backend.client = _Scheduler({"wb-0-train_lr_0.1": 2})
    out = backend._outcome(_Future("wb-0-train_lr_0.1", TaskOutcome(task, 0, worker="w2")), task)
    assert "(2 times); the scheduler ran it again on w2" in out.warnings[0]
    backend.client = _Scheduler({"wb-1-x": 0})
    assert backend._outcome(_Future("wb-1-x", TaskOutcome(task, 0)), task).warnings == []
    backend.client = _Scheduler(broken=True)
    assert backend._outcome(_Future("wb-1-x", TaskOutcome(task, 0)), task).warnings == []
