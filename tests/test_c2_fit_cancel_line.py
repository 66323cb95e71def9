"""`fit` cancelled in the first epoch of a fresh run said "last complete checkpoint: OUT/last.pt": none had been
written (or the file there was an earlier run's). It says no epoch was complete; later, which epoch last.pt holds."""
import torch

from workbench.core.jobs import JobContext
from workbench.core.training.loop import fit


def _cancelled_at(epoch_to_cancel, out):
    torch.manual_seed(0)
    model = torch.nn.Linear(2, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    ctx, said = JobContext(), []
    x = torch.ones(4, 2)

    def batches(epoch):
        if epoch == epoch_to_cancel:
            ctx.cancel()
        return [x]

    res = fit(ctx, model, opt, lambda m, b: m(b).pow(2).mean(), batches, 3, out, log=said.append)
    assert res.cancelled
    return said[-1]


def test_the_cancel_line_says_which_checkpoint_there_is(tmp_path):
    assert _cancelled_at(0, tmp_path / "a") == "cancelled in epoch 1: no epoch was complete, no checkpoint written"
    assert not (tmp_path / "a" / "last.pt").exists()
    assert _cancelled_at(2, tmp_path / "b") == f"cancelled in epoch 3; last complete checkpoint: {tmp_path / 'b' / 'last.pt'} (epoch 2)"
