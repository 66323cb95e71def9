"""What the window allows while a run goes and what its exports write: an open refused mid-run says so
(False, not in Open recent), a dataset opened mid-run is refused too and an unrelated file leaves the
dataset, menu items follow the state, exports never replace files without asking nor write two runs
to one file, and quitting waits for an export as it does for a run."""
from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

from workbench.core.registry import Plugin

from .conftest import FakeConfig, FakeTracker, dataset_scored, make_registry, near_the_end, shown_window


class Gate:
    """A tracker's frames wait here from frame ``at`` on until the test releases them: the run is surely
    still going while the test acts, however slow the machine."""

    def __init__(self, at: int = 3):
        self.at, self.frames = at, 0
        self.held = threading.Event()
        self.go = threading.Event()

    def step(self) -> None:
        self.frames += 1
        if self.frames >= self.at and not self.go.is_set():
            self.held.set()
            self.go.wait(60)


class HeldTracker(FakeTracker):
    def __init__(self, gate: Gate, cfg):
        super().__init__("held", cfg)
        self.gate = gate

    def track(self, frame):
        self.gate.step()
        return super().track(frame)


@pytest.fixture
def gate():
    g = Gate()
    yield g
    g.go.set()


@pytest.fixture
def held_window(qtbot, messages, gate):
    reg = make_registry()
    reg.add(Plugin("held", "tracker", lambda cfg, device: HeldTracker(gate, cfg), title="Held", config=FakeConfig))
    it = shown_window(qtbot, reg)
    yield next(it)
    gate.go.set()  # before the window's teardown waits for the run to end
    for _ in it:
        pass


def start_held(qtbot, w, gate: Gate) -> None:
    assert w.run_selected(["held"])
    qtbot.waitUntil(gate.held.is_set, timeout=20000)
    assert w.busy


def finish(qtbot, w, gate: Gate) -> None:
    gate.go.set()
    qtbot.waitUntil(lambda: not w.busy, timeout=20000)


def recent_paths() -> list[str]:
    from workbench.gui import settings as wsettings

    return [it["path"] for it in wsettings.recent_items()]


# --- item 10: a refused open -----------------------------------------------------------------------

def test_open_refused_mid_run_returns_false_and_is_not_recent(qtbot, held_window, gate, tmp_path, messages):
    from workbench.core.data.synthetic import write_demo

    w = held_window
    other = write_demo(tmp_path / "data", frames=6, name="other")
    w.open_demo()
    near_the_end(w)
    start_held(qtbot, w, gate)
    assert w.open_path(other) is False
    assert any(m[1] == "Run in progress" for m in messages), messages
    assert str(other.resolve()) not in recent_paths()
    assert w.sequence.name == "demo_thermal"
    finish(qtbot, w, gate)
    assert w.open_path(other) is True and w.sequence.name == "other"
    assert recent_paths()[0] == str(other.resolve())


@pytest.mark.parametrize("end", ["finished", "cancelled", "failed"])
def test_run_end_replaces_the_run_in_progress_message(qtbot, held_window, gate, tmp_path, end):
    """The "Run in progress" refusal of an open mid-run stayed in the status bar (10 s) and in
    ``last_error`` after the run had ended: every end path puts its own final message there."""
    from workbench.core.data.synthetic import write_demo

    w = held_window
    other = write_demo(tmp_path / "data", frames=6, name="other")
    w.open_demo()
    near_the_end(w)
    if end == "failed":
        w.methods.select("held")
        w.methods.form("held").editor("fail_at").setValue(gate.at + 1)  # raises once released
    start_held(qtbot, w, gate)
    assert w.open_path(other) is False
    assert w.statusBar().currentMessage().startswith("Run in progress")
    assert w.last_error.startswith("Run in progress")
    if end == "cancelled":
        w.cancel_run()
    finish(qtbot, w, gate)
    head = {"finished": "Run finished: held", "cancelled": "Run cancelled: held", "failed": "Run failed: held"}[end]
    msg = w.statusBar().currentMessage()
    assert msg.startswith(head), msg
    assert "Run in progress" not in (w.last_error or "")
    assert "cancelling" not in w.methods.progress.format() and "starting" not in w.methods.progress.format()


# --- item 3: results shown against the wrong data --------------------------------------------------

