"""LOSO over a root whose sequences all sit in one folder (a demo project's ``data/``) said "needs at least two
recording groups, found ['data']", without how the groups are made or what to do."""
from __future__ import annotations

from pathlib import Path

import pytest

from workbench.core.errors import WorkbenchError


def test_one_group_refusal_names_it_and_the_layout(tmp_path):
    from workbench_seq_irst.loso import run_loso

    groups = {"data": [Path("data/s1"), Path("data/s2")]}
    with pytest.raises(WorkbenchError) as err:
        run_loso([tmp_path], tmp_path / "out", None, groups=groups)
    said = str(err.value)
    assert "found data (2 sequences)" in said and "ROOT/<group>/<sequence>/" in said, said
    assert not (tmp_path / "out").exists()
