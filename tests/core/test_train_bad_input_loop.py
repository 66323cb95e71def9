"""The core epoch loop on a training that diverges: it stops before the epoch is saved (a NaN loss, or NaN weights
from a finite loss), so last.pt / best.pt / best_weights.pt keep the last finite epoch; a diverged run wrote NaN
weights and said done."""
import pytest


def _fit(out, blow_up_at, how, epochs=3):
    import torch

    from workbench.core.training.loop import fit

    torch.manual_seed(0)
    model = torch.nn.Linear(2, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    calls = {"n": 0}

    def step(m, batch):
        calls["n"] += 1
        loss = (m(batch) ** 2).mean()
        if calls["n"] >= blow_up_at:
            if how == "loss":
                return loss * float("nan")
            with torch.no_grad():
                m.bias.fill_(float("inf"))  # an overflowing update: the loss it reports is still finite
        return loss

    return fit(None, model, opt, step, lambda e: [torch.ones(4, 2)] * 2, epochs, out,
               validate=lambda m: {"score": 1.0}, best_key="score")


@pytest.mark.parametrize("how, at, words", [("loss", 3, "loss nan at step 1"), ("weights", 4, "bias is not finite")])
def test_a_diverged_epoch_is_never_saved(tmp_path, how, at, words):
    import torch

    from workbench.core.training.loop import Diverged

    with pytest.raises(Diverged, match=rf"the training diverged in epoch 2 \({words}\); .*last\.pt holds epoch 1; "
                                       r"lower the learning rate"):
        _fit(tmp_path, at, how)  # two steps an epoch: the 3rd / 4th step is in epoch 2
    ck = torch.load(tmp_path / "last.pt", weights_only=True)
    assert ck["epoch"] == 1
    for name in ("last.pt", "best.pt"):
        state = torch.load(tmp_path / name, weights_only=True)["model"]
        assert all(bool(torch.isfinite(v).all()) for v in state.values())
    weights = torch.load(tmp_path / "best_weights.pt", weights_only=True)
    assert all(bool(torch.isfinite(v).all()) for v in weights.values())


def test_a_first_epoch_that_diverges_says_nothing_was_saved(tmp_path):
    from workbench.core.training.loop import Diverged

    with pytest.raises(Diverged, match=r"epoch 1 \(loss nan at step 1\); nothing was saved"):
        _fit(tmp_path, 1, "loss")
    assert not (tmp_path / "last.pt").exists()
