"""A mask-per-frame sequence (``maskseq``: IRDST, TSIRMT) reads its masks when its targets are first asked for
(``FrameTargets``). Its lazy stand-ins behave as the lists they replace without reading a mask where nothing
needs one: ``meta["point_labels"]`` of two opens of one sequence are equal (it was identity), and equal to their
own list; ``repr`` of the targets and of the sequence, ``==`` of two sequences and the video export's shown copy
(``shown_sequence``, made on the GUI thread) read none. A mask named in another case than the frame's suffix
(``1.Png``), which a case-blind file system opens, is found in the listing (it read as 'no mask: unlabelled')."""
from __future__ import annotations

import numpy as np
import pytest

cv2 = pytest.importorskip("cv2")


def _set(root, n=4, mask_name="{k}.png"):
    """ROOT/images/1/<k>.png with a 3x3 target moving right, ROOT/masks/1/<mask_name>."""
    for k in range(1, n + 1):
        (root / "images" / "1").mkdir(parents=True, exist_ok=True)
        (root / "masks" / "1").mkdir(parents=True, exist_ok=True)
        frame, mask = np.full((40, 50), 20, np.uint8), np.zeros((40, 50), np.uint8)
        mask[10:13, 5 + k:8 + k] = 255
        frame[mask > 0] = 200
        cv2.imwrite(str(root / "images" / "1" / f"{k}.png"), frame)
        cv2.imwrite(str(root / "masks" / "1" / mask_name.format(k=k)), mask)
    return root / "images" / "1"


@pytest.fixture
def reads(monkeypatch):
    """The masks read (``maskseq.read_targets`` calls) so far."""
    from workbench.core.data import maskseq

    got, real = [], maskseq.read_targets
    monkeypatch.setattr(maskseq, "read_targets", lambda *a: got.append(a) or real(*a))
    return got


def test_point_labels_compare_as_lists_and_repr_reads_nothing(tmp_path, reads):
    from workbench.core.data import open_sequence

    seq_dir = _set(tmp_path / "IRDST")
    one, two = open_sequence(seq_dir), open_sequence(seq_dir)
    pl = one.meta["point_labels"]
    assert type(one).__name__ == "MaskSequence" and type(pl).__name__ == "FrameTargets"
    assert "4 frames" in repr(pl) and "points" in repr(pl)
    assert pl == two.meta["point_labels"]  # two opens of one sequence: equal, no mask read
    assert reads == []
    want = [[(6.0 + k, 11.0, 0)] for k in range(1, 5)]
    assert pl == want and want == pl and list(pl) == want  # as the list it stands for
    assert pl != want[:3] and pl != [[(0.0, 0.0, 0)]] * 4
    assert one.meta["point_sizes"] != pl  # another kind of item: not the same lists
    assert len(reads) == 4  # each mask read once, then kept (the views share it)


def test_sequence_repr_and_eq_read_no_mask(tmp_path, reads):
    from workbench.core.data import open_sequence

    seq_dir = _set(tmp_path / "IRDST")
    one, two = open_sequence(seq_dir), open_sequence(seq_dir)
    text = repr(one)
    assert text.startswith("MaskSequence(name='1'") and "not read yet" in text
    assert one == one and not one != one
    assert one != two  # their frames are two readers (as any two opens): unequal without reading a mask
    assert reads == []
    assert one.has_groundtruth and one.groundtruth.shape == (4, 4)  # still read when asked for
    np.testing.assert_array_equal(one.groundtruth[0], [6, 10, 3, 3])
    assert "not read yet" not in repr(one) and "array(" in repr(one)


def test_video_export_shown_copy_reads_no_mask(tmp_path, reads):
    pytest.importorskip("PySide6")
    from workbench.core.data import open_sequence
    from workbench.gui.frame_export import Look, shown_sequence

    seq = open_sequence(_set(tmp_path / "IRDST"))
    shown = shown_sequence(seq, Look())  # on the GUI thread, as export-video's controller makes it
    assert reads == []
    assert shown.modality == "rgb" and seq.modality != "rgb"
    f = shown.frame(1)
    assert f.shape == (40, 50, 3) and f.dtype == np.uint8
    assert seq.frame(1).shape == (40, 50)  # the original reads its own frames
    np.testing.assert_array_equal(shown.groundtruth, seq.groundtruth)
    assert shown.groundtruth[3].tolist() == [9, 10, 3, 3]


@pytest.mark.parametrize("mask_name", ["{k}.Png", "{k}.pNG"])
def test_mask_in_another_case_is_found(tmp_path, reads, mask_name):
    from workbench.core.data import open_sequence

    seq = open_sequence(_set(tmp_path / "IRDST", mask_name=mask_name))
    assert [m.name for m in seq.meta["mask_files"]] == [mask_name.format(k=k) for k in range(1, 5)]
    assert seq.meta["unlabelled_frames"] == [] and not any("no mask" in w for w in seq.meta["warnings"])
    assert seq.meta["point_labels"][0] == [(7.0, 11.0, 0)]  # read through the listing's own name
