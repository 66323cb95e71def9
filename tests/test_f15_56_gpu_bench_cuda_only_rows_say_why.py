"""``bench gpu`` without CUDA: the CUDA-only rows (the trackers' "device path + graph") read "-" in every column
with an empty error column, as if measured as nothing or failed without a word: the error column says why. A row
that failed says its error, and one measured says none."""
from __future__ import annotations

import pytest

pytest.importorskip("torch")

from workbench.core.bench import load  # noqa: E402


def test_cuda_only_row_says_why_without_cuda(monkeypatch, capsys):
    import torch

    gpu = load("gpu")
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(gpu, "tracker_rows", lambda devices, quick: [
        {"what": "kcfish", "kind": "tracker", "unit": "FPS", "cpu": 50.0},
        {"what": "broken", "kind": "tracker", "unit": "FPS", "cpu_error": "ValueError: bad"}])
    monkeypatch.setattr(gpu, "detection_rows", lambda devices, quick: [])
    monkeypatch.setattr(gpu, "plugin_rows", lambda devices, quick: [
        {"what": "siamfcpp device path + graph", "kind": "tracker", "unit": "FPS"}])
    res = gpu.run(quick=True)
    assert res["cuda"] is False
    lines = {ln.split()[0] + (" graph" if "+ graph" in ln else ""): ln
             for ln in capsys.readouterr().out.splitlines() if " FPS " in ln}
    assert "CUDA only; no CUDA here" in lines["siamfcpp graph"], lines
    assert "ValueError: bad" in lines["broken"] and "CUDA only" not in lines["broken"]
    assert "CUDA only" not in lines["kcfish"] and "50.0" in lines["kcfish"]
