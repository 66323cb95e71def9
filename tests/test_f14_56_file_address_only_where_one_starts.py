"""A pasted path's 'file:' (a file manager's file:///data/x) was looked for anywhere in the path: one inside a folder's
name ('/home/x/profile:tmp', '/nothere/file:usr/lib') had the message suggest an unrelated folder ('/tmp', '/usr/lib')
as the one meant. Only a 'file:' that starts the address and goes on with '/' or '\\' is read as one now (reviewer
R11)."""
from __future__ import annotations

import pytest

from workbench.core.data import detect
from workbench.core.errors import DataError


def _said(given: str) -> str:
    with pytest.raises(DataError) as err:
        detect.open_sequence(given)
    return str(err.value)


def test_file_inside_a_name_suggests_nothing(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    inner = str(data).lstrip("/")
    for given in (f"{tmp_path}/profile:{inner}", f"{tmp_path}/nothere/file:{inner}"):
        said = _said(given)
        assert "no such file or folder" in said and f"{data} exists" not in said, said  # the old code: suggested it


def test_a_file_address_still_names_the_folder_meant(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    for given in (f"file://{data}", f"{tmp_path}/file://{data}", f"'file://{data}'"):
        said = _said(given)
        assert f"; {data} exists: give that" in said, (given, said)
