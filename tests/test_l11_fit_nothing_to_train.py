"""``fit`` resumed with ``epochs`` at or below the epochs already done trained nothing and said nothing; every
plugin then rewrote its weights files from the checkpoint and exited 0. It says so in one line, writes nothing,
and tells the caller (``FitResult.nothing_to_train``), which writes nothing either."""
import torch
from torch import nn


def test_a_resume_with_no_epoch_left_says_so_and_writes_nothing(tmp_path):
    from workbench.core.training import fit

    model = nn.Linear(2, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    said = []

    def step(m, b):
        raise AssertionError("nothing is to be trained")

    history = [{"epoch": 1, "loss": 1.0}, {"epoch": 2, "loss": 0.5}]
    for epochs in (2, 1):
        res = fit(None, model, opt, step, lambda e: [0], epochs, tmp_path / "out", start_epoch=2, history=history,
                  log=said.append)
        assert res.nothing_to_train and res.history == history and not res.cancelled
    assert said == [f"{tmp_path / 'out'}: done 2 of 2 epochs already, nothing to train (nothing written); give a "
                    "larger --epochs to train on", f"{tmp_path / 'out'}: done 2 of 1 epochs already, nothing to "
                    "train (nothing written); give a larger --epochs to train on"]
    assert not (tmp_path / "out").exists()
    res = fit(None, model, opt, lambda m, b: m(torch.ones(1, 2)).sum(), lambda e: [0], 3, tmp_path / "out",
              start_epoch=2, history=history, log=said.append)
    assert not res.nothing_to_train and [h["epoch"] for h in res.history] == [1, 2, 3]
