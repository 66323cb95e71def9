"""A verb that one plugin offers takes that plugin's whole command line (cli.py's own comment, PLUGINS.md 7), also
when the line starts with an option: `workbench detect --sequence S` was "usage: workbench detect NAME ..."."""
import pytest


def test_a_verb_one_plugin_offers_gets_a_line_that_starts_with_an_option(monkeypatch):
    from workbench import cli
    from workbench.core import registry
    from workbench.core.errors import WorkbenchError

    got = []

    class P:
        def __init__(self, name, commands):
            self.name, self.commands, self.title = name, commands, name

    class Reg:
        plugins = {"solo": P("solo", {"detect": "solo.main"}), "a": P("a", {"segment": "a.main"}),
                   "b": P("b", {"segment": "b.main"})}
        failed = {}

        def get(self, name):
            return self.plugins[name]

    monkeypatch.setattr(registry, "default_registry", lambda: Reg())
    monkeypatch.setattr(registry, "resolve", lambda target: lambda args: got.append((target, list(args))) or 0)
    assert cli._plugin_command("detect", ["--sequence", "S"]) == 0
    assert got == [("solo.main", ["--sequence", "S"])]
    with pytest.raises(WorkbenchError, match="plugins offering it: a, b"):  # two plugins: a name is still needed
        cli._plugin_command("segment", ["--sequence", "S"])
    assert cli._plugin_command("detect", ["-h"]) == 0 and len(got) == 1  # -h lists the plugins offering it
