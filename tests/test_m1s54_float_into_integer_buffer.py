"""A hand-averaged checkpoint ((a + b) / 2 of every tensor) holds num_batches_tracked as float32 where the model's
buffer is int64: fit_state_dict refused it ("... is float32 in the file, int64 in the model") since 78c090f, which was
meant for whole-number weights in a floating-point model. Floats into an integer buffer load, converted; whole numbers
into floating-point weights are still refused. Found by review R5 (session 54)."""
from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")


def _net():
    torch.manual_seed(0)
    return torch.nn.Sequential(torch.nn.Conv2d(1, 2, 3), torch.nn.BatchNorm2d(2))


def test_averaged_checkpoint_loads_its_float_counts(tmp_path):
    from workbench.core.training.checkpoints import CheckpointError, fit_state_dict

    a, b = _net(), _net()
    a[1].num_batches_tracked.fill_(4)
    b[1].num_batches_tracked.fill_(6)
    avg = {k: (a.state_dict()[k] + b.state_dict()[k]) / 2 for k in a.state_dict()}
    assert avg["1.num_batches_tracked"].dtype == torch.float32
    model = _net()
    fit_state_dict(model, avg, tmp_path / "avg.pt")
    assert model[1].num_batches_tracked.dtype == torch.int64 and int(model[1].num_batches_tracked) == 5
    assert torch.equal(model[0].weight, avg["0.weight"])
    rounded = dict(avg, **{"0.weight": avg["0.weight"].to(torch.int64)})
    with pytest.raises(CheckpointError, match="0.weight is int64 in the file, float32 in the model"):
        fit_state_dict(_net(), rounded, tmp_path / "avg.pt")
