"""The LW-IRSTNet panel's Train and Export buttons on bad input: a second Start into a folder that holds
a training refuses (it replaced that training's weights), argparse's reason is shown (the tab said
"Invalid training settings." alone), and Export to a file instead of a folder says so from a worker
(a FileExistsError escaped the button's handler, after 2-3 s of figures on the GUI thread)."""
from __future__ import annotations

import pytest

pytest.importorskip("torch")


@pytest.fixture
def panel(qtbot):
    from workbench_lw_irstnet import PLUGIN
    from workbench_lw_irstnet.panel import Panel

    p = Panel(PLUGIN, None)
    qtbot.addWidget(p)
    p.setCurrentIndex(1)
    return p


def test_train_refuses_an_output_holding_a_training_and_says_why(panel, tmp_path):
    out = tmp_path / "run"
    out.mkdir()
    (out / "last.pt").write_bytes(b"earlier training")
    panel.tr_root.setText(str(tmp_path))
    panel.tr_out.setText(str(out))
    assert not panel.start_training() and not panel.train_job.running
    assert "holds a training already" in panel.tr_status.text() and str(out / "last.pt") in panel.tr_status.text()
    assert (out / "last.pt").read_bytes() == b"earlier training"
    from workbench_lw_irstnet.panel import _refusal

    panel.tr_resume.setText(str(out / "last.pt"))  # continuing it is what Resume is for: not refused as a training
    why = _refusal(panel.train_argv())  # this stand-in is no checkpoint: said of the file (train.check_files)
    assert why is not None and "holds a training already" not in why and str(out / "last.pt") in why, why
    panel.tr_resume.setText("")
    (tmp_path / "afile").write_text("x")
    panel.tr_out.setText(str(tmp_path / "afile"))
    assert not panel.start_training()
    assert "a file, not a folder" in panel.tr_status.text() and "afile" in panel.tr_status.text()
    panel.tr_out.setText(str(tmp_path / "new"))
    panel.tr_split.setText("-x")  # argparse takes it for an option
    assert not panel.start_training()
    assert panel.tr_status.text().startswith("Invalid training settings: ") and "--split" in panel.tr_status.text()


def test_export_to_a_file_is_said_from_a_worker(panel, qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    target = tmp_path / "afile"
    target.write_text("mine")
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(target)))
    panel.setCurrentIndex(2)
    panel.eval_result = object()  # an evaluation on show (the refusal comes before it is read)
    panel._export_dialog()
    assert panel.exporting and not panel.ev_export.isEnabled()
    qtbot.waitUntil(lambda: not panel.exporting, timeout=10000)
    assert "Export failed" in panel.ev_status.text() and "a file, not a folder" in panel.ev_status.text()
    assert str(target) in panel.ev_status.text() and target.read_text() == "mine"
    assert panel.ev_export.isEnabled()


def test_cross_validation_into_a_finished_one_is_refused_before_it_starts(panel, tmp_path):
    out = tmp_path / "cv"
    for k in range(2):
        (out / f"fold_{k}").mkdir(parents=True)
        (out / f"fold_{k}" / "score.json").write_text("{}")
    (out / "cv.json").write_text('{"mine": 1}')
    panel.tr_root.setText(str(tmp_path))
    panel.tr_out.setText(str(out))
    panel.cv_folds.setValue(2)
    assert not panel.start_cv() and not panel.cv_job.running  # the job refused it after writing to its log
    assert "holds a finished cross-validation" in panel.tr_status.text() and "cv.json" in panel.tr_status.text()
    assert not (out / "cv_log.txt").exists() and (out / "cv.json").read_text() == '{"mine": 1}'
