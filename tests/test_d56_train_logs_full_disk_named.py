"""`workbench train hanet` and `workbench train siamfcpp` wrote their train_log.txt with a logger of their own beside
the trainers' ``HeldLog``, which they restated but for one thing: a full disk refusing a line was an OSError naming
no file ("[Errno 28] No space left on device", a traceback from hanet). They log through ``HeldLog``: the error names
the log file."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not os.path.exists("/dev/full") or sys.platform == "win32",
                                reason="needs /dev/full (a file every write to fails: disk full)")


def _full_log(out: Path) -> Path:
    out.mkdir(parents=True)
    log = out / "train_log.txt"
    log.symlink_to("/dev/full")
    return log


def test_siamfcpp_training_log_on_a_full_disk_names_the_file(tmp_path):
    pytest.importorskip("workbench_siamfcpp_prune", reason="the siamfcpp_prune plugin is not installed")
    from workbench.core.errors import WorkbenchError
    from workbench_siamfcpp_prune.train import _logger

    path = _full_log(tmp_path / "run")
    log = _logger(tmp_path / "run")
    with pytest.raises(WorkbenchError) as info:
        log("workbench train siamfcpp --out run")
    assert str(info.value).startswith(f"{path}: "), str(info.value)


def test_hanet_training_log_on_a_full_disk_names_the_file(tmp_path, capsys):
    pytest.importorskip("workbench_hanet", reason="the hanet plugin is not installed")
    from workbench.cli import main

    path = _full_log(tmp_path / "run")
    rc = main(["train", "hanet", "--generate", "1", "--frames", "4", "--size", "64x64", "--val", "0", "--out",
               str(tmp_path / "run"), "--epochs", "1", "--steps", "1", "--batch", "2"])
    err = capsys.readouterr().err
    assert rc == 2 and "Traceback" not in err, err
    assert err.strip().splitlines()[-1].startswith(f"workbench: error: {path}: "), err
