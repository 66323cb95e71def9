"""`workbench train hanet --bands 1` / `2` trained without a word on a false colour whose G or B channel is 0 in every
frame (the three band groups of spectral_color.group_weights), `--bands 2000` was taken (a default generated video of
2000 bands is ~16 GB of float32): refused in one line naming the option and the range, before anything is written. And `--seed S` twice on one
CPU thread gives the same weights, tensor for tensor."""
import pytest
import torch

from workbench.core.errors import WorkbenchError


def _argv(out, *more):
    return ["--generate", "1", "--frames", "2", "--size", "48x32", "--val", "0", "--epochs", "1", "--steps", "1",
            "--batch", "2", "--threads", "1", "--device", "cpu", "--out", str(out), *more]


@pytest.mark.parametrize("bands", ["1", "2", "2000"])
def test_band_counts_the_network_cannot_take_are_one_line(tmp_path, bands):
    from workbench_hanet.train import main

    with pytest.raises(WorkbenchError, match=rf"^--bands {bands}: must be between 3 and 1024 \(three band groups"):
        main(_argv(tmp_path / "run", "--bands", bands))
    assert not (tmp_path / "run").exists()


def test_the_same_seed_trains_the_same_weights(tmp_path):
    from workbench_hanet.train import main

    def weights(name, seed):
        torch.manual_seed(1234 + len(name))  # whatever the process drew before: the seed decides
        assert main(_argv(tmp_path / name, "--seed", seed, "--bands", "3")) == 0
        return torch.load(tmp_path / name / "last.pt", weights_only=True)["model"]

    # the process's generator is seeded apart before each run: weights drawn from it would differ
    a, b = weights("a", "3"), weights("bb", "3")
    assert a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a)
