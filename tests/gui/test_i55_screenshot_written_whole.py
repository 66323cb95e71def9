"""``workbench --screenshot FILE`` (app.grab): the window's image written whole or not at all, a failure naming
the file and why. QPixmap.save straight onto the path said only 'could not write the screenshot X' (a full disk,
no reason), and a folder in the way was '[Errno 17] File exists: <the blocker>', not naming the screenshot."""
from __future__ import annotations

import os

import pytest


@pytest.fixture
def widget(qtbot):
    from PySide6.QtWidgets import QLabel

    w = QLabel("screenshot")
    w.resize(120, 40)
    qtbot.addWidget(w)
    w.show()
    return w


def test_screenshot_replaces_whole_and_png_reads_back(widget, tmp_path):
    from PySide6.QtGui import QImage

    from workbench.gui.app import grab

    out = tmp_path / "shots" / "w.png"
    out.parent.mkdir()
    out.write_bytes(b"an earlier screenshot")
    assert grab(widget, out) == out
    img = QImage(str(out))
    assert not img.isNull() and img.width() >= 120
    assert sorted(os.listdir(out.parent)) == ["w.png"]  # no temporary file left


def test_screenshot_on_a_full_disk_names_the_file_and_why(widget):
    from workbench.core.errors import WorkbenchError
    from workbench.gui.app import grab

    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here (a device whose every write fails as a full disk does): Linux only")
    with pytest.raises(WorkbenchError) as e:
        grab(widget, "/dev/full")
    assert "/dev/full" in str(e.value) and "No space left" in str(e.value)


def test_screenshot_under_a_file_names_the_screenshot(widget, tmp_path):
    from workbench.core.errors import WorkbenchError
    from workbench.gui.app import grab

    blocker = tmp_path / "afile"
    blocker.write_text("x")
    with pytest.raises(WorkbenchError) as e:
        grab(widget, blocker / "w.png")
    assert str(blocker / "w.png") in str(e.value) and "is a file, not a folder" in str(e.value)
    assert blocker.read_text() == "x"