def two_sequence_dataset(root: Path) -> Path:
    from workbench.core.data.synthetic import write_demo

    write_demo(root, frames=8, name="seq_a")
    write_demo(root, frames=6, name="seq_b", seed=3)
    return root


def test_dataset_refused_mid_run_and_left_for_an_unrelated_sequence(qtbot, held_window, gate, tmp_path, messages):
    from workbench.core.data.detect import open_dataset
    from workbench.core.data.synthetic import write_demo

    w = held_window
    ds = two_sequence_dataset(tmp_path / "ds")
    other = two_sequence_dataset(tmp_path / "other_ds")
    assert w.open_path(other, as_dataset=True)  # in Open recent
    assert w.open_path(ds)
    w.dataset._open_row(0)
    assert w.sequence.name == "seq_a"
    start_held(qtbot, w, gate)
    # mid-run: Open recent is disabled, and a dataset does not open by any way
    assert not w.recent_menu.isEnabled()
    assert w.open_path(other, as_dataset=True) is False
    w.set_dataset(other, open_dataset(other))
    assert w.dataset_root == ds and w.dataset.root == ds
    finish(qtbot, w, gate)
    assert w.recent_menu.isEnabled()

    w.plots.scope.setCurrentIndex(1)
    dataset_scored(qtbot, w)
    assert w.plots.current_scope() == "dataset" and w.reports
    # a file outside the dataset: its scores are not the dataset's
    lone = write_demo(tmp_path / "elsewhere", frames=5, name="lone")
    assert w.open_path(lone)
    assert w.dataset_root is None and not w.dataset_entries
    assert not w.dataset.isVisible()
    assert w.plots.current_scope() == "sequence"
    assert not w.plots.scope.model().item(1).isEnabled()
    assert not w.reports and not w.plots.curves


# --- item 9: menu items follow the state -----------------------------------------------------------

def export_menu(w):
    file_menu = next(a.menu() for a in w.menuBar().actions() if a.text() == "&File")
    return next(a.menu() for a in file_menu.actions() if a.text() == "Export")


def test_menu_items_follow_the_sequence_and_the_run(qtbot, held_window, gate):
    w = held_window
    exports = [a for a in export_menu(w).actions() if not a.isSeparator()]
    assert len(exports) == 10 and "Video of this sequence…" in {a.text() for a in exports}
    # (the CSV byte-order mark choice is a setting, not an export: always there to choose)
    exports = [a for a in exports if a not in (w.act_export_plots, w.act_export_numbers, w.act_export_boxes,
                                               w.exporter.act_csv_bom)]
    assert not any(a.isEnabled() for a in exports)  # no sequence: nothing to export
    assert not w.act_play.isEnabled() and not w.act_start_here.isEnabled()
    w.open_demo()
    # a tracking sequence has no segmentation, targets or detections to export: those are greyed, saying why
    results = (w.exporter.act_masks, w.exporter.act_targets, w.exporter.act_detections)
    assert all(a.isEnabled() for a in exports if a not in results)
    assert not any(a.isEnabled() for a in results)
    assert [a.toolTip().split(":")[0] for a in results] == [
        "No segmentation of this sequence yet", "Frame 1 has no targets", "No detections of this sequence yet"]
    assert not w.act_clear_box.isEnabled()  # no box to clear yet
    near_the_end(w)
    w.sequences.set_init((20.0, 20.0, 10.0, 20.0))
    between = (w.act_start_here, w.act_clear_box, w.act_play, w.btn_play)
    assert all(a.isEnabled() for a in between)
    start_held(qtbot, w, gate)
    assert not any(a.isEnabled() for a in between)
    assert w.act_prev.isEnabled() and w.act_next.isEnabled()  # looking through the frames stays allowed
    finish(qtbot, w, gate)
    assert all(a.isEnabled() for a in between)


# --- item 8: Plots and Numbers follow the scores shown ---------------------------------------------

