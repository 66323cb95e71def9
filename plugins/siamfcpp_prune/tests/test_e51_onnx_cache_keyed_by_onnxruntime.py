"""The cached search-branch graph is keyed by the ONNX Runtime and onnx versions too: the int8 graph is written
by ONNX Runtime's quantizer (on onnx), and after an upgrade of either the old quantizer's graph was served from
the cache (the key held torch's version only)."""
from __future__ import annotations

from importlib import metadata

import onnxruntime
import torch

from workbench_siamfcpp_prune.model import SiamFCpp
from workbench_siamfcpp_prune.runtime import fold_batchnorm, onnx_cache_path


def test_another_onnxruntime_or_onnx_is_another_cache_file(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBENCH_CACHE", str(tmp_path))
    torch.manual_seed(0)
    net = fold_batchnorm(SiamFCpp().eval())
    here = onnx_cache_path(net, 199, 3, 17, True)
    assert onnx_cache_path(net, 199, 3, 17, True) == here  # the same tools: the same file
    monkeypatch.setattr(onnxruntime, "__version__", onnxruntime.__version__ + ".other")
    other_ort = onnx_cache_path(net, 199, 3, 17, True)
    monkeypatch.undo()
    monkeypatch.setenv("WORKBENCH_CACHE", str(tmp_path))
    real = metadata.version
    monkeypatch.setattr(metadata, "version", lambda d: real(d) + ".other" if d == "onnx" else real(d))
    other_onnx = onnx_cache_path(net, 199, 3, 17, True)
    assert len({here, other_ort, other_onnx}) == 3
