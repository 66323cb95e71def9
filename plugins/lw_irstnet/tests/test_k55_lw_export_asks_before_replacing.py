"""The LW-IRSTNet panel's Export… asks before writing over an earlier export in the chosen folder, as File >
Export does ("Replace?", default No: the old files kept and "nothing exported" said); a fresh folder is not
asked about. (It wrote metrics.csv, metrics.json, roc.* and pd_fa.* over the earlier ones without a word.)"""
from __future__ import annotations

import types

import pytest

pytest.importorskip("torch")


@pytest.fixture
def panel(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBENCH_SETTINGS", str(tmp_path / "settings.ini"))
    import workbench_lw_irstnet.evaluate as ev
    from workbench_lw_irstnet import PLUGIN
    from workbench_lw_irstnet.panel import METRICS, Panel

    # the curves' figures take seconds of matplotlib: their file stands in (the question is what is tested)
    monkeypatch.setattr(ev, "export_roc", lambda report, out, *a, **k: [_write(out / "roc.csv", "fpr,tpr\n")])
    p = Panel(PLUGIN, None)
    qtbot.addWidget(p)
    p.setCurrentIndex(2)
    p.metrics = {k: 0.5 for k in METRICS + ("fa_e6",)}
    p.eval_result = types.SimpleNamespace(report=object(), images=[])
    p.ev_export.setEnabled(True)  # as a finished evaluation leaves it
    return p


def _write(path, text):
    path.write_text(text)
    return path


@pytest.fixture
def asked(monkeypatch):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    state = types.SimpleNamespace(texts=[], answer=QMessageBox.StandardButton.No, folder="")
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: state.folder))

    def question(parent, title, text, buttons, default):
        assert default == QMessageBox.StandardButton.No  # Return keeps the old files
        state.texts.append(text)
        return state.answer

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return state


def test_an_earlier_metrics_csv_survives_no_and_is_replaced_after_yes(panel, asked, qtbot, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    out = tmp_path / "out"
    out.mkdir()
    (out / "metrics.csv").write_text("my earlier export\n")
    asked.folder = str(out)
    panel._export_dialog()
    assert asked.texts == [f"{out / 'metrics.csv'} already exists. Replace it?"]
    assert not panel.exporting and panel.ev_export.isEnabled()
    assert "nothing exported" in panel.ev_status.text() and str(out) in panel.ev_status.text()
    assert (out / "metrics.csv").read_text() == "my earlier export\n"
    assert sorted(p.name for p in out.iterdir()) == ["metrics.csv"]

    asked.answer = QMessageBox.StandardButton.Yes
    panel._export_dialog()
    qtbot.waitUntil(lambda: not panel.exporting, timeout=5000)
    assert len(asked.texts) == 2
    assert (out / "metrics.csv").read_text().startswith("metric,value")
    assert panel.ev_status.text().startswith("Exported 3 files")


def test_an_earlier_curve_table_alone_is_asked_about(panel, asked, tmp_path):
    out = tmp_path / "curves"
    out.mkdir()
    (out / "pd_fa.csv").write_text("mine\n")  # the curves' files are the export's too (irst_curves.plot_outputs)
    asked.folder = str(out)
    panel._export_dialog()
    assert asked.texts == [f"{out / 'pd_fa.csv'} already exists. Replace it?"]
    assert not panel.exporting and (out / "pd_fa.csv").read_text() == "mine\n"


def test_a_fresh_folder_is_not_asked_about(panel, asked, qtbot, tmp_path):
    out = tmp_path / "fresh"
    out.mkdir()
    asked.folder = str(out)
    panel._export_dialog()
    qtbot.waitUntil(lambda: not panel.exporting, timeout=5000)
    assert asked.texts == []
    assert sorted(p.name for p in out.iterdir()) == ["metrics.csv", "metrics.json", "roc.csv"]
    assert "Exported 3 files" in panel.ev_status.text()
