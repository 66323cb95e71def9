"""The core commands' numbers are checked through workbench.core.options before any work: one line
naming the option and the value, exit status 2, nothing made on disk."""
from workbench.cli import main


def last_line(err: str) -> str:
    assert "Traceback" not in err
    return [ln for ln in err.splitlines() if ln.strip()][-1]


def test_demo_frames_refused_before_the_out_folder_is_made(tmp_path, capsys):
    out = tmp_path / "demo"
    assert main(["demo", "--frames", "1", "--out", str(out)]) == 2
    assert last_line(capsys.readouterr().err) == "workbench: error: --frames 1: must be at least 2"
    assert not out.exists()  # was made, then the check refused the length


def test_run_workers_and_segments(tmp_path, capsys):
    out = tmp_path / "r"
    base = ["run", "--tracker", "kcf", "--sequence", str(tmp_path / "nowhere"), "--out", str(out)]
    assert main(base + ["--backend", "dask", "--workers", "0"]) == 2  # ran on a cluster of the default size
    assert last_line(capsys.readouterr().err) == "workbench: error: --workers 0: must be at least 1"
    assert main(base + ["--protocol", "tre", "--segments", "0"]) == 2  # said after the sequence was opened
    assert last_line(capsys.readouterr().err) == "workbench: error: --segments 0: must be at least 1"
    assert not out.exists()


def test_export_video_fps(tmp_path, capsys):
    assert main(["export-video", "--sequence", str(tmp_path), "--results", str(tmp_path / "none"),
                 "--out", str(tmp_path / "v.mp4"), "--fps", "0"]) == 2
    assert last_line(capsys.readouterr().err) == ("workbench: error: --fps 0: must be between 0.01 and 600 (the rates "
                                                  "a video is written at)")
