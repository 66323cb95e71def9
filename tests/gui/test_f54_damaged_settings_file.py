"""The window started on a damaged settings file (WORKBENCH_SETTINGS, hand-edited or cut short): a recent-items
value of 5 or null stopped it at its start (TypeError: not iterable), a plugin's saved settings of 5 stopped the
plugin's form ('int' object has no attribute 'items'). Found by the session-54 settings fuzzer; they read as no
recent items and the plugin's defaults."""
from __future__ import annotations

import os

import pytest

from tests.gui.conftest import shown_window


@pytest.fixture(params=["5", "null"])
def damaged_window(request, qtbot, registry, messages):
    from workbench.gui import settings as wsettings

    with open(os.environ["WORKBENCH_SETTINGS"], "w", encoding="utf-8") as f:
        f.write(f"[General]\nrecent={request.param}\n\n[plugins]\nfake\\config=5\nboom\\config=[1]\n")
    wsettings._GUI_SETTINGS.clear()
    yield from shown_window(qtbot, registry)


def test_window_opens_on_damaged_saved_values(damaged_window):
    from workbench.gui import settings as wsettings

    assert wsettings.recent_items() == []
    assert damaged_window.methods.form("fake").values()["step"] == 1.0  # the default
    damaged_window.methods.form("boom")
