"""A worker failing mid-run (an OSError reading a frame or a file the tracker needs, a tracker's exception): the
frames tracked before it were thrown away (only a finished or cancelled run was saved). They are saved as a
partial run, as `workbench run` keeps them, and the run's line says the error with its path and where they went."""
from __future__ import annotations

import errno
import json

import numpy as np
import pytest

from tests.gui.conftest import FakeConfig, FakeTracker, make_registry, shown_window

BAD = "/data/seq/img/0006.png"


class DiskFailure(FakeTracker):
    def track(self, frame):
        if self.n + 1 == 5:
            raise OSError(errno.EIO, "Input/output error", BAD)
        return super().track(frame)


@pytest.fixture
def window(qtbot, messages):
    from workbench.core.registry import Plugin

    reg = make_registry()
    reg.add(Plugin("diskfail", "tracker", lambda cfg, device: DiskFailure("diskfail", cfg), title="Disk failure",
                   config=FakeConfig))
    yield from shown_window(qtbot, reg, size=(1366, 768))


def test_frames_tracked_before_an_os_error_are_saved_as_a_partial_run(qtbot, window):
    w = window
    w.open_demo()
    w.methods.set_checked(["diskfail"])
    assert w.run_selected()
    qtbot.waitUntil(lambda: not w.busy, timeout=30000)
    qtbot.waitUntil(lambda: w.methods.run_status.text() != "", timeout=5000)
    run = w.runner.runs["diskfail"]
    assert run.status == "error" and BAD in run.error
    assert run.saved_to is not None and run.saved_to.is_file()
    rows = run.saved_to.read_text().splitlines()
    finite = [r for r in rows if "nan" not in r]
    assert len(rows) == run.n and len(finite) == 5  # the first box and the 4 frames tracked after it
    entry = json.loads((run.saved_to.parent / "manifest.json").read_text())["sequences"][run.sequence]
    assert entry["completed"] is False and entry["partial"]["frame"] == 5 and BAD in entry["partial"]["error"]
    text = w.methods.run_status.text()
    assert BAD in text and "the 5 frames tracked before it are saved to" in text, text
    assert np.isfinite(run.times).sum() == 5
