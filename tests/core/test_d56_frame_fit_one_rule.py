"""Eval (``results.fit_to_frames``) and export (``results._fit_export``) read a result file's rows by one rule,
``results.frame_fit``: the same rows are the sequence's frames, the same files are cut or refused."""
import numpy as np
import pytest

from workbench.core.errors import DataError
from workbench.core.results import _fit_export, fit_to_frames, frame_fit


def _rows(n):
    return np.arange(n * 4, dtype=float).reshape(n, 4)


@pytest.mark.parametrize("seq, n_rows, n_frames, skip, extra", [
    ("Tiger1", 354, 349, 5, 0),  # the GOT-10k toolkit's Tiger1: its first 5 rows are not the sequence's frames
    ("Tiger1", 349, 349, 0, 0),
    ("Tiger2", 354, 349, 0, 5),  # any other sequence: 5 rows after its last frame
    ("Basketball", 10, 12, 0, -2),
])
def test_eval_and_export_keep_the_same_rows(seq, n_rows, n_frames, skip, extra):
    assert frame_fit(n_rows, n_frames, seq) == (skip, extra)
    raw = _rows(n_rows)
    exported, note = _fit_export(raw, seq, "x.txt", n_frames, {})
    if extra < 0:
        assert exported is None and f"{n_rows} rows but sequence {seq!r} has {n_frames} frames" in note
        with pytest.raises(DataError, match=f"has {n_rows} boxes but sequence '{seq}' has {n_frames} frames"):
            fit_to_frames(raw, n_frames, "x.txt", seq)
        return
    boxes, said = fit_to_frames(raw, n_frames, "x.txt", seq)
    assert len(boxes) == n_frames and np.array_equal(exported[skip:], boxes)
    assert (said is None) == (note is None) == (extra == 0)
    if extra:
        assert f"{extra} row(s) after" in said and f"the {extra} row(s) after them dropped" in note
