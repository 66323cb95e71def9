"""`workbench import lw_irstnet F` said what a refused pickle stores by a regex on load_file's message
(``it stores ([\\w.]+)``): a rewording there dropped that detail without a word, and torch's refusal that names no
class ('it stores Python objects') came out as 'it stores Python'. ``CheckpointError.stores`` carries it from where
the message is built, and the import reads that."""
import argparse
import pickle

import pytest
import torch

from workbench.core.training import checkpoints
from workbench.core.training.checkpoints import CheckpointError, load_file


def test_load_file_names_what_a_refused_pickle_stores(tmp_path):
    f = tmp_path / "ckpt.pth"
    torch.save({"w": torch.zeros(1), "args": argparse.Namespace(lr=0.05)}, f)
    with pytest.raises(CheckpointError) as e:
        load_file(f)
    assert e.value.stores == "argparse.Namespace"
    assert pickle.loads(pickle.dumps(e.value)).stores == "argparse.Namespace"  # a child process's error keeps it

    torch.save({"w": torch.zeros(1)}, f)
    assert set(load_file(f)) == {"w"}
    f.write_bytes(f.read_bytes()[:40])  # truncated: refused, but not for pickle
    with pytest.raises(CheckpointError) as e:
        load_file(f)
    assert e.value.stores is None


def test_the_import_reads_the_field_not_the_wording(tmp_path, monkeypatch):
    from workbench_lw_irstnet.import_released import PICKLE_HINT, import_file

    def reworded(path, map_location="cpu"):
        raise CheckpointError(path, "refused: unpickling it would run code (acme.Net)", stores="acme.Net")

    monkeypatch.setattr(checkpoints, "load_file", reworded)
    f = tmp_path / "their.pkl"
    f.write_bytes(b"\x80")
    with pytest.raises(CheckpointError) as e:
        import_file(f)
    assert str(e.value) == f"{f}: needs pickle (refused): it stores acme.Net; {PICKLE_HINT}"
    assert e.value.stores == "acme.Net"


def test_a_refusal_naming_no_class_is_said_whole(tmp_path, monkeypatch):
    from workbench_lw_irstnet.import_released import import_file

    def refused(*_a, **_k):  # torch's weights_only refusal without its 'Unsupported global' line
        raise pickle.UnpicklingError("Weights only load failed. Re-running with weights_only=False will work.")

    f = tmp_path / "their.pkl"
    torch.save({"w": torch.zeros(1)}, f)
    monkeypatch.setattr(torch, "load", refused)
    with pytest.raises(CheckpointError) as e:
        import_file(f)
    assert e.value.stores == "Python objects" and "it stores Python objects;" in str(e.value)
