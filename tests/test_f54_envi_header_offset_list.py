"""An ENVI header whose 'header offset' is a list ('header offset = {0, 0}', a header edited or written by another
tool) was a TypeError traceback; found by the session-54 ENVI header fuzzer. It is a DataError naming the header."""
from __future__ import annotations

import numpy as np
import pytest

from tests.helpers import write_envi
from workbench.core.errors import DataError


@pytest.mark.parametrize("value", ["{0, 0}", "{}"])
def test_header_offset_list_is_a_data_error(tmp_path, value):
    from workbench.core.data import open_sequence

    hdr = write_envi(tmp_path, np.zeros((6, 5, 3), np.int16), extra=(f"header offset = {value}",))
    hdr.write_text(hdr.read_text().replace("header offset = 0\n", ""))
    with pytest.raises(DataError) as err:
        open_sequence(hdr)
    assert "cube.hdr" in str(err.value) and "header offset" in str(err.value)
