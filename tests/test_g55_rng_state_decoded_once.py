"""A resume decoded the checkpoint's random-number state twice: ``resume_checkpoint`` checked it (``rng_restorer``)
and threw the restorer away, then ``fit(resumed=...)`` decoded it again. Now ``resume_checkpoint`` keeps the restorer
it made (``RNG_RESTORE``) and ``fit`` uses that one: given a stand-in ``rng_restorer``, it is asked once a resume and
the restorer it made is the one called before the first resumed epoch."""
import pytest

torch = pytest.importorskip("torch")

from workbench.core.training import loop  # noqa: E402
from workbench.core.training.loop import fit, resume_checkpoint  # noqa: E402


def _step(m, b):
    return torch.nn.functional.dropout(m(torch.ones(1, 2)), 0.5).pow(2).sum()


def test_the_state_is_decoded_once_and_its_restorer_is_the_one_used(tmp_path, monkeypatch):
    out = tmp_path / "out"
    torch.manual_seed(0)
    net = torch.nn.Linear(2, 1)
    fit(None, net, torch.optim.SGD(net.parameters(), lr=0.01), _step, lambda e: [0], 1, out, log=lambda s: None)

    made, called = [], []
    real = loop.rng_restorer

    def spy(state, path):
        restore = real(state, path)
        made.append((path, restore))
        return lambda log=None: (called.append(restore), restore(log))

    monkeypatch.setattr(loop, "rng_restorer", spy)
    fresh = torch.nn.Linear(2, 1)
    opt = torch.optim.SGD(fresh.parameters(), lr=0.01)
    ck = resume_checkpoint(out / "last.pt", fresh, opt)
    said = []
    res = fit(None, fresh, opt, _step, lambda e: [0], 2, out, start_epoch=ck["epoch"], history=ck["history"],
              log=said.append, resumed=ck)
    assert len(made) == 1 and made[0][0] == out / "last.pt"  # the old code: twice (resume_checkpoint, then fit)
    assert called == [made[0][1]]  # the restorer resume_checkpoint made, called by fit
    assert [h["epoch"] for h in res.history] == [1, 2]
    assert not any("random-number state" in s for s in said)


def test_a_checkpoint_without_a_state_is_still_said(tmp_path):
    out = tmp_path / "out"
    net = torch.nn.Linear(2, 1)
    fit(None, net, torch.optim.SGD(net.parameters(), lr=0.01), _step, lambda e: [0], 1, out, log=lambda s: None)
    ck = torch.load(out / "last.pt", weights_only=True)  # (the project's checkpoints load without pickle)
    del ck["extra"][loop.RNG_KEY]
    torch.save(ck, out / "last.pt")
    fresh = torch.nn.Linear(2, 1)
    opt = torch.optim.SGD(fresh.parameters(), lr=0.01)
    ck = resume_checkpoint(out / "last.pt", fresh, opt)
    said = []
    fit(None, fresh, opt, _step, lambda e: [0], 2, out, start_epoch=ck["epoch"], history=ck["history"],
        log=said.append, resumed=ck)
    assert any("holds no random-number state" in s for s in said), said
