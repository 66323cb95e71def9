"""``measure`` counted every forward pass through the model's leaves while its hooks were on, another thread's too:
the pruning inspector's before / after table, counted on a worker while Prune + measure FPS timed the same model on
another, said (and exported) 18.32 GFLOPs where the model has 17.13. It counts its own pass alone."""
from __future__ import annotations

import threading

import pytest

torch = pytest.importorskip("torch")


class _OtherThreadsPass(torch.nn.Module):
    """A leaf whose forward, in the middle of the measured pass, has another thread run ``conv`` once."""

    def __init__(self, conv):
        super().__init__()
        self.others = [conv]  # a list: not a child module (the leaf stays a leaf)

    def forward(self, x):
        t = threading.Thread(target=lambda: self.others[0](torch.zeros(1, 3, 8, 8)))
        t.start()
        t.join()
        return x


def test_a_pass_on_another_thread_is_not_counted():
    from workbench.core.evaluation.complexity import measure

    conv = torch.nn.Conv2d(3, 4, 3, padding=1, bias=False)
    alone = measure(torch.nn.Sequential(conv), (1, 3, 8, 8), convention="macs")
    assert alone.ops == 8 * 8 * 4 * 3 * 9
    busy = measure(torch.nn.Sequential(conv, _OtherThreadsPass(conv)), (1, 3, 8, 8), convention="macs")
    assert busy.ops == alone.ops, busy.per_type
