"""``prune.complexity``'s ``SearchBranch`` made its template kernels with the model it was given switched to eval
mode and back in place: a trainer stepping the same model on another thread (the pruning inspector's table counted
beside its fine-tuning) stepped in eval mode meanwhile, as ``complexity.measure`` did before it measured a copy. The
kernels are made by a copy sharing the model's parameters and buffers now; the model's modules are never switched."""
from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")


def test_search_branch_never_switches_the_models_mode_and_makes_the_same_kernels(monkeypatch):
    from torch import nn

    from workbench_siamfcpp_prune.model import SiamFCpp
    from workbench_siamfcpp_prune.prune import SearchBranch, complexity

    torch.manual_seed(0)
    model = SiamFCpp()
    for m in model.modules():  # running statistics of their own: eval mode's kernels differ from training mode's
        if isinstance(m, nn.BatchNorm2d):
            m.running_mean.uniform_(-1, 1)
            m.running_var.uniform_(0.5, 2)
    model.train()
    before = [b.clone() for b in model.buffers()]
    own = {id(m) for m in model.modules()}
    switched = []
    real_train = nn.Module.train

    def train(self, mode=True):
        if id(self) in own:
            switched.append((type(self).__name__, mode))
        return real_train(self, mode)

    monkeypatch.setattr(nn.Module, "train", train)
    kernels = SearchBranch(model).kernels
    assert switched == [], f"the model's own modules were switched: {switched[:4]}"
    assert all(m.training for m in model.modules())
    assert all(torch.equal(a, b) for a, b in zip(before, model.buffers()))  # running statistics left as they were
    monkeypatch.setattr(nn.Module, "train", real_train)
    # the kernels are eval mode's, as they were made in place
    model.eval()
    with torch.no_grad():
        want = model.template_kernels(torch.zeros(1, 3, 127, 127))
    assert len(kernels) == len(want) and all(torch.equal(a, b) for a, b in zip(kernels, want))
    # the count of a small search crop: the figure it was before, in either mode, the model left in its own
    model.train()
    counted = complexity(model, 199)
    assert all(m.training for m in model.modules())
    assert counted == complexity(model.eval(), 199)
    assert counted["macs"] == 2691353568 and counted["params"] == 9656392
