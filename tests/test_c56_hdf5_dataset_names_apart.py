"""Two datasets of one HDF5 file whose paths differ only by '/' against '_' (``/g/small`` and ``/g_small``, ``/a/b``
and ``/a_b``) were one sequence name (``two_g_small``): the runs of one were saved over the other's. And a task of
``FILE.h5:/g/small`` was labelled ``small`` (its path's last part), as ``FILE.h5:/h/small`` was. Names are unique
per dataset path; labels say the file and the dataset's path."""
from __future__ import annotations

import itertools

import numpy as np
import pytest

from workbench.core.batch import SequenceRef
from workbench.core.data import detect
from workbench.core.data.cube import dataset_sequence_name

h5py = pytest.importorskip("h5py", reason="h5py (the HDF5 reader's library) is not installed")


def _file(path, names):
    with h5py.File(path, "w") as f:
        for k, name in enumerate(names):
            f[name] = np.full((2, 8, 8, 3), k, np.uint16)
    return path


@pytest.mark.parametrize("a, b", [("/g/small", "/g_small"), ("/a/b", "/a_b")])
def test_paths_apart_by_slash_or_underscore_open_as_two_names(tmp_path, a, b):
    p = _file(tmp_path / "two.h5", [a, b])
    one, other = detect.open_sequence(f"{p}:{a}"), detect.open_sequence(f"{p}:{b}")
    assert one.name != other.name, (one.name, other.name)  # the old code: both two_g_small (two_a_b)
    assert one.name == f"two_{a.strip('/').replace('/', '_')}"  # a path without '_': named as before
    assert (one.frame(0).max(), other.frame(0).max()) == (0, 1)
    listed = {e.name for r in (a, b) for e in detect.open_dataset(f"{p}:{r}")}  # list / eval --dataset FILE.h5:/name
    assert listed == {one.name, other.name}


def test_no_two_paths_share_a_name():
    parts = ["a", "b", "_", "a_", "_b", "-", "a-", "-b", "a_-b", "__", "time", "time_", "_time", "t_ime"]
    paths = {"/" + "/".join(c) for n in (1, 2, 3) for c in itertools.product(parts, repeat=n)}
    names = {}
    for path in paths:
        names.setdefault(dataset_sequence_name("f", path), []).append(path)
    assert not {n: ps for n, ps in names.items() if len(ps) > 1}
    # no dataset's box file is a times file (<name>_time.txt) of the file's default sequence 'f' or of another's
    assert not [n for n in names if n.endswith("_time")]
    assert not set(names) & {n + "_time" for n in [*names, "f"]}
    assert dataset_sequence_name("f", "/time") == "f_time_"
    assert dataset_sequence_name("f", "/g//small/") == dataset_sequence_name("f", "/g/small") == "f_g_small"


def test_a_dataset_tasks_label_says_its_path(tmp_path):
    p = tmp_path / "two.h5"
    labels = {SequenceRef(f"{p}:{d}").label for d in ("/g/small", "/h/small")}
    assert labels == {"two.h5:/g/small", "two.h5:/h/small"}  # the old code: {"small"}
    assert SequenceRef(str(tmp_path / "seq")).label == "seq"
    assert SequenceRef(f"{p}:/g/small", str(tmp_path), "two_g_small").label == "two_g_small"
