"""The NAS inspector's "real TIR crops" box, where it can do nothing (the search on show names no real sequences),
was greyed but still ticked: it read as on. It is unticked while it cannot apply, its tooltip saying why, and the
user's choice (what a search's settings keep) is ticked again where it applies."""
from __future__ import annotations

import pytest

pytest.importorskip("workbench_nas_tir")


def test_real_box_unticked_while_it_cannot_apply(window, registry, qtbot, tmp_path):
    d = window.open_inspector(registry.get("nas_tir"), "NAS alphas")
    qtbot.waitUntil(lambda: not d.loading, timeout=20000)
    assert not d._real_roots()  # the shipped replay on show: no real sequences
    box = d.real
    assert not box.isEnabled() and not box.isChecked()  # was greyed but ticked
    assert box.toolTip().startswith("off: the search on show names no real sequences"), box.toolTip()
    assert d.form_settings()["real"] is True  # the choice kept (the form's default), not the greyed untick
    roots = str(tmp_path / "real_root")
    d.set_form({**d.settings, "data": roots, "real": True})  # (``set_form`` after ``settings``, as a load does)
    d.settings = {**d.settings, "data": roots}
    d._real_ready()
    assert box.isEnabled() and box.isChecked() and roots in box.toolTip()  # the choice back
    box.setChecked(False)  # the user's untick ...
    assert d.form_settings()["real"] is False
    d.settings = {k: v for k, v in d.settings.items() if k != "data"}
    d._real_ready()
    assert not box.isEnabled() and not box.isChecked() and d.form_settings()["real"] is False
    d.settings = {**d.settings, "data": roots}
    d._real_ready()
    assert box.isEnabled() and not box.isChecked()  # ... kept: not ticked again behind the user's back
    box.setChecked(True)
    d.settings = {k: v for k, v in d.settings.items() if k != "data"}
    d._real_ready()
    assert not box.isChecked() and d.form_settings()["real"] is True
    d.set_form({**d.settings, "real": False})  # a loaded search's False, while greyed
    d.settings = {**d.settings, "data": roots}
    d._real_ready()
    assert box.isEnabled() and not box.isChecked()
