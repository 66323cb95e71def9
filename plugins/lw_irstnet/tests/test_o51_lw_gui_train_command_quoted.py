"""The Train tab's recorded command (the log's first line, summary.json, the checkpoints) joined its arguments with
spaces: an empty --split (every image) and a data path with a space came back as other arguments. It is quoted as
a shell reads it, as the command line's own record is (643ed9f)."""
from __future__ import annotations

import shlex

import pytest

pytest.importorskip("torch")


class _Job:
    running = False

    def start(self, work, pass_context=False):
        self.work = work


def test_train_tab_command_reads_back_as_its_arguments(qtbot, tmp_path, monkeypatch):
    from workbench_lw_irstnet import PLUGIN, train
    from workbench_lw_irstnet.panel import Panel

    data = tmp_path / "My Data"
    (data / "images").mkdir(parents=True)
    (data / "masks").mkdir()
    panel = Panel(PLUGIN, None)
    qtbot.addWidget(panel)
    panel.tr_root.setText(str(data))
    panel.tr_out.setText(str(tmp_path / "out run"))
    panel.tr_split.setText("")
    got = []
    monkeypatch.setattr(train, "run_training", lambda ctx, args, log, command, ready: got.append(command))
    panel.train_job = job = _Job()
    assert panel.start_training(), panel.tr_status.text()
    job.work(None)
    argv = panel.train_argv()
    assert "" in argv and str(data) in argv  # the two the bare join lost
    assert shlex.split(got[0]) == ["workbench", "train", "lw_irstnet", *argv]
