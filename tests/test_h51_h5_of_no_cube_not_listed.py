"""Any .h5 file listed as a cube, at a dataset root's top level and one folder down: a Keras model saved beside
the data (its 4-D convolution kernels opened as 3 frames of 3 x 3 pixels), a table of 2-D numbers. Only HDF5 files
holding a cube-shaped dataset are listed (metadata only); a Keras model opened directly is said to be one."""
from __future__ import annotations

import json

import h5py
import numpy as np
import pytest

from workbench.core.data import open_dataset, open_sequence
from workbench.core.data.hsi_convert import write_h5
from workbench.core.errors import DataError


def _keras(path, conv=True):
    with h5py.File(path, "w") as f:  # the root attributes and groups Keras 2 writes with model.save("m.h5")
        f.attrs["keras_version"] = "2.13.1"
        f.attrs["backend"] = "tensorflow"
        f.attrs["model_config"] = json.dumps({"class_name": "Sequential"})
        g = f.create_group("model_weights")
        if conv:
            g.create_dataset("conv2d/conv2d/kernel:0", data=np.zeros((3, 3, 3, 16), np.float32))
        g.create_dataset("dense/dense/kernel:0", data=np.zeros((64, 10), np.float32))


def _cube(path, name):
    write_h5(path, [np.zeros((8, 8, 3), np.float32)] * 2, 2, [500.0, 600.0, 700.0], name=name)


def test_only_files_holding_a_cube_are_listed(tmp_path):
    root = tmp_path / "root"
    (root / "sub").mkdir(parents=True)
    _keras(root / "model.h5")
    _keras(root / "sub" / "weights.h5")
    with h5py.File(root / "table.h5", "w") as f:
        f.create_dataset("x", data=np.zeros((100, 3)))
    _cube(root / "top.h5", "top")
    _cube(root / "sub" / "inner.h5", "inner")
    listed = {e.path.name for e in open_dataset(root)}
    assert listed == {"top.h5", "inner.h5"}, listed


def test_a_keras_model_opened_directly_is_said_to_be_one(tmp_path):
    _keras(tmp_path / "model.h5")
    with pytest.raises(DataError, match="Keras model file .keras_version 2.13.1., not a cube"):
        open_sequence(tmp_path / "model.h5")
