"""The NAS alphas dock and the plugin's shipped search: the replay it opens on is only viewed, a search
(new or resumed) never writes into the shipped weights folder, Resume with nothing to resume says so;
and the dock is readable in a 1366x768 window.

The shipped folder itself is never touched here: the dock is pointed at a copy of its replay files
(``weights_dir`` patched), and the real folder's files are hashed before and after."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

pytest.importorskip("torch")


@pytest.fixture
def window(qtbot, registry, messages):
    from tests.gui.conftest import shown_window

    yield from shown_window(qtbot, registry, size=(1366, 768))


def test_resume_and_search_never_write_into_the_shipped_folder(window, registry, qtbot, monkeypatch, tmp_path,
                                                              shipped_copy, folder_hashes):
    """Resume on the shipped replay started a NEW search into the plugin's weights folder (no last.pt
    there), overwriting alpha_history.json and adding last.pt, genotype.json, search_config.json and
    search_log.txt; the next load then preferred that genotype.json over genotype_dual.json."""
    from workbench_nas_tir import search

    calls = []

    def fake_search(cfg, out_dir, ctx=None, resume=False, bank=None):
        out = Path(out_dir)
        calls.append((out, resume))
        out.mkdir(parents=True, exist_ok=True)  # what the real search writes first and after each epoch
        (out / "search_config.json").write_text("{}")
        (out / "alpha_history.json").write_text('{"cell": "dual", "epochs": []}')
        (out / "last.pt").write_bytes(b"checkpoint")
        yield {"kind": "done"}

    monkeypatch.setattr(search, "search_events", fake_search)

    monkeypatch.setattr(search, "check_resume", lambda cfg, out_dir: None)  # a stand-in last.pt
    shipped = folder_hashes(shipped_copy)
    dock = window.open_inspector(registry.get("nas_tir"), "NAS alphas")
    dock.search_in_process = False  # the patched search is a local function: it does not pickle
    qtbot.waitUntil(lambda: not dock.loading and dock.search_dir is not None, timeout=20000)
    assert dock.search_dir == shipped_copy and dock.slider.maximum() == 8  # the shipped replay, 8 epochs
    loaded_status = dock.status.text()

    # Resume on the shipped replay: nothing to resume (no last.pt in the workspace's search folder): greyed, the
    # reason its tooltip
    assert not dock.resume_btn.isEnabled()
    assert "nothing to resume" in dock.resume_btn.toolTip() and "last.pt" in dock.resume_btn.toolTip()
    dock.resume_btn.click()
    assert not dock.running and calls == []
    assert folder_hashes(shipped_copy) == shipped
    assert dock.search_dir == shipped_copy and dock.slider.maximum() == 8 and len(dock.history) == 9  # still viewable
    assert "replay only" in loaded_status  # and it said what the shipped search is

    # Search: a new search goes to the workspace
    workspace = tmp_path / "workspace"
    dock.search_btn.click()
    qtbot.waitUntil(lambda: not dock.running, timeout=10000)
    assert len(calls) == 1
    out, resumed = calls[0]
    assert not resumed and workspace in out.parents and out == dock.default_dir()
    assert folder_hashes(shipped_copy) == shipped

    # the shipped replay again, then Resume: continues the workspace's search (it has a last.pt now)
    dock.load_folder(shipped_copy)
    assert dock.genotype is not None and dock.slider.maximum() == 8
    dock.resume_btn.click()
    qtbot.waitUntil(lambda: not dock.running, timeout=10000)
    assert calls[1] == (dock.default_dir(), True)
    assert folder_hashes(shipped_copy) == shipped

    # nor into the shipped folder named explicitly, or a folder inside it
    for target in (shipped_copy, shipped_copy / "sub"):
        dock.start_search(out_dir=target)
        assert not dock.running and "never writes into it" in dock.status.text()
    assert len(calls) == 2 and folder_hashes(shipped_copy) == shipped and not (shipped_copy / "sub").exists()


def test_resume_of_a_folder_without_checkpoint_says_so(window, registry, qtbot, monkeypatch, tmp_path, shipped_copy):
    """A search folder of the user's own with no last.pt: Resume says there is nothing to resume
    instead of starting over in it."""
    from workbench_nas_tir import search

    calls = []

    def fake_search(cfg, out_dir, ctx=None, resume=False, bank=None):
        calls.append((Path(out_dir), resume))
        yield {"kind": "done"}

    monkeypatch.setattr(search, "search_events", fake_search)

    monkeypatch.setattr(search, "check_resume", lambda cfg, out_dir: None)  # a stand-in last.pt
    mine = tmp_path / "my_search"
    mine.mkdir()
    shutil.copy2(shipped_copy / "alpha_history.json", mine / "alpha_history.json")
    dock = window.open_inspector(registry.get("nas_tir"), "NAS alphas")
    dock.search_in_process = False
    qtbot.waitUntil(lambda: not dock.loading, timeout=20000)
    dock.load_folder(mine)
    dock.start_search(resume=True)
    qtbot.waitUntil(lambda: not dock.running, timeout=10000)
    assert calls == [] and "Nothing to resume" in dock.status.text() and str(mine) in dock.status.text()
    assert sorted(p.name for p in mine.iterdir()) == ["alpha_history.json"]
    (mine / "last.pt").write_bytes(b"checkpoint")
    dock.start_search(resume=True)
    assert dock.running
    qtbot.waitUntil(lambda: not dock.running, timeout=10000)
    assert calls == [(mine, True)]


def test_graph_and_cost_readable_at_1366x768(window, registry, qtbot, tmp_path, shipped_copy):
    """At 1366x768 the cell graph got 71 px of the splitter (the heatmaps' size hints took the rest)
    and the cost line stopped at "0.055 M" (its FLOPs cut off)."""
    dock = window.open_inspector(registry.get("nas_tir"), "NAS alphas")
    qtbot.waitUntil(lambda: not dock.loading and not dock.cost_pending and "FLOPs" in dock.cost.text(), timeout=30000)
    qtbot.waitUntil(lambda: dock._split.sizes()[-1] > 0, timeout=5000)
    sizes = dock._split.sizes()
    assert len(sizes) == 3 and min(sizes) >= 0.25 * sum(sizes), sizes  # the graph pane has its share
    assert dock.graph.width() >= 250 and dock.graph.height() >= 80
    cost = dock.cost
    assert cost.height() >= cost.heightForWidth(cost.width())  # every wrapped line of it is shown
    assert cost.geometry().top() >= dock.graph.geometry().bottom()  # below the graph, not under it
    assert cost.geometry().bottom() <= cost.parentWidget().height()
    assert "M params" in cost.text() and "M FLOPs" in cost.text()
    assert cost.toolTip().startswith("derived network (5 cells, width 8") and "FLOPs" in cost.toolTip()  # all of it
    assert dock.arch.text() == "5 cells · width 8 · 64 dims"
    if os.environ.get("WORKBENCH_TEST_SHOTS"):  # a folder: the dock's picture to look at
        dock.grab().save(str(Path(os.environ["WORKBENCH_TEST_SHOTS"]) / "nas_dock_1366x768.png"))


def test_long_status_does_not_widen_the_dock(qtbot):
    """The status line with the shipped folder's path set the dock's minimum width to ~900 px (the window grew
    past a 1366 px screen when the dock opened); now it is cut, the whole text in its tooltip."""
    from workbench_nas_tir.inspector import NASInspector

    d = NASInspector(None)
    qtbot.addWidget(d)
    before = d.minimumSizeHint().width()
    long = "/a/very/long/folder/" * 30 + ": 8 epochs"
    d.status.setText(long)
    assert d.minimumSizeHint().width() == before < 700
    assert d.status.toolTip() == long
    from workbench.gui.widgets import ElidedLabel  # the window's one-line cut label (the plots' note too)

    assert isinstance(d.status, ElidedLabel) and d.status.text() == long
