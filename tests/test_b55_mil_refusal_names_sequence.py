"""OpenCV MIL's refusal of a frame too small to start on named no sequence ("mil cannot start on a 10x10 frame
...: track this sequence with another tracker"): a dataset run, or a window's run over several sequences, left the
user to guess which. The loops name the sequence and frame (``call_method``'s ``where``), as for every plugin; the
tracker's own prefix of the sequence's folder (663e26b) named it a second time ("/d/tiny: mil cannot start ...
('tiny' frame index 0 (0-based))") once the loops did: the refusal names it once, the loops' way."""
from __future__ import annotations

import numpy as np
import pytest

cv2 = pytest.importorskip("cv2")

REFUSAL = ("mil cannot start on a 10x10 frame (OpenCV's tracker finds no room about the box for the samples it learns "
           "from; frames of 11x11 px or more, or long narrow ones such as 8x12, give it room): track this sequence "
           "with another tracker")


def _tiny(folder, n=3):
    rng = np.random.default_rng(0)
    (folder / "img").mkdir(parents=True)
    for i in range(n):
        f = (rng.random((10, 10)) * 40 + 20).astype(np.uint8)
        f[1:5, 1:5] = 220
        cv2.imwrite(str(folder / "img" / f"{i + 1:04d}.png"), f)
    (folder / "groundtruth_rect.txt").write_text("2,2,4,4\n" * n)
    return folder


def test_the_loop_names_the_sequence_mil_cannot_start_on_once(tmp_path):
    from workbench.baselines.opencv_peers import CannotStart, make_mil
    from workbench.core.data.detect import open_sequence
    from workbench.core.loops import iter_track

    seq = open_sequence(_tiny(tmp_path / "tiny_one"))
    with pytest.raises(CannotStart) as info:
        list(iter_track(make_mil(), seq))
    assert str(info.value) == f"{REFUSAL} ('tiny_one' frame index 0 (0-based))"


def test_a_dataset_run_names_the_sequence_mil_cannot_start_on(tmp_path, capsys):
    from workbench import cli

    _tiny(tmp_path / "data" / "tiny_two")
    _tiny(tmp_path / "data" / "tiny_six")
    cli.main(["run", "--tracker", "mil", "--dataset", str(tmp_path / "data"), "--out", str(tmp_path / "out")])
    lines = capsys.readouterr().err.strip().splitlines()
    # each failed task of a dataset run is listed after its label (the tracker and sequence), as every task is
    for name in ("tiny_two", "tiny_six"):
        assert f"workbench: error: mil {name}: {REFUSAL} ('{name}' frame index 0 (0-based))" in lines, lines
    assert not any(str(tmp_path) in line for line in lines), lines


def test_without_a_sequence_the_refusal_is_as_before():
    from workbench.baselines.opencv_peers import CannotStart, make_mil

    frame = np.random.default_rng(0).integers(0, 60, (10, 10), dtype=np.uint8)
    with pytest.raises(CannotStart) as info:
        make_mil().initialize(frame, (1.0, 1.0, 4.0, 4.0))
    assert str(info.value) == REFUSAL
