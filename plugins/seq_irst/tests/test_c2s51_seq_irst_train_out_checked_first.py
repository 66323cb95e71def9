"""`workbench train seq_irst --out DIR` with a DIR that cannot be a folder (read-only, under a file) was refused once
every frame was read (11 s for DAUB) and said without its option ('ro/t: Operation not permitted')."""
import numpy as np
import pytest

from workbench.core.data.images import write_image
from workbench.core.errors import WorkbenchError


def test_an_out_that_cannot_be_a_folder_is_refused_before_the_frames_are_read(tmp_path, monkeypatch):
    import workbench.core.data.irseq as irseq
    from workbench_seq_irst.command import main

    def not_read(*a, **k):
        raise AssertionError("a sequence was opened before --out was checked")

    seq = tmp_path / "seq"
    for i in range(4):
        write_image(seq / "frames" / f"{i + 1:04d}.png", np.full((32, 32), 30 + i, np.uint8))
    (seq / "anno_xy.txt").write_text("10\t10\n" * 4)
    monkeypatch.setattr(irseq, "open_irseq", not_read)
    (tmp_path / "a_file").write_text("mine")
    with pytest.raises(WorkbenchError, match=r"^--out .*a_file.*(is a file|cannot hold a folder)"):
        main(["--data", str(seq), "--epochs", "1", "--out", str(tmp_path / "a_file" / "run")])
    assert (tmp_path / "a_file").read_text() == "mine"
