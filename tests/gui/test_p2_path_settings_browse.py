"""A setting that is a file or a folder (weights, a state file) was a bare text box: a path mistyped showed
nothing until the run failed. A field's metadata ``"path": "file" | "dir"`` (with ``"filter"`` and
``"keywords"``) gives a line edit with Browse… and a line under it while the path names nothing; the window's
Run says it too (``Plugin.why_not_ready``), and the seed methods' weights settings declare it."""
from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from workbench.core.registry import Plugin, path_problem


@dataclass
class PathConfig:
    weights: str = field(default="", metadata={"help": "weights file", "path": "file", "filter": "Weights (*.pt)",
                                               "keywords": ("random",)})
    out: str = field(default="", metadata={"path": "dir"})
    name: str = "plain"


def test_path_field_has_browse_and_says_a_missing_path(qtbot, tmp_path):
    from PySide6.QtWidgets import QLineEdit, QPushButton

    from workbench.gui.config_form import ConfigForm, PathEdit

    form = ConfigForm(PathConfig)
    qtbot.addWidget(form)
    form.show()
    ed = form.editor("weights")
    assert isinstance(ed, PathEdit) and isinstance(form.editor("name"), QLineEdit)  # a plain str stays a box
    assert isinstance(ed.browse, QPushButton) and ed.browse.text() == "Browse…" and ed.browse.isVisible()
    assert not ed.problem.isVisible() and form.path_problems() == {}  # empty: the method's default
    seen = []
    form.sigChanged.connect(lambda: seen.append(1))
    ed.setText(str(tmp_path / "nope.pt"))
    qtbot.waitUntil(ed.problem.isVisible, timeout=5000)  # looked for off the GUI thread (B, session 51)
    assert seen and "no such file" in ed.problem.text()
    assert form.path_problems() == {"weights": f"no such file: {tmp_path / 'nope.pt'}"}
    ed.setText("random")  # a word the setting takes instead of a path
    assert not ed.problem.isVisible()

    # Browse… opens a file dialog at the nearest folder that exists; the file chosen becomes the setting
    f = tmp_path / "w.pt"
    f.write_bytes(b"x")
    ed.setText(str(tmp_path / "gone" / "nope.pt"))
    ed.browse.click()
    d = ed.dialog
    assert d is not None and d.directory().absolutePath() == str(tmp_path)
    assert "Weights (*.pt)" in d.nameFilters()
    d.selectFile(str(f))
    d.accept()
    assert form.values()["weights"] == str(f) and not ed.problem.isVisible()
    assert ed.dialog is None

    out = form.editor("out")
    out.setText(str(f))  # something is there: only existence is checked, the method judges what it holds
    assert not out.problem.isVisible()
    out.setText(str(tmp_path / "no_dir"))
    qtbot.waitUntil(lambda: "no such folder" in out.problem.text(), timeout=5000)
    form.reset()
    assert form.path_problems() == {}


def test_missing_path_setting_makes_the_method_not_ready(tmp_path):
    p = Plugin("pathy", "segmenter", lambda c, d: None, config=PathConfig)
    assert p.checks_ready and p.why_not_ready() is None  # the defaults: empty
    why = p.why_not_ready(PathConfig(weights=str(tmp_path / "nope.pt")))
    assert why.startswith("setting weights: no such file: ") and "--set weights=PATH" in why and "Browse…" in why
    assert p.why_not_ready(PathConfig(weights="random")) is None
    assert "no such folder" in p.why_not_ready(PathConfig(out=str(tmp_path / "x")))
    # a declared check still speaks when the paths are fine
    q = Plugin("q", "tracker", lambda c, d: None, config=PathConfig, ready=lambda cfg: "not trained yet")
    assert q.why_not_ready(PathConfig()) == "not trained yet"
    assert not Plugin("r", "tracker", lambda c, d: None).checks_ready
    assert path_problem("x", {"path": "elsewhere"}) is None  # not a path kind: nothing said


@pytest.mark.parametrize("name", ["siamfcpp", "ps_siamfcpp", "nas_tir", "hanet", "lw_irstnet", "seq_irst"])
def test_seed_methods_weights_are_path_settings(name):
    import dataclasses

    from workbench.core.registry import default_registry

    p = default_registry().plugins.get(name)
    if p is None:
        pytest.skip(f"plugin {name} not installed")
    meta = {f.name: f.metadata for f in dataclasses.fields(p.config)}["weights"]
    assert meta["path"] == "file" and "*.pt" in meta["filter"]
    assert p.why_not_ready() is None  # the shipped weights are there
    assert "setting weights: no such file" in p.why_not_ready(p.make_config({"weights": "/nonexistent/w.pt"}))


def test_methods_dock_says_a_missing_path_before_run(qtbot, tmp_path):
    from workbench.core.registry import Registry
    from workbench.gui.methods_dock import MethodsDock

    reg = Registry()
    reg.add(Plugin("pathy", "segmenter", lambda c, d: None, config=PathConfig))
    dock = MethodsDock(reg)
    qtbot.addWidget(dock)
    assert dock.select("pathy") and dock.not_ready() is None
    changed = []
    dock.sigReadyChanged.connect(lambda: changed.append(1))  # the window re-checks Run on it
    dock.form("pathy").editor("weights").setText(str(tmp_path / "nope.pt"))
    qtbot.waitUntil(lambda: dock.not_ready() is not None, timeout=5000)  # looked for off the GUI thread
    assert changed and dock.not_ready().startswith("setting weights: no such file")
