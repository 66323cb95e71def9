"""The pruning inspector's Export… asks before writing over an earlier export at the same rho in the chosen
folder, as File > Export does ("Replace?", default No: the old files kept and "nothing exported" said); a
fresh folder is not asked about. (It wrote the figures and both CSVs over the earlier ones without a word.)"""
from __future__ import annotations

import types

import pytest

pytest.importorskip("torch")


@pytest.fixture
def dock(window, registry, qtbot, small_model, monkeypatch):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from workbench_siamfcpp_prune import figures

    state = types.SimpleNamespace(texts=[], answer=QMessageBox.StandardButton.No, folder="")
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: state.folder))

    def question(parent, title, text, buttons, default):
        assert default == QMessageBox.StandardButton.No  # Return keeps the old files
        state.texts.append(text)
        return state.answer

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    # the histogram figures take seconds of matplotlib: their files are named as the export names them
    # (figures.export_files), drawn with formats=() (the question is what is tested)
    real = figures.export
    monkeypatch.setattr(figures, "summary_rows", lambda *a, **k: [  # the FLOPs passes take seconds: numbers stand in
        {"quantity": q, "before": 2.0, "after": 1.0, "ratio": 0.5} for q in ("parameters (M)", "GFLOPs", "CPU FPS")])
    monkeypatch.setattr(figures, "export", lambda out, cuts, rows, rho, **k: real(out, cuts, rows, rho, formats=(), **k))
    d = window.open_inspector(registry.get("ps_siamfcpp"), "Pruning inspector")
    d.set_model(*small_model, "test model")
    d.set_rho(0.5)
    qtbot.waitUntil(lambda: not d._timer.isActive() and not d.table_job.running and d.table_rows() is not None,
                    timeout=20000)
    d.asked = state
    return d


def test_an_earlier_summary_csv_survives_no_and_is_replaced_after_yes(dock, qtbot, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    out = tmp_path / "out"
    out.mkdir()
    (out / "pruning_summary_rho0.50.csv").write_text("my earlier export\n")
    dock.asked.folder = str(out)
    dock.export_button.click()
    assert dock.asked.texts == [f"{out / 'pruning_summary_rho0.50.csv'} already exists. Replace it?"]
    assert not dock.export_job.running and dock.export_button.isEnabled()
    assert "nothing exported" in dock.info.text() and str(out) in dock.info.text()
    assert (out / "pruning_summary_rho0.50.csv").read_text() == "my earlier export\n"
    assert sorted(p.name for p in out.iterdir()) == ["pruning_summary_rho0.50.csv"]

    dock.asked.answer = QMessageBox.StandardButton.Yes
    dock.export_button.click()
    qtbot.waitUntil(lambda: not dock.export_job.running and dock.export_button.isEnabled(), timeout=5000)
    assert len(dock.asked.texts) == 2
    assert (out / "pruning_summary_rho0.50.csv").read_text().startswith("quantity,before,after,ratio")
    assert "exported 2 files" in dock.info.text()


def test_a_fresh_folder_is_not_asked_about(dock, qtbot, tmp_path):
    out = tmp_path / "fresh"
    dock.asked.folder = str(out)
    dock.export_button.click()
    qtbot.waitUntil(lambda: not dock.export_job.running and dock.export_button.isEnabled(), timeout=5000)
    assert dock.asked.texts == []
    assert sorted(p.name for p in out.iterdir()) == ["filter_ranks_rho0.50.csv", "pruning_summary_rho0.50.csv"]
