"""The window fixtures of tests/gui, for this plugin's window tests."""
from tests.gui.conftest import isolated, messages, registry, window  # noqa: F401
