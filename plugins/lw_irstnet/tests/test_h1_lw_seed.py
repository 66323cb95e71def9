"""`workbench train lw_irstnet --seed S` twice on one CPU thread (every extra augmentation, EMA): the same weights,
tensor for tensor, whatever the process drew before. Tiny generated SIRST-style set."""
import numpy as np
from tiny_sirst import tiny_sirst
import torch


def _sirst(root, n=4, size=16):
    return tiny_sirst(root, n, size)


def test_the_same_seed_trains_the_same_weights(tmp_path):
    from workbench_lw_irstnet import train

    data = _sirst(tmp_path / "set")

    def weights(name, seed):
        torch.manual_seed(99 + len(name))
        np.random.seed(len(name))
        assert train.main(["--data", str(data), "--split", "", "--val-split", "", "--epochs", "1", "--batch-size", "2",
                           "--crop", "16", "--threads", "1", "--device", "cpu", "--seed", seed, "--ema", "0.9",
                           "--aug", "dihedral", "rotate", "contrast", "noise", "polarity", "paste", "hard",
                           "--out", str(tmp_path / name)]) == 0
        return torch.load(tmp_path / name / "last.pt", weights_only=True)["model"]

    # the process's own generators are seeded apart before each run: weights drawn from them would differ
    a, b = weights("a", "3"), weights("bb", "3")
    assert a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a)
