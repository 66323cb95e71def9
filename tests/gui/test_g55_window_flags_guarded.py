"""Three of the window's saved settings (view/show_gt, run/follow, plots/rgbt) were read with ``QSettings.value``
beside the view values that ``settings.get_value`` guards: a damaged settings file (a list, bytes, @Invalid()) read
"show boxes" and "follow" as off (str of a list is not "true") and handed the RGB-T choice a list. Each is now read
through ``get_value``: a damaged value is its default, a good one as saved, and the window still opens."""
from __future__ import annotations

import os

import pytest

from tests.gui.conftest import shown_window


def _window(qtbot, registry, text):
    from workbench.gui import settings as wsettings

    with open(os.environ["WORKBENCH_SETTINGS"], "w", encoding="utf-8") as f:
        f.write(text)
    wsettings._GUI_SETTINGS.clear()
    return shown_window(qtbot, registry)


DAMAGED = [("1, 2", "a, b", "x, y"), ("@ByteArray(true)", "@ByteArray(true)", "@ByteArray(rgb)"),
           ("@Invalid()", "@Invalid()", "@Invalid()")]


@pytest.fixture(params=DAMAGED, ids=["lists", "bytes", "invalid"])
def damaged_window(request, qtbot, registry, messages):
    gt, follow, rgbt = request.param
    yield from _window(qtbot, registry, f"[view]\nshow_gt={gt}\n[run]\nfollow={follow}\n[plots]\nrgbt={rgbt}\n")


def test_damaged_flags_read_as_their_defaults(damaged_window):
    w = damaged_window
    assert w.layers.show_gt.isChecked() and w.methods.follow.isChecked()  # the defaults: "true"
    assert w.plots.current_rule() == "auto"


def test_good_saved_flags_still_restored(qtbot, registry, messages):
    import workbench.core.toolkits as toolkits
    from workbench.gui.plots_dock import RGBT_DEFAULT

    other = next(k for k in toolkits.RGBT_RULES if k != RGBT_DEFAULT)
    gen = _window(qtbot, registry, f"[view]\nshow_gt=false\n[run]\nfollow=false\n[plots]\nrgbt={other}\n")
    w = next(gen)
    try:
        assert not w.layers.show_gt.isChecked() and not w.methods.follow.isChecked()
        assert w.plots.current_rule() == other
    finally:
        gen.close()


def test_the_three_are_read_through_get_value(qtbot, registry, messages, monkeypatch):
    from workbench.gui import settings as wsettings

    asked = []
    real = wsettings.get_value
    monkeypatch.setattr(wsettings, "get_value", lambda key, default: asked.append(key) or real(key, default))
    gen = _window(qtbot, registry, "")
    next(gen)
    gen.close()
    assert {"view/show_gt", "run/follow", "plots/rgbt"} <= set(asked)
