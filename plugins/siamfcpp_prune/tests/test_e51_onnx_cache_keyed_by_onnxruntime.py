"""The cached search-branch graph is keyed by what makes it: the int8 graph is written by ONNX Runtime's
quantizer (on onnx), and after an upgrade of either the old quantizer's graph was served from the cache (the key
held torch's version only); likewise after a change of the code that exports it."""
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


def test_a_change_to_the_code_that_makes_the_graph_is_another_cache_file(tmp_path, monkeypatch):
    """The key holds a digest of the model's, the folding's and the int8 recipe's source files
    (``GRAPH_SOURCES``): an upgrade that changed them without a bump of ONNX_CACHE_VERSION served the old graph."""
    import sys
    import types

    from workbench_siamfcpp_prune import runtime

    monkeypatch.setenv("WORKBENCH_CACHE", str(tmp_path / "cache"))
    pkg = types.ModuleType("e51_graph_pkg")
    pkg.__file__ = str(tmp_path / "__init__.py")
    monkeypatch.setitem(sys.modules, "e51_graph_pkg", pkg)
    monkeypatch.setattr(runtime, "GRAPH_SOURCES", {**runtime.GRAPH_SOURCES, "e51_graph_pkg": ("model.py",)})
    torch.manual_seed(0)
    net = fold_batchnorm(SiamFCpp().eval())
    paths = []
    for code in ("def forward(x): return x\n", "def forward(x): return 2 * x\n", "def forward(x): return x\n"):
        (tmp_path / "model.py").write_text(code)
        runtime._graph_code.cache_clear()
        paths.append(onnx_cache_path(net, 199, 3, 17, False))
    runtime._graph_code.cache_clear()
    assert paths[0] != paths[1] and paths[0] == paths[2]


def test_the_cache_keeps_the_graphs_last_used(tmp_path, monkeypatch):
    """The pruning kept the 24 files last written: a graph read at every start but written long ago went
    before graphs written once since and never used again. A graph read is marked used."""
    import os
    import time

    from workbench_siamfcpp_prune import runtime

    monkeypatch.setattr(runtime, "ONNX_CACHE_FILES", 2)
    used, stale = tmp_path / "search_used.onnx", tmp_path / "search_stale.onnx"
    for f, age in ((used, 100), (stale, 50)):  # the used graph written first
        f.write_bytes(f.name.encode())
        os.utime(f, (time.time() - age, time.time() - age))
    assert runtime._read_cached(used) == b"search_used.onnx"
    runtime._write_cached(tmp_path / "search_new.onnx", b"new")
    assert sorted(p.name for p in tmp_path.glob("search_*.onnx")) == ["search_new.onnx", "search_used.onnx"]
