"""Cosmetic fits at 1280x720 (review item 14): the viewer's legend and the drawing hint fit the
view, the Spectrum plot starts afresh with each cube, the Colour combo is off where it has no
effect, and a refusal's status message goes once the run has ended."""
from __future__ import annotations

import pytest

from workbench.core.data import hsi_generate as gen

from tests.gui.conftest import make_registry, shown_window


@pytest.fixture
def cube(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("cube")
    v = gen.make_video(gen.load_scene(None, 16, seed=2), gen.VideoSpec(frames=6, width=96, height=64, seed=2))
    return gen.write_video(v, tmp / "c2", "h5")


@pytest.fixture
def small(qtbot, messages):
    yield from shown_window(qtbot, make_registry(), (1280, 720))


def test_legend_and_hint_fit_a_small_view(qtbot, small, cube):
    """At 1280x720 with the Dataset dock open the view is about 400 px wide."""
    w = small
    w.dataset.show()
    assert w.open_path(cube)
    view = w.view
    qtbot.waitUntil(lambda: view.width() < 700)
    view.set_show_gt_in_legend(True)
    view.set_results({"hanet": None, "hanet_rgb": None}, {"hanet": "#1f77b4", "hanet_rgb": "#ff7f0e"})
    view.set_hint("Drag on the frame to draw the initial box · wheel zooms · middle-drag pans · "
                  "a long hint that needs more room than a 1280x720 window gives the view")
    qtbot.waitUntil(lambda: view.hint.isVisible())
    vb = view.vb.sceneBoundingRect()
    lg = view.legend.sceneBoundingRect()
    assert lg.width() <= 0.26 * vb.width() + 1 and lg.height() <= 0.31 * vb.height() + 1
    assert view.rect().contains(view.hint.geometry())
    # every word is shown: the label is tall enough for its wrapped text
    assert view.hint.height() >= view.hint.heightForWidth(view.hint.width())
    view.grab().save("/tmp/s35/gui3/legend_hint_1280.png")
