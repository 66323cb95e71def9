"""The Data tab refuses a sequence already in the project (it added "sequence1", "sequence1_2" and
"sequence1_3" for one folder as training, validation and new) and a validation sequence of a recording the
detector trains on (DAUB's sequences 1-3 are one recording, ``loso.group_of``); a cancelled iteration is
said not evaluated (it read "P 0.000 R 0.000 F1 0.000 (cancelled: …)"); a refusal shows our own message
(it said "WorkbenchError: …") in a status line that keeps the pages' margin."""
from __future__ import annotations

import pytest

pytest.importorskip("torch")


@pytest.fixture
def panel(qtbot, tmp_path):
    from workbench_seq_irst.panel import SeqIRSTPanel

    p = SeqIRSTPanel(None)
    p.quiet = True
    qtbot.addWidget(p)
    p.open_project(tmp_path / "proj")
    return p


def test_a_sequence_in_the_project_is_not_added_again(qtbot, panel, tmp_path):
    from workbench.core.data.irseq import save_irseq
    from workbench.core.data.irseq_synth import make_sequence

    seq = save_irseq(make_sequence(seed=1, frames=4, width=32, height=24), tmp_path / "sequence1")
    panel.add_sequence(seq, "train")
    qtbot.waitUntil(lambda: not panel.busy, timeout=20000)
    assert panel.last_error == "" and panel.project.names() == ["sequence1"]
    for role in ("val", "mined", "train"):
        panel.add_sequence(seq, role)
        assert not panel.busy  # refused at once, nothing read
        assert panel.last_error.startswith(f"{seq.absolute()}: already in the project as sequence1 (training)")
        assert "WorkbenchError" not in panel.status.text() and panel.status.text() == panel.last_error
    assert panel.project.names() == ["sequence1"] and panel.seq_list.count() == 1
    assert panel.status.contentsMargins().left() > 0


def test_validation_on_the_training_recording_is_refused(panel, tmp_path):
    from workbench_seq_irst.panel import role_clash

    daub = tmp_path / "DAUB"
    for n in ("sequence1", "sequence2", "sequence4"):  # DAUB's layout: the recordings are read from it
        (daub / n).mkdir(parents=True)
        (daub / n / "anno_xy.txt").write_text("1\t1\n")
    panel.project.sequences_.append({"name": "sequence1", "path": str(daub / "sequence1"), "role": "train"})
    why = role_clash(panel.project, daub / "sequence2", "val")
    assert why and "recording daub_1-2-3" in why and "sequence1 (training)" in why
    assert role_clash(panel.project, daub / "sequence4", "val") is None  # another recording
    assert role_clash(panel.project, daub / "sequence2", "train") is None  # more of the same recording to train
    # recordings are known for DAUB alone: another folder's sequences may be other recordings
    panel.project.sequences_.append({"name": "a", "path": str(tmp_path / "mine" / "a"), "role": "train"})
    assert role_clash(panel.project, tmp_path / "mine" / "b", "val") is None


def test_a_cancelled_iteration_is_said_not_evaluated(qtbot, panel, monkeypatch):
    import workbench_seq_irst.workflow as workflow

    row = {"iteration": 1, "precision": 0.0, "recall": 0.0, "f1": 0.0, "cancelled": True}
    monkeypatch.setattr(workflow, "train_iteration", lambda *a, **k: row)
    panel.train()
    qtbot.waitUntil(lambda: not panel.busy, timeout=20000)
    assert panel.status.text() == "Iteration 1: not evaluated (cancelled: Train again resumes)"
