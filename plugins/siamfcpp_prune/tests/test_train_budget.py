"""``--time-budget``: the schedule is sized from a timing on a copy of the model, which stays untouched."""
from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")


class _Sampler:
    tensors = True

    def batch(self, n, rng):
        return (torch.from_numpy(rng.standard_normal((n, 8)).astype(np.float32)),)


def test_steps_for_budget_times_a_copy():
    from workbench_siamfcpp_prune.train import steps_for_budget

    model = torch.nn.Linear(8, 1)
    before = {k: v.clone() for k, v in model.state_dict().items()}
    steps, per = steps_for_budget(model, lambda m, b: m(b[0]).pow(2).mean(), _Sampler(), 4, budget_s=10.0,
                                  epochs=2, device="cpu")
    assert per > 0 and steps == max(1, int(10.0 * 0.85 / per / 2))
    assert all(torch.equal(before[k], v) for k, v in model.state_dict().items())  # the model was not trained
    assert all(p.grad is None for p in model.parameters())
