"""A labels.csv frame of ``inf`` (or ``1e999``) stopped list / run / eval / segment / detect / corpus pack with an
OverflowError traceback, a frame of ``1.5`` was read as frame 1 without a word, and a label file the system
refuses to read came out of the Python API as the system's PermissionError: each is a DataError naming the file
(and the line). Found by the session-54 fuzzer."""
from __future__ import annotations

from pathlib import Path

import pytest

from workbench.core.data.irseq import open_irseq, read_daub, read_labels, save_irseq
from workbench.core.data.irseq_synth import make_sequence
from workbench.core.errors import DataError


def _seq(tmp_path) -> Path:
    return save_irseq(make_sequence(5, frames=4), tmp_path / "clip")


@pytest.mark.parametrize("frame", ["inf", "1e999", "-inf", "nan", "1.5"])
def test_a_frame_that_is_no_whole_number_is_a_data_error(tmp_path, frame):
    s = _seq(tmp_path)
    (s / "labels.csv").write_text(f"frame,cx,cy,w,h,class\n0,10,12,3,3,target\n{frame},10,12,3,3,target\n")
    with pytest.raises(DataError) as err:
        open_irseq(s)
    assert err.value.path.name == "labels.csv" and err.value.line == 3
    assert "frame must be a whole number" in str(err.value) and frame in str(err.value)


def test_whole_number_frames_still_read(tmp_path):
    s = _seq(tmp_path)
    (s / "labels.csv").write_text("frame,cx,cy,w,h,class\n0,10,12,3,3,target\n2.0,11,12,3,3,target\n3,1,1,1,1,i\n")
    labels = read_labels(s / "labels.csv", 4)
    assert [len(x) for x in labels] == [1, 0, 1, 1] and labels[2][0].frame == 2 and labels[2][0].cx == 11


def _refuse(monkeypatch, path: Path):
    real = Path.read_bytes

    def refused(self):  # what the system says to a user without read permission (root reads any file)
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", refused)


def test_an_unreadable_labels_csv_is_a_data_error_naming_it(tmp_path, monkeypatch):
    s = _seq(tmp_path)
    _refuse(monkeypatch, s / "labels.csv")
    with pytest.raises(DataError) as err:
        open_irseq(s)
    assert err.value.path == s / "labels.csv" and "Permission denied" in str(err.value)


def test_an_unreadable_daub_point_file_is_a_data_error_naming_it(tmp_path, monkeypatch):
    f = tmp_path / "anno_xy.txt"
    f.write_text("10\t12\n11\t12\n")
    assert read_daub(f, 2)[1][0].cx == 11
    _refuse(monkeypatch, f)
    with pytest.raises(DataError) as err:
        read_daub(f, 2)
    assert err.value.path == f and "cannot be read" in str(err.value)
