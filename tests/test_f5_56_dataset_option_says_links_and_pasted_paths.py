"""``--dataset`` said "no such file or folder" of a symbolic link that loops or leads nowhere (a name the user sees
listed) and of a pasted path gone wrong (quotes kept in it, a file:// address, a space at its end) whose folder is
there: said as the other path options say them (``detect.not_there``)."""
from __future__ import annotations

import os

import pytest

from workbench.cli import main


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_links_that_loop_or_lead_nowhere_are_said_so(tmp_path, capsys):
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    (tmp_path / "gone").symlink_to(tmp_path / "moved_away")
    assert main(["run", "--tracker", "kcf", "--dataset", str(tmp_path / "a"), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "--dataset" in err and "a symbolic link that loops" in err, err  # the old code: no such file or folder
    assert main(["run", "--tracker", "kcf", "--dataset", str(tmp_path / "gone"), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert f"a symbolic link leading nowhere (to {tmp_path / 'moved_away'})" in err, err
    assert not (tmp_path / "o").exists()


def test_a_pasted_path_gone_wrong_names_the_folder_meant(tmp_path, capsys):
    data = tmp_path / "data"
    data.mkdir()
    for given in (f"{data} ", f"'{data}'", f"file://{data}"):
        assert main(["eval", str(tmp_path), "--dataset", given]) == 2
        err = capsys.readouterr().err
        assert f"--dataset {given}: no such file or folder; {data} exists: give that" in err, (given, err)
    assert main(["eval", str(tmp_path), "--dataset", str(tmp_path / "nothing")]) == 2
    err = capsys.readouterr().err
    assert "no such file or folder; give the folder holding the sequences" in err, err  # as before
