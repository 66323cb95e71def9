"""Image folders whose frames differ in size (labelled image sets, mixed cameras: the Anti-UAV thermal
frames mix 640x512 and 512x512): every frame is read at its own size, YOLO labels are in each image's
own pixels, and what needs one size (tracking, a video) can ask up front and be told, in one line,
which folder and which two sizes."""
from __future__ import annotations

import os
from pathlib import Path

import cv2
import numpy as np
import pytest

from workbench.core.data import open_sequence
from workbench.core.errors import DataError

SHARED = Path(os.environ.get("WORKBENCH_SHARED_DATA",
                             Path(__file__).resolve().parents[2].parent / "shared" / "data"))
ANTI_UAV = SHARED / "tir" / "anti_uav_ir"

BIG, SMALL = (64, 48), (40, 40)  # (width, height)
SIZES = [BIG, BIG, BIG, SMALL, SMALL, BIG]  # frame k's size


def _frame(k: int, size) -> np.ndarray:
    w, h = size
    img = np.full((h, w), 20 + 30 * k, np.uint8)
    img[h // 2 - 2:h // 2 + 2, w // 2 - 2:w // 2 + 2] = 255  # a bright target at the centre
    return img


def yolo_set(root: Path, sizes=SIZES, ext: str = ".png") -> Path:
    """``images/<k>.png`` of the given sizes + ``labels/<k>.txt`` (YOLO, a box centred in the image,
    a tenth of its size; the third label empty: no target)."""
    (root / "images").mkdir(parents=True)
    (root / "labels").mkdir()
    for k, size in enumerate(sizes):
        cv2.imwrite(str(root / "images" / f"{100 + k:06d}{ext}"), _frame(k, size))
        (root / "labels" / f"{100 + k:06d}.txt").write_text("" if k == 2 else "0 0.5 0.5 0.1 0.1\n")
    return root


def plain_folder(root: Path, sizes=SIZES) -> Path:
    root.mkdir(parents=True)
    for k, size in enumerate(sizes):
        cv2.imwrite(str(root / f"{k + 1:04d}.png"), _frame(k, size))
    return root


@pytest.mark.parametrize("make", [yolo_set, plain_folder], ids=["yolo", "plain"])
def test_every_frame_of_a_mixed_size_image_set_is_read_at_its_own_size(tmp_path, make):
    seq = open_sequence(make(tmp_path / "set"))
    assert len(seq) == len(SIZES)
    for k, (w, h) in enumerate(SIZES):
        f = seq.frame(k)
        assert f.shape == (h, w), k
        assert f[h // 2, w // 2] == 255 and f[0, 0] == 20 + 30 * k
    assert list(seq) and [f.shape for f in seq] == [(h, w) for w, h in SIZES]
    assert seq.frame_sizes() == SIZES
    # said once, without a modal warning: a set of two sizes is legitimate
    assert "40x40" in seq.meta["frame_sizes"] and "64x48" in seq.meta["frame_sizes"]
    assert not any("size" in str(x) for x in seq.meta.get("warnings") or [])


def test_yolo_boxes_are_in_each_images_own_pixels(tmp_path):
    seq = open_sequence(yolo_set(tmp_path / "set"))
    for k, (w, h) in enumerate(SIZES):
        if k == 2:
            assert seq.gt_box(k) is None and seq.meta["point_labels"][k] == []
            continue
        cx, cy, _cls = seq.meta["point_labels"][k][0]
        assert np.isclose(cx, w / 2) and np.isclose(cy, h / 2), (k, cx, cy)
        b = seq.gt_box(k)
        assert np.allclose([b.x, b.y, b.w, b.h], [0.45 * w, 0.45 * h, 0.1 * w, 0.1 * h])
        x, y, bw, bh, _c = seq.meta["boxes"][k][0]
        assert np.allclose([x, y, bw, bh], [0.45 * w, 0.45 * h, 0.1 * w, 0.1 * h])


@pytest.mark.parametrize("make", [yolo_set, plain_folder], ids=["yolo", "plain"])
def test_one_size_check_names_the_folder_and_both_sizes(tmp_path, make):
    root = make(tmp_path / "set")
    seq = open_sequence(root)
    msg = seq.one_size_problem("tracking")
    assert msg is not None and "\n" not in msg and len(msg) < 300
    assert str(root) in msg and "64x48" in msg and "40x40" in msg and "tracking" in msg
    # from a later frame on, the frames still differ (3, 4 small; 5 big) ...
    assert seq.one_size_problem("tracking", start=3) is not None
    # ... and not within one size
    assert seq.one_size_problem("tracking", start=0, stop=3) is None
    with pytest.raises(DataError, match="40x40"):
        seq.require_one_size("tracking")


def test_a_set_of_one_size_stays_a_strict_sequence(tmp_path):
    seq = open_sequence(yolo_set(tmp_path / "set", sizes=[BIG] * 4))
    assert seq.uniform and seq.one_size_problem("tracking") is None and "frame_sizes" not in seq.meta


def test_a_tracking_sequence_with_a_box_file_still_refuses_a_frame_of_another_size(tmp_path):
    """A box per frame is a video's groundtruth: a frame of another size there is damage, said naming
    the file and both sizes (as before)."""
    root = plain_folder(tmp_path / "walker", sizes=[BIG, BIG, SMALL, BIG])
    (root / "groundtruth_rect.txt").write_text("\n".join(["5,5,8,8"] * 4) + "\n")
    seq = open_sequence(root)
    assert seq.uniform
    seq.frame(1)
    with pytest.raises(DataError, match="frame 2 is 40x40 uint8 but 0001.png"):
        seq.frame(2)


def test_image_headers_give_the_decoded_size(tmp_path):
    from workbench.core.data.images import image_size, read_image

    img = np.zeros((37, 53, 3), np.uint8)
    for ext in (".png", ".jpg", ".bmp", ".tif", ".pgm", ".ppm"):
        p = tmp_path / f"a{ext}"
        cv2.imwrite(str(p), img[:, :, 0] if ext == ".pgm" else img)
        assert image_size(p) == (53, 37), ext
        assert read_image(p).shape[:2] == (37, 53)
    p16 = tmp_path / "b.png"
    cv2.imwrite(str(p16), np.zeros((9, 11), np.uint16))
    assert image_size(p16) == (11, 9)
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 5)
    assert image_size(bad) is None  # unknown: the read says what is wrong with it
    (tmp_path / "empty.jpg").write_bytes(b"")
    assert image_size(tmp_path / "empty.jpg") is None


@pytest.mark.skipif(not ANTI_UAV.is_dir(), reason="Anti-UAV data not present")
def test_anti_uav_frames_read_at_their_own_size_with_boxes_in_their_pixels():
    seq = open_sequence(ANTI_UAV)
    assert not seq.uniform
    sizes = seq.frame_sizes()
    odd = next(i for i, s in enumerate(sizes) if s != sizes[0])
    assert sizes[0] == (640, 512) and sizes[odd] == (512, 512)
    assert seq.frame(odd).shape == (512, 512)
    stem = seq.frames.seq.frames.paths[odd].stem
    _c, cx, cy, _w, _h = (float(v) for v in (ANTI_UAV / "labels" / f"{stem}.txt").read_text().split())
    px, py, _ = seq.meta["point_labels"][odd][0]
    assert np.isclose(px, cx * 512) and np.isclose(py, cy * 512)
    msg = seq.one_size_problem("tracking")
    assert "640x512" in msg and "512x512" in msg and str(ANTI_UAV) in msg


def test_the_tracking_loop_refuses_a_mixed_size_set_before_the_tracker_starts(tmp_path):
    """`workbench run` on an image set of two sizes: one error naming the folder and both sizes, before
    the tracker is initialised (it used to be handed frames of another size without a word)."""
    from workbench.core.boxes import Box
    from workbench.core.loops import iter_track, iter_track_supervised

    class Tracker:
        modalities = ("gray", "rgb", "ir16")
        started = False

        def initialize(self, frame, box):
            Tracker.started = True

        def track(self, frame):
            raise AssertionError("tracked a frame")

    root = yolo_set(tmp_path / "set")
    seq = open_sequence(root)
    with pytest.raises(DataError, match="40x40") as exc:
        list(iter_track(Tracker(), seq, init=Box(10, 10, 8, 8)))
    assert str(root) in str(exc.value) and not Tracker.started
    with pytest.raises(DataError, match="64x48"):
        list(iter_track_supervised(Tracker, seq))
    # a set of one size runs as before
    same = open_sequence(yolo_set(tmp_path / "same", sizes=[BIG] * 3))
    assert len(list(iter_track(type("T", (), {"modalities": ("gray",), "initialize": lambda s, f, b: None,
                                              "track": lambda s, f: _track_out()})(), same,
                               init=Box(10, 10, 8, 8)))) == 3


def _track_out():
    from workbench.core.boxes import Box
    from workbench.core.methods import TrackOutput

    return TrackOutput(Box(10, 10, 8, 8), 1.0, {})


def test_a_strict_sequence_reads_no_image_header(tmp_path, monkeypatch):
    """One video's frames (a box file: ``uniform``) are of one size by construction, a frame of another
    size refused when read: opening, the one-size checks, the tracking loop and the window's open read
    no header (a 20,000-frame folder paid 0.1 s warm, 1.6 s from disk, for sizes nothing used)."""
    import workbench.core.data.images as images
    from workbench.core.boxes import Box
    from workbench.core.loops import iter_track
    from workbench.gui.controllers.sequence import with_sizes

    read: list = []
    real = images.image_size
    monkeypatch.setattr(images, "image_size", lambda p: read.append(p) or real(p))
    root = plain_folder(tmp_path / "walker", sizes=[BIG, BIG, SMALL, BIG])
    (root / "groundtruth_rect.txt").write_text("\n".join(["5,5,8,8"] * 4) + "\n")
    seq = with_sizes(open_sequence(root))
    assert seq.uniform and seq.frame_sizes() is None and seq.one_size_problem("tracking") is None
    seq.require_one_size("tracking")

    class Tracker:
        modalities = ("gray",)

        def initialize(self, frame, box):
            pass

        def track(self, frame):
            return _track_out()

    with pytest.raises(DataError, match="frame 2 is 40x40 uint8 but 0001.png"):  # refused when read, as before
        list(iter_track(Tracker(), seq, init=Box(10, 10, 8, 8)))
    assert read == []
