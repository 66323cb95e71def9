"""A ``str`` setting whose default is None gives None from the window's form when left empty, as ``workbench run``
does (the form gave "": another config, a changed setting remembered and a run variant named after it); and a second
plugin under a taken name is shown in the Methods dock by its name alone, its entry point and error in the tooltip
(the whole "NAME (entry point ... of DIST VERSION)" was cut off in the narrow column)."""
from __future__ import annotations

from dataclasses import dataclass, field
from importlib.metadata import EntryPoint

from workbench.core import registry as registry_mod
from workbench.core.registry import Plugin, Registry


@dataclass
class NoneConfig:
    weights: str | None = field(default=None, metadata={"path": "file", "help": "None: the method's own"})
    note: str | None = None
    mode: str = "fast"


def test_an_empty_setting_whose_default_is_none_is_none_in_the_form_as_on_the_cli(qtbot):
    from workbench.gui.config_form import ConfigForm, PathEdit

    form = ConfigForm(NoneConfig)
    qtbot.addWidget(form)
    assert form.values() == {"weights": None, "note": None, "mode": "fast"}  # the old form gave "" for both
    assert form.changed_values() == {}
    p = Plugin(name="p2_nones", kind="tracker", factory="x:y", config=NoneConfig)
    assert p.make_config(form.values()) == p.default_config() == p.make_config({})
    assert isinstance(form.editor("weights"), PathEdit)  # a path setting defaulting to None gets Browse… too

    form.editor("note").setText("hello")
    assert form.changed_values() == {"note": "hello"}
    form.editor("note").setText("")  # typed, then cleared: the default again
    assert form.values()["note"] is None and form.changed_values() == {}
    form.editor("mode").setText("")  # a str default keeps an empty value as it is, as --set mode= does
    assert form.values()["mode"] == "" == p.make_config({"mode": ""}).mode


MODULE = '''
from workbench.core.registry import Plugin

A = Plugin(name="p2_twin", kind="tracker", factory="x:y", title="first twin")
B = Plugin(name="p2_twin", kind="segmenter", factory="x:y", title="second twin")
'''


def test_a_failed_duplicate_is_listed_by_its_name_with_the_long_text_as_tooltip(qtbot, tmp_path, monkeypatch):
    from workbench.gui.methods_dock import ROLE_FAILED, MethodsDock

    (tmp_path / "p2_twin_mod.py").write_text(MODULE)
    monkeypatch.syspath_prepend(str(tmp_path))
    eps = [EntryPoint("p2_a", "p2_twin_mod:A", registry_mod.GROUP),
           EntryPoint("p2_b_with_a_long_entry_point_name", "p2_twin_mod:B", registry_mod.GROUP)]
    monkeypatch.setattr(registry_mod, "entry_points", lambda group: eps)
    reg = Registry().load_entry_points()
    (key,) = reg.failed
    assert key.startswith("p2_twin (entry point p2_b_with_a_long_entry_point_name")

    dock = MethodsDock(reg)
    qtbot.addWidget(dock)
    (top,) = [dock.tree.topLevelItem(i) for i in range(dock.tree.topLevelItemCount())
              if dock.tree.topLevelItem(i).text(0) == "Failed to load"]
    item = top.child(0)
    assert item.text(0) == "p2_twin  — failed"  # the old dock showed the whole key
    tip = item.toolTip(0)
    assert key in tip and "'p2_twin' is taken by entry point p2_a = p2_twin_mod:A" in tip
    assert item.data(0, ROLE_FAILED) == key

    dock.tree.setCurrentItem(item)
    assert dock.settings_box.title() == "p2_twin — failed to load"
    assert key in dock.description.text() and "rename this one" in dock.description.text()
