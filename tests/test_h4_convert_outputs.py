"""Output places refused in one line before any work: generate hsi-convert's --out (a file where the video's folder
goes was called 'a video is already there'; an unwritable folder was h5py's errno text without the option), and
eval's --json / --plots in a folder that cannot be written (found after the scores, the check made no folder).
Root writes through chmod 555, so an unwritable folder is one whose write probe fails."""
from __future__ import annotations

import tempfile

import pytest

from tests.test_h4_outputs import make_tiny
from workbench.cli import main


@pytest.fixture(scope="module")
def video(tmp_path_factory):
    out = tmp_path_factory.mktemp("h4c")
    assert main(["generate", "hsi-video", "--synthetic-scene", "--frames", "2", "--size", "16x16", "--bands", "4",
                 "--out", str(out)]) == 0
    (h5,) = out.glob("*.h5")
    return h5


@pytest.fixture
def read_only(monkeypatch, tmp_path):
    """``tmp_path / "ro"``: a folder whose files cannot be made (as a chmod 555 folder for a user who is not root)."""
    ro = tmp_path / "ro"
    ro.mkdir()
    real = tempfile.mkstemp

    def mkstemp(*a, dir=None, **k):
        if dir is not None and str(dir).startswith(str(ro)):
            raise PermissionError(13, "Permission denied")
        return real(*a, dir=dir, **k)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    return ro


@pytest.mark.parametrize("fmt", ["hot", "envi-frames"])
def test_convert_to_a_folder_format_over_a_file_says_so(video, tmp_path, capsys, fmt):
    f = tmp_path / "notes.txt"
    f.write_text("mine")
    assert main(["generate", "hsi-convert", str(video), "--out", str(f), "--format", fmt, "--force"]) == 2
    err = capsys.readouterr().err
    assert f"--out {f}: is a file, not a folder" in err
    assert f.read_text() == "mine"


def test_convert_into_an_unwritable_folder_names_the_option(video, read_only, capsys):
    out = read_only / "x.h5"
    assert main(["generate", "hsi-convert", str(video), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"--out {out}: cannot write here: Permission denied" in err and "Traceback" not in err
    assert not out.exists()


def test_eval_outputs_in_an_unwritable_folder_refused_before_scoring(tmp_path_factory, read_only, capsys):
    tiny = make_tiny(tmp_path_factory.mktemp("h4e"))
    base = ["eval", str(tiny / "res"), "--dataset", str(tiny / "data")]
    for flag, value in (("--json", read_only / "s.json"), ("--plots", read_only / "plots")):
        assert main(base + [flag, str(value)]) == 2
        cap = capsys.readouterr()
        assert f"{flag} {value}: cannot write here" in cap.err and "AUC" not in cap.out
    assert not any(read_only.iterdir())
