"""NanoTrack ticked without its weights together with another tracker: the Run panel said why NanoTrack could
not run, a Run press gave an error box saying the same, and neither said whether the other tracker ran. As
`workbench run` refuses the whole run there (cli.py: "nanotrack: NanoTrack needs ...", before any work), nothing
runs: the Run panel and the refusal say so, naming the others and what to do (untick the one that
cannot run)."""
from __future__ import annotations

import pytest

from workbench.baselines.opencv_peers import PLUGIN

from .conftest import make_registry


@pytest.fixture
def registry(monkeypatch):
    monkeypatch.delenv("WORKBENCH_NANOTRACK_DIR", raising=False)
    reg = make_registry()
    reg.add(next(p for p in PLUGIN if p.name == "nanotrack"))
    return reg


def test_the_others_are_said_not_to_run(window, messages, qtbot):
    w = window
    w.open_demo()
    w.methods.set_checked(["fake", "nanotrack"])
    note = w.methods.ready_note
    qtbot.waitUntil(lambda: note.isVisible() and "ONNX" in note.text())
    text = note.text()
    assert text.startswith("NanoTrack (OpenCV DNN): NanoTrack needs its two ONNX files"), text
    assert "Nothing runs until it can: Fake does not run either (untick NanoTrack (OpenCV DNN) to run it alone)" \
        in text, text
    assert not w.methods.run_button.isEnabled()
    assert not w.run_selected() and not w.busy  # pressed all the same (a script): the whole run refused
    title, said = messages[-1][1], messages[-1][2]
    assert title == "NanoTrack (OpenCV DNN) cannot run" and said.startswith("NanoTrack needs its two ONNX files")
    assert said.endswith("Fake does not run either (untick NanoTrack (OpenCV DNN) to run it alone)."), said
    assert note.isVisible() and "Fake does not run either" in note.text()  # still said in the panel
    assert not w.tracking.live  # nothing ran
