"""Resume of a search that has searched all its epochs: the window started the job (crops cut, the network built),
which said "nothing more to train" only through print(), and the status line then read "search done; 8 epochs
saved": nothing told the user that no epoch was searched or how to search on. The status line says it now and
nothing starts; with more epochs in the form, Resume continues it."""
import shutil
from dataclasses import asdict
from pathlib import Path

import pytest

pytest.importorskip("torch")


@pytest.fixture
def calls(monkeypatch):
    """The searches started: [(folder, resume, epochs)]."""
    from workbench_nas_tir import search

    seen = []

    def fake_search(cfg, out_dir, ctx=None, resume=False, bank=None):
        seen.append((Path(out_dir), resume, cfg.epochs))
        yield {"kind": "done"}

    monkeypatch.setattr(search, "search_events", fake_search)
    return seen


def test_resume_with_no_epoch_left_says_so_and_starts_nothing(window, registry, qtbot, shipped_copy, calls, tmp_path):
    import torch

    dock = window.open_inspector(registry.get("nas_tir"), "NAS alphas")
    dock.search_in_process = False  # the patched search is a local function: it does not pickle
    qtbot.waitUntil(lambda: not dock.loading, timeout=20000)
    # a finished search of 8 epochs (the shipped one's history and cell, its last.pt of epoch 8), not on show
    done = tmp_path / "finished"
    done.mkdir()
    shutil.copy2(shipped_copy / "alpha_history.json", done / "alpha_history.json")
    shutil.copy2(shipped_copy / "genotype_dual.json", done / "genotype.json")
    dock.load_folder(done)
    cfg = dock.search_config()
    assert cfg.epochs == 8
    torch.save({"format": 1, "model": {"alpha_normal": torch.zeros(14, 8)}, "optimizer": {"w": {}, "a": {}},
                "epoch": 8, "history": [], "extra": {"config": asdict(cfg)}}, done / "last.pt")
    dock.load_folder(shipped_copy)  # the shipped replay on show: Resume continues `done`, with its own settings
    assert not dock.start_search(resume=True, out_dir=done)
    text = dock.status.text()
    assert text.startswith("Resume not started: ") and "all 8 epochs" in text and "epochs above 8" in text, text
    assert calls == [] and not dock.running
    # the search Resume would continue is on show now: more epochs in the form are what Resume takes
    assert Path(dock.search_dir) == done and dock.resume_dir() == done
    dock.epochs.setValue(10)
    assert dock.start_search(resume=True)
    qtbot.waitUntil(lambda: not dock.running, timeout=10000)
    assert calls == [(done, True, 10)]
