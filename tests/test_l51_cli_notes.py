"""Lines the command line owed (session 51, helper L, from helper H's patch): ``run --device cuda`` with a tracker that
has no GPU path (kcf) ran it on the CPU without a word; ``export-video`` of one frame said '(1 frames, ...)'."""
from __future__ import annotations

import pytest

from workbench.cli import main
from workbench.core.data.synthetic import write_demo

NOTE = "note: --device cuda: kcf has no GPU path and runs on the CPU"


@pytest.mark.parametrize("device", ["cuda", "cpu"])
def test_cuda_asked_for_a_cpu_tracker_is_said_once(tmp_path, capsys, device):
    data = tmp_path / "data"
    for name in ("a", "b"):  # two sequences: said once for the run, not once a sequence
        write_demo(data, frames=3, width=48, height=40, name=name)
    rc = main(["run", "--tracker", "kcf", "--dataset", str(data), "--out", str(tmp_path / "r"), "--device", device])
    err = capsys.readouterr().err
    assert rc == 0, err
    said = [ln for ln in err.splitlines() if "no GPU path" in ln]
    assert said == ([NOTE] if device == "cuda" else []), err


@pytest.mark.parametrize("frames", [1, 3])
def test_export_video_counts_its_frames_in_words(tmp_path, capsys, frames):
    seq = write_demo(tmp_path / "data", frames=frames, width=48, height=40, name="s")
    assert main(["run", "--tracker", "kcf", "--sequence", str(seq), "--out", str(tmp_path / "res")]) == 0
    capsys.readouterr()
    rc = main(["export-video", "--sequence", str(seq), "--results", str(tmp_path / "res"),
               "--out", str(tmp_path / "v.avi")])
    out = capsys.readouterr()
    assert rc == 0, out.err
    wrote = [ln for ln in out.out.splitlines() if ln.startswith("wrote ")]
    assert len(wrote) == 1 and f"({frames} frame{'' if frames == 1 else 's'}, " in wrote[0], wrote
