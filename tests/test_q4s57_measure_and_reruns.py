"""Session 57, Q4.

* ``complexity.measure`` switched the model it was given to eval mode for its pass and back: a trainer holding the
  same model on another thread ran its steps in eval mode meanwhile. It measures a copy sharing the parameters,
  the model itself left as it is, with the same figures.
"""
from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")

_WATCHED: list = []  # (the model watched, what its mode read during the pass): a global, not copied with it


class _Spy(torch.nn.Module):
    """A leaf that reads the watched model's mode in the middle of the measured pass (as a trainer's thread would)."""

    def forward(self, x):
        model, seen = _WATCHED
        seen.append(model.training)
        return x


def test_measure_leaves_the_model_it_is_given_as_it_is():
    from workbench.core.evaluation.complexity import measure

    conv = torch.nn.Conv2d(3, 4, 3, padding=1)
    bn = torch.nn.BatchNorm2d(4)
    model = torch.nn.Sequential(conv, bn, torch.nn.Dropout(0.5), _Spy())
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
    import threading

    from workbench.core.evaluation.complexity import measure

    model = torch.nn.Sequential(torch.nn.Conv2d(3, 4, 3, padding=1, bias=False))
    model.lock = threading.Lock()  # deepcopy refuses it
    model.train()
    c = measure(model, (1, 3, 8, 8), convention="macs")
    assert c.ops == 8 * 8 * 4 * 3 * 9
    assert model.training and not model[0]._forward_hooks
