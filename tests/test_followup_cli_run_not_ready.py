"""`workbench run --tracker nanotrack` without its weights opened the sequence, started the batch and failed
inside the task; it now says the plugin's own readiness reason (``Plugin.ready``, the line the window shows
on its greyed Run) before any work: nothing opened, nothing written."""
from __future__ import annotations

import pytest

from workbench.cli import main
from workbench.core.registry import Plugin


@pytest.fixture
def no_work(monkeypatch):
    from workbench.core import batch, data

    def work(*a, **k):
        raise AssertionError("work started")

    monkeypatch.setattr(data, "open_sequence", work)
    monkeypatch.setattr(batch, "sequence_refs", work)
    monkeypatch.delenv("WORKBENCH_NANOTRACK_DIR", raising=False)


def test_run_without_weights_says_why_before_any_work(tmp_path, no_work, capsys):
    out = tmp_path / "res"
    seq = tmp_path / "no_such_sequence"  # not even looked at
    assert main(["run", "--tracker", "nanotrack", "--sequence", str(seq), "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    assert "NanoTrack needs its two ONNX files" in err and "set weights_dir" in err, err
    assert not out.exists()
    assert main(["run", "--tracker", "kcf,nanotrack", "--set", f"nanotrack.weights_dir={tmp_path}",
                 "--sequence", str(seq), "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert "nanotrack: NanoTrack weights not found in" in err, err
    assert not out.exists()


def test_a_readiness_check_is_declared_and_never_blocks_by_failing(monkeypatch):
    def broken(cfg):
        raise RuntimeError("the check itself is broken")

    assert Plugin("a", "tracker", lambda c, d: None).why_not_ready() is None  # none declared
    assert Plugin("b", "tracker", lambda c, d: None, ready=lambda cfg: "no weights").why_not_ready() == "no weights"
    assert Plugin("c", "tracker", lambda c, d: None, ready=broken).why_not_ready() is None
    monkeypatch.delenv("WORKBENCH_NANOTRACK_DIR", raising=False)
    p = Plugin("d", "tracker", lambda c, d: None, ready="workbench.baselines.opencv_peers:nanotrack_ready")
    assert p.why_not_ready().startswith("NanoTrack needs its two ONNX files")  # "module:function", resolved
