"""``fit`` resumed with ``epochs`` at or below the epochs already done trained nothing and said nothing. It says
so in one line, trains nothing, keeps the best epoch of the history, and the caller still writes its final files
from the checkpoint's model (a run stopped between its last epoch and them is completed so: R2)."""
import torch
from torch import nn


def test_a_resume_with_no_epoch_left_says_so_and_keeps_the_best_of_the_history(tmp_path):
    from workbench.core.training import fit

    model = nn.Linear(2, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    said = []

    def step(m, b):
        raise AssertionError("nothing is to be trained")

    history = [{"epoch": 1, "loss": 1.0, "miou": 0.5}, {"epoch": 2, "loss": 0.5, "miou": 0.7}]
    for epochs in (2, 1):
        res = fit(None, model, opt, step, lambda e: [0], epochs, tmp_path / "out", start_epoch=2, history=history,
                  log=said.append, best_key="miou")
        assert res.nothing_to_train and res.history == history and not res.cancelled
        assert (res.best_epoch, res.best_value) == (2, 0.7)
    assert len(said) == 2 and all("nothing more to train" in s and "give a larger --epochs" in s for s in said)
    assert "all 2 epochs were trained already (the checkpoint holds epoch 2)" in said[0]
    res = fit(None, model, opt, lambda m, b: m(torch.ones(1, 2)).sum(), lambda e: [0], 3, tmp_path / "out",
              start_epoch=2, history=history, log=said.append)
    assert not res.nothing_to_train and [h["epoch"] for h in res.history] == [1, 2, 3]
