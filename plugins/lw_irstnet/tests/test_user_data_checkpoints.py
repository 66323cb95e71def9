"""A user's own checkpoint files given to `workbench train lw_irstnet --resume` / `segment --weights`: one
line saying what is wrong with the file, not a hint about something else (tiny files in tmp_path)."""
from __future__ import annotations

import pickle

import pytest

from workbench.core.errors import WorkbenchError


@pytest.mark.parametrize("content, says", [
    (b"", "empty file"),
    (b"PK\x03\x04" + b"\0" * 40, "checkpoint"),
    (pickle.dumps([1, 2, 3]), "pickle"),
], ids=["empty", "zip-stub", "pickle"])
def test_resume_from_a_damaged_file_says_only_what_is_wrong_with_it(tmp_path, content, says):
    """'truncated or damaged torch checkpoint ...; resume it with the network it was trained with, or give
    another --out': the file was damaged, not of another network."""
    from workbench_lw_irstnet.model import LWIRSTNet
    from workbench_lw_irstnet.train import resume_from

    f = tmp_path / "last.pt"
    f.write_bytes(content)
    with pytest.raises(WorkbenchError) as err:
        resume_from(f, LWIRSTNet(), "adam")
    msg = str(err.value)
    assert str(f) in msg and says in msg and "\n" not in msg
    assert "network it was trained with" not in msg
    assert f.read_bytes() == content  # the user's file is left as it was


def test_resume_with_another_network_keeps_its_hint(tmp_path):
    import torch

    from workbench_lw_irstnet.model import LWIRSTNet
    from workbench_lw_irstnet.train import resume_from

    f = tmp_path / "other.pt"
    torch.save({"model": {"x": torch.zeros(1)}}, f)
    with pytest.raises(WorkbenchError, match="weights do not fit .* resume it with the network it was trained with"):
        resume_from(f, LWIRSTNet(), "adam")


def test_weights_given_as_a_folder_say_so(tmp_path):
    """`segment --weights RUNS/` (the training's --out) said 'weights file not found'; the folder is there."""
    from workbench_lw_irstnet.segmenter import load_model

    with pytest.raises(WorkbenchError, match=r"is a folder; give a weights file$"):
        load_model(tmp_path)
    (tmp_path / "best_weights.pt").write_bytes(b"")
    with pytest.raises(WorkbenchError, match=r"is a folder; give a weights file, e\.g\. .*best_weights\.pt"):
        load_model(tmp_path)
    with pytest.raises(WorkbenchError, match="not found"):
        load_model(tmp_path / "nosuch.pt")
