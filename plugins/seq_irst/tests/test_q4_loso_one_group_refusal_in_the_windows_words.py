"""The Detector workflow's Run LOSO… over a folder of one recording group (its Demo project's) was refused, in a
message box and the status line, with "... or give another --root": an option of the command the window has no
field for. The refusal says to choose another folder, naming both the option and the window's button."""
from __future__ import annotations

from pathlib import Path

import pytest

from workbench.core.errors import WorkbenchError


def test_one_group_refusal_says_choose_another_folder(tmp_path):
    from workbench_seq_irst.loso import run_loso

    with pytest.raises(WorkbenchError) as err:
        run_loso([tmp_path], tmp_path / "out", None, groups={"data": [Path("data/s1")]})
    said = str(err.value)
    assert "choose another folder (the command's --root, the window's Run LOSO… folder)" in said, said
    assert "give another --root" not in said
