"""export-video --out x.txt wrote x.mp4 without a word (video_path swapped any extension for .mp4): another extension
is refused naming the file and what to give, before anything is read; no extension gets .mp4, said in a note."""
import pytest

from workbench.cli import main
from workbench.core.data.synthetic import write_demo
from workbench.core.errors import WorkbenchError
from workbench.core.video import added_suffix, video_path


def test_video_path_keeps_mp4_avi_adds_mp4_refuses_others(tmp_path):
    assert video_path(tmp_path / "a.MP4") == tmp_path / "a.MP4"
    assert video_path(tmp_path / "a.avi") == tmp_path / "a.avi"
    assert video_path(tmp_path / "a") == tmp_path / "a.mp4"
    assert added_suffix(tmp_path / "a") == f"{tmp_path / 'a'}: no file extension given: writing {tmp_path / 'a.mp4'}"
    assert added_suffix(tmp_path / "a.mp4") is None
    with pytest.raises(WorkbenchError, match=r"x\.txt: a video is written as \.mp4.*not \.txt.*x\.mp4"):
        video_path(tmp_path / "x.txt")


def test_export_video_refuses_another_extension_and_notes_none(tmp_path, capsys):
    write_demo(tmp_path / "data", frames=3, width=32, height=24, seed=1, name="s")
    (tmp_path / "res" / "kcf").mkdir(parents=True)
    (tmp_path / "res" / "kcf" / "s.txt").write_text("3,5,7,7\n" * 3)
    cmd = ["export-video", "--sequence", str(tmp_path / "data" / "s"), "--results", str(tmp_path / "res")]
    assert main(cmd + ["--out", str(tmp_path / "x.txt")]) == 2
    err = capsys.readouterr().err
    assert f"{tmp_path / 'x.txt'}: a video is written as .mp4" in err and "give a file name ending in .mp4" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "res"]  # no x.mp4 (nor x.avi)

    assert main(cmd + ["--out", str(tmp_path / "y")]) == 0
    out, err = capsys.readouterr()
    written = next(p for p in tmp_path.iterdir() if p.name.startswith("y."))
    assert f"note: {tmp_path / 'y'}: no file extension given: writing {tmp_path / 'y.mp4'}" in err
    assert f"wrote {written} (3 frames" in out
