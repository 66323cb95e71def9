"""The window refused a path that is not there with "no such file or folder" before any reader saw it: a symbolic
link that loops or leads nowhere (a name the user sees listed) and a pasted path gone wrong (its quotes kept, a
file:// address) whose folder is there were said so. Said as the readers and ``--dataset`` say them
(``detect.not_there``)."""
from __future__ import annotations

import os

import pytest


def _crit(messages, since):
    return [m[2] for m in messages[since:] if m[0] == "critical"]


def _links_that_loop_or_lead_nowhere_are_said_so(window, messages, tmp_path):
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    (tmp_path / "gone").symlink_to(tmp_path / "moved_away")
    n = len(messages)
    assert not window.open_path(tmp_path / "a")
    said = _crit(messages, n)
    assert len(said) == 1 and said[0].startswith(f"{tmp_path / 'a'}: a symbolic link that loops"), said  # old: no such
    n = len(messages)
    assert not window.open_path(tmp_path / "gone")
    said = _crit(messages, n)
    assert len(said) == 1 and f"a symbolic link leading nowhere (to {tmp_path / 'moved_away'})" in said[0], said


def test_a_pasted_path_gone_wrong_names_the_folder_meant_and_links_are_said_so(qtbot, window, messages, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    for given in (f'"{data}"', f"file://{data}"):
        n = len(messages)
        assert not window.open_path(given)
        said = _crit(messages, n)
        assert len(said) == 1 and said[0].endswith(f"no such file or folder; {data} exists: give that"), (given, said)
    n = len(messages)
    assert not window.open_path(tmp_path / "nothing")
    assert _crit(messages, n) == [f"{tmp_path / 'nothing'}: no such file or folder"]  # as before
    # the links, in this window (a window of their own cost more than the checks)
    if not hasattr(os, "symlink"):
        pytest.skip("no symbolic links here (the pasted paths were checked)")
    _links_that_loop_or_lead_nowhere_are_said_so(window, messages, tmp_path)
