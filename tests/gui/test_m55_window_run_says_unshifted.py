"""A run tracked in the window over an LSOTB-TIR training sequence saved a manifest saying its boxes were
"0-based, as the dataset's groundtruth file", where ``workbench run`` over the same sequence says "unshifted" with the
reader's words (the XML's base is not published): the window's run carries the reader's ``file_convention`` as the
command's does, and a saved run reopened in the window (then exported) keeps the words too."""
from __future__ import annotations

import json

import numpy as np

from workbench.core.boxes import Box
from workbench.core.results import MANIFEST, convention_text, file_box_offset, file_convention


class _Still:
    name = "still"

    def initialize(self, frame, box):
        self.box = box

    def track(self, frame):
        from workbench.core.methods import TrackOutput

        return TrackOutput(self.box, 1.0)


def _lsotb(root):
    """An LSOTB-TIR training sequence (frames and its XML annotations), 3 frames of 60 x 50."""
    from workbench.core.data.images import write_image

    frames = root / "TrainingData" / "TIR_training_003" / "boat_002"
    ann = root / "Annotations" / "TIR_training_003" / "boat_002"
    frames.mkdir(parents=True)
    ann.mkdir(parents=True)
    for k in range(3):
        write_image(frames / f"{k + 1:08d}.jpg", np.full((50, 60), 40, np.uint8))
        (ann / f"{k + 1:08d}.xml").write_text(
            "<annotation><object><trackid>0</trackid><name>boat</name><bndbox><xmin>7</xmin><ymin>9</ymin>"
            "<xmax>20</xmax><ymax>18</ymax></bndbox></object></annotation>")
    return frames


def _cli_words(seq, out) -> str:
    """What ``workbench run`` (``runs.run_tracker``) records for this sequence."""
    from workbench.core.runs import run_tracker

    path = run_tracker(_Still(), seq, Box(7, 9, 13, 9)).save(out)
    return json.loads((path.parent / MANIFEST).read_text())["sequences"][seq.name]["box_convention"]


def test_window_run_says_what_workbench_run_says_and_its_reopened_run_too(qtbot, window, tmp_path):
    w = window
    assert w.open_path(_lsotb(tmp_path / "lsotb"))
    seq = w.sequences.sequence
    assert file_box_offset(seq) == 0 and file_convention(seq)  # the reader says its words
    cli = _cli_words(seq, tmp_path / "cli")
    assert cli.startswith("unshifted"), cli
    assert w.run_selected(["fake"])
    qtbot.waitUntil(lambda: not w.busy and w.runner.runs.get("fake") is not None
                    and w.runner.runs["fake"].saved_to is not None, timeout=4000)
    run = w.runner.runs["fake"]
    entry = json.loads((run.saved_to.parent / MANIFEST).read_text())["sequences"][seq.name]
    assert entry["box_offset"] == 0
    assert entry["box_convention"] == cli == convention_text(0, file_convention(seq))
    _a_reopened_saved_run_keeps_the_words(w, tmp_path)


def _a_reopened_saved_run_keeps_the_words(w, tmp_path):
    """A saved run listed when its sequence is opened again is what File > Export writes (``box_results``). (The
    run saved by the test above: a window and a run of its own cost more than the check.)"""
    seq = w.sequences.sequence
    w.tracking.live.clear()
    w.tracking.load_saved_runs(seq)
    (run,) = w.tracking.live.values()
    assert run.status == "saved"
    result = run.result()
    assert result.box_convention == file_convention(seq)
    out = tmp_path / "export"
    path = result.save(out)
    entry = json.loads((path.parent / MANIFEST).read_text())["sequences"][seq.name]
    assert entry["box_convention"].startswith("unshifted"), entry["box_convention"]


def test_the_trackers_start_reads_the_form_through_config_of(qtbot, window, messages, tmp_path, monkeypatch):
    """The trackers' start read a method's form by its own copy of ``MethodsDock.config_of``'s line: given a
    stand-in for it, the start follows what it says (its refusal said under the method's name, nothing run)."""
    from workbench.core.data.synthetic import write_demo
    from workbench.gui.methods_dock import MethodsDock

    w = window
    assert w.open_path(write_demo(tmp_path, frames=4, width=64, height=48, name="seq"))
    asked = []

    def stand_in(self, name, plugin=None):
        asked.append(name)
        raise ValueError("m55: the stand-in refuses it")

    monkeypatch.setattr(MethodsDock, "config_of", stand_in)
    assert w.run_selected(["fake"]) is False
    assert asked[:1] == ["fake"]
    assert ("critical", "Settings of fake", "m55: the stand-in refuses it") in messages
    assert not w.runner.runs and not w.busy
