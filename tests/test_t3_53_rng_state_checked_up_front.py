"""A checkpoint's random-number state (``rng_state``, kept with every epoch by ``fit``): its CUDA entries were only
hex-decoded up front, so one of another length passed the check and failed in ``torch.cuda.set_rng_state_all`` at
the first resumed epoch with a raw RuntimeError naming no file; a state written on another number of CUDA devices
was skipped without a word. Every method's resume (``resume_checkpoint``) now checks the whole state before any
data is read, refusing a damaged one in one line naming the checkpoint, and a device-count mismatch is said."""
import pytest

torch = pytest.importorskip("torch")

from workbench.core.errors import WorkbenchError  # noqa: E402
from workbench.core.training.loop import RNG_KEY, resume_checkpoint, rng_restorer, rng_state  # noqa: E402


def _with_cuda(*entries):
    return {**rng_state(), "cuda": list(entries)}


@pytest.mark.parametrize("entry, problem", [("00" * 15, "CUDA device 0: 15 bytes, not 16"),
                                            ("zz" * 16, "ValueError")])
def test_a_damaged_cuda_entry_is_refused_up_front_naming_the_checkpoint(entry, problem):
    with pytest.raises(WorkbenchError) as err:
        rng_restorer(_with_cuda(entry), "run/last.pt")
    said = str(err.value)
    assert said.startswith("run/last.pt: its random-number state is damaged (") and problem in said, said
    assert "\n" not in said and said.endswith("start a new --out")


def test_resume_checkpoint_refuses_a_damaged_state_before_anything_is_loaded(tmp_path):
    from workbench.core.training.checkpoints import save_checkpoint

    net = torch.nn.Linear(2, 1)
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    path = tmp_path / "last.pt"
    save_checkpoint(path, net, opt, 1, [{"epoch": 1, "loss": 1.0}], {RNG_KEY: _with_cuda("00" * 8)})
    fresh = torch.nn.Linear(2, 1)
    before = {k: v.clone() for k, v in fresh.state_dict().items()}
    with pytest.raises(WorkbenchError, match=rf"^{path}: its random-number state is damaged \(ValueError: CUDA "
                                             r"device 0: 8 bytes, not 16\)"):
        resume_checkpoint(path, fresh, torch.optim.SGD(fresh.parameters(), lr=0.1))
    assert all(torch.equal(v, before[k]) for k, v in fresh.state_dict().items())  # nothing loaded
    # an intact state resumes, and the checkpoint names the file it came from (fit's lines about the state)
    save_checkpoint(path, net, opt, 1, [{"epoch": 1, "loss": 1.0}], {RNG_KEY: _with_cuda("00" * 16)})
    assert resume_checkpoint(path, fresh, torch.optim.SGD(fresh.parameters(), lr=0.1))["path"] == str(path)
    assert all(torch.equal(v, net.state_dict()[k]) for k, v in fresh.state_dict().items())


def test_a_cuda_state_of_another_device_count_is_said_not_skipped_silently(monkeypatch):
    set_all = []
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "set_rng_state_all", set_all.append)
    restore = rng_restorer(_with_cuda("00" * 16), "run/last.pt")
    said = []
    monkeypatch.setattr(torch.cuda, "device_count", lambda: 2)
    restore(said.append)
    assert set_all == [] and said == ["run/last.pt: holds the random-number state of 1 CUDA device(s), this machine "
                                      "has 2: the CUDA draws differ from an unbroken run's"]
    monkeypatch.setattr(torch.cuda, "device_count", lambda: 1)
    restore(said.append)
    assert len(said) == 1 and len(set_all) == 1 and set_all[0][0].numel() == 16
