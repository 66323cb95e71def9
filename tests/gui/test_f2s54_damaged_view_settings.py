"""The window started on a damaged settings file (WORKBENCH_SETTINGS, hand-edited or cut short): a view value of
the wrong kind (play_fps=abc, map_opacity=[1,2], colormap=[1,2], a stretch Qt reads as bytes, a number past Qt's
int) stopped it at its start (ValueError / TypeError / OverflowError in _restore_settings). Found by the
session-54 settings fuzzer; they read as their defaults (settings.get_value), good values as they were saved."""
from __future__ import annotations

import os

import pytest

from tests.gui.conftest import shown_window

DAMAGED = {"colormap": "1, 2", "stretch": "@ByteArray(garbage)", "play_fps": "abc", "map_opacity": "[1,2]"}


def _window(request, qtbot, registry, view):
    from workbench.gui import settings as wsettings

    with open(os.environ["WORKBENCH_SETTINGS"], "w", encoding="utf-8") as f:
        f.write("[view]\n" + "".join(f"{k}={v}\n" for k, v in view.items()))
    wsettings._GUI_SETTINGS.clear()
    return shown_window(qtbot, registry)


@pytest.fixture(params=[DAMAGED, {"play_fps": "99999999999", "map_opacity": "1e999"}, {"play_fps": "@Invalid()"}],
                ids=["wrong-kinds", "past-int", "invalid"])
def damaged_window(request, qtbot, registry, messages):
    yield from _window(request, qtbot, registry, request.param)


def test_window_opens_on_damaged_view_values_with_the_defaults(damaged_window):
    from workbench.gui import display
    from workbench.gui.layers_dock import DEFAULT_MAP_OPACITY

    w = damaged_window
    assert w.cmap_combo.currentText() == "gray" and w.stretch_combo.currentText() == display.DEFAULT_STRETCH
    assert w.fps_spin.value() == 25 and w.layers.opacity.value() == DEFAULT_MAP_OPACITY


@pytest.fixture
def saved_window(request, qtbot, registry, messages):
    from workbench.gui import display

    other = next(c for c in display.COLORMAPS if c != "gray")
    request.node.other = other
    yield from _window(request, qtbot, registry, {"colormap": other, "play_fps": "7", "map_opacity": "60"})


def test_good_saved_view_values_still_restored(saved_window, request):
    w = saved_window
    assert w.cmap_combo.currentText() == request.node.other
    assert w.fps_spin.value() == 7 and w.layers.opacity.value() == 60
