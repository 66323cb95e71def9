"""``FILE.h5:/name`` (one dataset of an HDF5 file, as ``run --sequence`` opens it): ``runs.dataset_of`` named its
runs' ``<dataset>`` level after the folder above ``FILE.h5:/name`` ('FILE.h5:' or, for ``/g/name``, 'g') instead of
the folder holding the file, and ``workbench list --dataset FILE.h5:/name`` was refused as 'no such file or folder'
(the very path the warning on the whole file tells the user to open)."""
import numpy as np
import pytest

from workbench.cli import main
from workbench.core.runs import dataset_of

h5py = pytest.importorskip("h5py", reason="h5py (the HDF5 reader's library) is not installed")


def _two(path):
    with h5py.File(path, "w") as f:
        f["a"] = np.zeros((3, 8, 8, 4), np.uint16)
        f["g/b"] = np.ones((2, 8, 8, 6), np.uint16)
    return path


def test_runs_of_one_dataset_are_named_by_the_folder_holding_the_file(tmp_path):
    folder = tmp_path / "cubes"
    folder.mkdir()
    p = _two(folder / "two.h5")
    assert dataset_of(f"{p}:/a") == ("cubes", str(folder)) == dataset_of(p)
    assert dataset_of(f"{p}:/g/b") == ("cubes", str(folder))


def test_list_takes_one_dataset_of_a_file(tmp_path, capsys):
    p = _two(tmp_path / "two.h5")
    assert main(["list", "--dataset", f"{p}:/g/b"]) == 0
    out = capsys.readouterr().out
    assert "1 sequence(s)" in out and " 2 frames" in out and "hsi" in out, out
    assert main(["list", "--dataset", f"{p}:/a"]) == 0
    assert " 3 frames" in capsys.readouterr().out
    assert main(["list", "--dataset", f"{p}:/nothing"]) == 2  # marked BAD, the file's datasets named
    err = capsys.readouterr().err
    assert "'/nothing'" in err and "'/g/b'" in err, err
    assert main(["list", "--dataset", f"{tmp_path / 'absent.h5'}:/a"]) == 2
    assert "no such file or folder" in capsys.readouterr().err
