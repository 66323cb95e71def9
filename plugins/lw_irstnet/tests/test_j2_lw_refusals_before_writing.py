"""LW-IRSTNet: a refused training wrote first. `workbench train lw_irstnet` made --out and logged its command
before run_training read --init / --resume and the data (--cv / --final: before the pool was read); the Train tab's job likewise, and the tab said a bad
Resume / Init file only from that job. Now the tab refuses them in its status line before any job starts
(train.check_files, the command's own check) and neither makes the folder until every check has passed."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytest.importorskip("torch")
sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """A tiny SIRST root, this network's weights alone (a best_weights.pt) and a damaged file."""
    from first_click_probe import write_sirst
    from workbench.core.training import save_weights
    from workbench_lw_irstnet.model import LWIRSTNet

    tmp = tmp_path_factory.mktemp("lw_j2")
    save_weights(tmp / "best_weights.pt", LWIRSTNet())
    (tmp / "damaged.pt").write_bytes(b"not a checkpoint")
    return {"root": write_sirst(tmp / "sirst", n=4, size=24), "weights": tmp / "best_weights.pt",
            "damaged": tmp / "damaged.pt"}


@pytest.mark.parametrize("extra, words", [
    (["--resume", "{weights}"], "holds weights only"),
    (["--resume", "{damaged}"], "{damaged}"),
    (["--init", "{damaged}"], "{damaged}"),
    (["--init", "{missing}"], "{missing}"),
    (["--split", "nosuch.txt"], "split 'nosuch.txt' not found"),
    (["--cv", "2", "--split", "nosuch.txt"], "nosuch.txt"),  # cv.main_cv: its log and folder likewise
    (["--final", "--split", "nosuch.txt"], "nosuch.txt"),
])
def test_a_refused_command_line_training_leaves_no_out_folder(files, tmp_path, capsys, extra, words):
    from workbench.cli import main as cli

    names = {**files, "missing": tmp_path / "missing.pt"}
    out = tmp_path / "new" / "run"
    argv = ["train", "lw_irstnet", "--data", str(files["root"]), "--out", str(out), "--epochs", "1",
            "--batch-size", "2", "--crop", "16", "--threads", "1", "--device", "cpu",
            *[a.format(**names) for a in extra]]
    assert cli(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err.startswith("workbench: error: ") and words.format(**names) in err, err
    assert not (tmp_path / "new").exists()


@pytest.fixture
def panel(qtbot):
    from workbench_lw_irstnet import PLUGIN
    from workbench_lw_irstnet.panel import Panel

    p = Panel(PLUGIN, None)
    qtbot.addWidget(p)
    p.setCurrentIndex(1)
    return p


def test_train_tab_says_a_bad_resume_or_init_file_before_its_job(panel, files, tmp_path):
    names = {**files, "missing": tmp_path / "missing.pt"}
    out = tmp_path / "new" / "run"
    panel.tr_root.setText(str(files["root"]))
    panel.tr_out.setText(str(out))
    for field, key, words in (("tr_resume", "weights", "holds weights only, no training to continue"),
                              ("tr_resume", "damaged", "{damaged}"), ("tr_init", "damaged", "{damaged}"),
                              ("tr_init", "missing", "{missing}")):
        panel.tr_resume.setText("")
        panel.tr_init.setText("")
        getattr(panel, field).setText(str(names[key]))
        assert not panel.start_training() and not panel.train_job.running
        assert words.format(**names) in panel.tr_status.text(), (field, key, panel.tr_status.text())
        assert not (tmp_path / "new").exists()


def test_train_tab_job_refused_by_its_data_leaves_no_out_folder(panel, files, tmp_path, qtbot):
    out = tmp_path / "new" / "run"
    panel.tr_root.setText(str(files["root"]))
    panel.tr_out.setText(str(out))
    panel.tr_split.setText("nosuch.txt")  # read by the job (the images are loaded there)
    errors = []
    panel.train_job.errored.connect(errors.append)
    assert panel.start_training()
    qtbot.waitUntil(lambda: not panel.train_job.running, timeout=20000)
    assert errors and "nosuch.txt" in str(errors[0])
    assert not (tmp_path / "new").exists()
