"""Opening a search in the NAS alphas dock: the form (cell, cells, width, epochs, steps/epoch, generated
seqs, real crops, partial channels) is set to the settings the search saved, so the dock no longer shows
the alphas of one search under the settings of another and a Resume from there continues with the
search's own settings (the settings the form lacks too: crop, dims, reductions, seed); an older run's
missing settings are named in the status line. And the shipped single-bottom search
(alpha_history_single.json beside the dual-bottom alpha_history.json) opens from the dock's Open… menu."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("torch")


@pytest.fixture
def window(qtbot, registry, messages):
    from tests.gui.conftest import shown_window

    yield from shown_window(qtbot, registry, size=(1366, 768))


@pytest.fixture
def settled(qtbot):
    """``settled(dock)``: waits, at the end of a test, for the cost of the derived network the dock counts
    on a worker (pytest-qt closes the window before the fixtures' teardown: its answer then found the
    dock gone)."""
    def wait(dock):
        qtbot.waitUntil(lambda: not dock.cost_pending, timeout=30000)

    return wait


@pytest.fixture
def calls(monkeypatch):
    """The searches started: [(folder, resume, config)]."""
    from workbench_nas_tir import search

    seen = []

    def fake_search(cfg, out_dir, ctx=None, resume=False, bank=None):
        seen.append((Path(out_dir), resume, cfg))
        yield {"kind": "done"}

    monkeypatch.setattr(search, "search_events", fake_search)

    monkeypatch.setattr(search, "check_resume", lambda cfg, out_dir: None)  # a stand-in last.pt
    return seen


def _dock(window, registry, qtbot):
    dock = window.open_inspector(registry.get("nas_tir"), "NAS alphas")
    dock.search_in_process = False  # the patched search is a local function: it does not pickle
    qtbot.waitUntil(lambda: not dock.loading and dock.search_dir is not None, timeout=20000)
    return dock


def _shot(widget, name: str) -> None:
    if os.environ.get("WORKBENCH_TEST_SHOTS"):  # a folder: the picture to look at, once laid out and painted
        from PySide6.QtCore import QEventLoop, QTimer

        loop = QEventLoop()
        QTimer.singleShot(100, loop.quit)
        loop.exec()
        widget.grab().save(str(Path(os.environ["WORKBENCH_TEST_SHOTS"]) / name))


SAVED = {"cell": "single", "cells": 3, "width": 12, "epochs": 20, "steps_per_epoch": 7, "synthetic": 5,
         "real": False, "partial": False, "crop": 16, "dims": 16, "reductions": 1, "seed": 3, "m": 4, "n": 2,
         "live_every": 2, "device": "cpu"}


def _search(folder: Path, shipped: Path, config: dict | None, cell: str = "single") -> Path:
    """A search folder: the shipped ``cell`` search's alphas under ``config``, with a last.pt to resume."""
    src = shipped / ("alpha_history_single.json" if cell == "single" else "alpha_history.json")
    data = json.loads(src.read_text())
    data.pop("config")
    if config is not None:
        data["config"] = config
    folder.mkdir(parents=True)
    (folder / "alpha_history.json").write_text(json.dumps(data))
    (folder / "last.pt").write_bytes(b"checkpoint")
    return folder


def test_loading_a_search_sets_the_form_and_resume_uses_its_settings(window, settled, registry, qtbot, tmp_path,
                                                                       shipped_copy, calls):
    """The form kept its own values (dual, 5 cells, width 8, 8 epochs...) over a loaded single-bottom
    search of 3 cells, width 12, 20 epochs: Resume then continued it with the form's settings (refused by
    the checkpoint: cell, cells, width, crop differ) or, had they matched, stopped at the form's epochs."""
    mine = _search(tmp_path / "mine", shipped_copy, SAVED)
    dock = _dock(window, registry, qtbot)
    assert dock.cell.currentText() == "dual"  # the shipped dual-bottom replay it opens on
    dock.load_folder(mine)
    assert dock.kind == "single" and dock.heat_normal.data.shape == (10, 8)
    assert dock.cell.currentText() == "single"
    assert (dock.cells.value(), dock.width_.value(), dock.epochs.value(), dock.steps.value(),
            dock.synthetic.value()) == (3, 12, 20, 7, 5)
    assert not dock.real.isChecked() and not dock.partial.isChecked()
    assert "not saved" not in dock.status.text()
    # no genotype saved: no cost line (the shipped replay's, still being counted, came in after the load)
    qtbot.waitUntil(lambda: not dock.cost_job.running, timeout=30000)
    assert dock.cost.text() == "" and dock.arch.text() == ""
    _shot(window, "nas_loaded_search_window_1366x768.png")

    dock.resume_btn.click()
    qtbot.waitUntil(lambda: not dock.running, timeout=10000)
    assert len(calls) == 1
    out, resumed, cfg = calls[0]
    assert out == mine and resumed
    # every setting the search saved, those the form does not show included; where it runs is the dock's
    expected = {k: v for k, v in SAVED.items() if k not in ("live_every", "device")}
    assert {k: getattr(cfg, k) for k in expected} == expected
    assert cfg.live_every == 1 and cfg.device == "auto"
    assert dock.reductions_note == ""
    settled(dock)


