"""A hand-averaged checkpoint ((a + b) / 2 of every tensor) holds num_batches_tracked as float32 where the model's
buffer is int64: fit_state_dict refused it ("... is float32 in the file, int64 in the model") since 78c090f, which was
meant for whole-number weights in a floating-point model. Floats into an integer buffer load, converted; whole numbers
into floating-point weights are still refused. Found by review R5 (session 54)."""
from __future__ import annotations

import re

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


class _Strided(torch.nn.Module):
    """A model with an integer buffer that is no count (seq_irst's grid_stride, siamfcpp's uint8 flags)."""

    def __init__(self):
        super().__init__()
        self.register_buffer("stride", torch.tensor(8, dtype=torch.int64))
        self.register_buffer("flag", torch.tensor(1, dtype=torch.uint8))


@pytest.mark.parametrize("key, value, said", [("stride", 12.7, "stride holds 12.7"), ("flag", -0.4, "flag holds -0.4"),
                                              ("stride", 1e20, "stride holds 1e+20"),
                                              ("flag", float("nan"), "flag holds nan")])
def test_fractions_or_numbers_out_of_range_into_an_integer_buffer_are_refused(tmp_path, key, value, said):
    """Review R8: a float of 12.7 into an int64 stride loaded as 12 without a word (and -0.4 into a uint8 flag as 0,
    1e20 as a negative number): only whole numbers in the buffer's range load, converted."""
    from workbench.core.training.checkpoints import CheckpointError, fit_state_dict

    sd = {"stride": torch.tensor(16.0), "flag": torch.tensor(0.0)}
    model = _Strided()
    fit_state_dict(model, sd, tmp_path / "w.pt")  # whole numbers: converted
    assert int(model.stride) == 16 and int(model.flag) == 0
    with pytest.raises(CheckpointError, match=re.escape(said)):
        fit_state_dict(_Strided(), dict(sd, **{key: torch.tensor(value)}), tmp_path / "w.pt")
