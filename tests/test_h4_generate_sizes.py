"""`workbench generate hsi-video`: a frame size or band count that ran out of memory with a traceback (or was
killed without a word) is refused in one line before the --out folder is made."""
from __future__ import annotations

import pytest

from workbench.cli import main


@pytest.mark.parametrize("extra, said", [
    (["--size", "100000x100000"], "width and height must be 9 to 4096 px"),
    (["--bands", "100000"], "--bands 100000: must be at most 512"),
    (["--size", "4096x4096", "--bands", "512"], "a frame of 8,589,934,592 values is too big"),
])
def test_generate_refuses_sizes_that_ran_out_of_memory(tmp_path, capsys, extra, said):
    argv = ["generate", "hsi-video", "--synthetic-scene", "--frames", "2", "--out", str(tmp_path / "g"), *extra]
    try:
        rc = main(argv)
    except SystemExit as exc:  # argparse's own usage error for a --size it cannot take
        rc = exc.code
    assert rc == 2
    err = capsys.readouterr().err
    assert said in err and "Traceback" not in err
    assert not (tmp_path / "g").exists()
