"""The example third-party plugin (examples/workbench-example-plugin) found through its entry point.

Installing it with pip in a test is slow and would change the environment, so the test does what
pip's install leaves behind that matters to discovery: a ``<name>.dist-info`` folder holding
``METADATA`` and an ``entry_points.txt`` generated from the example's own ``pyproject.toml``, on
``sys.path`` beside the package source. ``importlib.metadata`` then sees it exactly as it sees an
installed distribution; the registry, the CLI and the window pick it up from there. The real
``pip install examples/workbench-example-plugin`` is documented in docs/PLUGINS.md.

Broken third-party plugins (an entry point whose module is missing, one that raises on import, one
that is not a Plugin) are listed as failed with their error, and everything else works.
"""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import importlib
import shutil
import sys
import tomllib
from importlib.metadata import entry_points
from pathlib import Path

import numpy as np
import pytest

from workbench.core.registry import GROUP, Registry

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "workbench-example-plugin"


def _dist_info(site: Path, name: str, version: str, eps: dict[str, str]) -> Path:
    d = site / f"{name.replace('-', '_')}-{version}.dist-info"
    d.mkdir(parents=True)
    (d / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
    (d / "entry_points.txt").write_text(f"[{GROUP}]\n" + "".join(f"{k} = {v}\n" for k, v in eps.items()))
    return d


@pytest.fixture
def example_installed(tmp_path, monkeypatch):
    """The example's metadata (from its pyproject) and source on sys.path, as pip would leave them."""
    meta = tomllib.loads((EXAMPLE / "pyproject.toml").read_text())
    project = meta["project"]
    eps = project["entry-points"][GROUP]
    site = tmp_path / "site"
    _dist_info(site, project["name"], project["version"], eps)
    # the package alone (a copy), so no build leftovers of the example (egg-info) are discovered instead
    shutil.copytree(EXAMPLE / "workbench_example_plugin", site / "workbench_example_plugin",
                    ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.syspath_prepend(str(site))
    importlib.invalidate_caches()
    yield eps
    for mod in [m for m in sys.modules if m.startswith("workbench_example_plugin")]:
        del sys.modules[mod]


@pytest.fixture
def broken_installed(tmp_path, monkeypatch):
    site = tmp_path / "broken_site"
    pkg = site / "wb_broken_plugins"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "raises.py").write_text("raise RuntimeError('this plugin explodes on import')\n")
    (pkg / "notaplugin.py").write_text("PLUGIN = 42\n")
    _dist_info(site, "wb-broken-plugins", "0.0.1", {
        "missing_mod": "wb_no_such_module_anywhere:PLUGIN",
        "raises_on_import": "wb_broken_plugins.raises:PLUGIN",
        "not_a_plugin": "wb_broken_plugins.notaplugin:PLUGIN",
    })
    monkeypatch.syspath_prepend(str(site))
    importlib.invalidate_caches()
    yield
    for mod in [m for m in sys.modules if m.startswith("wb_broken_plugins")]:
        del sys.modules[mod]


def test_entry_point_is_seen_by_importlib_metadata(example_installed):
    found = [(ep.name, ep.value) for ep in entry_points(group=GROUP) if ep.name == "example_ncc"]
    assert found == [("example_ncc", "workbench_example_plugin:PLUGIN")]
    assert example_installed == {"example_ncc": "workbench_example_plugin:PLUGIN"}


def test_registry_lists_it_and_it_tracks(example_installed):
    from workbench.core.data.synthetic import demo_sequence
    from workbench.core.evaluation.ope import evaluate_sequence
    from workbench.core.runs import run_tracker

    reg = Registry().load_entry_points()
    assert "example_ncc" in reg.plugins, reg.failed
    assert "kcf" in reg.plugins  # the built-in ones still load beside it
    p = reg.get("example_ncc")
    assert p.kind == "tracker" and p.inspectors
    # light description: the tracker module is not imported until the method is created
    assert "workbench_example_plugin.tracker" not in sys.modules
    cfg = p.make_config({"search_scale": "3.0"})
    assert cfg.search_scale == 3.0 and cfg.learning_rate == 0.01
    seq = demo_sequence(frames=60, width=160, height=128)
    res = run_tracker(p.create(cfg), seq)
    assert res.frames_done == 60 and np.isfinite(res.boxes).all()
    auc = evaluate_sequence(res.boxes, seq.groundtruth).success_auc
    still = evaluate_sequence(np.repeat(seq.groundtruth[:1], 60, 0), seq.groundtruth).success_auc
    assert auc > 0.5 and auc > still + 0.3, (auc, still)  # follows the walker, not just stays put
    with pytest.raises(Exception, match="no setting"):
        p.make_config({"nope": "1"})


def test_cli_lists_and_runs_it(example_installed, tmp_path, capsys):
    from workbench.cli import main
    from workbench.core import registry
    from workbench.core.data.synthetic import write_demo

    registry.default_registry(reload=True)
    try:
        assert main(["list"]) == 0
        assert "example_ncc" in capsys.readouterr().out
        demo = write_demo(tmp_path / "d", frames=12, width=160, height=128)
        assert main(["run", "--tracker", "example_ncc,kcf", "--sequence", str(demo), "--out", str(tmp_path / "o"),
                     "--set", "example_ncc.search_scale=2.0"]) == 0
        # <out>/<dataset>/<method>/<variant>/: the changed setting names the variant, kcf's is "default"
        run = tmp_path / "o" / "d" / "example_ncc" / "search_scale=2"
        assert np.loadtxt(run / "demo_thermal.txt", delimiter=",").shape == (12, 4)
        assert (tmp_path / "o" / "d" / "kcf" / "default" / "demo_thermal.txt").is_file()
    finally:
        registry.default_registry(reload=True)


def test_broken_plugins_are_reported_and_skipped(broken_installed, example_installed):
    reg = Registry().load_entry_points()
    assert {"missing_mod", "raises_on_import", "not_a_plugin"} <= set(reg.failed)
    assert "ModuleNotFoundError" in reg.failed["missing_mod"].error
    assert "explodes on import" in reg.failed["raises_on_import"].error
    assert "not a Plugin" in reg.failed["not_a_plugin"].error
    assert "example_ncc" in reg.plugins and "kcf" in reg.plugins


def test_window_shows_it_runs_it_and_opens_its_inspector(example_installed, broken_installed, qtbot, tmp_path,
                                                         monkeypatch):
    monkeypatch.setenv("WORKBENCH_WORKSPACE", str(tmp_path / "ws"))
    monkeypatch.setenv("WORKBENCH_SETTINGS", str(tmp_path / "settings.ini"))
    from PySide6.QtWidgets import QMessageBox

    errors = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: errors.append(a[1:3]))
    from workbench.gui.main_window import MainWindow

    w = MainWindow(Registry().load_entry_points())
    qtbot.addWidget(w)
    w.show()
    item = w.methods._item("example_ncc")
    assert item is not None and "NCC template match" in item.text(0)
    failed = [w.methods.tree.topLevelItem(i) for i in range(w.methods.tree.topLevelItemCount())]
    failed = [t for t in failed if t.text(0) == "Failed to load"]
    assert failed and failed[0].childCount() >= 3
    assert w.methods.select("example_ncc")
    assert "search_scale" in w.methods.form("example_ncc").field_names()
    w.open_demo()
    assert w.run_selected(["example_ncc"])
    assert w.wait_for_run(60)
    run = w.live["example_ncc"]
    assert np.isfinite(run.boxes).all() and len(run.boxes) == w.n_frames
    dock = w.inspectors.get("example_ncc:NCC score") or next(
        d for k, d in w.inspectors.items() if "NCC score" in k)
    # the start frame and every tracked frame reached the hooks (a dock built as the run ended: through
    # the run given to it once built, InspectorDock.catch_up)
    qtbot.waitUntil(lambda: len(dock.scores) == w.n_frames, timeout=5000)
    assert not errors, errors
    w.runner.wait(2000)
    w.close()
