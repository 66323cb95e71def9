"""LW-IRSTNet's ONNX models read by OpenCV DNN (``export --check``, the bench) from a folder with a non-ASCII name."""
from __future__ import annotations

import numpy as np
import pytest


def _relu_model(path):
    """A one-node ONNX graph (y = relu(x), x of 1x3xHxW), written without torch (fast)."""
    pytest.importorskip("onnx", reason="the onnx package writes the test's model")
    from onnx import TensorProto, helper

    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, "h", "w"])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 3, "h", "w"])
    graph = helper.make_graph([helper.make_node("Relu", ["x"], ["y"])], "relu", [x], [y])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    path.parent.mkdir(parents=True)
    path.write_bytes(model.SerializeToString())
    return path


def test_opencv_reads_an_onnx_model_under_a_non_ascii_folder(tmp_path, monkeypatch):
    # cv2.dnn.readNetFromONNX opens no non-ASCII path by name on Windows (it raised 'can't read ONNX file'),
    # emulated here: the model's bytes are given instead
    import cv2

    from workbench_lw_irstnet.export import OpenCVRunner

    path = _relu_model(tmp_path / "模型 #1" / "lw 1.onnx")
    real = cv2.dnn.readNetFromONNX

    def by_name_ascii_only(source, *a):
        if isinstance(source, str) and not source.isascii():
            raise cv2.error(f"can't read ONNX file: {source.encode('utf-8')!r}")
        return real(source, *a)

    monkeypatch.setattr(cv2.dnn, "readNetFromONNX", by_name_ascii_only)
    x = np.random.default_rng(0).standard_normal((1, 3, 8, 12)).astype(np.float32)
    got = OpenCVRunner(path, threads=1)(x)
    assert np.allclose(np.asarray(got).reshape(x.shape), np.maximum(x, 0))
