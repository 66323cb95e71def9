"""`--set KEY=VALUE` given twice with two values took the last without a word (a run stored under a variant the
user may not have meant): refused naming the key and both values; the same value twice is one setting."""
from __future__ import annotations

import pytest

from workbench.core.errors import WorkbenchError
from workbench.core.registry import parse_settings


def test_a_setting_given_twice_with_two_values_is_refused():
    with pytest.raises(WorkbenchError, match=r"--set padding: given twice \(2 and 3\); give it once"):
        parse_settings(["padding=2", "scale=1", " padding = 3"])
    assert parse_settings(["padding=2", "padding=2", "kcf.padding=3"]) == {"padding": "2", "kcf.padding": "3"}
