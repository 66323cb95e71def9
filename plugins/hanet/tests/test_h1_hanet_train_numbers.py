"""`workbench train hanet` numbers that ran until stopped or ended in an allocator's traceback (--generate / --val /
--frames 100000000, --size 100000x100000, --hsi-width 100000), and a missing --data root or --cube said after --out
was made and its log written: each one line naming the option, nothing made."""
import pytest

from workbench.core.errors import WorkbenchError


def _argv(out, *more):
    return ["--frames", "2", "--size", "32x32", "--val", "0", "--epochs", "1", "--steps", "1", "--batch", "1",
            "--threads", "1", "--device", "cpu", "--out", str(out), *more]


@pytest.mark.parametrize("more, words", [
    (["--generate", "100000000"], r"^--generate 100000000: must be between 0 and 1000$"),
    (["--generate", "1", "--val", "100000000"], r"^--val 100000000: must be between 0 and 1000$"),
    (["--generate", "1", "--frames", "100000000"], r"^--frames 100000000: must be between 2 and 10000$"),
    (["--generate", "1", "--size", "100000x100000"], r"^--size 100000x100000: give WIDTHxHEIGHT, each from 16 to 4096"),
    (["--generate", "1", "--hsi-width", "100000"], r"^--hsi-width 100000: must be a multiple of 4, from 8 to 1024"),
    (["--data", "{tmp}/nowhere"], r"nowhere: no such folder"),
    (["--generate", "1", "--cube", "{tmp}/none.hdr"], r"^--cube .*none\.hdr: no such file$")])
def test_refused_before_anything_is_made(tmp_path, more, words):
    from workbench_hanet.train import main

    with pytest.raises(WorkbenchError, match=words):
        main(_argv(tmp_path / "run", *(m.format(tmp=tmp_path) for m in more)))
    assert not (tmp_path / "run").exists()
