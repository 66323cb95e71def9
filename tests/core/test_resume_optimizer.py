"""training.loop.resume: a checkpoint whose optimizer state does not fit this training (another optimizer,
another trainable set or order, another network) is one CheckpointError naming the file, before anything
is loaded; torch raised a ValueError traceback or loaded it and failed in the first step."""
import pytest
import torch

from workbench.core.training.checkpoints import CheckpointError, save_checkpoint
from workbench.core.training.loop import optimizer_mismatch, resume


def _step(model, opt):
    opt.zero_grad()
    model(torch.ones(1, 3)).sum().backward()
    opt.step()


@pytest.fixture
def ckpt(tmp_path):
    torch.manual_seed(0)
    model = torch.nn.Linear(3, 2)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    _step(model, opt)
    return save_checkpoint(tmp_path / "last.pt", model, opt, epoch=2, history=[{"epoch": 1}, {"epoch": 2}])


def test_the_same_training_resumes_and_steps(ckpt):
    model = torch.nn.Linear(3, 2)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    epoch, history, _ = resume(ckpt, model, opt)
    assert epoch == 2 and len(history) == 2 and opt.state_dict()["state"][0]["exp_avg"].shape == (2, 3)
    _step(model, opt)


def test_another_optimizer_is_refused_naming_the_file(ckpt):
    model = torch.nn.Linear(3, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)  # was KeyError: 'momentum' in the first step
    with pytest.raises(CheckpointError, match=r"last\.pt: the optimizer state is another optimizer's \(lacks SGD's "
                                              r"dampening, momentum; has betas, eps\): resume with its "
                                              r"options$"):
        resume(ckpt, model, opt)


def test_another_trainable_set_is_refused(ckpt):
    model = torch.nn.Linear(3, 2)
    with pytest.raises(CheckpointError, match=r"last\.pt: the optimizer state's group 1 holds 2 parameters, this "
                                              r"training's 1: resume"):  # was torch's ValueError traceback
        resume(ckpt, model, torch.optim.Adam([model.weight], lr=1e-3))
    with pytest.raises(CheckpointError, match=r"the optimizer state holds 1 parameter group\(s\), this Adam 2"):
        resume(ckpt, model, torch.optim.Adam([{"params": [model.weight]}, {"params": [model.bias]}], lr=1e-3))


def test_another_parameter_order_is_refused_before_the_first_step(ckpt):
    model = torch.nn.Linear(3, 2)
    opt = torch.optim.Adam([model.bias, model.weight], lr=1e-3)  # torch loaded it; the first step failed
    with pytest.raises(CheckpointError, match=r"the optimizer state's exp_avg of parameter 1 \(group 1\) is 2x3, the "
                                              r"parameter 2: resume"):
        resume(ckpt, model, opt)
    assert optimizer_mismatch(opt, {"param_groups": "x"}).startswith("the optimizer entry is not an optimizer state")


def test_another_network_is_one_line_not_a_traceback(ckpt):
    model = torch.nn.Linear(4, 2)
    with pytest.raises(CheckpointError, match=r"last\.pt: the checkpoint's weights do not fit Linear: weight is 2x3 "
                                              r"in the file, 2x4"):
        resume(ckpt, model, torch.optim.Adam(model.parameters(), lr=1e-3))
