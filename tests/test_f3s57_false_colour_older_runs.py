"""Runs saved on a HOT2020 video's false colour (``<video>/HSI-FalseColor``) before 67ef4e7 named it after its folder
(``<results>/<video>/<tracker>/<variant>/HSI-FalseColor.txt``); now the sequence goes by its video's name and those
runs were no longer found (the window showed none, export-video refused): read under the older name too."""
from __future__ import annotations

from pathlib import Path

from workbench.cli import main
from workbench.core.data import hsi_generate as gen
from workbench.core.data.detect import open_sequence


def test_runs_saved_under_the_false_colours_older_name_are_found(tmp_path, capsys):
    video = gen.make_video(gen.load_scene(None, 16, seed=4), gen.VideoSpec(frames=3, width=32, height=24, seed=4))
    fc = gen.write_video(video, tmp_path / "hot", "hot") / "HSI-FalseColor"
    seq = open_sequence(fc)
    assert seq.meta["older_names"] == ["HSI-FalseColor"]
    run = tmp_path / "res" / seq.name / "kcf" / "default"  # as run --sequence <video>/HSI-FalseColor stored it then
    run.mkdir(parents=True)
    (run / "HSI-FalseColor.txt").write_text("3,4,8,6\n" * 3)
    from workbench.core.results import find_runs, sequence_file

    got = [sequence_file(r.files, seq) for r in find_runs(tmp_path / "res", seq.name)]
    assert got == [run / "HSI-FalseColor.txt"] or [Path(g) for g in got] == [run / "HSI-FalseColor.txt"]
    assert main(["export-video", "--sequence", str(fc), "--results", str(tmp_path / "res"),
                 "--out", str(tmp_path / "v.mp4")]) == 0, capsys.readouterr().err
