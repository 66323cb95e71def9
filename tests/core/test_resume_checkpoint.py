"""training.loop.resume_checkpoint: the one way a training continues a checkpoint (the plugins each had a
resume set-up block and a check_resumable copy: hanet's deep-copied the model and loaded the weights twice):
every check before anything is loaded, in one order, then the weights and the optimizer state loaded once."""
import copy

import pytest
import torch

from workbench.core.errors import WorkbenchError
from workbench.core.training.checkpoints import CheckpointError, check_recipe, save_checkpoint
from workbench.core.training.loop import resume_checkpoint


def _ckpt(tmp_path, recipe=None):
    torch.manual_seed(0)
    model = torch.nn.Linear(3, 2)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    opt.zero_grad()
    model(torch.ones(1, 3)).sum().backward()
    opt.step()
    return model, save_checkpoint(tmp_path / "last.pt", model, opt, epoch=2, history=[{"epoch": 1}, {"epoch": 2}],
                                  extra={"recipe": recipe or {"lr": 1e-3, "epochs": 2}}, ema=model)


def test_checks_then_loads_once_without_copying_the_model(tmp_path, monkeypatch):
    trained, path = _ckpt(tmp_path)
    model = torch.nn.Linear(3, 2)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    monkeypatch.setattr(copy, "deepcopy", lambda *a, **k: pytest.fail("the model was copied to be checked"))
    seen = []
    ck = resume_checkpoint(path, model, opt, hint="h", recipe={"lr": 1e-3, "epochs": 5}, may_differ=("epochs",),
                           check=seen.append)
    assert ck["epoch"] == 2 and len(ck["history"]) == 2 and "ema" in ck and seen == [ck]
    assert torch.equal(model.weight, trained.weight) and opt.state_dict()["state"][0]["exp_avg"].shape == (2, 3)


def test_refusals_come_in_order_and_leave_the_model_as_it_was(tmp_path):
    _, path = _ckpt(tmp_path)

    def fresh():
        torch.manual_seed(1)
        m = torch.nn.Linear(3, 2)
        return m, torch.optim.Adam(m.parameters(), lr=1e-3), m.weight.detach().clone()

    def own(ck):
        raise WorkbenchError(f"{path}: the training's own check")

    m, opt, w0 = fresh()
    for kw, words in (({"check": own}, "the training's own check"),
                      ({"recipe": {"lr": 0.01}}, r"trained with another recipe \(--lr 0.001 there, 0.01 now\)"),
                      ({"recipe": {"lr": 1e-3, "epochs": 3}}, r"\(--epochs 2 there, 3 now\)")):
        with pytest.raises(WorkbenchError, match=words):
            resume_checkpoint(path, m, opt, **kw)
        assert torch.equal(m.weight, w0) and not opt.state_dict()["state"]
    other = torch.nn.Linear(4, 2)  # another network: the weights first, with the hint, never the optimizer
    with pytest.raises(CheckpointError, match=r"last\.pt: the checkpoint's weights do not fit Linear: weight is 2x3 in "
                                              r"the file, 2x4 in the model; resume with --in 3$"):
        resume_checkpoint(path, other, torch.optim.SGD(other.parameters(), lr=0.1), hint="resume with --in 3",
                          recipe={"lr": 0.5})
    with pytest.raises(CheckpointError, match=r"another optimizer's .*: resume with its options$"):
        resume_checkpoint(path, m, torch.optim.SGD(m.parameters(), lr=0.1, momentum=0.9), recipe={"lr": 0.5})
    assert torch.equal(m.weight, w0)


def test_recipe_options_that_may_differ_and_both_sides():
    ck = {"extra": {"recipe": {"lr": 0.01, "epochs": 4, "old": 1}}}
    check_recipe("r/last.pt", ck, {"lr": 0.01, "epochs": 8, "new": 2}, may_differ=("epochs",))
    with pytest.raises(WorkbenchError, match=r"^r/last\.pt: trained with another recipe \(--epochs 4 there, 8 now; "
                                             r"--new None there, 2 now; --old 1 there, None now\): rerun it$"):
        check_recipe("r/last.pt", ck, {"lr": 0.01, "epochs": 8, "new": 2}, "rerun it", both_sides=True)
