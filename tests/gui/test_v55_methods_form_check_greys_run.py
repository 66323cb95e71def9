"""A value a setting's own rule refuses (metadata ``check``: lw_irstnet's input size 3, which min / max cannot say)
left Run enabled, the field unmarked: ``MethodsDock.not_ready`` let ``make_config``'s refusal pass ("said when Run
is pressed", a dialog), and a plugin with such a rule and no path setting was not asked at all. Run is now greyed
with ``make_config``'s words while the value holds, as for a path setting that names nothing (R5's finding 3)."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import pytest

from workbench.core.data.irseq import save_irseq
from workbench.core.data.irseq_synth import make_sequence
from workbench.core.registry import Plugin

from .conftest import make_registry, shown_window
from .test_segmentation_window import PANEL, blob_image, select_lw


def _even(value) -> str:
    return "" if value % 2 == 0 else "must be even (v55's own rule)"


@dataclass
class _Even:
    cells: int = field(default=2, metadata={"min": 0, "max": 64, "check": _even})


@pytest.fixture
def even_window(qtbot, messages):
    reg = make_registry()
    reg.add(Plugin("v55_even", "detector", lambda cfg, device: None, title="Even cells", config=_Even))
    yield from shown_window(qtbot, reg)


@pytest.fixture
def lw_weights() -> str:
    from workbench_lw_irstnet import default_weights

    if not Path(default_weights()).is_file():
        pytest.skip("lw_irstnet's shipped weights are not installed (its weights/ folder)")
    return default_weights()


@pytest.fixture
def lw_window(qtbot, messages):
    from workbench_lw_irstnet import PLUGIN

    reg = make_registry()
    reg.add(dataclasses.replace(PLUGIN, panel=PLUGIN.panel or PANEL))
    yield from shown_window(qtbot, reg)


def test_a_setting_with_its_own_rule_and_no_path_greys_run_with_the_rule(qtbot, even_window, tmp_path):
    w = even_window
    # the field's own line first, before a sequence is open, in this window (a window of its own cost more than
    # the check); it ends with a value the rule keeps
    _the_field_shows_its_rules_refusal_under_its_editor(qtbot, w)
    assert w.open_path(save_irseq(make_sequence(seed=3, frames=4, width=48, height=32), tmp_path / "d" / "s"))
    w.methods.select("v55_even")
    qtbot.waitUntil(w.methods.run_button.isEnabled, timeout=5000)
    assert w.methods.not_ready() is None
    w.methods.form("v55_even").editor("cells").setValue(3)  # typed: the form's change re-asks Run's state
    qtbot.waitUntil(lambda: not w.methods.run_button.isEnabled(), timeout=5000)
    said = w.methods.not_ready()
    assert said == "plugin 'v55_even': setting 'cells' must be even (v55's own rule); got 3", said
    assert said in w.methods.run_button.toolTip()
    assert w.methods.ready_note.isVisibleTo(w.methods) and w.methods.ready_note.text() == said
    assert not w.act_run.isEnabled()
    w.methods.form("v55_even").editor("cells").setValue(4)
    qtbot.waitUntil(w.methods.run_button.isEnabled, timeout=5000)
    assert w.methods.not_ready() is None and not w.methods.ready_note.isVisibleTo(w.methods)


def test_lw_input_size_3_in_the_form_greys_segment_frame_with_the_reason(qtbot, lw_window, lw_weights, tmp_path,
                                                                         messages):
    w = lw_window
    p = tmp_path / "blob.png"
    cv2.imwrite(str(p), blob_image())
    assert w.open_path(p)
    select_lw(w, lw_weights)
    qtbot.waitUntil(w.methods.run_button.isEnabled, timeout=5000)  # its weights found off the GUI thread
    assert w.methods.run_button.text() == "Segment frame"
    form = w.methods.form("lw_irstnet")
    form.editor("input_size").setValue(3)
    qtbot.waitUntil(lambda: not w.methods.run_button.isEnabled(), timeout=5000)
    assert any(t.startswith("must be 0 (the native size) or 8 ... 2048 px") and t.endswith("got 3")
               for t in _shown_lines(form)), _shown_lines(form)  # under the field too
    said = w.methods.not_ready()
    assert said is not None and "'input_size' must be 0 (the native size) or 8 ... 2048 px" in said, said
    assert said.endswith("got 3") and said in w.methods.run_button.toolTip()
    w.methods.form("lw_irstnet").editor("input_size").setValue(16)
    qtbot.waitUntil(w.methods.run_button.isEnabled, timeout=5000)
    assert w.methods.not_ready() is None
    assert not messages  # said in the Run panel, no dialog


def _shown_lines(form) -> list[str]:
    from PySide6.QtWidgets import QLabel

    return [lab.text() for lab in form.findChildren(QLabel) if lab.isVisibleTo(form) and lab.text()]


def _the_field_shows_its_rules_refusal_under_its_editor(qtbot, w):
    """As a path setting's line under its field: the value its own rule refuses is said there, gone once kept."""
    w.methods.select("v55_even")
    form = w.methods.form("v55_even")
    said = "must be even (v55's own rule); got 3"
    assert said not in _shown_lines(form)
    form.editor("cells").setValue(3)
    qtbot.waitUntil(lambda: said in _shown_lines(form), timeout=5000)
    form.editor("cells").setValue(4)
    qtbot.waitUntil(lambda: not any("must be even" in t for t in _shown_lines(form)), timeout=5000)
