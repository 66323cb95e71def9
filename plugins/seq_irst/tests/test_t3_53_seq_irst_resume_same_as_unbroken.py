"""The global generators' state that every epoch's checkpoint keeps (torch's: Dropout, numpy's legacy one) was
restored by `train lw_irstnet` alone: every other method that trains through ``fit`` (seq_irst, hanet, siamfcpp /
ps_siamfcpp) resumed with the generators as the start had seeded them, so a training drawing from them (a Dropout
layer, a random augmentation) differed from an unbroken run from its first resumed epoch. ``fit(resumed=...)``
restores it. seq_irst's own training draws its batches from generators of their own, so the test has its loss draw
from torch's global generator, as a Dropout would."""
import pytest

torch = pytest.importorskip("torch")


def _data(root):
    from workbench.core.data.irseq import save_irseq
    from workbench.core.data.irseq_synth import make_sequence
    from workbench_seq_irst.runs import open_seq

    return [(open_seq(save_irseq(make_sequence(1, width=16, height=16, frames=4, flicker_rate=0), root / "seq")),
             None)]


@pytest.fixture
def drawing_loss(monkeypatch):
    """seq_irst's loss scaled by a draw from torch's global generator (a Dropout's kind of draw)."""
    import workbench_seq_irst.model as model

    plain = model.detection_loss

    def loss(*a, **k):
        value, parts = plain(*a, **k)
        return value * (1.0 + torch.rand(())), parts

    monkeypatch.setattr(model, "detection_loss", loss)


def test_seq_irst_stopped_after_two_of_three_epochs_and_resumed_is_the_unbroken_run(tmp_path, drawing_loss):
    from workbench.core.jobs import CancelToken, JobContext
    from workbench.core.training import load_checkpoint
    from workbench_seq_irst.train import TrainSettings, train

    data = _data(tmp_path / "a")
    s = TrainSettings(crop=16, epochs=3, batch_size=4, threads=1, data_path="host")
    whole, broken = tmp_path / "whole", tmp_path / "broken"
    train(None, data, [], s, whole, log=lambda m: None)
    token = CancelToken()  # stopped in epoch 3 (the schedule of a 3-epoch run): last.pt holds epoch 2
    ctx = JobContext(lambda f, msg: token.cancel() if msg == "epoch 2/3 done" else None, token)
    res, _, _ = train(ctx, data, [], s, broken, log=lambda m: None)
    assert res.cancelled and load_checkpoint(broken / "last.pt")["epoch"] == 2
    said = []
    train(None, data, [], s, broken, resume=True, log=said.append)
    assert not any("random-number state" in m for m in said), said
    a, b = load_checkpoint(whole / "last.pt"), load_checkpoint(broken / "last.pt")
    assert a["epoch"] == b["epoch"] == 3
    assert [h["loss"] for h in a["history"]] == [h["loss"] for h in b["history"]]
    for k, v in a["model"].items():
        assert torch.equal(v, b["model"][k]), k


def test_a_seq_irst_checkpoint_without_the_state_still_resumes_and_says_the_draws_differ(tmp_path):
    from workbench.core.training import load_checkpoint
    from workbench.core.training.loop import RNG_KEY
    from workbench_seq_irst.train import TrainSettings, train

    data, out = _data(tmp_path / "a"), tmp_path / "run"
    s = TrainSettings(crop=16, epochs=1, batch_size=4, threads=1, data_path="host")
    train(None, data, [], s, out, log=lambda m: None)
    ck = torch.load(out / "last.pt", weights_only=True)
    assert RNG_KEY in ck["extra"]
    del ck["extra"][RNG_KEY]  # as written before the state was kept
    torch.save(ck, out / "last.pt")
    said = []
    train(None, data, [], TrainSettings(crop=16, epochs=2, batch_size=4, threads=1, data_path="host"), out,
          resume=True, log=said.append)
    assert [m for m in said if "random-number state" in m] == [
        f"{out / 'last.pt'}: its checkpoint holds no random-number state (written before it was kept): the random "
        "draws (dropout, ...) from here on differ from an unbroken run's"]
    assert load_checkpoint(out / "last.pt")["epoch"] == 2