def test_an_older_runs_missing_settings_are_named(window, settled, registry, qtbot, tmp_path, shipped_copy, calls):
    """An older run (no config in its alpha history, none beside it): the form goes back to its defaults
    rather than keep the previous search's settings, and the status line says which were not saved."""
    dock = _dock(window, registry, qtbot)
    dock.load_folder(_search(tmp_path / "new", shipped_copy, SAVED))
    assert dock.cells.value() == 3
    older = _search(tmp_path / "older", shipped_copy, None)
    dock.load_folder(older)
    assert dock.form_settings() == {"cell": "single", "cells": 5, "width": 8, "epochs": 8, "steps_per_epoch": 6,
                                    "synthetic": 20, "real": True, "partial": True}
    text = dock.status.text()
    assert text.startswith("not saved with this search (an older run): cells, width, epochs, steps/epoch, "
                           "generated seqs, real TIR crops, partial channels")
    assert "cell," not in text.split(":")[1]  # the cell is in the history itself
    assert str(older) in text and "single-bottom" in text
    dock.resume_btn.click()  # Resume says which settings are the form's
    assert "not saved with it, the form's used: cells, width, epochs" in dock.status.text()
    qtbot.waitUntil(lambda: not dock.running, timeout=10000)
    assert calls[-1][0] == older

    # a run that saved some: only those missing are named
    partial = dict(SAVED)
    del partial["epochs"], partial["synthetic"]
    some = _search(tmp_path / "some", shipped_copy, partial)
    dock.load_folder(some)
    assert dock.status.text().startswith("not saved with this search (an older run): epochs, generated seqs; ")
    assert (dock.cells.value(), dock.width_.value(), dock.epochs.value(), dock.synthetic.value()) == (3, 12, 8, 20)
    # a value the form cannot show (null in the JSON) is as good as missing
    dock.load_folder(_search(tmp_path / "null", shipped_copy, {**partial, "epochs": None, "width": 12.5}))
    assert dock.status.text().startswith("not saved with this search (an older run): width, epochs, generated seqs; ")
    assert (dock.width_.value(), dock.epochs.value()) == (8, 8)
    dock.load_folder(some)
    # the first words of the status line are on screen in a 1366x768 window
    qtbot.waitUntil(lambda: dock.status.width() > 0, timeout=5000)
    assert dock.status.elided().startswith("not saved with this search (an older run): epochs, generated seqs")
    _shot(window, "nas_older_search_window_1366x768.png")

    # an exported folder (its alpha history has no config) takes them from its genotype
    shutil.copy2(shipped_copy / "genotype_single.json", older / "genotype.json")
    dock.load_folder(older)
    assert "not saved" not in dock.status.text() and dock.genotype["cell"] == "single"
    assert dock.epochs.value() == 8 and dock.steps.value() == 6
    settled(dock)


def test_settings_past_the_forms_range_are_shown_as_saved(window, settled, registry, qtbot, tmp_path, shipped_copy):
    """A command-line search may go past the form's ranges (e.g. 300 epochs): shown as saved, not clamped."""
    dock = _dock(window, registry, qtbot)
    dock.load_folder(_search(tmp_path / "long", shipped_copy, {**SAVED, "epochs": 300, "steps_per_epoch": 2000}))
    assert dock.epochs.value() == 300 and dock.steps.value() == 2000
    assert dock.search_config().epochs == 300
    settled(dock)


def test_resume_from_the_shipped_replay_takes_the_resumed_searchs_settings(window, settled, registry, qtbot, tmp_path,
                                                                            shipped_copy, calls):
    """With the shipped replay on show Resume continues the workspace's latest search: with that
    search's settings, not the replay's that the form showed."""
    latest = _search(tmp_path / "workspace" / "nas_tir_search", shipped_copy, SAVED)
    dock = _dock(window, registry, qtbot)
    assert dock.search_dir == shipped_copy and dock.cells.value() == 5
    dock.resume_btn.click()
    qtbot.waitUntil(lambda: not dock.running, timeout=10000)
    out, resumed, cfg = calls[-1]
    assert out == latest and resumed
    assert (cfg.cell, cfg.cells, cfg.width, cfg.epochs, cfg.crop, cfg.dims, cfg.reductions, cfg.seed) == (
        "single", 3, 12, 20, 16, 16, 1, 3)
    assert dock.cells.value() == 3  # the form shows them
    settled(dock)


