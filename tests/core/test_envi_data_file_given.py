"""An ENVI data file given in its header's place (``--sequence a.img`` with ``a.hdr`` beside it) is
refused naming the header to give; it was 'not a known sequence format'."""
import numpy as np
import pytest

from workbench.core.data import open_dataset, open_sequence
from workbench.core.errors import DataError


def _cube(tmp_path, data_name, header_name):
    np.arange(4 * 5 * 3, dtype=np.uint16).tofile(tmp_path / data_name)
    (tmp_path / header_name).write_text("ENVI\nsamples = 5\nlines = 4\nbands = 3\nheader offset = 0\n"
                                        "data type = 12\ninterleave = bsq\nbyte order = 0\n")


@pytest.mark.parametrize("data_name, header_name", [("a.img", "a.hdr"), ("scene.raw", "scene.raw.hdr"),
                                                    ("b", "b.hdr")])
def test_data_file_names_its_header(tmp_path, data_name, header_name):
    _cube(tmp_path, data_name, header_name)
    assert open_sequence(tmp_path / header_name).frame(0).shape == (4, 5, 3)
    for opener in (open_sequence, open_dataset):
        with pytest.raises(DataError) as e:
            opener(tmp_path / data_name)
        assert f"give its header {header_name}" in str(e.value), str(e.value)
