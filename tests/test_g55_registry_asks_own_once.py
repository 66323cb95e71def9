"""``Registry.load_entry_points`` asked ``_own(ep)`` (is this entry point one of the workbench's own distributions)
up to five times an entry point: once for the load order, then again at each of its four uses. Now it is asked once
of each entry point, and every use follows that one answer (here: a stand-in ``_own``)."""
from __future__ import annotations

from collections import Counter
from types import SimpleNamespace

from workbench.core import registry as registry_mod
from workbench.core.registry import Plugin, Registry


class _EP:
    def __init__(self, name, dist, plugins=None, fails=False):
        self.name, self.value = name, f"g55_{name}:PLUGINS"
        self.dist = SimpleNamespace(name=dist, version="1.0")
        self._plugins, self._fails = plugins, fails

    def load(self):
        if self._fails:
            raise ImportError(f"no module named g55_{self.name}")
        return self._plugins


def _plugin(name, title):
    return Plugin(name=name, kind="tracker", factory="x:y", title=title)


def test_own_is_asked_once_an_entry_point_and_every_use_follows_it(monkeypatch):
    asked = Counter()

    def own(ep):  # "ours": the distributions named g55-ours (not one of OWN_DISTRIBUTIONS)
        asked[ep.name] += 1
        return ep.dist.name.startswith("g55-ours")

    eps = [_EP("theirs", "g55-theirs", [_plugin("g55_same", "theirs"), _plugin("g55_lost", "theirs too")]),
           _EP("ours", "g55-ours", [_plugin("g55_same", "ours")]),
           _EP("g55_lost", "g55-ours-broken", fails=True)]
    monkeypatch.setattr(registry_mod, "entry_points", lambda group: eps)
    monkeypatch.setattr(registry_mod, "_own", own)
    reg = Registry().load_entry_points()

    assert asked == {"theirs": 1, "ours": 1, "g55_lost": 1}  # the old code: theirs 4 times, ours 3, g55_lost 2
    # the order: ours first, so its g55_same is kept and theirs refused, naming ours as the workbench's own
    assert reg.plugins["g55_same"].title == "ours"
    (dup,) = [f for f in reg.failed.values() if f.short == "g55_same"]
    assert "taken by entry point ours = g55_ours:PLUGINS of g55-ours 1.0 (the workbench's own)" in dup.error
    # an own entry point that failed to load: a third-party plugin of its name is not used in its place
    assert "g55_lost" not in reg.plugins
    (lost,) = [f for f in reg.failed.values() if f.short == "g55_lost" and "(" in f.name]
    assert "is the workbench's own" in lost.error and "failed to load (ImportError" in lost.error
