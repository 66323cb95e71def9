"""An HDF5 file copied without the files its data is in: its cube an external link to a missing file was "no 3-D
... dataset in this HDF5 file" (the link unsaid); a virtual dataset (VDS) of a missing source file read as zeros
without a word, and a whole video of zeros was tracked. Each is refused naming the dataset and the missing file."""
from __future__ import annotations

import numpy as np
import pytest

from workbench.core.data import detect
from workbench.core.errors import DataError

h5py = pytest.importorskip("h5py", reason="h5py (the HDF5 reader's library) is not installed")


def test_a_cube_linked_to_a_missing_file_says_the_link(tmp_path):
    p = tmp_path / "master.h5"
    with h5py.File(p, "w") as f:
        f["data/cube"] = h5py.ExternalLink("data_000001.h5", "/entry/data")
    with pytest.raises(DataError) as err:
        detect.open_sequence(p)
    said = str(err.value)
    assert "'/data/cube' is a link to '/entry/data' in data_000001.h5, which cannot be opened" in said, said


def test_a_virtual_cube_of_a_missing_source_is_refused_not_read_as_zeros(tmp_path):
    src = tmp_path / "part.h5"
    with h5py.File(src, "w") as f:
        f["data"] = np.full((3, 8, 8, 2), 7, np.uint16)
    layout = h5py.VirtualLayout(shape=(3, 8, 8, 2), dtype=np.uint16)
    layout[:] = h5py.VirtualSource("part.h5", "data", shape=(3, 8, 8, 2))
    with h5py.File(tmp_path / "video.h5", "w") as f:
        f.create_virtual_dataset("cube", layout, fillvalue=0)
    assert int(detect.open_sequence(tmp_path / "video.h5").frame(1).max()) == 7  # its source beside it: read
    src.unlink()
    with pytest.raises(DataError) as err:  # the old code: frames of zeros
        detect.open_sequence(tmp_path / "video.h5")
    assert "'/cube' is a virtual dataset whose data is in part.h5" in str(err.value), str(err.value)


def test_a_dataset_asked_for_by_a_link_that_leads_nowhere_says_the_link(tmp_path):
    p = tmp_path / "two.h5"
    with h5py.File(p, "w") as f:
        f["cube"] = np.zeros((2, 8, 8, 3), np.uint16)
        f["raw"] = h5py.ExternalLink("raw_000001.h5", "/data")
        f["latest"] = h5py.SoftLink("/cube_v2")
    with pytest.raises(DataError) as err:  # the old code: "'/raw': no such dataset in this file"
        detect.open_sequence(f"{p}:/raw")
    assert "'/raw': a link to '/data' in raw_000001.h5, which cannot be opened" in str(err.value), str(err.value)
    with pytest.raises(DataError, match="'/latest': a link to '/cube_v2', which is not in the file"):
        detect.open_sequence(f"{p}:/latest")
    with pytest.raises(DataError, match="'/nope': no such dataset in this file"):
        detect.open_sequence(f"{p}:/nope")
