"""Ctrl-C / SIGTERM during a training (the shared loop, every plugin's ``train``): one line says which epoch's
checkpoint is kept and how to carry on, and the interrupt still stops the command. Before, the command ended with
``workbench: interrupted`` alone: nothing said that last.pt was whole, which epoch it held, or that --resume goes on."""
import pytest
import torch
from torch import nn

from workbench.core.training import fit, load_checkpoint


def _tiny():
    torch.manual_seed(0)
    model = nn.Linear(2, 1)
    xs = torch.randn(8, 2)
    ys = xs.sum(1, keepdim=True)
    return model, torch.optim.SGD(model.parameters(), lr=0.05), [(xs, ys)], lambda m, b: ((m(b[0]) - b[1]) ** 2).mean()


@pytest.mark.parametrize("where, stop, how", [("step", KeyboardInterrupt(), "Ctrl-C"),
                                              ("validate", KeyboardInterrupt("SIGTERM"), "SIGTERM")])
def test_an_interrupted_training_says_the_checkpoint_it_keeps(tmp_path, where, stop, how):
    model, opt, data, loss = _tiny()
    said, epochs = [], []

    def batches(epoch):
        epochs.append(epoch)
        return data

    def step(m, b):
        if where == "step" and epochs[-1] == 2:
            raise stop
        return loss(m, b)

    def validate(m):
        if where == "validate" and epochs[-1] == 2:
            raise stop
        return {"mse": 0.0}

    with pytest.raises(KeyboardInterrupt):
        fit(None, model, opt, step, batches, 5, tmp_path, validate, log=said.append)
    assert load_checkpoint(tmp_path / "last.pt")["epoch"] == 2
    assert said[-1] == (f"training stopped ({how}) in epoch 3 of 5: {tmp_path / 'last.pt'} holds epoch 2 (history.json "
                        f"beside it); the same command with --resume (--resume {tmp_path / 'last.pt'} where it takes "
                        "a file) carries on from it")


def test_interrupted_in_the_first_epoch_says_nothing_was_saved(tmp_path):
    model, opt, data, loss = _tiny()
    said = []

    def step(m, b):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        fit(None, model, opt, step, lambda e: data, 3, tmp_path, log=said.append)
    assert said == ["training stopped (Ctrl-C) in epoch 1 of 3: no epoch was complete, no checkpoint written"]
    assert not (tmp_path / "last.pt").exists()