def test_plots_and_numbers_exports_follow_the_scores_shown(qtbot, window, tmp_path):
    w = window
    ds = two_sequence_dataset(tmp_path / "ds")
    assert w.open_path(ds)
    w.dataset._open_row(0)
    scores = (w.act_export_plots, w.act_export_numbers)
    assert not any(a.isEnabled() for a in scores)  # nothing scored yet
    assert w.run_selected(["fake"])
    qtbot.waitUntil(lambda: not w.busy, timeout=20000)
    assert w.reports and all(a.isEnabled() for a in scores)
    w.dataset._open_row(1)  # no run of its own: nothing to export in the sequence scope
    assert not w.live and not w.reports
    assert not any(a.isEnabled() for a in scores)
    w.plots.scope.setCurrentIndex(1)  # the dataset's curves are shown: they can be exported
    dataset_scored(qtbot, w)
    assert w.reports and w.plots.curves
    assert all(a.isEnabled() for a in scores)
    assert not w.act_export_boxes.isEnabled()  # this sequence has no boxes of its own


# --- item 11: every export that would replace files asks first -------------------------------------

def test_folder_exports_ask_before_replacing(qtbot, window, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    w = window
    w.open_demo()
    near_the_end(w)
    assert w.run_selected(["fake"])
    qtbot.waitUntil(lambda: not w.busy, timeout=20000)
    asked, answer = [], [QMessageBox.StandardButton.No]
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a, **k: asked.append(text) or answer[0])
    out = tmp_path / "out"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(out))
    for act in (w.act_export_plots, w.act_export_boxes, w.exporter.act_report):
        act.trigger()
        assert w.exporter.wait(60)
    assert not asked  # nothing there yet
    written = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    assert out / "success.png" in written and out / "report.html" in written
    assert any(p.name == "demo_thermal.txt" for p in written)
    for act in (w.act_export_plots, w.act_export_boxes, w.exporter.act_report):
        act.trigger()
        assert w.exporter.wait(60)
    assert len(asked) == 3, asked
    assert "success.png" in asked[0] and "8 more" in asked[0]
    assert "demo_thermal.txt" in asked[1] and "report.html" in asked[2]
    assert {p: p.stat().st_mtime_ns for p in written} == written  # No: nothing replaced
    answer[0] = QMessageBox.StandardButton.Yes
    w.act_export_plots.trigger()
    assert w.exporter.wait(60)
    assert (out / "success.png").stat().st_mtime_ns != written[out / "success.png"]


# --- item 1: result boxes, one folder per run ------------------------------------------------------

def test_result_boxes_export_every_run_to_its_own_folder(qtbot, held_window, gate, monkeypatch, tmp_path):
    import numpy as np
    from PySide6.QtWidgets import QFileDialog

    from workbench.core.results import read_manifest, read_result_boxes

    w = held_window
    w.open_demo()
    start_held(qtbot, w, gate)  # a run cancelled part way: held/default
    w.cancel_run()
    finish(qtbot, w, gate)
    near_the_end(w)
    assert w.run_selected(["held"])  # a complete one: held/default-run2
    qtbot.waitUntil(lambda: not w.busy, timeout=20000)
    w.open_demo()  # both come back from the workspace
    assert set(w.live) == {"held", "held/default-run2"}
    near_the_end(w)
    assert w.run_selected(["held"])  # and one live: default-run3
    qtbot.waitUntil(lambda: not w.busy, timeout=20000)
    assert len(w.live) == 3
    out = tmp_path / "boxes"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(out))
    w.act_export_boxes.trigger()
    assert w.exporter.wait(60)
    files = sorted(out.rglob("demo_thermal.txt"))
    assert files == [out / "held" / v / "demo_thermal.txt" for v in ("default", "default-run2", "default-run3")]
    # the folder that holds the three (it named the first one's, held/default, as if all were there)
    # and it says what it wrote: the runs, and every file (boxes, times, maps, manifests: it counted the boxes)
    written = sorted(p.name for p in out.rglob("*") if p.is_file())
    assert written == sorted(["demo_thermal.txt", "demo_thermal_time.txt", "demo_thermal_maps.npz",
                              "manifest.json"] * 3), written
    assert w.statusBar().currentMessage() == f"Exported 3 runs (12 files) to {out / 'held'}"
    results = tmp_path / "workspace" / "results" / "held"
    for f in files:
        saved = read_result_boxes(results / f.parent.name / f.name)
        np.testing.assert_array_equal(read_result_boxes(f), saved)
    partial = read_manifest(out / "held" / "default")["sequences"]["demo_thermal"]
    assert partial["completed"] is False and partial["partial"]["reason"] == "cancelled"
    assert read_manifest(out / "held" / "default-run2")["sequences"]["demo_thermal"]["completed"] is True


