"""`search nas_tir --resume` and `train nas_tir --resume` over another method's last.pt (an lw_irstnet, hanet or
siamfcpp training left in --out) were refused with the wrong reason: the search said "cannot resume with these data:
its weights do not fit SearchNetwork" (as if the data differed), the retraining "that run was trained without the
centre loss; resume it with --no-center" (which then failed on its weights). Both now say that the file is not their
checkpoint, naming it, before any crop is cut; the file is left as it was.

Beside them, the retraining's resume is the run it continues: every epoch draws from generators seeded by (--seed,
epoch), so a run stopped after epoch 2 of 3 and resumed ends with the unbroken run's weights (a guard: that held
before too; the search's is test_nas_tir's test_search_saves_every_epoch_and_resumes_identically)."""
import re

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from workbench.core.errors import WorkbenchError  # noqa: E402
from workbench.core.jobs import JobContext  # noqa: E402
from workbench.core.training.checkpoints import FORMAT, load_checkpoint  # noqa: E402
from workbench_nas_tir.genotype import derive  # noqa: E402

TINY = dict(cells=2, width=4, dims=8, reductions=1, crop=16, m=2, n=2)
pytestmark = pytest.mark.usefixtures("one_thread")


@pytest.fixture(scope="module")
def bank():
    from workbench_nas_tir.data import build_bank

    return build_bank([], synthetic=2, frames_per_id=6, crop=16, synth_frames=30)


def _genotype():
    return derive(np.random.default_rng(0).normal(size=(14, 8)), np.random.default_rng(1).normal(size=(14, 8)),
                  "dual")


def _another_methods_checkpoint(out):
    """An lw_irstnet-like last.pt (its first weight, an SGD optimizer state as hanet's) in ``out``."""
    sgd = {"state": {}, "param_groups": [{"lr": 0.1, "momentum": 0.9, "dampening": 0, "weight_decay": 0.0,
                                          "nesterov": False, "params": [0]}]}  # as torch.optim.SGD writes it
    out.mkdir(parents=True)
    ck = out / "last.pt"
    torch.save({"format": FORMAT, "model": {"stage1.conv.weight": torch.zeros(8, 3, 3, 3)}, "optimizer": sgd,
                "epoch": 2, "history": [{"epoch": 1}, {"epoch": 2}], "extra": {"config": {"seed": 0}}}, ck)
    return ck


def test_search_resume_of_another_methods_checkpoint_says_it_is_not_a_search(tmp_path, bank):
    from workbench_nas_tir.search import SearchConfig, run_search

    ck = _another_methods_checkpoint(tmp_path / "run")
    kept = ck.read_bytes()
    cfg = SearchConfig(cell="dual", epochs=3, steps_per_epoch=1, real=False, synthetic=2, frames_per_id=6,
                       live_every=0, device="cpu", **TINY)
    with pytest.raises(WorkbenchError) as err:
        run_search(JobContext(), cfg, tmp_path / "run", resume=True, bank=bank)
    assert str(err.value) == (f"{ck}: not a `workbench search nas_tir` checkpoint (its weights are another "
                              "network's, no alpha_normal): give another --out")
    assert ck.read_bytes() == kept and sorted(p.name for p in ck.parent.iterdir()) == ["last.pt"]


def test_retrain_resume_of_another_methods_checkpoint_says_it_is_not_a_retraining(tmp_path, bank):
    from workbench_nas_tir.train import RetrainConfig, train_events

    ck = _another_methods_checkpoint(tmp_path / "run")
    kept = ck.read_bytes()
    cfg = RetrainConfig(epochs=3, steps_per_epoch=1, device="cpu", **TINY)
    with pytest.raises(WorkbenchError, match=rf"^{re.escape(str(ck))}: not a `workbench train nas_tir` checkpoint "
                                             r"\(another method's training: its optimizer state is not a "
                                             r"retraining's\): give another --out$"):
        list(train_events(cfg, _genotype(), tmp_path / "run", JobContext(), resume=True, bank=bank, val_bank=bank))
    assert ck.read_bytes() == kept and sorted(p.name for p in ck.parent.iterdir()) == ["last.pt"]


def test_a_retraining_stopped_after_two_of_three_epochs_and_resumed_is_the_unbroken_run(tmp_path, bank):
    from workbench_nas_tir.train import RetrainConfig, train_events

    g, cfg = _genotype(), RetrainConfig(epochs=3, steps_per_epoch=2, device="cpu", **TINY)
    list(train_events(cfg, g, tmp_path / "whole", JobContext(), bank=bank, val_bank=bank))
    run = train_events(cfg, g, tmp_path / "broken", JobContext(), bank=bank, val_bank=bank)
    for ev in run:  # killed once epoch 2's files are written
        if ev["kind"] == "epoch" and ev["epoch"] == 2:
            break
    run.close()
    assert load_checkpoint(tmp_path / "broken" / "last.pt")["epoch"] == 2
    torch.rand(5), np.random.rand(3)  # whatever drew meanwhile (another run in the same process)
    kinds = [e["kind"] for e in train_events(cfg, g, tmp_path / "broken", JobContext(), resume=True, bank=bank,
                                             val_bank=bank)]
    assert kinds == ["start", "epoch", "done"]
    a, b = (load_checkpoint(tmp_path / d / "last.pt") for d in ("whole", "broken"))
    assert a["epoch"] == b["epoch"] == 3
    assert [h["loss"] for h in a["history"]] == [h["loss"] for h in b["history"]]
    for k, v in a["model"].items():
        assert torch.equal(v, b["model"][k]), k
