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


def test_a_resumed_run_s_wall_time_adds_to_the_earlier_runs(tmp_path):
    """A summary.json rewritten on a resume got this run's wall time alone (near 0 where nothing was left to
    train): ``run_wall_s`` adds the earlier runs' as the file holds it."""
    from workbench.core.training.loop import run_wall_s

    summary = tmp_path / "summary.json"
    assert run_wall_s(summary, 2.0, resumed=True) == 2.0  # none written (a killed run): this run's alone
    summary.write_text('{"wall_s": 120.5, "best_epoch": 3}')
    assert run_wall_s(summary, 0.25, resumed=True) == 120.75
    assert run_wall_s(summary, 0.25, resumed=False) == 0.25  # a new run: not the folder's earlier one's
    for bad in ('{"wall_s": NaN}', '[1]', '{"wall_s": "12"}', "{damaged"):
        summary.write_text(bad)
        assert run_wall_s(summary, 1.0, resumed=True) == 1.0
