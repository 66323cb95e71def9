"""`workbench tie.h5 --screenshot x.png` (headless; an HDF5 file of two cube-shaped datasets of one size) hung: the
window's new chooser (2389b0c) opened a modal QInputDialog that nobody could answer, quiet_errors or not. With
quiet_errors (a screenshot) nothing is asked: the refusal is printed (naming the file) and the exit status is 2."""
from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest

h5py = pytest.importorskip("h5py", reason="h5py (the HDF5 reader's library) is not installed")

CODE = """
import os, sys
from PySide6.QtWidgets import QInputDialog
def asked(*a, **k):  # the old code's hang: a modal chooser in a headless run
    print("ASKED: the chooser opened", flush=True)
    os._exit(7)
QInputDialog.getItem = staticmethod(asked)
from workbench.gui.app import run_app
sys.exit(run_app(screenshot=sys.argv[1], open_path=sys.argv[2]))
"""


def test_a_screenshot_of_a_tied_file_refuses_without_asking(tmp_path):
    tie = tmp_path / "tie.h5"
    with h5py.File(tie, "w") as f:
        f["radiance"] = np.zeros((3, 16, 16, 5), np.uint16)
        f["reflectance"] = np.ones((3, 16, 16, 5), np.uint16)
    shot = tmp_path / "x.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "WORKBENCH_WORKSPACE": str(tmp_path / "ws"),
           "WORKBENCH_SETTINGS": str(tmp_path / "s.ini"), "XDG_CONFIG_HOME": str(tmp_path / "cfg")}
    proc = subprocess.run([sys.executable, "-c", CODE, str(shot), str(tie)], env=env, capture_output=True,
                          text=True, timeout=60)
    out = proc.stdout + proc.stderr
    assert "ASKED" not in out, out[-2000:]
    assert proc.returncode == 2 and not shot.exists(), out[-2000:]
    assert "Cannot open" in proc.stderr and "tie.h5" in proc.stderr and "/radiance" in proc.stderr, proc.stderr[-2000:]
