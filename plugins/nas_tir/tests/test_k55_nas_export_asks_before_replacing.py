"""The NAS alphas dock's Export… asks before writing over an earlier export in the chosen folder, as File >
Export does ("Replace?", default No: the old files kept and "nothing exported" said); a fresh folder is not
asked about. (It wrote the alpha and cell figures, alpha_history.*, genotype.json and derived_cost.json over
the earlier ones without a word.)"""
from __future__ import annotations

import json
import types

import pytest

pytest.importorskip("torch")


@pytest.fixture
def dock(window, registry, qtbot, shipped_copy, monkeypatch):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from workbench.core.evaluation import plots

    state = types.SimpleNamespace(texts=[], answer=QMessageBox.StandardButton.No, folder="")
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: state.folder))

    def question(parent, title, text, buttons, default):
        assert default == QMessageBox.StandardButton.No  # Return keeps the old files
        state.texts.append(text)
        return state.answer

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))

    from workbench_nas_tir import figures

    def save(fig, path):  # matplotlib's figures take seconds: a stand-in file (the question is what is tested)
        path.write_text("figure")
        return path

    monkeypatch.setattr(plots, "save_figure", save)
    monkeypatch.setattr(figures, "alpha_figure", lambda *a, **k: None)
    monkeypatch.setattr(figures, "cell_figure", lambda *a, **k: None)
    d = window.open_inspector(registry.get("nas_tir"), "NAS alphas")
    qtbot.waitUntil(lambda: not d.loading and d.search_dir is not None and not d.cost_pending, timeout=30000)
    d.asked = state
    return d


def test_an_earlier_genotype_survives_no_and_is_replaced_after_yes(dock, qtbot, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    out = tmp_path / "out"
    out.mkdir()
    (out / "genotype.json").write_text("my earlier export")
    dock.asked.folder = str(out)
    dock.export_btn.click()
    assert dock.asked.texts == [f"{out / 'genotype.json'} already exists. Replace it?"]
    assert not dock.export_job.running and dock.export_btn.isEnabled()
    assert "nothing exported" in dock.status.text() and str(out) in dock.status.text()
    assert (out / "genotype.json").read_text() == "my earlier export"
    assert sorted(p.name for p in out.iterdir()) == ["genotype.json"]

    dock.asked.answer = QMessageBox.StandardButton.Yes
    dock.export_btn.click()
    qtbot.waitUntil(lambda: dock.export_btn.isEnabled() and "exported" in dock.status.text()
                    and not dock.export_job.running, timeout=10000)
    assert len(dock.asked.texts) == 2
    assert isinstance(json.loads((out / "genotype.json").read_text()), dict)
    assert dock.status.text().startswith("exported 10 files")


def test_a_fresh_folder_is_not_asked_about(dock, qtbot, tmp_path):
    from workbench_nas_tir.inspector import export_paths

    out = tmp_path / "fresh"
    dock.asked.folder = str(out)
    dock.export_btn.click()
    qtbot.waitUntil(lambda: dock.export_btn.isEnabled() and "exported" in dock.status.text()
                    and not dock.export_job.running, timeout=10000)
    assert dock.asked.texts == []
    # the files the question looks for are those the export writes (one list: _export_names)
    assert sorted(out.iterdir()) == sorted(export_paths(out, *dock._export_args()[1:4]))
