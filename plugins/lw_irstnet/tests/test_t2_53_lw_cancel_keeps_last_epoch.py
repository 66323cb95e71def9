"""A cancelled `train lw_irstnet` without validation wrote the model as it was mid-epoch to best_weights.pt and logged
"done in ... holds the last epoch's weights"; with validation it logged "done" after "cancelled". A cancelled run's
best_weights.pt is last.pt's weights (the last finished epoch), and its log says it was cancelled and what it kept."""
import pytest
from tiny_sirst import tiny_sirst

torch = pytest.importorskip("torch")


def _argv(data, out, epochs, val=""):
    return ["--data", str(data), "--split", "", "--val-split", val, "--out", str(out), "--batch-size", "2", "--crop",
            "16", "--threads", "1", "--device", "cpu", "--epochs", str(epochs)]


def _cancelled_in(epoch: int, epochs: int):
    """A context cancelled by the first batch of ``epoch`` (1-based), once a step of it has changed the weights."""
    from workbench.core.jobs import CancelToken, JobContext

    token = CancelToken()
    return JobContext(lambda f, msg: token.cancel() if msg.startswith(f"epoch {epoch}/{epochs} loss") else None, token)


def test_a_cancel_without_validation_keeps_the_last_finished_epochs_weights(tmp_path):
    from workbench.core.training import load_checkpoint, load_file
    from workbench_lw_irstnet.train import parser, run_training

    data, out, said = tiny_sirst(tmp_path / "a"), tmp_path / "run", []
    res = run_training(_cancelled_in(2, 3), parser().parse_args(_argv(data, out, 3)), log=said.append)
    assert res.cancelled
    last = load_checkpoint(out / "last.pt")
    assert last["epoch"] == 1
    best = load_file(out / "best_weights.pt")
    for k, v in last["model"].items():  # not the weights of the epoch cut off
        assert torch.equal(best[k], v), k
    assert not any(s.startswith("done") for s in said), said
    assert said[-1].startswith("cancelled after") and "holds epoch 1's weights" in said[-1], said


def test_a_cancel_in_the_first_epoch_without_validation_writes_no_weights(tmp_path):
    from workbench_lw_irstnet.train import parser, run_training

    data, out, said = tiny_sirst(tmp_path / "a"), tmp_path / "run", []
    assert run_training(_cancelled_in(1, 2), parser().parse_args(_argv(data, out, 2)), log=said.append).cancelled
    assert not (out / "best_weights.pt").exists() and not (out / "last.pt").exists()
    assert said[-1].endswith("no epoch finished, no weights written"), said


def test_a_cancel_with_validation_says_cancelled_not_done(tmp_path):
    from workbench_lw_irstnet.train import parser, run_training

    data, out, said = tiny_sirst(tmp_path / "a"), tmp_path / "run", []
    (data / "all.txt").write_text("".join(f"img{i}\n" for i in range(4)))
    args = parser().parse_args(_argv(data, out, 3, "all.txt"))
    args.split = "all.txt"
    assert run_training(_cancelled_in(2, 3), args, log=said.append).cancelled
    assert not any(s.startswith("done") for s in said), said
    assert said[-1].startswith("cancelled after") and "best epoch so far 1" in said[-1], said
