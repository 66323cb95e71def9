"""What a method declares it lacks (``Plugin.ready``: NanoTrack without its two ONNX files) was said only in
the greyed Run button's tooltip: the panel showed a greyed button and nothing else. It is shown in the Run
panel now, under the initial box line, in the warning colour; checked again as its tooltip is (settings
edited, another method selected) and gone once the method is ready."""
from __future__ import annotations

import pytest

from workbench.baselines.opencv_peers import NANOTRACK_FILES, PLUGIN
from workbench.gui.style import WARN_COLOR

from .conftest import make_registry


@pytest.fixture
def registry(monkeypatch):
    monkeypatch.delenv("WORKBENCH_NANOTRACK_DIR", raising=False)
    reg = make_registry()
    reg.add(next(p for p in PLUGIN if p.name == "nanotrack"))
    return reg


def test_the_reason_is_shown_in_the_run_panel_until_the_weights_are_set(window, tmp_path, messages, qtbot,
                                                                         monkeypatch):
    from workbench.gui import config_form

    monkeypatch.setattr(config_form, "FRESH_S", 0.0)  # a path looked for is looked for again at the next refresh
    w = window
    note = w.methods.ready_note
    assert w.methods.select("nanotrack")
    # before a sequence is open too (Run's tooltip then says "Open a sequence first")
    assert note.isVisible() and note.text().startswith("NanoTrack needs its two ONNX files"), note.text()
    w.open_demo()
    run = w.methods.run_button
    assert not run.isEnabled() and note.isVisible()
    assert note.text() == run.toolTip().split("\n\n")[0], (note.text(), run.toolTip())  # as the tooltip says
    assert "set weights_dir" in note.text() and WARN_COLOR in note.styleSheet()
    assert note.parentWidget() is w.methods.init_label.parentWidget()  # in the Run panel

    w.methods.select("fake")  # a method with nothing missing: gone
    assert not note.isVisible()
    assert w.methods.select("nanotrack")
    assert note.isVisible()

    editor = w.methods.form("nanotrack").editor("weights_dir")
    # typed in: checked again once the folder (a path setting) and its files are looked for off the GUI thread,
    # the new reason shown
    editor.setText(str(tmp_path / "nowhere"))
    qtbot.waitUntil(lambda: note.isVisible() and "setting weights_dir: no such folder" in note.text())
    folder = tmp_path / "nano"
    folder.mkdir()
    editor.setText(str(folder))
    qtbot.waitUntil(lambda: note.isVisible() and "NanoTrack weights not found in" in note.text())
    for name in NANOTRACK_FILES:
        (folder / name).write_bytes(b"")  # the check looks for the files only; nothing is loaded here
    # Run's state refreshed (a method ticked, a run ended): the files looked for again off the GUI thread (looks
    # older than ``FRESH_S`` are made again; one still going when they were written may answer for it: the next
    # refresh looks again), Run enabled once they are found
    qtbot.waitUntil(lambda: (w.update_enabled(), run.isEnabled() and not note.isVisible())[1])
    editor.setText("")
    assert note.isVisible() and not run.isEnabled()
    assert not messages
