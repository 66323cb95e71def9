"""An ENVI pair whose data file's extension is in another case than the reader tried ('C.Img' beside 'C.HDR', files
copied from Windows or a FAT card) was 'no ENVI data file beside the header (looked for C with no extension, .img
...)', the file named there beside it: the data file is found in any case, and its header from it."""
from __future__ import annotations

import numpy as np

from workbench.core.data.cube import open_envi
from workbench.core.data.envi_files import find_data_file, header_of_data_file

HEADER = "ENVI\nsamples = 3\nlines = 2\nbands = 2\nheader offset = 0\ndata type = 2\ninterleave = bsq\nbyte order = 0\n"


def test_a_data_file_in_another_case_is_found(tmp_path):
    hdr = tmp_path / "C.HDR"
    hdr.write_text(HEADER)
    np.arange(12, dtype="<i2").tofile(tmp_path / "C.Img")
    assert find_data_file(hdr) == tmp_path / "C.Img"
    frame = np.asarray(open_envi(hdr).frames.read(0))
    assert frame.shape == (2, 3, 2) and frame[0, 0].tolist() == [0, 6]
    assert header_of_data_file(tmp_path / "C.Img") == hdr


def test_the_exact_name_comes_first_and_none_is_none(tmp_path):
    hdr = tmp_path / "scene.hdr"
    hdr.write_text(HEADER)
    assert find_data_file(hdr) is None  # nothing beside it: not the header itself
    (tmp_path / "scene.Dat").write_bytes(b"\0" * 24)
    (tmp_path / "scene.img").write_bytes(b"\0" * 24)
    assert find_data_file(hdr) == tmp_path / "scene.img"
