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


def test_advanced_fields_are_folded_until_asked_for(qtbot):
    from dataclasses import dataclass, field

    from workbench.gui.config_form import ConfigForm

    @dataclass
    class C:
        threshold: float = 0.25
        scales: str = field(default="1", metadata={"advanced": True, "label": "test scales"})
        merge_px: float = field(default=0.0, metadata={"advanced": True})

    form = ConfigForm(C)
    qtbot.addWidget(form)
    form.show()
    assert form.more_button is not None and form.more_button.text() == "More settings (2)"
    assert form.editor("threshold").isVisible() and not form.editor("scales").isVisible()
    form.set_values({"scales": "1,0.5"})
    assert form.values() == {"threshold": 0.25, "scales": "1,0.5", "merge_px": 0.0}  # folded still counts
    form.more_button.click()
    assert form.editor("scales").isVisible() and form.editor("merge_px").isVisible()


def test_a_form_without_advanced_fields_has_no_fold(qtbot):
    from dataclasses import dataclass

    from workbench.gui.config_form import ConfigForm

    @dataclass
    class C:
        threshold: float = 0.25

    form = ConfigForm(C)
    qtbot.addWidget(form)
    assert form.more_button is None and form.more is None
