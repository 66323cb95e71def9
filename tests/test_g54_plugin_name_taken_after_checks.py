"""A plugin name is taken once its plugin passes its checks: a later plugin of that name is not refused as "taken"
by one listed as failed (its config broken), while one named like a workbench method whose checks fail still
does not load in that method's place. A setting whose default is NaN is refused with the way out (``float | None =
None``), not told to keep bounds it may not declare."""
from __future__ import annotations

import importlib
import sys

import pytest

from workbench.core import registry
from workbench.core.registry import GROUP, Registry

MOD = '''
from dataclasses import dataclass, field
from workbench.core.registry import Plugin


@dataclass
class Broken:
    size: int  # no default: refused at discovery


@dataclass
class Fine:
    size: int = 3


@dataclass
class NanDefault:
    threshold: float = float("nan")


PLUGINS = [Plugin(name="g54_twice", kind="tracker", factory="x:y", title="broken", config=Broken),
           Plugin(name="g54_twice", kind="tracker", factory="x:y", title="fine", config=Fine),
           Plugin(name="g54_nan", kind="tracker", factory="x:y", title="nan", config=NanDefault),
           Plugin(name="kcf", kind="tracker", factory="x:y", title="an impostor KCF")]
'''


@pytest.fixture
def dist(tmp_path, monkeypatch):
    site = tmp_path / "site"
    info = site / "g54_dist-0.1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: g54-dist\nVersion: 0.1.0\n")
    (info / "entry_points.txt").write_text(f"[{GROUP}]\ng54 = g54_mod:PLUGINS\n")
    (site / "g54_mod.py").write_text(MOD)
    monkeypatch.syspath_prepend(str(site))
    importlib.invalidate_caches()
    yield
    sys.modules.pop("g54_mod", None)


def test_a_name_is_taken_only_once_its_checks_pass(dist):
    reg = Registry().load_entry_points()
    assert reg.plugins["g54_twice"].title == "fine"  # the old code refused it: "taken" by the broken one
    (broken,) = [f for f in reg.failed.values() if f.short == "g54_twice"]
    assert "no default" in broken.error and "taken" not in broken.error


def test_a_workbench_method_whose_checks_fail_is_not_replaced(dist, monkeypatch):
    real = registry.config_problem

    def kcf_broken(plugin):
        if plugin.name == "kcf" and plugin.title != "an impostor KCF":
            raise registry.PluginError("plugin 'kcf': config broken for the test")
        real(plugin)

    monkeypatch.setattr(registry, "config_problem", kcf_broken)
    reg = Registry().load_entry_points()
    assert "kcf" not in reg.plugins  # not the impostor in its place
    impostor = [f for f in reg.failed.values() if f.short == "kcf" and "workbench's own" in f.error]
    assert impostor and "failed its checks" in impostor[0].error and "config broken for the test" in impostor[0].error


def test_a_nan_default_is_refused_naming_the_way_out(dist):
    reg = Registry().load_entry_points()
    assert "g54_nan" not in reg.plugins
    err = reg.failed["g54_nan"].error
    assert "'threshold' must be a finite number; got nan" in err
    assert "float | None = None" in err and "min / max" not in err
