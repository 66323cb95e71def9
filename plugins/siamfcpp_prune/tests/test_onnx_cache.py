"""The exported search branch is cached on disk between runs (runtime.onnx_cache_path)."""
from __future__ import annotations

import numpy as np
import torch

from workbench_siamfcpp_prune.model import SiamFCpp
from workbench_siamfcpp_prune.runtime import OrtSearch, onnx_cache_path


def _net(seed: int):
    torch.manual_seed(seed)
    return SiamFCpp().eval()


def test_a_second_session_of_the_same_weights_comes_from_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBENCH_CACHE", str(tmp_path))
    net = _net(3)
    z, x = torch.rand(1, 3, 127, 127), torch.rand(1, 3, 199, 199)
    with torch.no_grad():
        kernels = net.template_kernels(z)
    first = OrtSearch(net, 199, threads=1)
    assert not first.from_cache and len(list((tmp_path / "onnx").glob("*.onnx"))) == 1
    second = OrtSearch(net, 199, threads=1)
    assert second.from_cache and second.onnx_model == first.onnx_model
    for a, b in zip(first(kernels, x.numpy()), second(kernels, x.numpy())):
        assert np.array_equal(a, b)
    # other weights, another input size or another channel count: other files, never the cached graph
    other = OrtSearch(_net(4), 199, threads=1)
    assert not other.from_cache
    assert not OrtSearch(net, 255, threads=1).from_cache
    assert not OrtSearch(net, 199, threads=1, channels=1).from_cache
    assert len(list((tmp_path / "onnx").glob("*.onnx"))) == 4


def test_a_damaged_cache_file_is_made_again(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBENCH_CACHE", str(tmp_path))
    net = _net(5)
    good = OrtSearch(net, 199, threads=1).onnx_model
    from workbench_siamfcpp_prune.runtime import fold_batchnorm

    path = onnx_cache_path(fold_batchnorm(net), 199, 3, 17, False)
    path.write_bytes(b"not an onnx graph")
    again = OrtSearch(net, 199, threads=1)
    assert not again.from_cache and again.onnx_model == good and path.read_bytes() == good


def test_the_cache_keeps_the_newest_files(tmp_path, monkeypatch):
    import os
    import time

    from workbench_siamfcpp_prune import runtime

    monkeypatch.setenv("WORKBENCH_CACHE", str(tmp_path))
    monkeypatch.setattr(runtime, "ONNX_CACHE_FILES", 2)
    d = tmp_path / "onnx"
    d.mkdir()
    for k in range(3):  # three older entries
        f = d / f"search_{k}.onnx"
        f.write_bytes(b"x")
        os.utime(f, (time.time() - 100 + k, time.time() - 100 + k))
    OrtSearch(_net(6), 199, threads=1)
    left = sorted(p.name for p in d.glob("search_*.onnx"))
    assert len(left) == 2 and "search_2.onnx" in left and "search_0.onnx" not in left
