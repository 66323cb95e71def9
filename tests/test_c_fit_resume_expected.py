"""fit said "nothing more to train ... give a larger --epochs" on every resume whose epochs were done, also where the
caller resumes finished runs by design (a seq_irst --loso stage rerun, an lw_irstnet --cv fold trained but not
scored), where that advice is wrong. ``resume_expected`` (what the caller does next) is said instead."""
import torch
from torch import nn


def test_an_expected_resume_says_what_happens_not_to_give_more_epochs(tmp_path):
    from workbench.core.training import fit

    model = nn.Linear(2, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    said = []

    def step(m, b):
        raise AssertionError("nothing is to be trained")

    history = [{"epoch": 1, "loss": 1.0, "f1": 0.5}, {"epoch": 2, "loss": 0.5, "f1": 0.4}]
    res = fit(None, model, opt, step, lambda e: [0], 2, tmp_path / "stage1", start_epoch=2, history=history,
              log=said.append, best_key="f1", resume_expected="scoring it")
    assert res.nothing_to_train and (res.best_epoch, res.best_value) == (1, 0.5)
    assert said == [f"{tmp_path / 'stage1'}: trained already (all 2 epochs; the checkpoint holds epoch 2); scoring it"]
    fit(None, model, opt, step, lambda e: [0], 2, tmp_path / "stage1", start_epoch=2, history=history,
        log=said.append)  # a user's --resume of a finished run: the advice stays
    assert "give a larger --epochs" in said[1]
