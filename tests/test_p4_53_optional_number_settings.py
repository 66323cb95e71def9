"""A setting whose default is None declared a number (``float | None = None``, ``Optional[int]``, written as strings
under ``from __future__ import annotations``, as here) is converted as one from ``--set`` text: 0.5, not "0.5"; a
word is refused in one line naming the setting, and empty stays None. And when one of the workbench's own entry
points fails to import, a third-party plugin named like one of its methods is listed failed, naming the own one's
failure, instead of loading silently in its place."""
from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass, field, make_dataclass
from importlib.metadata import entry_points
from typing import Optional

import pytest

from workbench.core import registry
from workbench.core.errors import PluginError
from workbench.core.registry import GROUP, Plugin, Registry, parse_settings


@dataclass
class _Cfg:
    scale: float | None = field(default=None, metadata={"min": 0.0, "max": 1.0})
    count: Optional[int] = None
    flag: "bool | None" = None
    note: str | None = None


def _plugin():
    return Plugin(name="p4_nums", kind="tracker", factory="x:y", config=_Cfg)


def test_a_number_setting_whose_default_is_none_arrives_as_a_number_from_set():
    assert isinstance(_Cfg.__dataclass_fields__["scale"].type, str)  # the annotations are strings here
    cfg = _plugin().make_config(parse_settings(["scale=0.5", "count= 3", "flag=yes", "note=0.5"]))
    assert cfg.scale == 0.5 and isinstance(cfg.scale, float)  # the old code gave "0.5"
    assert cfg.count == 3 and isinstance(cfg.count, int)
    assert cfg.flag is True
    assert cfg.note == "0.5"  # a text setting keeps its text
    empty = _plugin().make_config(parse_settings(["scale=", "count=", "flag=", "note="]))
    assert (empty.scale, empty.count, empty.flag, empty.note) == (None, None, None, None)


def test_a_word_or_an_out_of_range_number_is_refused_in_one_line_naming_the_setting():
    with pytest.raises(PluginError) as e:
        _plugin().make_config({"scale": "half"})
    text = str(e.value)
    assert "\n" not in text and "'scale'" in text and "expects float" in text and "'half'" in text
    with pytest.raises(PluginError, match=r"'count' expects int .*'0.5'"):
        _plugin().make_config({"count": "0.5"})
    with pytest.raises(PluginError, match=r"'scale' must lie in 0.0..1.0"):  # its bounds apply, as to a float
        _plugin().make_config({"scale": "2"})


def test_the_declared_type_is_read_from_every_spelling():
    # a real annotation object, and strings naming what get_type_hints cannot resolve here (read as text)
    Live = make_dataclass("Live", [("a", Optional[float], field(default=None)),
                                   ("b", "typing.Union[None, int]", field(default=None)),
                                   ("c", "Path | None", field(default=None)),
                                   ("d", "float | str | None", field(default=None))])

    kinds = {f.name: registry.optional_type(f, Live) for f in Live.__dataclass_fields__.values()}
    assert kinds == {"a": float, "b": int, "c": None, "d": None}


CLAIMS_KCF = '''
from workbench.core.registry import Plugin

PLUGINS = [Plugin(name="p4_own_method", kind="tracker", factory="x:y", title="a stand-in"),
           Plugin(name="p4_own_entry", kind="tracker", factory="x:y", title="another stand-in"),
           Plugin(name="p4_unrelated", kind="tracker", factory="x:y", title="fine")]
'''


def _dist(site, dist, version, eps, modules):
    info = site / f"{dist.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n")
    (info / "entry_points.txt").write_text(f"[{GROUP}]\n" + "".join(f"{k} = {v}\n" for k, v in eps.items()))
    for name, text in modules.items():
        (site / f"{name}.py").write_text(text)


@pytest.fixture
def own_broken(tmp_path, monkeypatch):
    """An own distribution ``p4-own`` whose two entry points fail to import (one with its methods in
    ``OWN_METHODS``, one without), and a third-party ``p4-other`` bringing methods of the same names."""
    site = tmp_path / "site"
    _dist(site, "p4-own", "1.0", {"p4_own_listed": "p4_own_mod:PLUGINS", "p4_own_entry": "p4_own_mod:PLUGINS"},
          {"p4_own_mod": "import p4_no_such_package\n"})
    _dist(site, "p4-other", "0.2", {"p4_other": "p4_other_mod:PLUGINS"}, {"p4_other_mod": CLAIMS_KCF})
    monkeypatch.syspath_prepend(str(site))
    importlib.invalidate_caches()
    monkeypatch.setattr(registry, "OWN_DISTRIBUTIONS", registry.OWN_DISTRIBUTIONS | {"p4-own"})
    monkeypatch.setattr(registry, "OWN_METHODS", {**getattr(registry, "OWN_METHODS", {}),
                                                  "p4_own_listed": ("p4_own_method",)}, raising=False)
    yield
    for m in ("p4_own_mod", "p4_other_mod"):
        sys.modules.pop(m, None)


def test_a_third_party_method_does_not_stand_in_silently_for_an_own_one_that_failed(own_broken):
    reg = Registry().load_entry_points()
    assert "p4_unrelated" in reg.plugins  # the third-party distribution was loaded
    assert "p4_own_listed" in reg.failed and "p4_no_such_package" in reg.failed["p4_own_listed"].error
    for name, ep in (("p4_own_method", "p4_own_listed"), ("p4_own_entry", "p4_own_entry")):
        assert name not in reg.plugins  # the old code loaded the stand-in under the own method's name
        (dup,) = [f for f in reg.failed.values() if f.short == name and "of p4-other 0.2" in f.name]
        assert f"is the workbench's own, whose entry point {ep} = p4_own_mod:PLUGINS of p4-own 1.0 failed" in dup.error
        assert "p4_no_such_package" in dup.error and "\n" not in dup.error
    # asked for by name, each says it failed and why (the old get said "no plugin named" for the stand-in's)
    with pytest.raises(PluginError, match="plugin 'p4_own_method' failed to load: .*workbench's own.*p4_no_such"):
        reg.get("p4_own_method")
    with pytest.raises(PluginError, match="plugin 'p4_own_entry' failed to load: .*p4_no_such_package"):
        reg.get("p4_own_entry")


def test_own_methods_are_those_the_own_entry_points_bring():
    own = [ep for ep in entry_points(group=GROUP) if registry._own(ep)]
    if not own:
        pytest.skip("the workbench is not installed (no entry points of its own distributions)")
    seen = {}
    for ep in own:
        try:
            obj = ep.load()
        except Exception as exc:  # noqa: BLE001 - an optional plugin whose dependencies are missing here
            pytest.skip(f"own entry point {ep.name} does not import here: {exc}")
        seen[ep.name] = tuple(p.name for p in (obj if isinstance(obj, (list, tuple)) else [obj]))
    assert {k: v for k, v in registry.OWN_METHODS.items() if k in seen} == seen


def test_list_settings_says_a_none_default_number_takes_a_number(capsys):
    from workbench import cli

    assert cli._list_settings(_plugin()) == 0
    lines = {line.split(" = ")[0].strip(): line for line in capsys.readouterr().out.splitlines() if " = " in line}
    assert lines["scale"].endswith("[0.0..1.0]")
    assert lines["count"].endswith("[int, or empty]")  # the old listing said [text], as it took the text
    assert lines["flag"].endswith("[bool, or empty]")
    assert lines["note"].endswith("[text]")
