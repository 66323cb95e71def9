"""A multi-page TIFF cut short (a copy stopped early) opened as a stack of fewer pages without a word: libtiff
counts the pages up to the damaged directory, printing its error to the terminal, and the pages after it were
lost. Found by the session-54 fuzzer (the dataset listing refused the same file). It is a DataError naming it."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from workbench.core.errors import DataError


def _stack(path, n=4):
    pages = [np.full((12, 16), 1000 * (i + 1), np.uint16) for i in range(n)]
    assert cv2.imwritemulti(str(path), pages)
    return path


def test_whole_stack_reads_every_page(tmp_path):
    from workbench.core.data import open_sequence

    seq = open_sequence(_stack(tmp_path / "stack.tif"))
    assert len(seq) == 4 and [int(seq.frame(i)[0, 0]) for i in range(4)] == [1000, 2000, 3000, 4000]


@pytest.mark.parametrize("cut", [1, 9])
def test_a_stack_cut_short_is_refused_not_read_as_fewer_pages(tmp_path, cut):
    from workbench.core.data import open_sequence

    p = _stack(tmp_path / "stack.tif")
    p.write_bytes(p.read_bytes()[:-cut])
    with pytest.raises(DataError) as err:
        seq = open_sequence(p)
        [seq.frame(i) for i in range(len(seq))]
    assert "stack.tif" in str(err.value)
