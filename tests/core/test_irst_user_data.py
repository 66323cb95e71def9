"""A new user's own IR small-target data: formats and mistakes that must give a correct result or one
clear line naming the file (tiny generated files; no shared data)."""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from workbench.core.errors import DataError


def _image(h=40, w=48, seed=0):
    rng = np.random.default_rng(seed)
    img = rng.integers(20, 60, (h, w), dtype=np.uint8)
    img[18:22, 20:24] = 250
    return img


def _square_mask(h=40, w=48):
    m = np.zeros((h, w), np.uint8)
    m[18:22, 20:24] = 255
    return m


def _set(root: Path, names=("a", "b"), mask_name="{name}_pixels0.png", params=()):
    (root / "images").mkdir(parents=True)
    (root / "masks").mkdir()
    for i, n in enumerate(names):
        cv2.imwrite(str(root / "images" / f"{n}.png"), _image(seed=i))
        if mask_name is not None:
            cv2.imwrite(str(root / "masks" / mask_name.format(name=n)), _square_mask(), list(params))
    return root


@pytest.mark.parametrize("mask_name", ["{name}.jpg", "{name}_pixels0.jpg", "{name}_mask.jpeg", "{name}_mask.tiff",
                                       "{name}.tiff", "{name}_mask.bmp", "{name}.PNG"])
def test_masks_in_other_formats_and_names_are_found(tmp_path, mask_name):
    """<name>.jpg, <name>_mask.tiff ... were not looked for: 'no image with a mask found'."""
    from workbench.core.data.sirst import open_sirst

    ds = open_sirst(_set(tmp_path / "set", mask_name=mask_name, params=(cv2.IMWRITE_JPEG_QUALITY, 70)))
    assert ds.names == ["a", "b"]
    assert not ds.warnings
    assert np.array_equal(ds.mask(0), _square_mask() > 0)


def test_jpeg_mask_noise_is_not_target(tmp_path):
    """A JPEG mask's compression ringing (values 1..30 around the target) was read as target pixels
    (any nonzero pixel): the target grew by its 8x8 blocks' noise."""
    from workbench.core.data import masks as masks_layout
    from workbench.core.data.sirst import read_mask

    root = _set(tmp_path / "set", mask_name="{name}.jpg", params=(cv2.IMWRITE_JPEG_QUALITY, 60))
    raw = cv2.imread(str(root / "masks" / "a.jpg"), cv2.IMREAD_UNCHANGED)
    assert (raw > 0).sum() > (_square_mask() > 0).sum()  # the file does carry the noise
    assert np.array_equal(read_mask(root / "masks" / "a.jpg"), _square_mask() > 0)
    # the masks layout (the window's scoring) reads them the same way
    seq = masks_layout.open(root)
    assert seq.meta["mask_files"][0].name == "a.jpg"
    assert np.array_equal(masks_layout.read_frame_mask(seq.meta["mask_files"][0], (40, 48)), _square_mask() > 0)


def test_binary_masks_unchanged(tmp_path):
    """0/1 and 0/255 PNG masks read as before (any nonzero pixel)."""
    from workbench.core.data.sirst import read_mask

    m = np.zeros((8, 8), np.uint8)
    m[2, 3] = 1
    cv2.imwrite(str(tmp_path / "m.png"), m)
    assert read_mask(tmp_path / "m.png").sum() == 1
    cv2.imwrite(str(tmp_path / "m255.png"), m * 255)
    assert read_mask(tmp_path / "m255.png").sum() == 1


def test_no_pair_error_says_why(tmp_path):
    """Every case ended in the same 'no image with a mask found', naming neither the missing masks nor
    what the masks folder held instead."""
    from workbench.core.data.sirst import open_sirst

    root = _set(tmp_path / "own", mask_name="{name}_gt.png")
    with pytest.raises(DataError) as err:
        open_sirst(root)
    msg = str(err.value)
    assert "\n" not in msg and str(root) in msg
    assert "no mask for 2 of 2 images in masks/" in msg and "a_pixels0.png" in msg and "'a_gt.png'" in msg

    root = _set(tmp_path / "nomasks", mask_name=None)
    with pytest.raises(DataError, match="it is empty"):
        open_sirst(root)

    root = tmp_path / "empty"
    (root / "images").mkdir(parents=True)
    (root / "masks").mkdir()
    with pytest.raises(DataError, match="holds no images"):
        open_sirst(root)

    root = _set(tmp_path / "split")
    (root / "splits").mkdir()
    (root / "splits" / "test.txt").write_text("zz.png\n")
    with pytest.raises(DataError, match="1 of 1 names have no image .*'zz'"):
        open_sirst(root, "test")


# --- sequential frames (irseq) -------------------------------------------------------------------
def _frames(folder: Path, n=6, size=(24, 20), names=None):
    folder.mkdir(parents=True, exist_ok=True)
    names = names or [f"{i + 1:04d}.png" for i in range(n)]
    for i, name in enumerate(names):
        img = np.full((size[1], size[0]), 30 + i, np.uint8)
        cv2.imwrite(str(folder / name), img)
    return folder


def _video(path: Path, n=6, size=(32, 24)):
    vw = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 10, size, False)
    if not vw.isOpened():
        pytest.skip("OpenCV cannot write MJPG AVI here")
    for i in range(n):
        vw.write(np.full((size[1], size[0]), 40 + 10 * i, np.uint8))
    vw.release()
    return path


def _daub_lines(n):
    return "".join(f"{5 + i}\t{6 + i}\n" for i in range(n))


