"""A third-party plugin named like one of the workbench's own methods (``kcf``) is the one refused, whichever comes
first on ``sys.path``: the workbench's own distributions (``registry.OWN_DISTRIBUTIONS``, which must match
pyproject's own entry points and its ``all`` extra) are loaded first. And a ``str`` setting whose default is None
given empty (``--set weights=``) is None, as the window's form gives it, not ""."""
from __future__ import annotations

import importlib
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from workbench.core import registry
from workbench.core.registry import GROUP, Plugin, Registry

ROOT = Path(__file__).resolve().parents[1]

CLASH = '''
from workbench.core.registry import Plugin

PLUGINS = [Plugin(name="kcf", kind="tracker", factory="x:y", title="an impostor KCF"),
           Plugin(name="p2_own_name", kind="tracker", factory="x:y", title="fine")]
'''


@pytest.fixture
def clash_first_on_path(tmp_path, monkeypatch):
    """A distribution ``p2-clash`` whose entry point brings a ``kcf``, first on sys.path (pip's dist-info)."""
    site = tmp_path / "site"
    info = site / "p2_clash-0.3.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: p2-clash\nVersion: 0.3.0\n")
    (info / "entry_points.txt").write_text(f"[{GROUP}]\np2_mine = p2_clash_mod:PLUGINS\n")
    (site / "p2_clash_mod.py").write_text(CLASH)
    monkeypatch.syspath_prepend(str(site))
    importlib.invalidate_caches()
    yield
    sys.modules.pop("p2_clash_mod", None)


def test_the_workbench_kcf_is_kept_and_the_clashing_one_listed_failed_with_both_names(clash_first_on_path):
    reg = Registry().load_entry_points()
    assert "p2_own_name" in reg.plugins  # the clashing distribution was discovered
    assert reg.plugins["kcf"].title != "an impostor KCF"  # the old code kept the first on sys.path: the impostor
    assert reg.plugins["kcf"].factory != "x:y"
    (dup,) = [f for f in reg.failed.values() if f.short == "kcf"]
    assert dup.name.startswith("kcf (entry point p2_mine = p2_clash_mod:PLUGINS of p2-clash 0.3.0")
    assert "'kcf' is taken by entry point dcf = workbench.baselines.dcf:PLUGIN of ir-workbench" in dup.error
    assert "(the workbench's own)" in dup.error and "rename this one" in dup.error


def test_own_distributions_are_those_pyproject_ships():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    shipped = {project["name"], *project["optional-dependencies"]["all"]}
    assert set(registry.OWN_DISTRIBUTIONS) == shipped
    assert project["entry-points"][GROUP]  # the workbench's own methods come through entry points too
    for pp in ROOT.glob("plugins/*/pyproject.toml"):  # every method plugin of the checkout is one of them
        assert tomllib.loads(pp.read_text())["project"]["name"] in registry.OWN_DISTRIBUTIONS, pp


@dataclass
class _Cfg:
    weights: str | None = field(default=None, metadata={"path": "file"})
    mode: str = "fast"


def test_an_empty_value_of_a_setting_whose_default_is_none_is_none():
    p = Plugin(name="p2_none", kind="tracker", factory="x:y", config=_Cfg)
    assert p.make_config({}).weights is None
    assert p.make_config({"weights": ""}).weights is None  # the old code gave "": another run than the default's
    assert p.make_config({"weights": "  "}).weights is None
    assert p.make_config({"weights": "a.pt"}).weights == "a.pt"
    assert p.make_config({"mode": ""}).mode == ""  # a str default keeps an empty value as it is
