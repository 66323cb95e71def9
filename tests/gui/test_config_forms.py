"""Every installed plugin's settings form gives back its defaults exactly: a spin box rounds to its
decimals, and a default the form cannot show (KCF's ridge lambda 1e-4 in a three-decimal box) would
run the method from the window with other settings than `workbench run` uses, and name the run's
variant after a setting nobody changed."""
from __future__ import annotations

import dataclasses


def test_every_plugin_form_round_trips_its_defaults(qtbot):
    from workbench.core.registry import default_registry
    from workbench.gui.config_form import ConfigForm

    reg = default_registry()
    checked = 0
    for plugin in reg.plugins.values():
        if plugin.config is None:
            continue
        form = ConfigForm(plugin.config)
        qtbot.addWidget(form)
        default = plugin.default_config()
        assert form.changed_values() == {}, (plugin.name, form.changed_values())
        got = plugin.make_config(form.values())
        assert dataclasses.asdict(got) == dataclasses.asdict(default), plugin.name
        checked += 1
    assert checked >= 8  # the baselines and the seed plugins all have settings


def test_a_field_may_name_its_label(qtbot):
    from dataclasses import dataclass, field

    from PySide6.QtWidgets import QLabel

    from workbench.gui.config_form import ConfigForm

    @dataclass
    class C:
        tta: str = field(default="flip", metadata={"label": "Test-time flips", "choices": ("none", "flip")})
        min_pixels: int = 1

    form = ConfigForm(C)
    qtbot.addWidget(form)
    texts = {w.text() for w in form.findChildren(QLabel)}
    assert "Test-time flips" in texts and "Min pixels" in texts and "Tta" not in texts
