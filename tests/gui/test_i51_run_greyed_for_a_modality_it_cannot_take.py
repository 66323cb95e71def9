"""A detector or segmenter that cannot take the open sequence's modality (seq_irst, gray / ir16 only, on
a hyperspectral cube) left Run enabled, and pressing it ended in a critical "stopped with an error" box.
It is greyed as a tracker is: its list item disabled with the reason in its tooltip, Run greyed saying
why, and a script's run_selected refused with that reason, nothing started."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from workbench.core.registry import Plugin

from tests.gui.conftest import make_registry, shown_window


def _never_made(cfg, device):
    raise AssertionError("a method that cannot take the sequence was made")


@pytest.fixture(scope="module")
def cube(tmp_path_factory):
    from workbench.core.data import hsi_generate as hg

    v = hg.make_video(hg.load_scene(None, 16, seed=2), hg.VideoSpec(frames=4, width=48, height=40, seed=2))
    return hg.write_video(v, tmp_path_factory.mktemp("cube") / "c2", "h5")


@pytest.fixture
def win(qtbot, messages):
    reg = make_registry()
    reg.add(Plugin("graydet", "detector", _never_made, title="Gray detector", modalities=("gray", "ir16")))
    reg.add(Plugin("grayseg", "segmenter", _never_made, title="Gray segmenter", modalities=("gray", "ir16")))
    yield from shown_window(qtbot, reg, (1366, 768))


def _enabled(item) -> bool:
    return bool(item.flags() & Qt.ItemFlag.ItemIsEnabled)


def test_run_greyed_with_the_reason_on_a_cube(win, messages, cube):
    # the detector, then the segmenter, in one window: each selected with the demo open, then the cube opened
    w, m = win, win.methods
    for name in ("graydet", "grayseg"):
        _greyed_on_the_cube_and_enabled_on_the_demo(w, m, messages, cube, name)


def _greyed_on_the_cube_and_enabled_on_the_demo(w, m, messages, cube, name):
    messages.clear()
    assert m.select(name)
    assert w.open_path(cube) and w.sequence.modality == "hsi"
    w.update_enabled()
    item = m._item(name)
    assert not _enabled(item) and "cannot run on hsi sequences" in item.toolTip(0), name
    assert not w.act_run.isEnabled() and not m.run_button.isEnabled(), name
    assert "cannot run on hsi sequences: it accepts gray, ir16" in m.run_button.toolTip(), name
    assert "cannot run on hsi" in w.act_run.toolTip(), name
    if name == "grayseg":
        assert not m.run_all_button.isEnabled() and "cannot run on hsi" in m.run_all_button.toolTip()
    assert not w.run_selected() and not w.run_selected([name]) and not w.busy, name
    assert messages and all("cannot run on hsi sequences" in text for _k, _t, text in messages), (name, messages)
    # a sequence it takes: enabled again, the reason gone
    messages.clear()
    w.open_demo()
    w.update_enabled()
    assert _enabled(item) and "cannot run" not in item.toolTip(0), name
    assert m.modality_note() is None and "cannot run" not in m.run_button.toolTip(), name
