"""HA-Net: a 3-band cube with wavelengths was interpolated into the weights' 16 bands without a word (only bands
outside its range were said); it is said, once per video, naming the file. The panel's sliders let alpha and beta
both reach 0, which the run then refuses; the panel holds the second one step above 0 and says why at once."""
from __future__ import annotations

import warnings

import numpy as np
import pytest

from workbench.core.errors import DataWarning


def test_a_three_band_cube_is_said_once_naming_the_file():
    from workbench_hanet.config import HANetConfig
    from workbench_hanet.model import HANet
    from workbench_hanet.tracker import HANetTracker

    class Seq:
        meta = {"wavelengths": [480.0, 550.0, 640.0], "wavelength_units": "nm"}
        path, name = "clips/three.hdr", "three"

    t = HANetTracker(HANetConfig(weights=""), "cpu", model=HANet(16, hsi_width=8).eval())
    t.use_sequence(Seq())
    frame = np.random.default_rng(0).random((40, 48, 3)).astype(np.float32)
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        t.initialize(frame, (18, 14, 10, 10))
        t.initialize(frame, (18, 14, 10, 10))
    said = [str(w.message) for w in got if issubclass(w.category, DataWarning)]
    assert len(said) == 1, said
    assert "clips/three.hdr" in said[0] and "only 3 bands" in said[0], said


def test_the_sliders_never_both_reach_zero(qtbot):
    from workbench.core.registry import default_registry
    from workbench_hanet.panel import HANetPanel

    panel = HANetPanel(default_registry().get("hanet"))
    qtbot.addWidget(panel)
    panel.sliders["alpha"].setValue(0)
    assert panel.held.isHidden()
    panel.sliders["beta"].setValue(0)
    assert panel.sliders["beta"].value() == 1 and panel.weights() == (0.0, pytest.approx(0.01))
    assert not panel.held.isHidden() and "cannot both be 0" in panel.held.text()
    panel.sliders["alpha"].setValue(30)
    assert panel.held.isHidden()


def test_settings_of_two_zeros_are_said_when_the_panel_opens(qtbot):
    from workbench_hanet.config import HANetConfig
    from workbench_hanet.panel import HANetPanel

    class Plugin:
        name, config = "hanet", HANetConfig

        @staticmethod
        def default_config():
            return HANetConfig(alpha=0.0, beta=0.0)

    panel = HANetPanel(Plugin())
    qtbot.addWidget(panel)
    assert not panel.held.isHidden() and "move one above 0" in panel.held.text()


def test_typing_a_weight_through_zero_keeps_what_was_typed(qtbot):
    """R2: the form's field was held at 0.01 whenever it passed 0 beside a 0, so typing 0.7 into beta with alpha 0
    (a keystroke at a time: 0, 0., 0.7) ended at 0.01. The field is never rewritten; both at 0 is said."""
    from PySide6.QtCore import Qt

    panel, form, _host = _panel_beside_a_form(qtbot)  # the host held: the panel is its child
    ed = form.editor("beta")
    ed.lineEdit().selectAll()
    qtbot.keyClicks(ed.lineEdit(), "0")
    assert not panel.held.isHidden() and "both 0" in panel.held.text()  # said while it holds
    qtbot.keyClicks(ed.lineEdit(), ".7")
    qtbot.keyClick(ed.lineEdit(), Qt.Key_Return)
    assert form.values()["beta"] == pytest.approx(0.7) and panel.weights() == (0.0, pytest.approx(0.7))
    assert panel.held.isHidden()


def test_a_slider_held_above_zero_beside_a_form_keeps_saying_why(qtbot):
    """R3: with a settings form (as in the window), holding beta's slider at 0.01 wrote 0.01 into the form, whose
    change then hid the note that said why the slider stopped there."""
    panel, form, _host = _panel_beside_a_form(qtbot)  # the host held: the panel is its child
    panel.sliders["beta"].setValue(0)
    assert panel.sliders["beta"].value() == 1 and form.values()["beta"] == pytest.approx(0.01)
    assert not panel.held.isHidden() and "held at 0.01" in panel.held.text()


def _panel_beside_a_form(qtbot):
    """The panel as the window holds it, beside the Methods dock's settings form: alpha 0, beta 0.5 (and its
    host, which the caller keeps: the panel is closed with it)."""
    from PySide6.QtWidgets import QWidget

    from workbench.core.registry import default_registry
    from workbench.gui.config_form import ConfigForm
    from workbench_hanet.panel import HANetPanel

    plugin = default_registry().get("hanet")
    form = ConfigForm(plugin.config)

    class Host(QWidget):
        def form(self, name):
            return form

    host = Host()
    qtbot.addWidget(host)
    qtbot.addWidget(form)
    form.set_values({"alpha": 0.0, "beta": 0.5})
    panel = HANetPanel(plugin, host)  # a child of host: closed with it
    return panel, form, host
