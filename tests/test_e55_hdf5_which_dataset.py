"""An HDF5 file of two cube-shaped datasets opened the largest without a word: the one opened and the others are
named (a warning), ``file.h5:/name`` opens another, and two of one largest size are refused, naming them."""
import numpy as np
import pytest

from workbench.core.data import open_sequence
from workbench.core.errors import DataError

h5py = pytest.importorskip("h5py", reason="h5py (the HDF5 reader's library) is not installed")


def _file(path, **datasets):
    with h5py.File(path, "w") as f:
        for name, a in datasets.items():
            f[name.replace("__", "/")] = a
    return path


def test_the_largest_is_opened_and_the_others_are_named(tmp_path):
    p = _file(tmp_path / "two.h5", radiance=np.zeros((2, 8, 8, 3), np.uint16), reflect=np.ones((2, 8, 8, 5), np.uint16))
    seq = open_sequence(p)
    assert seq.meta["dataset"] == "/reflect" and seq.frame(0).shape == (8, 8, 5)
    said = [w for w in seq.meta.get("warnings") or () if "'/radiance'" in w]
    assert said and "'/reflect'" in said[0] and "two.h5:/radiance" in said[0], seq.meta.get("warnings")


def test_a_dataset_is_opened_by_its_name_after_the_file(tmp_path):
    p = _file(tmp_path / "two.h5", radiance=np.zeros((2, 8, 8, 3), np.uint16), g__reflect=np.ones((2, 8, 8, 5), np.uint16))
    seq = open_sequence(f"{p}:/radiance")
    assert seq.meta["dataset"] == "/radiance" and seq.frame(0).shape == (8, 8, 3) and len(seq) == 2
    assert open_sequence(f"{p}:/g/reflect").frame(1).shape == (8, 8, 5)
    with pytest.raises(DataError) as e:
        open_sequence(f"{p}:/nothing")
    assert "'/nothing'" in str(e.value) and "'/radiance'" in str(e.value) and "'/g/reflect'" in str(e.value)
    with pytest.raises(DataError, match="no such file"):
        open_sequence(f"{tmp_path / 'absent.h5'}:/radiance")


def test_two_of_one_largest_size_are_refused_naming_both(tmp_path):
    p = _file(tmp_path / "tie.h5", a=np.zeros((2, 8, 8, 3), np.uint16), g__b=np.ones((2, 8, 8, 3), np.uint16),
              small=np.ones((1, 4, 4, 3), np.uint16))
    with pytest.raises(DataError) as e:
        open_sequence(p)
    assert "'/a'" in str(e.value) and "'/g/b'" in str(e.value) and "tie.h5:/" in str(e.value)
    assert "'/small'" not in str(e.value)  # (not one of the ambiguous ones)
    assert open_sequence(f"{p}:/g/b").meta["dataset"] == "/g/b"


def test_one_cube_says_nothing(tmp_path):  # (as before)
    p = _file(tmp_path / "one.h5", cube=np.zeros((2, 8, 8, 3), np.uint16), groundtruth=np.array([[1, 1, 3, 3], [2, 2, 3, 3]], float))
    assert not open_sequence(p).meta.get("warnings")
