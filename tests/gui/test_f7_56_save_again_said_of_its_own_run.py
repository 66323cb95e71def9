"""Track › Save again writes a run whose save failed, whatever sequence is open now (c9f77a5). Once written it was
said as if it had just ended on the open sequence: a tracker that failed mid-run had its "boom failed" box popped
again (the tracker's error was said with the failed save), a run written beside a later run of its tracker kept a
name that is not the one its folder is listed under (fake, listed fake/default-run2), and a run of a sequence no
longer open took the open sequence's status line and speed label and was sent to its inspectors."""
from __future__ import annotations

import errno

from workbench.core.data.synthetic import write_demo
from workbench.core.runs import RunResult
from workbench.gui.runner import listed_label

from .conftest import spin


def _fail_once(monkeypatch):
    """The next run's save fails as a full disk does; the ones after it are written."""
    real = RunResult.save
    left = [1]

    def save(self, out_dir):
        if left[0]:
            left[0] -= 1
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(self, out_dir)

    monkeypatch.setattr(RunResult, "save", save)


def _open(w, tmp_path, name="first", frames=12):
    """A short sequence (the demo's 150 frames, run twice, took seconds on a loaded machine)."""
    assert w.open_path(write_demo(tmp_path, frames=frames, width=64, height=48, name=name))
    assert spin(lambda: not w.busy, 10) and w.sequence.name == name


def _run(w, name):
    assert w.run_selected([name])
    assert spin(lambda: not w.runner.running and not w.busy, 20)


def _save_again(w, run):
    w.tracking.save_again_action().trigger()
    assert spin(lambda: not run.saving and run.saved_to is not None and not w.busy, 20)
    assert run.saved_to.is_file() and not run.save_failed


def test_failed_tracker_written_again_is_not_said_failed_again(window, messages, tmp_path, monkeypatch):
    w = window
    _fail_once(monkeypatch)
    _open(w, tmp_path)
    _run(w, "boom")
    run = w.live["boom"]
    assert run.save_failed and run.status == "error"
    said = [m[1] for m in messages if m[0] == "critical"]
    assert said == ["boom not saved"]
    assert "fake tracker exploded on purpose" in messages[-1][2]  # the tracker's error said with it
    _save_again(w, run)
    assert [m[1] for m in messages if m[0] == "critical"] == said  # nothing popped once written


def test_run_written_beside_a_later_run_is_named_as_listed(window, tmp_path, monkeypatch):
    w = window
    w.quiet_errors = True
    _fail_once(monkeypatch)
    _open(w, tmp_path)
    _run(w, "fake")
    first = w.live["fake"]
    assert first.save_failed
    _run(w, "fake")  # the disk freed: run again, written where the first was to be
    (second,) = [r for r in w.live.values() if r is not first]
    assert second.saved_to is not None
    _save_again(w, first)
    listed = listed_label(first.info, w.runner.results_dir, first.method)
    assert listed != "fake"  # written beside the second: fake/default-run2
    assert first.label == listed and w.live.get(listed) is first
    assert w.live.get(second.label) is second and len(w.live) == 2


def test_run_of_a_sequence_not_open_leaves_the_open_ones_lines(window, tmp_path, monkeypatch):
    w = window
    w.quiet_errors = True
    _fail_once(monkeypatch)
    _open(w, tmp_path)
    _run(w, "fake")
    first = w.live["fake"]
    assert first.save_failed
    _open(w, tmp_path, "other", frames=6)
    _run(w, "fake_b")
    status, fps = w.methods.run_status.text(), w.fps_label.text()
    assert fps.startswith("fake_b:") and "fake_b" in status
    sent = []
    monkeypatch.setattr(w, "notify_inspectors", lambda hook, *args: sent.append((hook, args[:1])))
    _save_again(w, first)
    assert w.methods.run_status.text() == status and w.fps_label.text() == fps
    assert [s for s in sent if s[0] == "on_result"] == []
    assert "fake" not in w.live and first.sequence != w.sequence.name
