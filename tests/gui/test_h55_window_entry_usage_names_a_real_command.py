"""``python -m workbench.gui.app --help`` (and its argument errors) named its program "workbench-gui", a command
that is not installed (pyproject's one script is ``workbench``): the usage names the command that runs it."""
from __future__ import annotations

import shutil

import pytest


def test_window_entry_usage_names_a_command_that_runs(capsys):
    from workbench.gui.app import main

    with pytest.raises(SystemExit) as end:
        main(["--help"])
    assert end.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: python -m workbench.gui.app"), out
    assert "workbench-gui" not in out and shutil.which("workbench-gui") is None
    with pytest.raises(SystemExit):
        main(["--no-such-flag"])
    err = capsys.readouterr().err
    assert "python -m workbench.gui.app: error:" in err and "workbench-gui" not in err, err
