"""The NAS inspector's Search / Resume started the search job with settings the command refuses: a crop
the network's stride leaves no room for (taken from the search on show), or a Resume over a retraining's
last.pt or a search made with other settings; the job said it after the crops were cut, or failed in the
network. The command's own checks (search.check_config / check_resume) are said in the status line now,
before any job starts and before anything is written."""
from pathlib import Path

import pytest

pytest.importorskip("torch")


@pytest.fixture
def calls(monkeypatch):
    """The searches started (none should be): [(folder, resume)]."""
    from workbench_nas_tir import search

    seen = []

    def fake_search(cfg, out_dir, ctx=None, resume=False, bank=None):
        seen.append((Path(out_dir), resume))
        yield {"kind": "done"}

    monkeypatch.setattr(search, "search_events", fake_search)
    return seen


@pytest.fixture
def dock(window, registry, qtbot, shipped_copy, calls):
    d = window.open_inspector(registry.get("nas_tir"), "NAS alphas")
    d.search_in_process = False  # the patched search is a local function: it does not pickle
    qtbot.waitUntil(lambda: not d.loading, timeout=20000)
    return d


def test_search_and_resume_the_command_refuses_start_nothing(dock, calls, tmp_path):
    import torch

    from workbench.core.training.checkpoints import load_checkpoint

    # Search with a crop the network's stride leaves no room for
    dock.settings = {**dock.settings, "crop": 3}  # an older search's settings, on show
    out = tmp_path / "new"
    assert not dock.start_search(out_dir=out)
    assert not dock.running and calls == []
    assert dock.status.text().startswith("Search not started: --crop 3"), dock.status.text()
    assert not out.exists()
    dock.settings = {k: v for k, v in dock.settings.items() if k != "crop"}

    # Resume over a retraining's last.pt, then over a search made with other settings
    run = tmp_path / "retrained"
    run.mkdir()
    torch.save({"model": {}, "optimizer": {"sgd": {}}, "epoch": 1, "history": [], "extra": {}}, run / "last.pt")
    before = (run / "last.pt").read_bytes()
    assert not dock.start_search(resume=True, out_dir=run)
    assert "a `workbench train nas_tir` checkpoint, not a search's" in dock.status.text(), dock.status.text()
    assert dock.status.text().startswith("Resume not started: ")
    assert (run / "last.pt").read_bytes() == before and sorted(p.name for p in run.iterdir()) == ["last.pt"]

    other = tmp_path / "searched"
    other.mkdir()
    cfg = dock.search_config()
    torch.save({"model": {}, "optimizer": {"w": {}, "a": {}}, "epoch": 1, "history": [],
                "extra": {"config": {"cells": cfg.cells + 1}}}, other / "last.pt")
    assert load_checkpoint(other / "last.pt")["extra"]["config"]["cells"] == cfg.cells + 1
    assert not dock.start_search(resume=True, out_dir=other, config=cfg)
    assert f"searched with cells={cfg.cells + 1}" in dock.status.text(), dock.status.text()
    assert calls == [] and not dock.running
