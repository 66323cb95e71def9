"""The window fixtures of tests/gui, for this plugin's window tests; ``registry``: the test plugins of
tests/gui and this plugin's (the pruning inspector's tests)."""
import pytest

from tests.gui.conftest import isolated, messages, window  # noqa: F401


@pytest.fixture
def registry():
    from tests.gui.conftest import make_registry
    from workbench_siamfcpp_prune import PLUGIN

    reg = make_registry()
    for p in PLUGIN:
        reg.add(p)
    return reg
