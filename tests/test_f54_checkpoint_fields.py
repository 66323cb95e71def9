"""A checkpoint whose fields are not what a training checkpoint holds (an epoch 'x' or NaN, a history that is a
number) was a ValueError / TypeError traceback out of ``load_checkpoint`` (``train --resume``); found by the
session-54 reader fuzzer. It is a CheckpointError naming the file; good checkpoints read as before."""
from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")


@pytest.mark.parametrize("fields", [{"epoch": "x"}, {"epoch": float("nan")}, {"epoch": [3]}, {"epoch": -1},
                                    {"history": 5}, {"extra": [1, 2]}])
def test_damaged_checkpoint_fields_are_a_data_error(tmp_path, fields):
    from workbench.core.errors import DataError
    from workbench.core.training.checkpoints import load_checkpoint

    p = tmp_path / "last.pt"
    torch.save({"model": {"w": torch.ones(2)}, "epoch": 3, **fields}, p)
    with pytest.raises(DataError) as err:
        load_checkpoint(p)
    assert "last.pt" in str(err.value) and next(iter(fields)) in str(err.value)


def test_good_checkpoints_still_read(tmp_path):
    from workbench.core.training.checkpoints import load_checkpoint

    p = tmp_path / "last.pt"
    torch.save({"model": {"w": torch.ones(2)}, "epoch": torch.tensor(4), "history": [{"loss": 1.0}]}, p)
    ck = load_checkpoint(p)
    assert ck["epoch"] == 4 and ck["history"] == [{"loss": 1.0}]
    torch.save({"model": {"w": torch.ones(2)}, "epoch": 2.0}, p)
    assert load_checkpoint(p)["epoch"] == 2


def test_weights_of_whole_numbers_are_refused_not_cast(tmp_path):
    """``load_state_dict`` cast int64 weights into the float model without a word (a network of rounded weights)."""
    from workbench.core.errors import DataError
    from workbench.core.training.checkpoints import fit_state_dict

    model = torch.nn.Sequential(torch.nn.Conv2d(1, 2, 3), torch.nn.BatchNorm2d(2))
    sd = {k: v.to(torch.int64) if v.is_floating_point() else v for k, v in model.state_dict().items()}
    with pytest.raises(DataError) as err:
        fit_state_dict(model, sd, tmp_path / "w.pt")
    assert "w.pt" in str(err.value) and "0.weight is int64 in the file, float32 in the model" in str(err.value)
    half = {k: v.half() if v.is_floating_point() else v for k, v in model.state_dict().items()}
    fit_state_dict(model, half, tmp_path / "w.pt")  # float16 weights of a float32 model still load
