"""An ENVI data file given in its header's place (``--sequence a.img`` with ``a.hdr`` beside it) is
refused naming the header to give; it was 'not a known sequence format'."""
import numpy as np
import pytest

from workbench.core.data import open_dataset, open_sequence
from workbench.core.errors import DataError

from tests.helpers import write_envi


@pytest.mark.parametrize("name, ext, data_name", [("a", ".img", "a.img"), ("scene.raw", "", "scene.raw"),
                                                  ("b", "", "b")])
def test_data_file_names_its_header(tmp_path, name, ext, data_name):
    hdr = write_envi(tmp_path, np.arange(4 * 5 * 3, dtype=np.uint16).reshape(4, 5, 3), name=name, ext=ext)
    assert open_sequence(hdr).frame(0).shape == (4, 5, 3)
    for opener in (open_sequence, open_dataset):
        with pytest.raises(DataError) as e:
            opener(tmp_path / data_name)
        assert f"give its header {hdr.name}" in str(e.value), str(e.value)
