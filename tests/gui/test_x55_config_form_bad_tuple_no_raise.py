"""A plugin with a checked setting (metadata ``check``) and a tuple setting: typing "1, a" in the tuple's field made
the form's change handler (``rule_problems`` reading every value) raise ValueError on each keystroke, and the checked
setting's problem went unsaid. Only the checked settings are read there: nothing raises, their problems still show."""
from __future__ import annotations

from dataclasses import dataclass, field


def _even(value) -> str:
    return "" if value % 2 == 0 else "must be even"


@dataclass
class _Both:
    cells: int = field(default=3, metadata={"min": 0, "max": 64, "check": _even})
    scales: tuple = (1.0, 0.5)


def test_a_tuple_field_holding_a_word_does_not_break_the_rule_check(qtbot):
    from workbench.gui.config_form import ConfigForm

    form = ConfigForm(_Both)
    qtbot.addWidget(form)
    form.show()
    assert form.rule_problems() == {"cells": "must be even; got 3"}
    form.editor("scales").setText("1, a")  # sigChanged: the old handler raised ValueError here
    assert form.rule_problems() == {"cells": "must be even; got 3"}  # the old code: ValueError
    problem = form._rules["cells"][1]
    assert problem.isVisible() and problem.text() == "must be even; got 3"
