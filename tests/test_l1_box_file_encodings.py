"""Box and flag files that are not UTF-8 (L1 fuzz sweep): a groundtruth file saved by Windows Notepad as
"Unicode" (UTF-16 with its BOM) is read as it is; one with a stray Latin-1 byte is refused naming the line,
the byte and what to do, not a bare "not a text file"."""
from __future__ import annotations

import numpy as np
import pytest

from workbench.core.data import open_sequence
from workbench.core.data.groundtruth import read_boxes, read_flags
from workbench.core.data.synthetic import write_demo
from workbench.core.errors import DataError


@pytest.fixture
def seq(tmp_path):
    return write_demo(tmp_path, frames=4, width=32, height=24)


def test_utf16_groundtruth_reads_as_its_utf8_twin(seq):
    gt = seq / "groundtruth_rect.txt"
    want = open_sequence(seq).groundtruth
    gt.write_bytes(gt.read_text().replace("\n", "\r\n").encode("utf-16"))  # BOM + UTF-16LE, as Notepad saves
    got = open_sequence(seq).groundtruth
    np.testing.assert_array_equal(got, want)


def test_a_latin1_byte_names_its_line_and_byte(seq):
    gt = seq / "groundtruth_rect.txt"
    lines = gt.read_bytes().splitlines(keepends=True)
    lines[2] = lines[2].rstrip(b"\n") + b"\xe9\n"
    gt.write_bytes(b"".join(lines))
    with pytest.raises(DataError) as e:
        open_sequence(seq)
    assert e.value.path == gt and e.value.line == 3
    assert "0xe9" in str(e.value) and "UTF-8" in str(e.value)


def test_flag_files_take_utf16_and_name_a_bad_byte(tmp_path):
    f = tmp_path / "occlusion.label"
    f.write_bytes("0\n1\n0\n".encode("utf-16"))
    assert read_flags(f).tolist() == [False, True, False]
    f.write_bytes(b"0\n1\n\x81\n")
    with pytest.raises(DataError) as e:
        read_flags(f)
    assert e.value.line == 3 and "0x81" in str(e.value)


def test_bytes_that_only_begin_like_utf16_are_refused_plainly(tmp_path):
    """A UTF-16 byte-order mark before UTF-8 boxes must not decode into CJK characters called 'not a number'."""
    f = tmp_path / "boxes.txt"
    f.write_bytes(b"\xff\xfe" + b"1,2,3,4\n5,6,7,8\n")
    with pytest.raises(DataError, match="UTF-16 byte-order mark") as e:
        read_boxes(f)
    assert e.value.path == f
