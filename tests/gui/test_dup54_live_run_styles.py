"""The Export controller (``_run_styles``) and the tracking controller (layers, timeline, viewer) each built the
open sequence's runs' (colour, line style): one ``TrackingController.live_styles`` both take."""
from __future__ import annotations


def test_live_styles_are_the_runs_looks_the_exports_draw(window, qtbot):
    from workbench.gui.controllers import export
    from workbench.gui.runner import LiveRun

    w = window
    names = [f"r{k}" for k in range(9)]
    for name in names:
        w.tracking.live[name] = LiveRun(name, "seq", 3, 0)
    looks = w.tracking.live_styles()
    assert list(looks) == names  # the runs in their order, each once
    assert looks == {k: w.tracking.style(k) for k in names}
    assert looks["r8"] == (looks["r0"][0], "--") and looks["r0"][1] == "-"  # the ninth: the first's colour, dashed
    assert w.tracking.colors() == {k: c for k, (c, _line) in looks.items()}
    assert not hasattr(export, "_run_styles")  # no second rule in the exports
    runs = w.exporter.video_runs()  # what Export video draws
    assert {r.label: (r.color, r.line) for r in runs} == looks
    del w.tracking.live["r3"]  # a run gone keeps the others' looks (the order the window first showed them)
    assert w.tracking.live_styles() == {k: v for k, v in looks.items() if k != "r3"}