def test_video_in_a_folder_with_its_labels_is_labelled(tmp_path):
    """A folder of one clip.mp4 (no frames) and anno_xy.txt / labels.csv: the labels were not read, the
    clip detected as unlabelled ('not scored')."""
    from workbench.core.data.irseq import open_irseq

    d = tmp_path / "seq"
    d.mkdir()
    _video(d / "clip.avi")
    (d / "anno_xy.txt").write_text(_daub_lines(6))
    seq = open_irseq(d / "clip.avi")
    assert seq.labelled and seq.label_file == d / "anno_xy.txt"
    assert [(lab.cx, lab.cy) for lab in seq.labels[2]] == [(7.0, 8.0)]
    assert seq.meta["daub_size"] == 3.0

    (d / "anno_xy.txt").unlink()
    (d / "labels.csv").write_text("frame,cx,cy,w,h,class\n1,10,11,4,4,target\n")
    seq = open_irseq(d / "clip.avi")
    assert seq.labelled and seq.labels[1][0].w == 4.0

    # <stem>.anno_xy.txt beside the video, as <stem>.labels.csv
    e = tmp_path / "flat"
    e.mkdir()
    _video(e / "a.avi")
    (e / "a.anno_xy.txt").write_text(_daub_lines(6))
    assert open_irseq(e / "a.avi").labelled


def test_folder_labels_with_several_videos_are_said_not_read(tmp_path):
    from workbench.core.data.irseq import open_irseq

    d = tmp_path / "two"
    d.mkdir()
    _video(d / "a.avi")
    _video(d / "b.avi")
    (d / "labels.csv").write_text("frame,cx,cy,w,h,class\n1,10,11,4,4,target\n")
    seq = open_irseq(d / "a.avi")
    assert not seq.labelled
    assert any("labels.csv" in w and "2 videos" in w for w in seq.meta["warnings"])


def test_labels_csv_points_outside_the_frame_are_said(tmp_path):
    """anno_xy.txt said its points outside the frame; labels.csv's were scored as misses without a word."""
    from workbench.core.data.irseq import open_irseq

    d = tmp_path / "s"
    _frames(d / "frames")
    (d / "labels.csv").write_text("frame,cx,cy,w,h,class\n0,5,5,3,3,target\n1,-4,5,3,3,target\n2,300,5,3,3,target\n")
    seq = open_irseq(d)
    found = [w for w in seq.meta["warnings"] if "outside" in w]
    assert len(found) == 1 and "2 label(s)" in found[0] and "labels.csv" in found[0] and "(-4, 5)" in found[0]
    (d / "labels.csv").write_text("frame,cx,cy,w,h,class\n0,5,5,3,3,target\n")
    assert not open_irseq(d).meta["warnings"]


def test_gap_in_frame_numbering_is_named(tmp_path):
    """frames/0005.png missing: 'N label lines for N-1 frames' left the user counting files; with labels.csv
    every label after the gap silently fell on the wrong frame."""
    from workbench.core.data.irseq import open_irseq

    names = ["0001.png", "0002.png", "0003.png", "0004.png", "0006.png"]
    d = tmp_path / "daub"
    _frames(d / "frames", names=names)
    (d / "anno_xy.txt").write_text(_daub_lines(6))
    with pytest.raises(DataError, match=r"6 label lines for 5 frames \(frames/ jumps from 0004.png to 0006.png\)"):
        open_irseq(d)
    c = tmp_path / "csv"
    _frames(c / "frames", names=names)
    (c / "labels.csv").write_text("frame,cx,cy,w,h,class\n4,5,5,3,3,target\n")
    seq = open_irseq(c)
    assert any("jumps from 0004.png to 0006.png" in w for w in seq.meta["warnings"])
    # contiguous numbers, or names without numbers: nothing said
    ok = tmp_path / "ok"
    _frames(ok / "frames", n=5)
    (ok / "anno_xy.txt").write_text(_daub_lines(5))
    assert open_irseq(ok).meta["warnings"] == []


def test_a_grey_image_in_masks_is_said(tmp_path):
    """The images copied into masks/ (or masks resized with interpolation): every nonzero pixel was target,
    mIoU ~0 with no word why."""
    from workbench.core.data.sirst import open_sirst

    root = _set(tmp_path / "set", mask_name="{name}.png")
    cv2.imwrite(str(root / "masks" / "b.png"), _image(seed=5))  # an image, not a mask
    ds = open_sirst(root)
    ds.mask(0)
    assert ds.warnings == []  # a 0/255 mask: nothing said
    m = ds.mask(1)
    assert m.all()  # read as before
    assert len(ds.warnings) == 1 and ds.warnings[0].startswith("b.png: not a two-value mask")
    ds.mask(1)
    assert len(ds.warnings) == 1  # said once


def test_yolo_box_centred_outside_the_image_is_said(tmp_path):
    """cx -0.1 (tolerated as normalised) was scored as a missed target without a word; anno_xy.txt and
    labels.csv say theirs."""
    from workbench.core.data.yolo import read_yolo
    from workbench.core.errors import DataWarning

    f = tmp_path / "a.txt"
    f.write_text("0 0.5 0.5 0.1 0.1\n0 -0.1 0.5 0.05 0.05\n")
    with pytest.warns(DataWarning, match=r"a\.txt: 1 box\(es\) centred outside the image \(first line 2: \(-0\.1, 0\.5\)\)"):
        boxes = read_yolo(f, 100, 50)
    assert len(boxes) == 2  # read as before
    f.write_text("0 0.5 0.5 0.1 0.1\n0 1 0 0.05 0.05\n")  # on the edge: inside
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error", DataWarning)
        read_yolo(f, 100, 50)
