"""The window's settings form gives a setting whose default is None declared a number (``float | None = None`` under
``from __future__ import annotations``, as here) as a number: 0.5 typed is 0.5, not "0.5" (another config than
``--set scale=0.5`` gives, remembered as a string); empty stays None, and a word is refused by the run's settings
check in one line naming the setting."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import pytest

from workbench.core.errors import PluginError
from workbench.core.registry import Plugin


@dataclass
class OptNumbers:
    scale: float | None = field(default=None, metadata={"help": "None: the method's own"})
    count: Optional[int] = None
    note: str | None = None


def test_a_number_typed_in_a_none_default_setting_is_a_number(qtbot):
    from workbench.gui.config_form import ConfigForm

    form = ConfigForm(OptNumbers)
    qtbot.addWidget(form)
    p = Plugin(name="p4_form", kind="tracker", factory="x:y", config=OptNumbers)
    assert form.values() == {"scale": None, "count": None, "note": None}
    form.editor("scale").setText("0.5")
    form.editor("count").setText(" 7 ")
    form.editor("note").setText("0.5")
    values = form.values()
    assert values == {"scale": 0.5, "count": 7, "note": "0.5"}  # the old form gave "0.5" and " 7 "
    assert isinstance(values["scale"], float) and isinstance(values["count"], int)
    assert form.changed_values() == {"scale": 0.5, "count": 7, "note": "0.5"}
    assert p.make_config(values) == p.make_config({"scale": "0.5", "count": "7", "note": "0.5"})  # as --set gives
    assert "or empty for none" in form.editor("scale").toolTip()

    form.set_values(form.changed_values())  # remembered and shown again
    assert form.values()["scale"] == 0.5

    form.editor("scale").setText("half")
    with pytest.raises(PluginError, match=r"^plugin 'p4_form': setting 'scale' expects float .*'half'$"):
        p.make_config(form.values())
    form.editor("scale").setText("")
    assert form.values()["scale"] is None
