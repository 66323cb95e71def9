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
    exported, note, skipped = _fit_export(raw, seq, "x.txt", n_frames, {})
    assert skipped == skip
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


@pytest.mark.parametrize("toolkit, rows", [("pysot", 349), ("otb", 349), ("got10k", 354)])
def test_a_got10k_toolkits_tiger1_outside_its_layout_is_exported_as_eval_reads_it(tmp_path, toolkit, rows):
    """The GOT-10k toolkit's Tiger1 (354 rows: frames 1..5 first) in a flat folder (its times/ folder not kept): eval
    leaves its first 5 rows out (frame_fit), the export kept them by the folder's layout: 354 rows for pysot / otb
    (349 frames, every row 5 frames late) and 359 for the GOT-10k toolkit (5 nan rows put before them)."""
    from workbench.core.results import export_results

    folder = tmp_path / "res" / "gtk"
    folder.mkdir(parents=True)
    # each row's width its frame's number (the box's corner moves with the folder's pixel convention, not its size)
    boxes = np.column_stack([np.full(354, 20.0), np.full(354, 5.0), np.arange(354) + 1.0, np.full(354, 10.0)])
    (folder / "Tiger1.txt").write_text("".join(",".join(f"{v:g}" for v in r) + "\n" for r in boxes))
    (res,) = export_results(tmp_path / "res", tmp_path / "out", toolkit, frames={"Tiger1": 349},
                            offsets={"Tiger1": 1})
    out = np.loadtxt(res.folder / "Tiger1.txt", delimiter=",")
    assert len(out) == rows, res.notes
    assert out[-1][2] == 354.0 and np.isfinite(out).all()  # the last frame's row, and none made up
    if toolkit != "got10k":
        assert out[0][2] == 6.0  # frame 6, where the OTB toolkit starts Tiger1
