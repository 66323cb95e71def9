"""`train lw_irstnet --resume` of another network's last.pt trained with SGD (hanet's, a nas_tir retraining's) was
refused as "trained with --optimizer sgd, this run asks for --optimizer adam: resume with --optimizer sgd", and that
command then refused its weights. The optimizer is compared on lw_irstnet's own checkpoints only; another network's
is refused by its weights, naming the file. An lw_irstnet checkpoint of another optimizer is still said as such."""
import re

import pytest

torch = pytest.importorskip("torch")

from workbench.core.errors import WorkbenchError  # noqa: E402
from workbench.core.training.checkpoints import FORMAT  # noqa: E402


def _checkpoint(path, model):
    """A checkpoint of ``model`` with an SGD optimizer's state (as torch.optim.SGD writes it; not built here: the
    first optimizer of a process imports torch's compiler, seconds)."""
    sgd = {"state": {}, "param_groups": [{"lr": 0.1, "momentum": 0.9, "dampening": 0, "weight_decay": 0.0,
                                          "nesterov": False, "params": list(range(len(list(model.parameters()))))}]}
    torch.save({"format": FORMAT, "model": model.state_dict(), "optimizer": sgd, "epoch": 2,
                "history": [{"epoch": 1}, {"epoch": 2}], "extra": {}}, path)
    return path


def test_another_networks_sgd_checkpoint_is_refused_by_its_weights(tmp_path):
    from workbench_lw_irstnet.model import LWIRSTNet
    from workbench_lw_irstnet.train import resume_from

    other = torch.nn.Linear(2, 2)  # hanet's kind of training: SGD with momentum
    ck = _checkpoint(tmp_path / "last.pt", other)
    kept = ck.read_bytes()
    model = LWIRSTNet()
    with pytest.raises(WorkbenchError, match=rf"^{re.escape(str(ck))}: the checkpoint's weights do not fit "
                                             r"LWIRSTNet: missing stage1\.conv\.weight") as err:
        resume_from(ck, model, "adam")
    assert "--optimizer" not in str(err.value)
    assert ck.read_bytes() == kept


def test_an_lw_checkpoint_of_another_optimizer_is_still_said_as_such(tmp_path):
    from workbench_lw_irstnet.model import LWIRSTNet
    from workbench_lw_irstnet.train import resume_from

    net = LWIRSTNet()
    ck = _checkpoint(tmp_path / "last.pt", net)
    model = LWIRSTNet()
    with pytest.raises(WorkbenchError, match=rf"^{re.escape(str(ck))}: trained with --optimizer sgd, this run asks "
                                             r"for --optimizer adam: resume with --optimizer sgd"):
        resume_from(ck, model, "adam")
