"""A resumed `train lw_irstnet` was not the run it continued: the network's Dropout2d draws from torch's global
generator, which every start re-seeded (--seed) and last.pt did not keep, so a 3-epoch run stopped after epoch 2 and
resumed differed from an unbroken one from its third epoch (loss 0.0969430 against 0.0969499). The checkpoint keeps the generators' state
after its epoch and a resume restores it: the same losses and weights as an unbroken run."""
import pytest
from tiny_sirst import tiny_sirst

torch = pytest.importorskip("torch")


def _argv(data, out, epochs):
    return ["--data", str(data), "--split", "", "--val-split", "", "--out", str(out), "--batch-size", "2", "--crop",
            "16", "--threads", "1", "--device", "cpu", "--epochs", str(epochs)]


def test_a_run_stopped_after_two_of_three_epochs_and_resumed_is_the_unbroken_run(tmp_path):
    from workbench.core.jobs import CancelToken, JobContext
    from workbench.core.training import load_checkpoint
    from workbench_lw_irstnet.train import main, parser, run_training

    data = tiny_sirst(tmp_path / "a")
    whole, broken = tmp_path / "whole", tmp_path / "broken"
    assert main(_argv(data, whole, 3)) == 0
    token = CancelToken()  # stopped in epoch 3 (the schedule of a 3-epoch run): last.pt holds epoch 2
    ctx = JobContext(lambda f, msg: token.cancel() if msg == "epoch 2/3 done" else None, token)
    assert run_training(ctx, parser().parse_args(_argv(data, broken, 3)), log=lambda s: None).cancelled
    assert load_checkpoint(broken / "last.pt")["epoch"] == 2
    assert main(_argv(data, broken, 3) + ["--resume", str(broken / "last.pt")]) == 0
    a, b = load_checkpoint(whole / "last.pt"), load_checkpoint(broken / "last.pt")
    assert a["epoch"] == b["epoch"] == 3
    assert [h["loss"] for h in a["history"]] == [h["loss"] for h in b["history"]]
    for k, v in a["model"].items():
        assert torch.equal(v, b["model"][k]), k


def test_a_checkpoint_without_the_state_still_resumes_and_says_the_draws_differ(tmp_path, capsys):
    from workbench.core.training import load_checkpoint, save_checkpoint
    from workbench.core.training.loop import RNG_KEY
    from workbench_lw_irstnet.train import main

    data, out = tiny_sirst(tmp_path / "a"), tmp_path / "run"
    assert main(_argv(data, out, 1)) == 0
    ck = load_checkpoint(out / "last.pt")
    assert RNG_KEY in ck["extra"]
    del ck["extra"][RNG_KEY]  # as written before the state was kept
    from workbench_lw_irstnet.model import LWIRSTNet

    net = LWIRSTNet()
    net.load_state_dict(ck["model"])
    opt = torch.optim.Adam(net.parameters())
    opt.load_state_dict(ck["optimizer"])
    save_checkpoint(out / "last.pt", net, opt, 1, ck["history"], ck["extra"])
    capsys.readouterr()
    assert main(_argv(data, out, 2) + ["--resume", str(out / "last.pt")]) == 0
    said = capsys.readouterr().out
    assert "no random-number state" in said, said
    assert load_checkpoint(out / "last.pt")["epoch"] == 2


def test_the_kept_state_draws_again_what_was_drawn_and_a_damaged_one_is_refused_naming_the_file():
    import numpy as np

    from workbench.core.errors import WorkbenchError
    from workbench.core.training.loop import rng_restorer, rng_state

    state = rng_state()
    drawn = (torch.rand(5), np.random.rand(3))
    restore = rng_restorer(state, "run/last.pt")
    torch.rand(7), np.random.rand(2)  # others drew meanwhile (a start's --seed, the network's initialisation)
    restore()
    assert torch.equal(torch.rand(5), drawn[0]) and np.array_equal(np.random.rand(3), drawn[1])
    assert rng_restorer(None, "run/last.pt") is None
    with pytest.raises(WorkbenchError, match=r"^run/last.pt: its random-number state is damaged"):
        rng_restorer({**state, "torch": state["torch"][:-8]}, "run/last.pt")
