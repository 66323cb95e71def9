"""A sequence folder whose name holds a newline (L1 fuzz sweep): the reader's warning that the name is not a file
name was printed with the raw path, on two lines; each warning is one line."""
from __future__ import annotations

import shutil

from workbench.cli import main
from workbench.core.data.synthetic import write_demo


def test_a_newline_in_a_sequence_folder_keeps_its_warning_on_one_line(tmp_path, capsys):
    seq = write_demo(tmp_path / "_d", frames=3, width=32, height=24)
    root = tmp_path / "ds"
    root.mkdir()
    shutil.move(str(seq), str(root / "new\nline"))
    assert main(["list", "--dataset", str(root)]) == 0
    err = capsys.readouterr().err
    said = [ln for ln in err.splitlines() if "is not a file name" in ln]
    assert len(said) == 1 and said[0].startswith("warning: ") and "'new_line'" in said[0], err
