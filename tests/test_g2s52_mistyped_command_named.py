"""A mistyped command (``workbench hsi-convert``: a sub-command of generate) opened the window to say 'no such file',
and with options failed with argparse's 'unrecognized arguments', never naming ``workbench generate hsi-convert``.
A first word that looks like a command (no separator, no suffix) and names nothing on disk is refused with the
commands it is close to; ``workbench PATH`` still opens the window for what exists or looks like a path."""
from __future__ import annotations

import pytest

import workbench.cli as cli


@pytest.fixture
def window(monkeypatch):
    opened = []
    monkeypatch.setattr(cli, "_gui", lambda argv: opened.append(list(argv)) or 0)
    return opened


@pytest.mark.parametrize("argv, want", [
    (["hsi-convert"], "did you mean `workbench generate hsi-convert`"),
    (["hsi-convert", "cube.h5", "--out", "conv"], "did you mean `workbench generate hsi-convert`"),
    (["evl", "res", "--dataset", "d"], "did you mean `workbench eval`"),
    (["xyzzy"], "the commands are "),
])
def test_a_mistyped_command_is_named_not_opened(tmp_path, monkeypatch, capsys, window, argv, want):
    monkeypatch.chdir(tmp_path)
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert f"no command {argv[0]!r}" in err and want in err
    assert window == []


@pytest.mark.parametrize("make, word", [("dir", "hsi-convert"), (None, "missing/seq"), (None, "seq.h5")])
def test_paths_still_open_the_window(tmp_path, monkeypatch, window, make, word):
    monkeypatch.chdir(tmp_path)
    if make:
        (tmp_path / word).mkdir()  # a sequence folder that happens to have a command-like name
    assert cli.main([word]) == 0
    assert window == [[word]]