# --- item 5: quitting during an export or a segmentation save --------------------------------------

class SlowFrames:
    def __init__(self, source):
        self.source = source

    def __len__(self):
        return len(self.source)

    def read(self, i):
        import time

        time.sleep(0.03)
        return self.source.read(i)


def test_quit_during_a_video_export_asks_and_leaves_no_part_file(qtbot, window, monkeypatch, tmp_path, messages):
    import dataclasses

    from PySide6.QtWidgets import QFileDialog

    from workbench.core import video

    real = video.write_video
    monkeypatch.setattr(video, "write_video", lambda seq, *a, **k: real(
        dataclasses.replace(seq, frames=SlowFrames(seq.frames)), *a, **k))
    w = window
    w.open_demo()
    out = tmp_path / "video"
    out.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out / "demo.mp4"), ""))
    w.exporter.act_video.trigger()
    qtbot.waitUntil(lambda: any(".part" in p.name for p in out.iterdir()), timeout=20000)
    w.close()
    assert any(m[0] == "question" and "export" in m[1].lower() for m in messages), messages
    assert not w.exporter.running
    assert not any(".part" in p.name for p in out.iterdir()), list(out.iterdir())


def test_quit_waits_for_the_segmentation_save(qtbot, window, registry, monkeypatch, tmp_path):
    from workbench.core.methods import SegOutput
    from workbench.gui.controllers import export

    registry.add(Plugin("oneseg", "segmenter", lambda cfg, device: type("S", (), {
        "predict": lambda self, f: SegOutput(np.zeros(f.shape[:2], np.float32), np.zeros(f.shape[:2], bool), [])})()))
    w = window
    real, gate = export.save_segmentation_run, threading.Event()

    def held_save(*a, **k):
        gate.wait(20)
        return real(*a, **k)

    monkeypatch.setattr(export, "save_segmentation_run", held_save)
    w.open_demo()
    assert w.segment_sequence("oneseg")
    qtbot.waitUntil(lambda: not w.busy and w.segmentation.save_job.running, timeout=20000)
    threading.Timer(0.5, gate.set).start()
    w.close()
    assert not w.segmentation.save_job.running
    assert w.segmentation.saved_to is not None and (Path(w.segmentation.saved_to) / "demo_thermal_targets.csv").is_file()


# --- item 4: exported plots say what the window says -----------------------------------------------

def test_exported_plots_carry_the_partial_mark_and_the_note(qtbot, held_window, gate, monkeypatch, tmp_path):
    import matplotlib
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setitem(matplotlib.rcParams, "svg.fonttype", "none")  # text as text: readable here
    w = held_window
    w.open_demo()
    start_held(qtbot, w, gate)
    w.cancel_run()
    finish(qtbot, w, gate)
    near_the_end(w)
    assert w.run_selected(["fake"])
    qtbot.waitUntil(lambda: not w.busy, timeout=20000)
    assert set(w.plots.partial) == {"held"} and "* partial (1)" in w.plots.note.text()
    out = tmp_path / "plots"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(out))
    w.act_export_plots.trigger()
    assert w.exporter.wait(60)
    svg = (out / "success.svg").read_text()
    assert "held* [AUC" in svg and "fake [AUC" in svg and "fake* [AUC" not in svg
    assert "* partial (1)" in svg
    files = w.export_plots(tmp_path / "direct", formats=("svg",))
    assert "held* [AUC" in files[0].read_text()


def test_a_line_after_the_run_end_joins_it_as_one_sentence(window):
    """The maps line went beside the run's end line as "saved to …/default.; kcf: maps …"."""
    w = window
    w.show_run_ended("done", "kcf: 150 frames, 42 fps on CPU; saved to /ws/results/kcf/default.")
    w.show_after_run_end("kcf: maps (response) saved to /ws/results/kcf/default/demo_maps.npz", 10000)
    msg = w.statusBar().currentMessage()
    assert msg.endswith("kcf/default; kcf: maps (response) saved to /ws/results/kcf/default/demo_maps.npz"), msg
    assert ".;" not in msg
