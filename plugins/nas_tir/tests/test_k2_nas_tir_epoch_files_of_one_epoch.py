"""`train nas_tir` / `search nas_tir` write three files an epoch (last.pt, weights.pt / genotype.json, history.json /
alpha_history.json). Ctrl-C (here raised while the second file is written) between two of them left files of two
adjacent epochs; the signal is now held until the epoch's files are all written, and a resume brings files of an
earlier epoch than last.pt's (left so by the old order) to last.pt's epoch (a resume with no epoch left kept them)."""
import json
import signal

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from workbench.core.jobs import JobContext  # noqa: E402
from workbench.core.training.checkpoints import load_checkpoint  # noqa: E402
from workbench_nas_tir.genotype import derive  # noqa: E402

TINY = dict(cells=2, width=4, dims=8, reductions=1, crop=16, m=2, n=2)
pytestmark = pytest.mark.usefixtures("one_thread")


@pytest.fixture(scope="module")
def bank():
    from workbench_nas_tir.data import build_bank

    return build_bank([], synthetic=2, frames_per_id=6, crop=16, synth_frames=30)


def _interrupt_on(monkeypatch, module, name, call):
    real, calls = getattr(module, name), []

    def write(*a, **k):
        calls.append(1)
        if len(calls) == call:
            signal.raise_signal(signal.SIGINT)  # Ctrl-C while this file is written
        return real(*a, **k)

    monkeypatch.setattr(module, name, write)


def _train_epochs(out, last=True):
    """(last.pt's epoch, or None unread; weights.pt's; history.json's last row's)."""
    hist = [r["epoch"] for r in json.loads((out / "history.json").read_text())["history"]]
    return (load_checkpoint(out / "last.pt")["epoch"] if last else None,
            load_checkpoint(out / "weights.pt")["extra"]["trained"]["epochs"], hist[-1])


def _search_epochs(out, last=True):
    """(last.pt's epoch, or None unread; genotype.json's; the alpha history's epochs)."""
    hist = [h["epoch"] for h in json.loads((out / "alpha_history.json").read_text())["epochs"]]
    return (load_checkpoint(out / "last.pt")["epoch"] if last else None,
            json.loads((out / "genotype.json").read_text())["meta"]["epoch"], hist)


def test_train_interrupted_keeps_one_epoch_and_a_resume_catches_up(tmp_path, bank, monkeypatch):
    import workbench_nas_tir.train as train

    g = derive(np.random.default_rng(0).normal(size=(14, 8)), np.random.default_rng(1).normal(size=(14, 8)), "dual")
    cfg, out = train.RetrainConfig(epochs=1, steps_per_epoch=1, **TINY), tmp_path / "a"
    with monkeypatch.context() as m:
        _interrupt_on(m, train, "write_json", 1)  # history.json of epoch 1
        with pytest.raises(KeyboardInterrupt):
            list(train.train_events(cfg, g, out, JobContext(), bank=bank, val_bank=bank))
    assert _train_epochs(out) == (1, 1, 1)
    # the old order's leftovers (last.pt first, interrupted before weights.pt): last.pt of epoch 1 alone
    (out / "weights.pt").unlink()
    (out / "history.json").unlink()
    kept = (out / "last.pt").read_bytes()
    evs = list(train.train_events(cfg, g, out, JobContext(), resume=True, bank=bank, val_bank=bank))
    assert [e["kind"] for e in evs] == ["start", "done"]  # no epoch left, and yet
    assert _train_epochs(out, last=False) == (None, 1, 1) and (out / "last.pt").read_bytes() == kept


def test_search_interrupted_keeps_one_epoch_and_a_resume_catches_up(tmp_path, bank, monkeypatch):
    import workbench_nas_tir.genotype as genotype
    from workbench_nas_tir.search import SearchConfig, run_search

    cfg, out = SearchConfig(cell="dual", epochs=1, steps_per_epoch=1, real=False, synthetic=2, frames_per_id=6,
                            **TINY), tmp_path / "a"
    with monkeypatch.context() as m:
        _interrupt_on(m, genotype, "save", 1)  # genotype.json of epoch 1
        with pytest.raises(KeyboardInterrupt):
            run_search(JobContext(), cfg, out, bank=bank)
    assert _search_epochs(out) == (1, 1, [0, 1])
    # the old order's leftovers: last.pt of epoch 1, the history of epoch 0 and no genotype.json
    hist = json.loads((out / "alpha_history.json").read_text())
    (out / "alpha_history.json").write_text(json.dumps({**hist, "epochs": hist["epochs"][:1]}))
    (out / "genotype.json").unlink()
    kept = (out / "last.pt").read_bytes()
    run_search(JobContext(), cfg, out, resume=True, bank=bank)
    assert _search_epochs(out, last=False) == (None, 1, [0, 1]) and (out / "last.pt").read_bytes() == kept