def _menu_action(dock, words: str):
    """The Open… menu's one action with ``words`` (the menu is filled anew as it opens: used at once)."""
    dock.open_menu.aboutToShow.emit()  # what opening the menu does
    found = [a for a in dock.open_menu.actions() if words in a.text()]
    assert len(found) == 1, [a.text() for a in dock.open_menu.actions()]
    return found[0]


def test_the_shipped_single_bottom_search_opens_from_the_dock(window, settled, registry, qtbot, shipped_copy):
    """The dock loaded a search folder's alpha_history.json only: the shipped single-bottom search
    (alpha_history_single.json, genotype_single.json in the same folder) could not be opened from it."""
    dock = _dock(window, registry, qtbot)
    assert dock.open_btn.menu() is dock.open_menu
    texts = [_menu_action(dock, words).text() for words in ("dual-bottom", "single-bottom")]
    assert texts == ["Shipped search: dual-bottom cells (8 epochs)", "Shipped search: single-bottom cells (8 epochs)"]
    assert _menu_action(dock, "dual-bottom").isChecked()  # the one on show

    _menu_action(dock, "single-bottom").trigger()
    single = json.loads((shipped_copy / "alpha_history_single.json").read_text())
    assert dock.kind == "single" and dock.history_file == shipped_copy / "alpha_history_single.json"
    assert dock.slider.maximum() == 8 and len(dock.history) == 9
    # the alpha inspector draws it: ten single-bottom edges by eight operations, the last epoch's alphas
    for heat, key in ((dock.heat_normal, "alpha_normal"), (dock.heat_reduce, "alpha_reduce")):
        assert heat.kind == "single" and heat.data.shape == (10, 8)
        assert np.allclose(heat.data, single["epochs"][-1][key], atol=1e-6)
    dock.slider.setValue(0)
    assert np.allclose(dock.heat_normal.data, 1 / 8, atol=0.01) and "epoch 0 / 8" in dock.epoch_label.text()
    dock.slider.setValue(8)
    assert dock.genotype == json.loads((shipped_copy / "genotype_single.json").read_text())
    # the single-bottom cell: one input node "s", four ops
    assert set(dock.graph.node_centres) == {"s", "n0", "n1", "n2", "n3", "out"} and len(dock.graph.label_rects) == 4
    assert dock.cell.currentText() == "single" and dock.cells.value() == 5 and dock.epochs.value() == 8
    status = dock.status.text()
    assert "shipped single-bottom search, replay only" in status and "alpha_history_single.json" in status
    assert "not saved" not in status
    qtbot.waitUntil(lambda: not dock.cost_pending and "FLOPs" in dock.cost.text(), timeout=30000)
    assert dock.arch.text() == "5 cells · width 8 · 64 dims"
    assert _menu_action(dock, "single-bottom").isChecked() and not _menu_action(dock, "dual-bottom").isChecked()
    _shot(dock, "nas_shipped_single_dock_1366x768.png")
    _shot(window, "nas_shipped_single_window_1366x768.png")

    # and back to the dual-bottom one
    _menu_action(dock, "dual-bottom").trigger()
    assert dock.kind == "dual" and dock.heat_normal.data.shape == (14, 8) and dock.genotype["cell"] == "dual"
    assert dock.cell.currentText() == "dual" and dock.history_file == shipped_copy / "alpha_history.json"
    settled(dock)


def test_an_alpha_history_file_opens_with_its_genotype(window, settled, registry, qtbot, shipped_copy, monkeypatch):
    """Open… › Alpha history file…: a history file of any name, its genotype the one of the same suffix."""
    from PySide6.QtWidgets import QFileDialog

    dock = _dock(window, registry, qtbot)
    picked = shipped_copy / "alpha_history_single.json"
    dock.load_folder(picked)  # scripts: a history file as well as a folder
    assert dock.kind == "single" and dock.genotype["cell"] == "single" and dock.history_file == picked
    dock.load_folder(shipped_copy)
    assert dock.kind == "dual"
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(picked), ""))
    _menu_action(dock, "Alpha history file").trigger()
    assert dock.kind == "single" and dock.genotype["cell"] == "single" and dock.heat_reduce.data.shape == (10, 8)
    # a search folder opens its alpha_history.json, as before
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(shipped_copy))
    _menu_action(dock, "Search folder").trigger()
    assert dock.kind == "dual" and dock.history_file == shipped_copy / "alpha_history.json"
    settled(dock)
