"""Ctrl-C / SIGTERM during `train nas_tir` / `search nas_tir` (their own epoch loops, not the shared ``fit``): the
command ended with 'workbench: interrupted' alone; one line now says which epoch last.pt holds and that --resume
carries on, and the interrupt still stops the command."""
from pathlib import Path

import pytest

pytest.importorskip("torch")

GENOTYPE = Path(__file__).resolve().parents[1] / "workbench_nas_tir" / "weights" / "genotype_dual.json"


def _events(stop):
    def events(cfg, *args, **kwargs):
        yield {"kind": "start", "epoch0": 0, "epochs": cfg.epochs, "history": [], "train": "t", "val": "v",
               "params_backbone": 1}
        yield {"kind": "step", "epoch": 0.5, "step": 1}
        yield {"kind": "epoch", "epoch": 1}
        yield {"kind": "step", "epoch": 1.5, "step": 3}
        raise stop
    return events


@pytest.mark.parametrize("verb", ["train", "search"])
def test_an_interrupted_nas_tir_run_says_the_checkpoint_it_keeps(tmp_path, capsys, monkeypatch, verb):
    import workbench_nas_tir.search as search
    import workbench_nas_tir.train as train

    module = train if verb == "train" else search
    monkeypatch.setattr(module, f"{verb}_events", _events(KeyboardInterrupt("SIGTERM")))
    out = tmp_path / "run"
    argv = ["--out", str(out), "--epochs", "4"] + (["--genotype", str(GENOTYPE)] if verb == "train" else [])
    with pytest.raises(KeyboardInterrupt):
        module.main(argv)
    said = capsys.readouterr().out.strip().splitlines()[-1]
    what = "training" if verb == "train" else "search"
    assert said == (f"{what} stopped (SIGTERM) in epoch 2 of 4: {out / 'last.pt'} holds epoch 1 (history.json beside "
                    f"it); the same command with --resume (--resume {out / 'last.pt'} where it takes a file) carries "
                    "on from it")
