import dataclasses

import pytest

from workbench.core.errors import PluginError
from workbench.core.registry import Plugin, Registry, default_registry


@dataclasses.dataclass
class Cfg:
    sigma: float = 0.5
    steps: int = 3
    scale: bool = True
    mode: str = "a"


class _Made:
    """A tracker object that keeps what its factory was given (a bare tuple is refused since the plugin
    contract checks what a factory returns)."""

    def __init__(self, cfg, device):
        self.cfg, self.device = cfg, device

    def initialize(self, frame, box):
        pass

    def track(self, frame):
        raise NotImplementedError


def _factory(cfg, device):
    return _Made(cfg, device)


def test_builtin_trackers_register_through_entry_points():
    reg = default_registry(reload=True)
    names = {p.name for p in reg.by_kind("tracker")}
    assert {"kcf", "mil"} <= names, f"registered: {names}, failed: {reg.failed}"


def test_config_conversion_and_unknown_settings():
    p = Plugin("x", "tracker", _factory, config=Cfg)
    cfg = p.make_config({"sigma": "0.25", "steps": "7", "scale": "off", "mode": "b"})
    assert cfg == Cfg(0.25, 7, False, "b")
    with pytest.raises(PluginError, match="no setting"):
        p.make_config({"nope": 1})
    with pytest.raises(PluginError, match="expects int"):
        p.make_config({"steps": "many"})
    made = p.create(cfg)
    assert made.device == "cpu" and made.cfg == cfg


def test_settings_outside_their_declared_bounds_or_choices_are_refused():
    """``--set padding=-1`` used to divide by zero inside KCF, ``kernel=foo`` ran silently as gaussian."""
    reg = default_registry(reload=True)
    kcf = reg.get("kcf")
    for bad, what in (({"padding": "-1"}, "must lie in 0.5..4.0"), ({"padding": "nan"}, "finite"),
                      ({"cell_size": "3"}, "one of 2, 4, 6, 8"), ({"kernel": "foo"}, "one of gaussian, linear"),
                      ({"template_size": "0"}, "must lie in 48..256")):
        with pytest.raises(PluginError, match=what):
            kcf.make_config(bad)
    assert kcf.make_config({"padding": "4", "kernel": "linear", "cell_size": "8"}).kernel == "linear"


def test_failed_plugin_is_listed_and_others_carry_on(monkeypatch):
    class EP:
        def __init__(self, name, value, obj=None, exc=None):
            self.name, self.value, self._obj, self._exc = name, value, obj, exc

        def load(self):
            if self._exc:
                raise self._exc
            return self._obj

    good = Plugin("good", "tracker", _factory)
    eps = [EP("broken", "nowhere:PLUGIN", exc=ImportError("No module named nowhere")),
           EP("good", "x:PLUGIN", obj=good), EP("odd", "y:PLUGIN", obj=42)]
    monkeypatch.setattr("workbench.core.registry.entry_points", lambda group: eps)
    reg = Registry().load_entry_points()
    assert list(reg.plugins) == ["good"]
    assert set(reg.failed) == {"broken", "odd"}
    assert "No module named nowhere" in reg.failed["broken"].error
    with pytest.raises(PluginError, match="failed to load"):
        reg.get("broken")
    with pytest.raises(PluginError, match="no plugin named"):
        reg.get("absent")


def test_lazy_factory_import_error_is_a_plugin_error():
    p = Plugin("lazy", "tracker", "workbench_no_such_module:Thing")
    with pytest.raises(PluginError, match="could not be loaded"):
        p.create()


def test_bad_kind_rejected():
    with pytest.raises(ValueError):
        Plugin("x", "painter", _factory)
