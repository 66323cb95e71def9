"""A phone's JPEG tagged 'turn 90°' is shown as stored (masks and groundtruth are drawn on the stored pixels); the
reader's warning of it went only to stderr, which the window does not show: opening a tagged folder or image in
the window said nothing. The window's "Opened with warnings" now names the file and the tag."""
from __future__ import annotations

import io

import numpy as np
import pytest

PIL = pytest.importorskip("PIL.Image", reason="Pillow writes the EXIF block here")


def _jpeg(path, orientation: int) -> None:
    a = np.full((40, 60), 20, np.uint8)
    a[2:12, 3:13] = 250
    exif = PIL.Exif()
    exif[0x0112] = orientation
    buf = io.BytesIO()
    PIL.fromarray(a).save(buf, "JPEG", quality=95, exif=exif.tobytes())
    path.write_bytes(buf.getvalue())


def _folder(root, orientation):
    (root / "img").mkdir(parents=True)
    for i in range(3):
        _jpeg(root / "img" / f"{i + 1:04d}.jpg", orientation)
    (root / "groundtruth_rect.txt").write_text("4,3,10,10\n" * 3)
    return root


def _opened_warnings(messages):
    return [t for kind, title, t in messages if kind == "warning" and title == "Opened with warnings"]


def test_a_tagged_folder_and_image_are_said_when_opened_and_an_upright_folder_is_not(qtbot, window, messages, tmp_path):
    w = window
    seq_dir = _folder(tmp_path / "phone", 6)
    assert w.open_path(seq_dir)
    qtbot.waitUntil(lambda: bool(_opened_warnings(messages)), timeout=3000)
    (text,) = _opened_warnings(messages)
    assert f"{seq_dir / 'img' / '0001.jpg'}: its EXIF orientation tag (6: a photo viewer turns it 90° clockwise) is " \
           "ignored: read in stored pixel order" in text
    assert w.sequence.frame(0).shape[:2] == (40, 60)  # shown as stored
    messages.clear()
    _jpeg(tmp_path / "one.jpg", 8)
    assert w.open_path(tmp_path / "one.jpg")
    qtbot.waitUntil(lambda: bool(_opened_warnings(messages)), timeout=3000)
    assert "one.jpg: its EXIF orientation tag (8: a photo viewer turns it 90° counter-clockwise)" in \
        _opened_warnings(messages)[0]
    # then an upright folder, in this window (a window of its own cost more than the check)
    _an_upright_folder_opens_without_a_word(w, messages, tmp_path)


def _an_upright_folder_opens_without_a_word(w, messages, tmp_path):
    from PySide6.QtCore import QEventLoop, QTimer

    messages.clear()
    assert w.open_path(_folder(tmp_path / "upright", 1))
    loop = QEventLoop()
    QTimer.singleShot(100, loop.quit)  # the warning would come on the next event-loop turn
    loop.exec()
    assert _opened_warnings(messages) == []
