"""NanoTrack given a damaged ONNX file (empty, bytes flipped) said OpenCV's reason alone, 'model_proto.has_graph()'
or '!backbone.empty()', naming neither of its two files; found by the session-54 fuzzer. The file that does not
load is named."""
from __future__ import annotations

import shutil

import numpy as np
import pytest

from tests.helpers import shared


@pytest.mark.parametrize("damage", ["empty", "half"])
def test_the_damaged_nanotrack_file_is_named(tmp_path, capsys, damage):
    import cv2

    from workbench.baselines.opencv_peers import NANOTRACK_FILES
    from workbench.cli import main

    real = shared("weights/nanotrack_v2")
    w = tmp_path / "w"
    w.mkdir()
    for n in NANOTRACK_FILES:
        shutil.copy(real / n, w / n)
    head = w / NANOTRACK_FILES[1]
    head.write_bytes(b"" if damage == "empty" else head.read_bytes()[: head.stat().st_size // 2])
    seq = tmp_path / "seq"
    seq.mkdir()
    for i in range(2):
        cv2.imwrite(str(seq / f"{i + 1:04d}.png"), np.full((48, 64), 40 * i, np.uint8))
    assert main(["run", "--tracker", "nanotrack", "--sequence", str(seq), "--init", "10,10,12,12",
                 "--set", f"weights_dir={w}", "--out", str(tmp_path / "res")]) == 2
    err = capsys.readouterr().err
    assert f"{NANOTRACK_FILES[1]} is damaged or not an ONNX model" in err, err
    assert NANOTRACK_FILES[0] + " is" not in err
